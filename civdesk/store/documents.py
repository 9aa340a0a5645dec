"""The documents repository: the record of every report, certificate and notice issued, with its
verification code, and the certificate serials of each year."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from .rows import columns, read, read_one, scalar
from .rows import insert as insert_row


@dataclass(frozen=True, slots=True)
class Document:
    id: int
    code: str
    kind: str
    inspection_id: int
    serial: str | None
    title: str
    summary: str  # JSON
    content_hash: str | None
    sha256: str | None
    created_by: int | None
    created_at: str
    written_at: str | None
    revoked_at: str | None
    revoked_by: int | None
    revoked_reason: str | None


_DOCUMENT = f"SELECT {columns(Document)} FROM documents"


def by_code(conn: sqlite3.Connection, code: str) -> Document | None:
    return read_one(Document, conn.execute(_DOCUMENT + " WHERE code = ?", (code,)))


def code_taken(conn: sqlite3.Connection, code: str) -> bool:
    return bool(scalar(conn, "SELECT 1 FROM documents WHERE code = ?", (code,)))


def latest(conn: sqlite3.Connection, inspection_id: int, kind: str) -> Document | None:
    return read_one(
        Document,
        conn.execute(
            _DOCUMENT + " WHERE inspection_id = ? AND kind = ? ORDER BY id DESC LIMIT 1", (inspection_id, kind)
        ),
    )


def certificates(conn: sqlite3.Connection, inspection_id: int | None = None) -> list[Document]:
    if inspection_id is None:
        return read(Document, conn.execute(_DOCUMENT + " WHERE kind = 'certificate' ORDER BY id"))
    return read(
        Document,
        conn.execute(_DOCUMENT + " WHERE kind = 'certificate' AND inspection_id = ? ORDER BY id", (inspection_id,)),
    )


def set_summary(conn: sqlite3.Connection, code: str, summary: str) -> None:
    conn.execute("UPDATE documents SET summary = ? WHERE code = ?", (summary, code))


def set_written(conn: sqlite3.Connection, code: str, sha256: str, at: str) -> None:
    conn.execute("UPDATE documents SET sha256 = ?, written_at = ? WHERE code = ?", (sha256, at, code))


def revoke(conn: sqlite3.Connection, code: str, at: str, by: int, reason: str) -> None:
    conn.execute(
        "UPDATE documents SET revoked_at = ?, revoked_by = ?, revoked_reason = ? WHERE code = ?", (at, by, reason, code)
    )


def take_serial(conn: sqlite3.Connection, year: int) -> int:
    """The next certificate number of ``year``, allocated (inside the caller's write transaction)."""
    conn.execute(
        "INSERT INTO certificate_serials (year, last) VALUES (?, 1) ON CONFLICT(year) DO UPDATE SET last = last + 1",
        (year,),
    )
    return int(scalar(conn, "SELECT last FROM certificate_serials WHERE year = ?", (year,)))


def last_serial(conn: sqlite3.Connection, year: int) -> int:
    """The last certificate number ``year`` handed out (0: none yet)."""
    return int(scalar(conn, "SELECT last FROM certificate_serials WHERE year = ?", (year,)) or 0)


def add(conn: sqlite3.Connection, **row: Any) -> int:
    return insert_row(conn, "documents", Document, row)
