"""What can be waiting on a person (我的待办), narrowed in SQL: the inspections and rectifications
that can concern them by their role and sites; services.my_work decides which of them do."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass

from ..domain.workflow import Actor
from .rows import read


@dataclass(frozen=True, slots=True)
class WaitingInspection:
    id: int
    kind: str
    state: str
    site_id: int
    author_id: int
    reviewer_id: int | None
    updated_at: str
    site: str
    template_title: str
    signed_by_me: int


@dataclass(frozen=True, slots=True)
class WaitingRectification:
    id: int
    inspection_id: int
    item_code: str
    state: str
    due_date: str
    created_at: str
    site_id: int
    author_id: int
    site: str
    template_title: str


_INSPECTIONS = """
SELECT i.id, i.kind, i.state, i.site_id, i.author_id, i.reviewer_id, i.updated_at, s.name AS site,
       t.title AS template_title,
       i.state = 'approved' AND EXISTS (SELECT 1 FROM signatures g WHERE g.inspection_id = i.id AND g.user_id = :me)
           AS signed_by_me
FROM inspections i JOIN sites s ON s.id = i.site_id JOIN templates t ON t.id = i.template_pk
WHERE i.state IN ('draft', 'returned', 'submitted', 'approved') AND ({who})
"""

_RECTIFICATIONS = """
SELECT r.id, r.inspection_id, r.item_code, r.state, r.due_date, r.created_at, i.site_id, i.author_id,
       s.name AS site, t.title AS template_title
FROM rectifications r JOIN inspections i ON i.id = r.inspection_id JOIN sites s ON s.id = i.site_id
JOIN templates t ON t.id = i.template_pk
WHERE {who}
"""


def _own_sites(actor: Actor) -> str:
    return ", ".join(str(int(x)) for x in sorted(actor.site_ids)) or "NULL"


def _inspections_who(actor: Actor) -> str:
    who = ["i.author_id = :me", "(i.state = 'approved' AND i.reviewer_id = :me)"]
    if actor.role in ("staff", "manager"):
        who.append(f"(i.kind = 'self' AND i.state IN ('draft', 'returned') AND i.site_id IN ({_own_sites(actor)}))")
    if actor.role == "manager":
        who.append(f"(i.state = 'submitted' AND i.site_id IN ({_own_sites(actor)}))")
    return " OR ".join(who)


def _rectifications_who(actor: Actor) -> str | None:
    if actor.role == "manager":
        return f"r.state IN ('open', 'reopened') AND i.site_id IN ({_own_sites(actor)})"
    if actor.role == "inspector":
        return f"r.state = 'done' AND (i.author_id = :me OR i.site_id IN ({_own_sites(actor)}))"
    return None


def _scoped(scope: Collection[int] | None) -> str:
    if scope is None:
        return ""
    return " AND i.site_id IN (" + (", ".join(str(int(x)) for x in sorted(scope)) or "NULL") + ")"


def inspections(conn: sqlite3.Connection, actor: Actor, scope: Collection[int] | None) -> list[WaitingInspection]:
    """The unfinished inspections that can concern ``actor`` within the sites ``scope`` (None: all)."""
    sql = _INSPECTIONS.format(who=_inspections_who(actor)) + _scoped(scope)
    return read(WaitingInspection, conn.execute(sql, {"me": actor.id}))


def rectifications(conn: sqlite3.Connection, actor: Actor, scope: Collection[int] | None) -> list[WaitingRectification]:
    """The rectifications ``actor``'s role works or verifies, within ``scope`` (None: all sites)."""
    who = _rectifications_who(actor)
    if who is None:
        return []
    return read(WaitingRectification, conn.execute(_RECTIFICATIONS.format(who=who) + _scoped(scope), {"me": actor.id}))


__all__ = ["WaitingInspection", "WaitingRectification", "inspections", "rectifications"]
