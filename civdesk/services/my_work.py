"""我的待办: everything waiting on the signed-in person, overdue first.

- their drafts and returned inspections (for staff and managers also their site's self-assessment
  drafts, which the site shares);
- submissions waiting for their review (the manager of the site, never the author);
- approved inspections waiting for their signature (author or reviewer who has not signed yet);
- rectifications to work (the site's manager: open or reopened) or to verify (an inspector: marked
  done, of an inspection they made or of a site assigned to them).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..domain import rectification as rule
from ..domain import scope as _scope
from ..domain.workflow import Actor, Facts, WorkflowError, check
from ..store import Store, work

KINDS = ("returned", "review", "sign", "rectify", "verify", "draft")  # the order shown after the overdue ones


@dataclass(frozen=True)
class WorkItem:
    kind: str  # one of KINDS
    inspection_id: int
    site: str
    template_title: str
    state: str  # the inspection's state, or the rectification's for rectify / verify
    at: str  # last change of the inspection (or the rectification's creation)
    rect_id: int | None = None
    item_code: str | None = None
    due_date: str | None = None
    overdue: bool = False


def _may(actor: Actor, action: str, r: work.WaitingInspection) -> bool:
    """The workflow rule the screens' buttons and the services ask (services.views), on this row."""
    facts = Facts(
        kind=r.kind,
        state=r.state,
        site_id=r.site_id,
        author_id=r.author_id,
        reviewer_id=r.reviewer_id,
        signer_ids=frozenset({actor.id}) if r.signed_by_me else frozenset(),
    )
    try:
        check(actor, action, facts)
    except WorkflowError:
        return False
    return True


def _inspection_kind(actor: Actor, r: work.WaitingInspection) -> str | None:
    if r.state == "draft":
        return "draft" if _may(actor, "answer", r) else None
    if r.state == "returned":
        # Back with its author (and the site that shares it), not with the reviewer who returned it.
        mine = r.author_id == actor.id or r.reviewer_id != actor.id
        return "returned" if mine and _may(actor, "answer", r) else None
    if r.state == "submitted":
        return "review" if _may(actor, "approve", r) else None
    if r.state == "approved":
        return "sign" if _may(actor, "sign", r) else None
    return None


def _rect_kind(actor: Actor, r: work.WaitingRectification) -> str | None:
    if r.state in ("open", "reopened"):
        return "rectify" if actor.role == "manager" and r.site_id in actor.site_ids else None
    if actor.role == "inspector" and (r.author_id == actor.id or r.site_id in actor.site_ids):
        return "verify"
    return None


def my_work(store: Store, actor: Actor, *, today: _dt.date | None = None) -> list[WorkItem]:
    """What waits on ``actor``: overdue rectifications first (earliest due first), then by kind."""
    today = today or _dt.date.today()
    scope = _scope.sites(actor)
    items: list[WorkItem] = []
    for r in work.inspections(store.conn, actor, scope):
        kind = _inspection_kind(actor, r)
        if kind:
            items.append(WorkItem(kind, r.id, r.site, r.template_title, r.state, r.updated_at))
    for q in work.rectifications(store.conn, actor, scope):
        kind = _rect_kind(actor, q)
        if kind:
            due = _dt.date.fromisoformat(q.due_date)
            items.append(
                WorkItem(
                    kind,
                    q.inspection_id,
                    q.site,
                    q.template_title,
                    q.state,
                    q.created_at,
                    rect_id=q.id,
                    item_code=q.item_code,
                    due_date=q.due_date,
                    overdue=rule.is_overdue(q.state, due, today),
                )
            )
    items.sort(key=lambda w: w.at, reverse=True)  # newest first within a kind (a stable sort keeps it)
    items.sort(key=lambda w: (not w.overdue, w.due_date if w.overdue else "", KINDS.index(w.kind), w.due_date or ""))
    return items


def count(store: Store, actor: Actor) -> int:
    return len(my_work(store, actor))
