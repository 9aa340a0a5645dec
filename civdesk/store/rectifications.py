"""The rectifications repository: one rectification, those of an inspection, and the list as SQL:
status (overdue included), site, owner and due-date filters, counted and paged on an index,
``overdue`` worked out by SQLite against the given day.

Overdue is the rule of domain/rectification.is_overdue (past due and not verified) written as a
condition, so the dashboard and the 整改 page count 80,000 rectifications without reading them.
``site_ids`` narrows to those sites (None: all), where a user's scope plugs in.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..domain import rectification as rule
from .query_parts import dicts, site_conditions
from .rows import column, columns, marks, read, read_one
from .rows import insert as insert_row
from .rows import update as update_row

OPEN_STATES = tuple(s for s in rule.STATES if s != "verified")
_OPEN = ", ".join(f"'{s}'" for s in OPEN_STATES)

SELECT = (
    f"SELECT r.*, i.site_id, s.name AS site, i.uuid AS inspection_uuid, i.template_pk, t.template_id, "
    f"u.display_name AS owner, (r.state IN ({_OPEN}) AND r.due_date < ?) AS overdue "
    "FROM rectifications r JOIN inspections i ON i.id = r.inspection_id "
    "JOIN sites s ON s.id = i.site_id JOIN templates t ON t.id = i.template_pk "
    "LEFT JOIN users u ON u.id = r.owner_id"
)


@dataclass(frozen=True)
class RectificationQuery:
    """``status``: a state, "overdue" or "closed"; ``due_until`` a day, inclusive."""

    today: _dt.date
    status: str | None = None
    site_id: int | None = None
    owner_id: int | None = None
    inspection_id: int | None = None
    due_until: str | None = None
    site_ids: Sequence[int] | None = None

    def where(self, *, ordered: bool = False) -> tuple[str, list[Any]]:
        """``ordered``: rows in due-date order are wanted, so the overdue condition must not keep
        SQLite off the due-date index (it stops after a page instead of sorting them all)."""
        where: list[str] = []
        args: list[Any] = []
        if self.status in rule.STATES:
            where.append("r.state = ?")
            args.append(self.status)
        elif self.status == "overdue":
            # Counted: one range of the (state, due_date) index per open state.
            where.append(f"{'+' if ordered else ''}r.state IN ({_OPEN}) AND r.due_date < ?")
            args.append(self.today.isoformat())
        elif self.status == "closed":
            where.append("r.closed_by IS NOT NULL")
        more, more_args = site_conditions(self.site_id, self.site_ids)
        where += more
        args += more_args
        if self.owner_id is not None:
            where.append("r.owner_id = ?")
            args.append(self.owner_id)
        if self.inspection_id is not None:
            where.append("r.inspection_id = ?")
            args.append(self.inspection_id)
        if self.due_until:
            where.append("r.due_date <= ?")
            args.append(self.due_until)
        return (" WHERE " + " AND ".join(where)) if where else "", args

    def needs_join(self) -> bool:
        return self.site_id is not None or self.site_ids is not None


def _select(query: RectificationQuery, tail: str, extra: Sequence[Any] = ()) -> tuple[str, list[Any]]:
    where, args = query.where(ordered=True)
    return SELECT + where + tail, [query.today.isoformat(), *args, *extra]


def rows(
    conn: sqlite3.Connection, query: RectificationQuery, offset: int = 0, limit: int | None = None
) -> list[dict[str, Any]]:
    tail = " ORDER BY r.due_date, r.id"
    extra: list[Any] = []
    if limit is not None:
        tail += " LIMIT ? OFFSET ?"
        extra = [int(limit), int(offset)]
    sql, args = _select(query, tail, extra)
    return _dicts(conn.execute(sql, args))


def count(conn: sqlite3.Connection, query: RectificationQuery) -> int:
    where, args = query.where()
    base = (
        "FROM rectifications r JOIN inspections i ON i.id = r.inspection_id"
        if query.needs_join()
        else "FROM rectifications r"
    )
    return int(conn.execute(f"SELECT COUNT(*) {base}{where}", args).fetchone()[0])


def rows_by_id(conn: sqlite3.Connection, query: RectificationQuery, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    where, args = query.where()
    cond = f"r.id IN ({', '.join('?' * len(ids))})"
    sql = SELECT + ((where + " AND " + cond) if where else " WHERE " + cond)
    return {r["id"]: r for r in _dicts(conn.execute(sql, [query.today.isoformat(), *args, *ids]))}


def owners(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Everyone (name, id) who owns a rectification: one index probe per user."""
    return [
        (n, i)
        for n, i in conn.execute(
            "SELECT display_name, id FROM users WHERE EXISTS (SELECT 1 FROM rectifications r WHERE r.owner_id = users.id) "
            "ORDER BY display_name"
        )
    ]


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    out = dicts(cursor)
    for d in out:
        d["overdue"] = bool(d["overdue"])
    return out


# ---------------------------------------------------------------------------- one rectification


@dataclass(frozen=True, slots=True)
class Rectification:
    id: int
    inspection_id: int
    item_code: str
    owner_id: int | None
    due_date: str
    state: str
    created_at: str
    done_note: str
    done_at: str | None
    verified_by: int | None
    verified_at: str | None
    closed_by: int | None
    closed_at: str | None
    evidence: str  # JSON list of photo hashes
    site_id: int  # of its inspection


_ONE = (
    f"SELECT {columns(Rectification, 'r')[: -len('r.site_id')]}i.site_id FROM rectifications r "
    "JOIN inspections i ON i.id = r.inspection_id"
)


def get(conn: sqlite3.Connection, rect_id: int) -> Rectification | None:
    return read_one(Rectification, conn.execute(_ONE + " WHERE r.id = ?", (rect_id,)))


def of_inspection(conn: sqlite3.Connection, inspection_id: int, *, unclosed: bool = False) -> list[Rectification]:
    """The rectifications of an inspection in the order they were made (``unclosed``: those no
    re-inspection has closed)."""
    more = " AND r.closed_by IS NULL" if unclosed else ""
    return read(
        Rectification, conn.execute(_ONE + " WHERE r.inspection_id = ?" + more + " ORDER BY r.id", (inspection_id,))
    )


def codes_of(conn: sqlite3.Connection, inspection_id: int, *, state: str | None = None) -> list[str]:
    """Item codes of an inspection's rectifications (in ``state``), by code."""
    if state is None:
        return column(
            conn, "SELECT item_code FROM rectifications WHERE inspection_id = ? ORDER BY item_code", (inspection_id,)
        )
    return column(
        conn,
        "SELECT item_code FROM rectifications WHERE inspection_id = ? AND state = ? ORDER BY item_code",
        (inspection_id, state),
    )


def open_codes(conn: sqlite3.Connection, inspection_id: int) -> list[str]:
    """Item codes of the rectifications a re-inspection would cover: neither verified nor closed."""
    return column(
        conn,
        "SELECT item_code FROM rectifications WHERE inspection_id = ? AND closed_by IS NULL "
        "AND state != 'verified' ORDER BY id",
        (inspection_id,),
    )


def unverified_codes(conn: sqlite3.Connection, inspection_id: int) -> list[str]:
    return column(
        conn,
        "SELECT item_code FROM rectifications WHERE inspection_id = ? AND state != 'verified' ORDER BY id",
        (inspection_id,),
    )


def any_of(conn: sqlite3.Connection, inspection_id: int) -> bool:
    return bool(column(conn, "SELECT 1 FROM rectifications WHERE inspection_id = ? LIMIT 1", (inspection_id,)))


def closers(conn: sqlite3.Connection, inspection_id: int) -> list[int]:
    """The re-inspections that closed rectifications of this inspection."""
    return column(
        conn,
        "SELECT DISTINCT closed_by FROM rectifications WHERE inspection_id = ? AND closed_by IS NOT NULL",
        (inspection_id,),
    )


def delete_open(conn: sqlite3.Connection, inspection_id: int, codes: Sequence[str]) -> None:
    """Drop the never-worked (open) rectifications of ``codes``."""
    conn.execute(
        f"DELETE FROM rectifications WHERE inspection_id = ? AND state = 'open' AND item_code IN ({marks(codes)})",
        (inspection_id, *codes),
    )


def delete_item(conn: sqlite3.Connection, inspection_id: int, code: str) -> None:
    conn.execute("DELETE FROM rectifications WHERE inspection_id = ? AND item_code = ?", (inspection_id, code))


def all_evidence(conn: sqlite3.Connection) -> list[str]:
    """The evidence (JSON lists of photo hashes) of every rectification that has some."""
    return column(conn, "SELECT evidence FROM rectifications WHERE evidence IS NOT NULL AND evidence != ''")


def create(conn: sqlite3.Connection, **row: Any) -> int:
    return insert_row(conn, "rectifications", Rectification, row)


def change(conn: sqlite3.Connection, rect_id: int, **changes: Any) -> None:
    update_row(conn, "rectifications", Rectification, rect_id, changes)
