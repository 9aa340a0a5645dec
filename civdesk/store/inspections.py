"""The inspections repository: an inspection, its photos and comments, and the list as
SQL (filter, sort, count and one page at a time, on an index). Its answers: store/answers.py.

Rows come back as frozen dataclasses; the list pages stay dicts keyed by column (the list screens
read them by column name, 100,000 rows deep).

A screen shows a window onto 100,000 inspections, so nothing here reads more rows than a page
asks for: the filters and the sort are SQL, the search goes through the trigram table
(store/search.py), and ``rows_by_id`` re-reads only the rows a change touched. ``site_ids``
narrows everything to those sites (None: every site), which is where a user's scope plugs in.
tests/store/test_query_plans.py runs EXPLAIN QUERY PLAN over these on a populated home.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from . import search
from .query_parts import dicts as _dicts
from .query_parts import site_conditions
from .rows import column, columns, marks, read, read_one, scalar
from .rows import insert as insert_row
from .rows import update as update_row

COLUMNS = """
SELECT i.id, i.uuid, i.kind, i.state, i.created_at, i.updated_at, i.submitted_at,
       i.score, i.percent, i.level, i.level_label, i.vetoed, i.site_id, s.name AS site,
       t.template_id, t.version AS template_version, t.title AS template_title,
       i.author_id, u.display_name AS author
"""
SELECT = (
    COLUMNS
    + """FROM inspections i
JOIN sites s ON s.id = i.site_id
JOIN templates t ON t.id = i.template_pk
JOIN users u ON u.id = i.author_id
"""
)
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
        where, args = [], []
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
    if (
        query.search
        and search.only_long_words(query.search)
        and query == InspectionQuery(search=query.search, sort=query.sort, descending=query.descending)
    ):
        sql, args = (
            "SELECT rowid FROM inspection_search WHERE inspection_search MATCH ?",
            [search.fts_query(query.search.split())],
        )
    else:
        where, args = query.where(counting=True, conn=conn)  # all on the inspection's own columns
        sql = "SELECT 1 FROM inspections i" + where
    if cap is None:
        return int(conn.execute(f"SELECT COUNT(*) FROM ({sql})", args).fetchone()[0]), False
    n = int(conn.execute(f"SELECT COUNT(*) FROM ({sql} LIMIT ?)", [*args, cap + 1]).fetchone()[0])
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
    wanted, out = list(uuids), dict[str, int]()
    for n in range(0, len(wanted), 500):
        chunk = wanted[n : n + 500]
        out.update(
            conn.execute(
                f"SELECT uuid, id FROM inspections WHERE uuid IN ({', '.join('?' * len(chunk))})", chunk
            ).fetchall()
        )
    return out


# ---------------------------------------------------------------------------- one inspection


@dataclass(frozen=True, slots=True)
class Inspection:
    id: int
    uuid: str
    template_pk: int
    params: str
    site_id: int
    kind: str
    state: str
    author_id: int
    reviewer_id: int | None
    follows_id: int | None
    created_at: str
    updated_at: str
    submitted_at: str | None
    score: float | None
    max_score: float | None
    percent: float | None
    level: str | None
    level_label: str | None
    vetoed: int | None
    content_hash: str | None
    covers: str | None


_INSPECTION = f"SELECT {columns(Inspection)} FROM inspections"


def get(conn: sqlite3.Connection, inspection_id: int) -> Inspection | None:
    return read_one(Inspection, conn.execute(_INSPECTION + " WHERE id = ?", (inspection_id,)))


def exists(conn: sqlite3.Connection, inspection_id: int) -> bool:
    return bool(scalar(conn, "SELECT 1 FROM inspections WHERE id = ?", (inspection_id,)))


def ids_by_uuid_prefix(conn: sqlite3.Connection, prefix: str, limit: int = 2) -> list[int]:
    return column(conn, "SELECT id FROM inspections WHERE uuid LIKE ? LIMIT ?", (prefix.replace("%", "") + "%", limit))


def id_by_uuid(conn: sqlite3.Connection, uuid: str) -> int | None:
    found: int | None = scalar(conn, "SELECT id FROM inspections WHERE uuid = ?", (uuid,))
    return found


def uuid_of(conn: sqlite3.Connection, inspection_id: int) -> str | None:
    """The uuid alone (asked of backups too, whose older schema may lack later columns)."""
    found: str | None = scalar(conn, "SELECT uuid FROM inspections WHERE id = ?", (inspection_id,))
    return found


def state_of(conn: sqlite3.Connection, inspection_id: int) -> str | None:
    found: str | None = scalar(conn, "SELECT state FROM inspections WHERE id = ?", (inspection_id,))
    return found


def all_ids(conn: sqlite3.Connection) -> list[int]:
    return column(conn, "SELECT id FROM inspections ORDER BY id")


def uuids_by_id(conn: sqlite3.Connection) -> dict[int, str]:
    return dict(conn.execute("SELECT id, uuid FROM inspections"))


def set_state(conn: sqlite3.Connection, inspection_id: int, state: str) -> None:
    conn.execute("UPDATE inspections SET state = ? WHERE id = ?", (state, inspection_id))


def set_times(conn: sqlite3.Connection, inspection_id: int, created: str, updated: str, submitted: str | None) -> None:
    conn.execute(
        "UPDATE inspections SET created_at = ?, updated_at = ?, submitted_at = ? WHERE id = ?",
        (created, updated, submitted, inspection_id),
    )


def counts_by_state(conn: sqlite3.Connection, site_ids: Collection[int] | None) -> dict[str, int]:
    where, args = site_conditions(None, None if site_ids is None else sorted(site_ids), "site_id")
    sql = "SELECT state, COUNT(*) FROM inspections" + (" WHERE " + " AND ".join(where) if where else "")
    return dict(conn.execute(sql + " GROUP BY state", args))


def signed_with_hash(conn: sqlite3.Connection) -> list[tuple[int, str, str | None]]:
    """(id, uuid, content hash) of every signed or certified inspection."""
    return [
        (i, u, h)
        for i, u, h in conn.execute(
            "SELECT id, uuid, content_hash FROM inspections WHERE state IN ('signed', 'certified')"
        )
    ]


# ---------------------------------------------------------------------------- photos


@dataclass(frozen=True, slots=True)
class Attachment:
    id: int
    inspection_id: int
    item_code: str
    sha256: str
    filename: str
    size: int
    added_by: int
    added_at: str


_ATTACHMENT = f"SELECT {columns(Attachment)} FROM attachments"


def attachment(conn: sqlite3.Connection, attachment_id: int) -> Attachment | None:
    return read_one(Attachment, conn.execute(_ATTACHMENT + " WHERE id = ?", (attachment_id,)))


def attachments(conn: sqlite3.Connection, inspection_id: int, code: str | None = None) -> list[Attachment]:
    sql = _ATTACHMENT + " WHERE inspection_id = ?"
    args_: list[object] = [inspection_id]
    if code is not None:
        sql += " AND item_code = ?"
        args_.append(code)
    return read(Attachment, conn.execute(sql + " ORDER BY id", args_))


def delete_attachment(conn: sqlite3.Connection, attachment_id: int) -> None:
    conn.execute("DELETE FROM attachments WHERE id = ?", (attachment_id,))


def photo_counts(conn: sqlite3.Connection, inspection_id: int) -> dict[str, int]:
    return dict(
        conn.execute(
            "SELECT item_code, COUNT(*) FROM attachments WHERE inspection_id = ? GROUP BY item_code", (inspection_id,)
        )
    )


def attachments_size(conn: sqlite3.Connection, inspection_id: int) -> int:
    return int(scalar(conn, "SELECT COALESCE(SUM(size), 0) FROM attachments WHERE inspection_id = ?", (inspection_id,)))


def attachment_shas(conn: sqlite3.Connection) -> list[str]:
    """Every photo file a row names (each once)."""
    return column(conn, "SELECT DISTINCT sha256 FROM attachments")


def names_photo(conn: sqlite3.Connection, sha: str) -> bool:
    """True when an attachment or a rectification's evidence names the photo ``sha``."""
    return bool(
        scalar(conn, "SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1", (sha,))
        or scalar(conn, "SELECT 1 FROM rectifications WHERE evidence LIKE ? LIMIT 1", (f"%{sha}%",))
    )


# ---------------------------------------------------------------------------- comments


@dataclass(frozen=True, slots=True)
class Comment:
    id: int
    inspection_id: int
    item_code: str | None
    user_id: int
    kind: str
    text: str
    at: str
    display_name: str


def comments(conn: sqlite3.Connection, inspection_id: int) -> list[Comment]:
    return read(
        Comment,
        conn.execute(
            "SELECT c.id, c.inspection_id, c.item_code, c.user_id, c.kind, c.text, c.at, u.display_name FROM comments c "
            "JOIN users u ON u.id = c.user_id WHERE c.inspection_id = ? ORDER BY c.id",
            (inspection_id,),
        ),
    )


def last_comment(conn: sqlite3.Connection, inspection_id: int, kind: str) -> Comment | None:
    """The latest comment of a kind (e.g. the reason of the latest return)."""
    return read_one(
        Comment,
        conn.execute(
            "SELECT c.id, c.inspection_id, c.item_code, c.user_id, c.kind, c.text, c.at, u.display_name FROM comments c "
            "JOIN users u ON u.id = c.user_id WHERE c.inspection_id = ? AND c.kind = ? ORDER BY c.id DESC LIMIT 1",
            (inspection_id, kind),
        ),
    )


def item_comments_at(conn: sqlite3.Connection, inspection_id: int, at: str) -> dict[str, str]:
    """The per-item comments written with a return at ``at``."""
    return dict(
        conn.execute(
            "SELECT item_code, text FROM comments WHERE inspection_id = ? AND kind = 'comment' AND at = ? "
            "AND item_code IS NOT NULL ORDER BY id",
            (inspection_id, at),
        )
    )


def latest_result(
    conn: sqlite3.Connection,
    *,
    site_id: int,
    template_id: str,
    other_than: int,
    kind: str,
    states: Sequence[str],
    before: str | None = None,
) -> int | None:
    """The site's latest inspection of ``kind`` on that checklist in one of ``states`` (created
    before ``before``, when given), by when it was submitted."""
    sql = (
        "SELECT i.id FROM inspections i JOIN templates t ON t.id = i.template_pk "
        f"WHERE i.site_id = ? AND t.template_id = ? AND i.id != ? AND i.state IN ({marks(states)}) AND i.kind = ? "
    )
    args: list[object] = [site_id, template_id, other_than, *states, kind]
    if before is not None:
        sql += "AND i.created_at < ? "
        args.append(before)
    found: int | None = scalar(
        conn, sql + "ORDER BY COALESCE(i.submitted_at, i.created_at) DESC, i.id DESC LIMIT 1", args
    )
    return found


def with_results(conn: sqlite3.Connection, states: Sequence[str]) -> list[Inspection]:
    """The inspections in ``states`` that have a stored result, by id."""
    return read(
        Inspection,
        conn.execute(
            _INSPECTION + f" WHERE state IN ({marks(states)}) AND score IS NOT NULL ORDER BY id", tuple(states)
        ),
    )


# ---------------------------------------------------------------------------- review drafts


@dataclass(frozen=True, slots=True)
class ReviewDraft:
    reason: str
    comments: str  # JSON: item code → comment
    updated_at: str
    submitted_at: str | None  # of the inspection: a draft older than that is stale


def review_draft(conn: sqlite3.Connection, inspection_id: int, user_id: int) -> ReviewDraft | None:
    return read_one(
        ReviewDraft,
        conn.execute(
            "SELECT d.reason, d.comments, d.updated_at, i.submitted_at FROM review_drafts d "
            "JOIN inspections i ON i.id = d.inspection_id WHERE d.inspection_id = ? AND d.user_id = ?",
            (inspection_id, user_id),
        ),
    )


def put_review_draft(
    conn: sqlite3.Connection, inspection_id: int, user_id: int, reason: str, comments: str, at: str
) -> None:
    conn.execute(
        "INSERT INTO review_drafts (inspection_id, user_id, reason, comments, updated_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (inspection_id, user_id) DO UPDATE SET "
        "reason = excluded.reason, comments = excluded.comments, updated_at = excluded.updated_at",
        (inspection_id, user_id, reason, comments, at),
    )


def drop_review_draft(conn: sqlite3.Connection, inspection_id: int, user_id: int) -> None:
    conn.execute("DELETE FROM review_drafts WHERE inspection_id = ? AND user_id = ?", (inspection_id, user_id))


# ---------------------------------------------------------------------------- writes (inside Store.write())


def create(conn: sqlite3.Connection, **row: Any) -> int:
    """A new inspection from its columns; its id."""
    return insert_row(conn, "inspections", Inspection, row)


def change(conn: sqlite3.Connection, inspection_id: int, **changes: Any) -> None:
    update_row(conn, "inspections", Inspection, inspection_id, changes)


def add_comment(
    conn: sqlite3.Connection, inspection_id: int, item_code: str | None, user_id: int, kind: str, text: str, at: str
) -> int:
    return insert_row(
        conn,
        "comments",
        Comment,
        {
            "inspection_id": inspection_id,
            "item_code": item_code,
            "user_id": user_id,
            "kind": kind,
            "text": text,
            "at": at,
        },
    )


def add_attachment(conn: sqlite3.Connection, **row: Any) -> int:
    return insert_row(conn, "attachments", Attachment, row)


def with_names(conn: sqlite3.Connection, inspection_id: int) -> dict[str, Any] | None:
    """One inspection's row with its site's name (``site``), its checklist's title and version
    (``template_title``, ``template_version``) and its author's and reviewer's names."""
    found = _dicts(
        conn.execute(
            "SELECT i.*, s.name AS site, t.title AS template_title, t.version AS template_version, "
            "ua.display_name AS author_name, ur.display_name AS reviewer_name FROM inspections i "
            "JOIN sites s ON s.id = i.site_id JOIN templates t ON t.id = i.template_pk "
            "LEFT JOIN users ua ON ua.id = i.author_id LEFT JOIN users ur ON ur.id = i.reviewer_id "
            "WHERE i.id = ?",
            (inspection_id,),
        )
    )
    return found[0] if found else None
