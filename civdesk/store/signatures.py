"""The signatures repository: people's signatures over an inspection's content, and that content.

``signed_content`` is the record a signature covers, as plain data in a fixed form (it is hashed
as canonical JSON, so it stays a dict); it names only what means the same on every machine.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from .query_parts import dicts
from .rows import column, read, scalar
from .rows import insert as insert_row


@dataclass(frozen=True, slots=True)
class Signature:
    id: int
    inspection_id: int
    user_id: int
    role: str
    signed_at: str
    image: bytes  # the handwritten signature, PNG
    content_hash: str
    signature: bytes
    key_fingerprint: str
    display_name: str
    name: str
    uuid: str | None


_SIGNATURE = (
    "SELECT s.id, s.inspection_id, s.user_id, s.role, s.signed_at, s.image, s.content_hash, s.signature, "
    "s.key_fingerprint, u.display_name, u.name, u.uuid FROM signatures s JOIN users u ON u.id = s.user_id"
)


def of_inspection(conn: sqlite3.Connection, inspection_id: int) -> list[Signature]:
    """An inspection's signatures in the order they were made."""
    return read(
        Signature, conn.execute(_SIGNATURE + " WHERE s.inspection_id = ? ORDER BY s.signed_at, s.id", (inspection_id,))
    )


def signer_ids(conn: sqlite3.Connection, inspection_id: int) -> frozenset[int]:
    return frozenset(column(conn, "SELECT user_id FROM signatures WHERE inspection_id = ?", (inspection_id,)))


def any_signature(conn: sqlite3.Connection) -> bool:
    return bool(scalar(conn, "SELECT 1 FROM signatures LIMIT 1"))


def signed_content(conn: sqlite3.Connection, inspection_id: int) -> dict[str, Any] | None:
    """The inspection, its answers and photos as a signature covers them; None for an unknown id."""
    rows = dicts(
        conn.execute(
            "SELECT i.uuid, i.params, i.kind, s.name AS site, a.name AS author, r.name AS reviewer, "
            "f.uuid AS follows, i.created_at, i.submitted_at, i.covers, t.template_id, t.version, "
            "t.sha256 AS template_sha256 FROM inspections i JOIN templates t ON t.id = i.template_pk "
            "JOIN sites s ON s.id = i.site_id JOIN users a ON a.id = i.author_id "
            "LEFT JOIN users r ON r.id = i.reviewer_id LEFT JOIN inspections f ON f.id = i.follows_id "
            "WHERE i.id = ?",
            (inspection_id,),
        )
    )
    if not rows:
        return None
    row: dict[str, Any] = rows[0]
    row["answers"] = dicts(
        conn.execute(
            "SELECT a.item_code, a.value, a.note, u.name AS answered_by, a.answered_at FROM answers a "
            "JOIN users u ON u.id = a.answered_by WHERE a.inspection_id = ? ORDER BY a.item_code",
            (inspection_id,),
        )
    )
    row["attachments"] = dicts(
        conn.execute(
            "SELECT item_code, sha256, filename FROM attachments WHERE inspection_id = ? "
            "ORDER BY item_code, sha256, filename",
            (inspection_id,),
        )
    )
    return row


@dataclass(frozen=True, slots=True)
class _Columns:
    inspection_id: int
    user_id: int
    role: str
    signed_at: str
    image: bytes
    content_hash: str
    signature: bytes
    key_fingerprint: str


def add(conn: sqlite3.Connection, **row: Any) -> int:
    return insert_row(conn, "signatures", _Columns, row)
