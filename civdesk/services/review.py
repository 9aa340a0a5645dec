"""What the review and sign-off screens read: the result an inspection is compared with, the
items a reviewer returned with comments, and the audit trail of one inspection.

Read-only: every change (return, approve, sign, rectification work) goes through
services.inspections, services.signing and services.rectifications.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..domain.audit import first_broken
from ..store import Store
from ..store import audit as audit_repo
from ..store import inspections as inspection_repo
from ..store import rectifications as rect_repo
from ..store import templates as template_repo
from . import inspections as insp

REVIEWED_STATES = ("submitted", "returned", "approved", "signed", "certified")


def previous_for(store: Store, inspection_id: int) -> int | None:
    """The site's previous result on the same checklist to compare with: for a self-assessment the
    latest inspection (else the previous self-assessment); for an inspection the one before it
    (else the latest self-assessment). Only submitted or later results count; drafts are not results."""
    row = inspection_repo.get(store.conn, inspection_id)
    if row is None:
        return None
    template_id = template_repo.template_id_of(store.conn, row.template_pk)
    if row.kind == "self":
        choices = [("inspection", None), ("self", row.created_at)]
    else:
        choices = [("inspection", row.created_at), ("self", None)]
    for kind, before in choices:
        found = inspection_repo.latest_result(
            store.conn,
            site_id=row.site_id,
            template_id=template_id,
            other_than=inspection_id,
            kind=kind,
            states=REVIEWED_STATES,
            before=before,
        )
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
        out[r.code] = ItemComparison(
            r.code, current.answers.get(r.code), previous.answers.get(r.code) if previous else None, differs
        )
    return out


@dataclass(frozen=True)
class ReturnNote:
    """A reviewer's return: the reason, who and when, and the comments on single items (code → comment)."""

    reason: str
    by: str
    at: str
    items: Mapping[str, str]


def last_return(store: Store, inspection_id: int) -> ReturnNote | None:
    """The latest return, or None."""
    ret = inspection_repo.last_comment(store.conn, inspection_id, "return")
    if ret is None:
        return None
    items = inspection_repo.item_comments_at(store.conn, inspection_id, ret.at)
    return ReturnNote(ret.text, ret.display_name, ret.at, MappingProxyType(dict(items)))


def returned_items(store: Store, inspection_id: int) -> dict[str, str]:
    """Item comments the author still has to deal with: those of the latest return, while returned."""
    if inspection_repo.state_of(store.conn, inspection_id) != "returned":
        return {}
    ret = last_return(store, inspection_id)
    return dict(ret.items) if ret else {}


@dataclass(frozen=True)
class AuditEntry:
    """One audit entry of an inspection's trail: ``user`` is the display name, ``item_code`` the item
    it concerns (an answer's, or a rectification's), ``detail`` what it recorded, as data."""

    seq: int
    at: str
    user_id: int | None
    user: str
    login: str
    action: str
    entity: str
    entity_id: str | None
    item_code: str | None
    detail: Mapping[str, Any]
    hash: str


def audit_trail(store: Store, inspection_id: int) -> list[AuditEntry]:
    """The audit entries of an inspection and of its rectifications, oldest first."""
    insp.view(store, inspection_id)  # NotFound for an unknown id
    rects = {str(r.id): r.item_code for r in rect_repo.of_inspection(store.conn, inspection_id)}
    rows = []
    for e in audit_repo.of_inspection(store.conn, inspection_id, list(rects)):
        detail = json.loads(e.detail)
        code = rects.get(e.entity_id or "") if e.entity == "rectification" else detail.get("code")
        rows.append(
            AuditEntry(
                e.seq,
                e.at,
                e.user_id,
                e.user or "",
                e.login or "",
                e.action,
                e.entity,
                e.entity_id,
                code,
                MappingProxyType(detail),
                e.hash,
            )
        )
    return rows


def chain_problem(store: Store) -> tuple[int, str] | None:
    """(seq, reason) of the first audit entry that breaks the hash chain, or None when it verifies."""
    return first_broken(store.audit_entries())


def evidence_paths(store: Store, shas: list[str]) -> list[str]:
    """The stored files of a rectification's evidence photos."""
    from ..store import attachments

    return [str(attachments.path_for(store.attachments_dir, sha)) for sha in shas]
