"""The exchange repository: what this home knows about inspections it exchanged with other homes
(.civpack bundles: the versions each copy descends from) and with the hub (the version the hub
holds), and a template version in the form a bundle carries it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from .query_parts import dicts
from .rows import scalar
from .templates import TemplateVersion


def seen(conn: sqlite3.Connection, uuid: str) -> list[str]:
    """The versions (sync hashes) this home's copy of ``uuid`` descends from, oldest first."""
    raw = scalar(conn, "SELECT seen FROM exchange_state WHERE uuid = ?", (uuid,))
    found: list[str] = json.loads(raw) if raw else []
    return found


def last_hash(conn: sqlite3.Connection, uuid: str) -> str | None:
    found: str | None = scalar(conn, "SELECT last_hash FROM exchange_state WHERE uuid = ?", (uuid,))
    return found


def remember(conn: sqlite3.Connection, uuid: str, seen: list[str], last: str, at: str) -> None:
    conn.execute(
        "INSERT INTO exchange_state (uuid, seen, last_hash, last_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(uuid) DO UPDATE SET seen = excluded.seen, last_hash = excluded.last_hash, "
        "last_at = excluded.last_at",
        (uuid, json.dumps(seen), last, at),
    )


def template_json(row: TemplateVersion) -> dict[str, Any]:
    """A template version as a bundle carries it."""
    return {
        "template_id": row.template_id,
        "version": row.version,
        "title": row.title,
        "scope": row.scope,
        "data": row.data,
        "sha256": row.sha256,
        "builtin": row.builtin,
    }


# ---------------------------------------------------------------------------- the hub


def hub_held(conn: sqlite3.Connection) -> dict[str, str]:
    """uuid → the version (sync hash) the hub holds of it."""
    return dict(conn.execute("SELECT uuid, sync_hash FROM hub_sync_state"))


def mark_hub_held(conn: sqlite3.Connection, hashes: Iterable[tuple[str, str]], at: str) -> None:
    conn.executemany(
        "INSERT INTO hub_sync_state (uuid, sync_hash, at) VALUES (?, ?, ?) ON CONFLICT(uuid) "
        "DO UPDATE SET sync_hash = excluded.sync_hash, at = excluded.at",
        [(u, h, at) for u, h in hashes],
    )


def forget_hub(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM hub_sync_state")


def inspections_of_sites(conn: sqlite3.Connection, site_names: list[str]) -> set[int]:
    """The inspections of the sites named."""
    marks = ", ".join("?" * len(site_names)) or "NULL"
    return {
        r[0]
        for r in conn.execute(
            f"SELECT i.id FROM inspections i JOIN sites s ON s.id = i.site_id WHERE s.name IN ({marks})", site_names
        )
    }


# ---------------------------------------------------------------------------- portable inspections


def portable_rows(conn: sqlite3.Connection, inspection_id: int) -> dict[str, Any] | None:
    """Every row about one inspection with names and uuids in place of this home's row ids, as
    stored (services.portable turns it into the portable form, which is hashed: plain data by
    design); None for an unknown id."""
    found = dicts(
        conn.execute(
            "SELECT i.*, t.template_id AS t_id, t.version AS t_version, t.sha256 AS t_sha, s.name AS site_name, "
            "a.name AS author_name, r.name AS reviewer_name, f.uuid AS follows_uuid FROM inspections i "
            "JOIN templates t ON t.id = i.template_pk JOIN sites s ON s.id = i.site_id "
            "JOIN users a ON a.id = i.author_id LEFT JOIN users r ON r.id = i.reviewer_id "
            "LEFT JOIN inspections f ON f.id = i.follows_id WHERE i.id = ?",
            (inspection_id,),
        )
    )
    if not found:
        return None
    row = found[0]

    def q(sql: str) -> list[dict[str, Any]]:
        return dicts(conn.execute(sql, (inspection_id,)))

    row["answers"] = q(
        "SELECT a.item_code, a.value, a.note, u.name AS answered_by, a.answered_at "
        "FROM answers a JOIN users u ON u.id = a.answered_by WHERE a.inspection_id = ?"
    )
    row["attachments"] = q(
        "SELECT a.item_code, a.sha256, a.filename, a.size, u.name AS added_by, a.added_at "
        "FROM attachments a JOIN users u ON u.id = a.added_by WHERE a.inspection_id = ?"
    )
    row["comments"] = q(
        "SELECT c.item_code, u.name AS user, c.kind, c.text, c.at "
        "FROM comments c JOIN users u ON u.id = c.user_id WHERE c.inspection_id = ?"
    )
    row["signatures"] = q(
        "SELECT u.name AS user, s.role, s.signed_at, s.image, s.content_hash, s.signature, "
        "s.key_fingerprint FROM signatures s JOIN users u ON u.id = s.user_id "
        "WHERE s.inspection_id = ?"
    )
    row["rectifications"] = q(
        "SELECT r.item_code, o.name AS owner, r.due_date, r.state, r.created_at, r.done_note, r.done_at, "
        "v.name AS verified_by, r.verified_at, c.uuid AS closed_by, r.closed_at, r.evidence "
        "FROM rectifications r LEFT JOIN users o ON o.id = r.owner_id LEFT JOIN users v ON v.id = r.verified_by "
        "LEFT JOIN inspections c ON c.id = r.closed_by WHERE r.inspection_id = ?"
    )
    return row


CHILD_TABLES = ("attachments", "signatures", "comments")


def delete_child(conn: sqlite3.Connection, table: str, inspection_id: int, match: dict[str, Any]) -> None:
    """Delete one row of an inspection's ``table`` whose columns equal ``match`` (NULL matching NULL)."""
    assert table in CHILD_TABLES, table
    cond = " AND ".join(f"{col} IS ?" for col in match)
    conn.execute(
        f"DELETE FROM {table} WHERE id = (SELECT id FROM {table} WHERE inspection_id = ? AND {cond} LIMIT 1)",
        (inspection_id, *match.values()),
    )


def add_child(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> None:
    """Add one row of an inspection's ``table`` as a bundle carries it."""
    assert table in CHILD_TABLES, table
    conn.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))


def put_rectification(conn: sqlite3.Connection, inspection_id: int, code: str, values: dict[str, Any]) -> None:
    """Make the rectification of an item exactly ``values`` (a row per item and inspection)."""
    cols = ", ".join(values)
    conn.execute(
        f"INSERT INTO rectifications (inspection_id, item_code, {cols}) VALUES (?, ?, "
        f"{', '.join('?' * len(values))}) ON CONFLICT(inspection_id, item_code) DO UPDATE SET "
        + ", ".join(f"{k} = excluded.{k}" for k in values),
        (inspection_id, code, *values.values()),
    )
