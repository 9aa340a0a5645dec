"""The templates repository: every stored version of every checklist, as frozen dataclasses.

A version is never changed once stored (inspections point at it); ``data`` is its canonical JSON.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from .rows import column, columns, read, read_one, scalar
from .rows import insert as insert_row


@dataclass(frozen=True, slots=True)
class TemplateVersion:
    id: int
    template_id: str
    version: int
    title: str
    scope: str
    data: str  # canonical JSON
    sha256: str
    builtin: int
    created_at: str


@dataclass(frozen=True, slots=True)
class VersionUse:
    """A version as the version list shows it, with how many inspections use it."""

    pk: int
    version: int
    title: str
    created_at: str
    builtin: int
    inspections: int


_VERSION = f"SELECT {columns(TemplateVersion)} FROM templates"


def get(conn: sqlite3.Connection, pk: int) -> TemplateVersion | None:
    return read_one(TemplateVersion, conn.execute(_VERSION + " WHERE id = ?", (pk,)))


def identity(conn: sqlite3.Connection, pk: int) -> tuple[str, int] | None:
    """(content hash, version number) of a version: what its parsed model is cached by."""
    row = conn.execute("SELECT sha256, version FROM templates WHERE id = ?", (pk,)).fetchone()
    return None if row is None else (row[0], row[1])


def by_version(conn: sqlite3.Connection, template_id: str, version: int) -> TemplateVersion | None:
    return read_one(
        TemplateVersion, conn.execute(_VERSION + " WHERE template_id = ? AND version = ?", (template_id, version))
    )


def pk_of(conn: sqlite3.Connection, template_id: str, version: int) -> int | None:
    found: int | None = scalar(
        conn, "SELECT id FROM templates WHERE template_id = ? AND version = ?", (template_id, version)
    )
    return found


def newest(conn: sqlite3.Connection, template_id: str) -> TemplateVersion | None:
    return read_one(
        TemplateVersion, conn.execute(_VERSION + " WHERE template_id = ? ORDER BY version DESC LIMIT 1", (template_id,))
    )


def newest_pk(conn: sqlite3.Connection, template_id: str) -> int | None:
    found: int | None = scalar(
        conn, "SELECT id FROM templates WHERE template_id = ? ORDER BY version DESC LIMIT 1", (template_id,)
    )
    return found


def newest_of_each(conn: sqlite3.Connection) -> list[TemplateVersion]:
    """The newest version of every template, by template id."""
    return read(
        TemplateVersion,
        conn.execute(
            f"SELECT {columns(TemplateVersion, 't')} FROM templates t JOIN (SELECT template_id, MAX(version) v "
            "FROM templates GROUP BY template_id) m ON m.template_id = t.template_id AND m.v = t.version "
            "ORDER BY t.template_id"
        ),
    )


def sha_of(conn: sqlite3.Connection, pk: int) -> str | None:
    found: str | None = scalar(conn, "SELECT sha256 FROM templates WHERE id = ?", (pk,))
    return found


def template_id_of(conn: sqlite3.Connection, pk: int) -> str:
    return str(scalar(conn, "SELECT template_id FROM templates WHERE id = ?", (pk,)))


def holds(conn: sqlite3.Connection, template_id: str, *, sha256: str | None = None) -> bool:
    """Whether a template of that id (with that content, in any version) is stored."""
    if sha256 is None:
        return bool(scalar(conn, "SELECT 1 FROM templates WHERE template_id = ?", (template_id,)))
    return bool(scalar(conn, "SELECT 1 FROM templates WHERE template_id = ? AND sha256 = ?", (template_id, sha256)))


def template_ids(conn: sqlite3.Connection) -> set[str]:
    return set(column(conn, "SELECT DISTINCT template_id FROM templates"))


def titles(conn: sqlite3.Connection) -> dict[int, str]:
    return dict(conn.execute("SELECT id, title FROM templates"))


def versions(conn: sqlite3.Connection, template_id: str) -> list[VersionUse]:
    """Every version of a template, newest first, with how many inspections use each."""
    return read(
        VersionUse,
        conn.execute(
            "SELECT t.id, t.version, t.title, t.created_at, t.builtin, "
            "(SELECT COUNT(*) FROM inspections i WHERE i.template_pk = t.id) "
            "FROM templates t WHERE t.template_id = ? ORDER BY t.version DESC",
            (template_id,),
        ),
    )


def create(conn: sqlite3.Connection, **row: Any) -> int:
    """A new template version; its id (versions are never changed afterwards)."""
    return insert_row(conn, "templates", TemplateVersion, row)
