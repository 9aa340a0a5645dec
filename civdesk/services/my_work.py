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
from ..store import Store

KINDS = ("returned", "review", "sign", "rectify", "verify", "draft")  # the order shown after the overdue ones


@dataclass(frozen=True)
class WorkItem:
    kind: str                 # one of KINDS
    inspection_id: int
    site: str
    template_title: str
    state: str                # the inspection's state, or the rectification's for rectify / verify
    at: str                   # last change of the inspection (or the rectification's creation)
    rect_id: int | None = None
    item_code: str | None = None
    due_date: str | None = None
    overdue: bool = False


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
    """The rows that can concern ``actor`` (the SQL narrows; _inspection_kind decides)."""
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


def _may(actor: Actor, action: str, r: dict) -> bool:
    """The workflow rule the screens' buttons and the services ask (services.views), on this row."""
    facts = Facts(kind=r["kind"], state=r["state"], site_id=r["site_id"], author_id=r["author_id"],
                  reviewer_id=r["reviewer_id"], signer_ids=frozenset({actor.id}) if r["signed_by_me"] else frozenset())
    try:
        check(actor, action, facts)
    except WorkflowError:
        return False
    return True


def _inspection_kind(actor: Actor, r: dict) -> str | None:
    if r["state"] == "draft":
        return "draft" if _may(actor, "answer", r) else None
    if r["state"] == "returned":
        # Back with its author (and the site that shares it), not with the reviewer who returned it.
        mine = r["author_id"] == actor.id or r["reviewer_id"] != actor.id
        return "returned" if mine and _may(actor, "answer", r) else None
    if r["state"] == "submitted":
        return "review" if _may(actor, "approve", r) else None
    if r["state"] == "approved":
        return "sign" if _may(actor, "sign", r) else None
    return None


def _rect_kind(actor: Actor, r: dict) -> str | None:
    if r["state"] in ("open", "reopened"):
        return "rectify" if actor.role == "manager" and r["site_id"] in actor.site_ids else None
    if actor.role == "inspector" and (r["author_id"] == actor.id or r["site_id"] in actor.site_ids):
        return "verify"
    return None


def my_work(store: Store, actor: Actor, *, today: _dt.date | None = None) -> list[WorkItem]:
    """What waits on ``actor``: overdue rectifications first (earliest due first), then by kind."""
    today = today or _dt.date.today()
    cond = _scope.condition(actor, "i.site_id")
    also = f" AND {cond}" if cond else ""
    items: list[WorkItem] = []
    for r in store.query(_INSPECTIONS.format(who=_inspections_who(actor)) + also, {"me": actor.id}):
        kind = _inspection_kind(actor, r)
        if kind:
            items.append(WorkItem(kind, r["id"], r["site"], r["template_title"], r["state"], r["updated_at"]))
    rect_who = _rectifications_who(actor)
    for r in store.query(_RECTIFICATIONS.format(who=rect_who) + also, {"me": actor.id}) if rect_who else ():
        kind = _rect_kind(actor, r)
        if kind:
            due = _dt.date.fromisoformat(r["due_date"])
            items.append(WorkItem(kind, r["inspection_id"], r["site"], r["template_title"], r["state"],
                                  r["created_at"], rect_id=r["id"], item_code=r["item_code"],
                                  due_date=r["due_date"], overdue=rule.is_overdue(r["state"], due, today)))
    items.sort(key=lambda w: w.at, reverse=True)  # newest first within a kind (a stable sort keeps it)
    items.sort(key=lambda w: (not w.overdue, w.due_date if w.overdue else "", KINDS.index(w.kind),
                              w.due_date or ""))
    return items


def count(store: Store, actor: Actor) -> int:
    return len(my_work(store, actor))
