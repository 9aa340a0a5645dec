"""The answer sheet of an inspection: who may change it (``editable``, one read per answer
saved), the answers themselves, and the inspection's updated_at they move on.

Every answer saved passes through here, so each write is one statement and ``editable`` reads
what the permission check and the template's cache need in one query.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .rows import read, read_one


@dataclass(frozen=True, slots=True)
class Editable:
    """What editing an inspection's answers needs of it, in one read: who may, and which template
    version (by the identity its parsed model is cached under)."""

    kind: str
    state: str
    site_id: int
    author_id: int
    reviewer_id: int | None
    template_pk: int
    template_sha: str
    template_version: int


_EDITABLE = (
    "SELECT i.kind, i.state, i.site_id, i.author_id, i.reviewer_id, i.template_pk, t.sha256, t.version "
    "FROM inspections i JOIN templates t ON t.id = i.template_pk WHERE i.id = ?"
)


def editable(conn: sqlite3.Connection, inspection_id: int) -> Editable | None:
    return read_one(Editable, conn.execute(_EDITABLE, (inspection_id,)))


def touch(conn: sqlite3.Connection, inspection_id: int, at: str) -> None:
    """Move the inspection's updated_at on to ``at`` when it names another minute.

    Shown and compared to the minute (the list, the conflict dialog), so a walkthrough's answers
    within one minute leave the inspection row alone: each answer saved then writes the answer
    and its audit entry only, not the inspection, its updated_at index and the inspection's
    seal. The stored minute is always that of the latest change."""
    conn.execute(
        "UPDATE inspections SET updated_at = ? WHERE id = ? AND substr(updated_at, 1, 16) IS NOT substr(?, 1, 16)",
        (at, inspection_id, at),
    )


@dataclass(frozen=True, slots=True)
class Answer:
    item_code: str
    value: str | None  # JSON
    note: str


def answers(conn: sqlite3.Connection, inspection_id: int) -> list[Answer]:
    return read(
        Answer, conn.execute("SELECT item_code, value, note FROM answers WHERE inspection_id = ?", (inspection_id,))
    )


def save_answer(
    conn: sqlite3.Connection, inspection_id: int, code: str, value: str | None, note: str | None, by: int, at: str
) -> str:
    """The answer (JSON) and, unless None, its note; a note left None keeps the one there.
    Returns the note the answer now has."""
    row = conn.execute(
        "INSERT INTO answers (inspection_id, item_code, value, note, answered_by, answered_at) "
        "VALUES (?, ?, ?, COALESCE(?, ''), ?, ?) ON CONFLICT(inspection_id, item_code) DO UPDATE SET "
        "value = excluded.value, note = COALESCE(?, note), answered_by = excluded.answered_by, "
        "answered_at = excluded.answered_at RETURNING note",
        (inspection_id, code, value, note, by, at, note),
    ).fetchone()
    return str(row[0])


def save_note(conn: sqlite3.Connection, inspection_id: int, code: str, note: str, by: int, at: str) -> None:
    conn.execute(
        "INSERT INTO answers (inspection_id, item_code, value, note, answered_by, answered_at) "
        "VALUES (?, ?, NULL, ?, ?, ?) ON CONFLICT(inspection_id, item_code) DO UPDATE SET "
        "note = excluded.note, answered_by = excluded.answered_by, answered_at = excluded.answered_at",
        (inspection_id, code, note, by, at),
    )


def clear_answer(conn: sqlite3.Connection, inspection_id: int, code: str, by: int, at: str) -> None:
    conn.execute(
        "UPDATE answers SET value = NULL, answered_by = ?, answered_at = ? WHERE inspection_id = ? AND item_code = ?",
        (by, at, inspection_id, code),
    )


def answer_of(conn: sqlite3.Connection, inspection_id: int, code: str) -> Answer | None:
    return read_one(
        Answer,
        conn.execute(
            "SELECT item_code, value, note FROM answers WHERE inspection_id = ? AND item_code = ?",
            (inspection_id, code),
        ),
    )


def put_answer(
    conn: sqlite3.Connection, inspection_id: int, code: str, value: str | None, note: str, by: int | None, at: str
) -> None:
    """Make an answer exactly this (as a bundle carries it: who and when included)."""
    conn.execute(
        "INSERT INTO answers (inspection_id, item_code, value, note, answered_by, answered_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(inspection_id, item_code) DO UPDATE SET value = excluded.value, "
        "note = excluded.note, answered_by = excluded.answered_by, answered_at = excluded.answered_at",
        (inspection_id, code, value, note, by, at),
    )


def delete_answer(conn: sqlite3.Connection, inspection_id: int, code: str) -> None:
    conn.execute("DELETE FROM answers WHERE inspection_id = ? AND item_code = ?", (inspection_id, code))


def answer_times(conn: sqlite3.Connection, inspection_id: int) -> list[tuple[str, int, str]]:
    """(item code, who, when) of each answer."""
    return [
        (c, b, a)
        for c, b, a in conn.execute(
            "SELECT item_code, answered_by, answered_at FROM answers WHERE inspection_id = ?", (inspection_id,)
        )
    ]
