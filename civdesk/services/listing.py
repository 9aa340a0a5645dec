"""The inspections list a screen pages through: the checked query, one page, the count, and the
rows a change touched. SQL in store/inspections.py; ``site_ids`` (None: every site) is
where a user's scope narrows the list."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from ..domain.workflow import STATES
from ..store import Store
from ..store import inspections as queries
from ..store.inspections import SORTS, InspectionQuery
from .errors import InputError

__all__ = [
    "SORTS",
    "Heading",
    "InspectionQuery",
    "count",
    "count_capped",
    "headings",
    "ids_by_uuid",
    "inspection_query",
    "page",
    "rows_by_id",
]


def inspection_query(
    *,
    state: str | None = None,
    site_id: int | None = None,
    template_id: str | None = None,
    since: str | None = None,
    until: str | None = None,
    search: str | None = None,
    site_ids: Collection[int] | None = None,
    sort: str = "created",
    descending: bool = True,
) -> InspectionQuery:
    """The list's filters, checked: an unknown state or sort is refused with the choices named."""
    if state and state not in STATES:
        raise InputError("listing.state_one", state=state, join=", ".join(STATES))
    if sort not in SORTS:
        raise InputError("listing.sort_one", sort=sort, join=", ".join(SORTS))
    return InspectionQuery(
        state or None,
        site_id,
        template_id or None,
        since or None,
        until or None,
        (search or "").strip() or None,
        None if site_ids is None else tuple(site_ids),
        sort,
        descending,
    )


def page(store: Store, query: InspectionQuery, offset: int, limit: int) -> list[dict]:
    return queries.page(store.conn, query, offset, limit)


def count(store: Store, query: InspectionQuery) -> int:
    return queries.count(store.conn, query)


def count_capped(store: Store, query: InspectionQuery, cap: int) -> tuple[int, bool]:
    """The count up to ``cap`` (True: there are more), so a search found everywhere costs little."""
    return queries.count_capped(store.conn, query, cap)


def ids_by_uuid(store: Store, uuids: Sequence[str]) -> dict[str, int]:
    return queries.ids_by_uuid(store.conn, uuids)


def rows_by_id(store: Store, query: InspectionQuery, ids: Sequence[int]) -> dict[int, dict]:
    return queries.rows_by_id(store.conn, query, ids)


@dataclass(frozen=True)
class Heading:
    """What a dialog names an inspection by: its site, checklist, kind, state and when it was made."""

    id: int
    uuid: str
    site: str
    template_id: str
    template_title: str
    kind: str
    state: str
    created_at: str

    @classmethod
    def of(cls, row: dict) -> Heading:
        return cls(
            row["id"],
            row["uuid"],
            row["site"],
            row["template_id"],
            row["template_title"],
            row["kind"],
            row["state"],
            row["created_at"] or "",
        )


def headings(store: Store, query: InspectionQuery, ids: Sequence[int] | None = None) -> dict[int, Heading]:
    """The headings of ``ids`` that ``query`` lets through (every match, newest first, when ``ids`` is None)."""
    rows = page(store, query, 0, -1) if ids is None else list(rows_by_id(store, query, ids).values())
    return {r["id"]: Heading.of(r) for r in rows}
