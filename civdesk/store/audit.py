"""The audit repository: reading the hash-chained log (appending is Store.audit's, inside a write),
the entries of one inspection and its rectifications, and the log other homes' bundles brought.

Entries come back as frozen dataclasses; ``detail`` stays the canonical JSON text the hash covers.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .rows import marks, read, scalar


@dataclass(frozen=True, slots=True)
class Entry:
    """One audit entry with who wrote it (display name and login name; None for CivDesk itself)."""

    seq: int
    at: str
    user_id: int | None
    action: str
    entity: str
    entity_id: str | None
    detail: str  # canonical JSON
    prev_hash: str
    hash: str
    user: str | None
    login: str | None


_ENTRY = (
    "SELECT a.seq, a.at, a.user_id, a.action, a.entity, a.entity_id, a.detail, a.prev_hash, a.hash, "
    "u.display_name, u.name FROM audit a LEFT JOIN users u ON u.id = a.user_id WHERE "
)


def of_inspection(conn: sqlite3.Connection, inspection_id: int, rect_ids: Sequence[int | str]) -> list[Entry]:
    """The entries about an inspection and about the rectifications ``rect_ids``, oldest first."""
    rows = read(Entry, conn.execute(_ENTRY + "a.entity = 'inspection' AND a.entity_id = ?", (str(inspection_id),)))
    if rect_ids:
        keys = [str(r) for r in rect_ids]
        rows += read(
            Entry, conn.execute(_ENTRY + f"a.entity = 'rectification' AND a.entity_id IN ({marks(keys)})", keys)
        )
    rows.sort(key=lambda e: e.seq)
    return rows


def last_actor(conn: sqlite3.Connection, entity: str, entity_id: int | str, action: str) -> int | None:
    """Who last did ``action`` to the entity (e.g. marked a rectification done)."""
    found: int | None = scalar(conn, LAST_ACTOR_SQL, (entity, str(entity_id), action))
    return found


LAST_ACTOR_SQL = "SELECT user_id FROM audit WHERE entity = ? AND entity_id = ? AND action = ? ORDER BY seq DESC LIMIT 1"


def head(conn: sqlite3.Connection) -> tuple[int, str] | None:
    """(seq, hash) of the newest entry; None for an empty log."""
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def last_seq(conn: sqlite3.Connection) -> int:
    return int(scalar(conn, "SELECT COALESCE(MAX(seq), 0) FROM audit"))


def hash_at(conn: sqlite3.Connection, seq: int) -> str | None:
    found: str | None = scalar(conn, "SELECT hash FROM audit WHERE seq = ?", (seq,))
    return found


def is_empty(conn: sqlite3.Connection) -> bool:
    return not scalar(conn, "SELECT EXISTS (SELECT 1 FROM audit)")


def has_seals(conn: sqlite3.Connection) -> bool:
    """Whether the log carries row seals (a database from before seals does not)."""
    return any(r[1] == "seal" for r in conn.execute("PRAGMA table_info(audit)"))


def seals(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """(seq, seal JSON) of every entry that carries seals, in order."""
    return [(s, v) for s, v in conn.execute("SELECT seq, seal FROM audit WHERE seal IS NOT NULL ORDER BY seq")]


def raw_entries(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every entry as stored, every column, in order (what the chain check reads)."""
    cur = conn.execute("SELECT * FROM audit ORDER BY seq")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur]


# The action is written into the query: the partial index holding these entries alone
# (audit_restores) serves it only then.
RESTORES_SQL = "SELECT seq, at, detail FROM audit WHERE action = 'home.restore' ORDER BY seq"


def restores(conn: sqlite3.Connection) -> list[tuple[int, str, dict[str, Any]]]:
    """(seq, at, detail) of every restore of the home from a backup, oldest first."""
    return [(s, a, json.loads(d)) for s, a, d in conn.execute(RESTORES_SQL)]


def changed_inspections(conn: sqlite3.Connection, after: int, upto: int) -> list[int]:
    """The inspections a person changed (themselves or through a rectification) between two
    positions of the log; CivDesk's own entries (without a user) do not count."""
    rows = conn.execute(
        "SELECT CAST(entity_id AS INTEGER) FROM audit WHERE seq > ? AND seq <= ? AND user_id IS NOT NULL "
        "AND entity = 'inspection' UNION SELECT r.inspection_id FROM audit a JOIN rectifications r "
        "ON r.id = CAST(a.entity_id AS INTEGER) WHERE a.seq > ? AND a.seq <= ? AND a.user_id IS NOT NULL "
        "AND a.entity = 'rectification'",
        (after, upto, after, upto),
    ).fetchall()
    return sorted(r[0] for r in rows if r[0] is not None)


# ---------------------------------------------------------------------------- other homes' entries


@dataclass(frozen=True, slots=True)
class ImportedEntry:
    id: int
    origin: str
    origin_seq: int
    inspection_uuid: str
    at: str
    user_name: str | None
    action: str
    entity: str
    ref: str | None
    detail: str
    hash: str


def imported(conn: sqlite3.Connection, inspection_uuid: str) -> list[ImportedEntry]:
    return read(
        ImportedEntry,
        conn.execute(
            "SELECT id, origin, origin_seq, inspection_uuid, at, user_name, action, entity, ref, detail, hash "
            "FROM imported_audit WHERE inspection_uuid = ? ORDER BY id",
            (inspection_uuid,),
        ),
    )


def add_imported(
    conn: sqlite3.Connection,
    origin: str,
    origin_seq: int,
    inspection_uuid: str,
    at: str,
    user_name: str | None,
    action: str,
    entity: str,
    ref: str | None,
    detail: str,
    hash: str,
) -> bool:
    """Keep another home's entry; False when it is already held."""
    cur = conn.execute(
        "INSERT OR IGNORE INTO imported_audit (origin, origin_seq, inspection_uuid, at, user_name, "
        "action, entity, ref, detail, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (origin, origin_seq, inspection_uuid, at, user_name, action, entity, ref, detail, hash),
    )
    return cur.rowcount > 0
