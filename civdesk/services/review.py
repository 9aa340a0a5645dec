"""What the review and sign-off screens read: the result an inspection is compared with, the
items a reviewer returned with comments, and the audit trail of one inspection.

Read-only: every change (return, approve, sign, rectification work) goes through
services.inspections, services.signing and services.rectifications.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..domain.audit import first_broken
from ..store import Store
from . import inspections as insp

REVIEWED_STATES = ("submitted", "returned", "approved", "signed", "certified")


def previous_for(store: Store, inspection_id: int) -> int | None:
    """The site's previous result on the same checklist to compare with: for a self-assessment the
    latest inspection (else the previous self-assessment); for an inspection the one before it
    (else the latest self-assessment). Only submitted or later results count; drafts are not results."""
    row = store.one("SELECT i.id, i.site_id, i.kind, i.created_at, t.template_id FROM inspections i "
                    "JOIN templates t ON t.id = i.template_pk WHERE i.id = ?", (inspection_id,))
    if row is None:
        return None
    marks = ", ".join("?" * len(REVIEWED_STATES))
    base = ("SELECT i.id FROM inspections i JOIN templates t ON t.id = i.template_pk "
            f"WHERE i.site_id = ? AND t.template_id = ? AND i.id != ? AND i.state IN ({marks}) AND i.kind = ? ")
    args = (row["site_id"], row["template_id"], inspection_id, *REVIEWED_STATES)
    order = " ORDER BY COALESCE(i.submitted_at, i.created_at) DESC, i.id DESC LIMIT 1"
    if row["kind"] == "self":
        choices = [("inspection", ""), ("self", "AND i.created_at < ?")]
    else:
        choices = [("inspection", "AND i.created_at < ?"), ("self", "")]
    for kind, when in choices:
        extra = (row["created_at"],) if when else ()
        found = store.scalar(base + when + order, (*args, kind, *extra))
        if found:
            return found
    return None


@dataclass(frozen=True)
class ItemComparison:
    code: str
    value: object
    previous: object
    differs: bool


def compare(current: insp.View, previous: insp.View | None) -> dict[str, ItemComparison]:
    """Per item of the current checklist: its answer, the previous answer, and whether they differ
    (a grade that changed, or a value that changed where no grade applies)."""
    prev_results = {r.code: r for r in previous.result.items} if previous else {}
    out = {}
    for r in current.result.items:
        p = prev_results.get(r.code)
        if previous is None or p is None:
            differs = False
        elif r.answered and p.answered and r.grade is not None and p.grade is not None:
            differs = r.grade != p.grade
        else:
            differs = current.answers.get(r.code) != previous.answers.get(r.code)
        out[r.code] = ItemComparison(r.code, current.answers.get(r.code),
                                     previous.answers.get(r.code) if previous else None, differs)
    return out


def last_return(store: Store, inspection_id: int) -> dict | None:
    """The latest return: ``{"reason", "by", "at", "items": {code: comment}}``, or None."""
    ret = store.one("SELECT c.text, c.at, u.display_name FROM comments c JOIN users u ON u.id = c.user_id "
                    "WHERE c.inspection_id = ? AND c.kind = 'return' ORDER BY c.id DESC LIMIT 1", (inspection_id,))
    if ret is None:
        return None
    items = {r["item_code"]: r["text"] for r in store.query(
        "SELECT item_code, text FROM comments WHERE inspection_id = ? AND kind = 'comment' AND at = ? "
        "AND item_code IS NOT NULL ORDER BY id", (inspection_id, ret["at"]))}
    return {"reason": ret["text"], "by": ret["display_name"], "at": ret["at"], "items": items}


def returned_items(store: Store, inspection_id: int) -> dict[str, str]:
    """Item comments the author still has to deal with: those of the latest return, while returned."""
    if store.scalar("SELECT state FROM inspections WHERE id = ?", (inspection_id,)) != "returned":
        return {}
    ret = last_return(store, inspection_id)
    return dict(ret["items"]) if ret else {}


def audit_trail(store: Store, inspection_id: int) -> list[dict]:
    """The audit entries of an inspection and of its rectifications, oldest first, with the user's
    display name, the item code of a rectification, and the detail as data."""
    insp.view(store, inspection_id)  # NotFound for an unknown id
    rects = {str(r["id"]): r["item_code"] for r in store.query(
        "SELECT id, item_code FROM rectifications WHERE inspection_id = ?", (inspection_id,))}
    sql = ("SELECT a.seq, a.at, a.user_id, a.action, a.entity, a.entity_id, a.detail, a.hash, "
           "u.display_name AS user, u.name AS login FROM audit a LEFT JOIN users u ON u.id = a.user_id WHERE ")
    rows = store.query(sql + "a.entity = 'inspection' AND a.entity_id = ?", (str(inspection_id),))
    if rects:
        rows += store.query(sql + f"a.entity = 'rectification' AND a.entity_id IN ({', '.join('?' * len(rects))})",
                            tuple(rects))
    rows.sort(key=lambda r: r["seq"])
    for r in rows:
        r["detail"] = json.loads(r["detail"])
        r["item_code"] = rects.get(r["entity_id"]) if r["entity"] == "rectification" else r["detail"].get("code")
    return rows


def chain_problem(store: Store) -> tuple[int, str] | None:
    """(seq, reason) of the first audit entry that breaks the hash chain, or None when it verifies."""
    return first_broken(store.audit_entries())


def evidence_paths(store: Store, shas: list[str]) -> list[str]:
    """The stored files of a rectification's evidence photos."""
    from ..store import attachments

    return [str(attachments.path_for(store.attachments_dir, sha)) for sha in shas]
