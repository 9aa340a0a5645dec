"""The inspections list as SQL: filter, sort, count and one page at a time, on an index.

A screen shows a window onto 100,000 inspections, so nothing here reads more rows than a page
asks for: the filters and the sort are SQL, the search goes through the trigram table
(store/search.py), and ``rows_by_id`` re-reads only the rows a change touched. ``site_ids``
narrows everything to those sites (None: every site), which is where a user's scope plugs in.
tests/store/test_query_plans.py runs EXPLAIN QUERY PLAN over these on a populated home.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import search
from .query_parts import dicts as _dicts
from .query_parts import site_conditions

COLUMNS = """
SELECT i.id, i.uuid, i.kind, i.state, i.created_at, i.updated_at, i.submitted_at,
       i.score, i.percent, i.level, i.level_label, i.vetoed, i.site_id, s.name AS site,
       t.template_id, t.version AS template_version, t.title AS template_title,
       i.author_id, u.display_name AS author
"""
SELECT = COLUMNS + """FROM inspections i
JOIN sites s ON s.id = i.site_id
JOIN templates t ON t.id = i.template_pk
JOIN users u ON u.id = i.author_id
"""
# Sorted by a joined table's column, that table is read first in its own order (CROSS JOIN fixes
# the order for SQLite's planner), then each of its inspections through an index: no sort of the
# whole table to show the first page.
_LEAD = {
    "site": COLUMNS + "FROM sites s CROSS JOIN inspections i ON i.site_id = s.id "
                      "JOIN templates t ON t.id = i.template_pk JOIN users u ON u.id = i.author_id\n",
    "author": COLUMNS + "FROM users u CROSS JOIN inspections i ON i.author_id = u.id "
                        "JOIN sites s ON s.id = i.site_id JOIN templates t ON t.id = i.template_pk\n",
    "template": COLUMNS + "FROM templates t CROSS JOIN inspections i ON i.template_pk = t.id "
                          "JOIN sites s ON s.id = i.site_id JOIN users u ON u.id = i.author_id\n",
}

# Column → ORDER BY terms; each is served by an index of migration m007 (or m004 for created).
SORTS = {
    "number": ("i.id",),
    "site": ("s.name", "i.created_at", "i.id"),
    "template": ("t.title", "t.version", "i.created_at", "i.id"),
    "kind": ("i.kind", "i.created_at", "i.id"),
    "state": ("i.state", "i.created_at", "i.id"),
    "percent": ("i.percent", "i.id"),
    "level": ("i.level", "i.created_at", "i.id"),
    "author": ("u.display_name", "i.created_at", "i.id"),
    "created": ("i.created_at", "i.id"),
    "updated": ("i.updated_at", "i.id"),
}


@dataclass(frozen=True)
class InspectionQuery:
    """What the list shows. ``until`` is a day (inclusive); ``search`` words must all appear."""

    state: str | None = None
    site_id: int | None = None
    template_id: str | None = None
    since: str | None = None
    until: str | None = None
    search: str | None = None
    site_ids: Sequence[int] | None = None
    sort: str = "created"
    descending: bool = True

    def where(self, *, counting: bool = False, conn: sqlite3.Connection | None = None) -> tuple[str, list[Any]]:
        """The WHERE clause; ``counting`` lets the search's matches lead (nothing is sorted);
        ``conn`` lets a short search word be looked up first (store/search.py)."""
        where: list[str] = []
        args: list[Any] = []
        if self.state:
            where.append("i.state = ?")
            args.append(self.state)
        more, more_args = site_conditions(self.site_id, self.site_ids)
        where += more
        args += more_args
        if self.template_id:
            # Unary + when another order leads: a checklist is a large share of the rows, so
            # checking it along the sort's index beats sorting all of its rows.
            plus = "" if self.sort in ("template", "number", "site", "author") else "+"
            where.append(f"{plus}i.template_pk IN (SELECT id FROM templates WHERE template_id = ?)")
            args.append(self.template_id)
        if self.since:
            where.append("i.created_at >= ?")
            args.append(self.since)
        if self.until:
            where.append("i.created_at < ?")
            args.append((_dt.date.fromisoformat(self.until[:10]) + _dt.timedelta(days=1)).isoformat())
        if self.search and self.search.strip():
            cond, more = search.condition(self.search, "i.id" if counting else "+i.id", conn)
            where.append(cond)
            args += more
        return (" WHERE " + " AND ".join(where)) if where else "", args

    def lead(self) -> str | None:
        """The FROM clause led by the sorted table, when no narrower filter should lead instead."""
        if self.site_id is not None or self.site_ids is not None or self.search or self.template_id:
            return None
        return _LEAD.get(self.sort)

    def order(self) -> str:
        if self.sort not in SORTS:
            raise ValueError(f"cannot sort the inspections by {self.sort!r}")
        direction = " DESC" if self.descending else ""
        return " ORDER BY " + ", ".join(term + direction for term in SORTS[self.sort])


def page(conn: sqlite3.Connection, query: InspectionQuery, offset: int, limit: int) -> list[dict[str, Any]]:
    where, args = query.where(conn=conn)
    sql = (query.lead() or SELECT) + where + query.order() + " LIMIT ? OFFSET ?"
    return _dicts(conn.execute(sql, [*args, int(limit), int(offset)]))


def count(conn: sqlite3.Connection, query: InspectionQuery) -> int:
    return count_capped(conn, query, None)[0]


def count_capped(conn: sqlite3.Connection, query: InspectionQuery, cap: int | None) -> tuple[int, bool]:
    """How many rows ``query`` finds, counting no further than ``cap`` (None: all); True when
    the cap was reached. A search alone is counted in the trigram table itself."""
    if query.search and search.only_long_words(query.search) and query == InspectionQuery(
            search=query.search, sort=query.sort, descending=query.descending):
        sql, args = ("SELECT rowid FROM inspection_search WHERE inspection_search MATCH ?",
                     [search.fts_query(query.search.split())])
    else:
        where, args = query.where(counting=True, conn=conn)  # all on the inspection's own columns
        sql = "SELECT 1 FROM inspections i" + where
    if cap is None:
        return conn.execute(f"SELECT COUNT(*) FROM ({sql})", args).fetchone()[0], False
    n = conn.execute(f"SELECT COUNT(*) FROM ({sql} LIMIT ?)", [*args, cap + 1]).fetchone()[0]
    return min(n, cap), n > cap


def rows_by_id(conn: sqlite3.Connection, query: InspectionQuery, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The rows of ``ids`` that still pass ``query``'s filters, by id (gone or filtered out: absent)."""
    if not ids:
        return {}
    where, args = query.where()
    cond = f"i.id IN ({', '.join('?' * len(ids))})"
    where = (where + " AND " + cond) if where else " WHERE " + cond
    return {r["id"]: r for r in _dicts(conn.execute(SELECT + where, [*args, *ids]))}


def ids_by_uuid(conn: sqlite3.Connection, uuids: Sequence[str]) -> dict[str, int]:
    """uuid → id of the inspections of ``uuids`` that exist, on the uuid's unique index (a prefix
    LIKE would read the whole table: LIKE is case-insensitive, the index is not)."""
    wanted = list(uuids)
    out: dict[str, int] = {}
    for n in range(0, len(wanted), 500):
        chunk = wanted[n:n + 500]
        out.update(conn.execute(f"SELECT uuid, id FROM inspections WHERE uuid IN ({', '.join('?' * len(chunk))})",
                                chunk).fetchall())
    return out
