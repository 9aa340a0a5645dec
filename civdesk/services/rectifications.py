"""Rectification (整改) use cases: list and filter, mark done with evidence, verify, reopen, close.

Created on submit (services.inspections.submit); worked here to closure. A re-inspection covers
the open rectifications of the inspection it follows; once it is signed, the rectifications
whose items it found compliant are verified and closed, the others reopened.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..domain import rectification as rule
from ..domain import scope as _scope
from ..domain.workflow import Actor
from ..store import Store, now
from ..store import attachments as files
from ..store import audit as audit_repo
from ..store import inspections as inspection_repo
from ..store import rectifications as queries
from ..store.rectifications import Rectification, RectificationQuery
from . import templates
from .errors import InputError, NotAllowed, NotFound

FILTERS = ("open", "done", "verified", "reopened", "overdue", "closed")


@dataclass(frozen=True, slots=True)
class RectificationRow:
    """One rectification as the lists show it: with its site, owner, item text and whether it is
    overdue on the day the list was read."""

    id: int
    inspection_id: int
    inspection_uuid: str
    template_id: str
    item_code: str
    item_text: str
    site_id: int
    site: str
    owner_id: int | None
    owner: str
    due_date: str
    state: str
    overdue: bool
    done_note: str
    done_at: str | None
    verified_at: str | None
    closed_by: int | None
    evidence: tuple[str, ...]  # photo hashes

    @property
    def status(self) -> str:
        """What the lists say it is: its state, or "closed" once a re-inspection closed it."""
        return "closed" if self.closed_by else self.state

    def as_dict(self) -> dict[str, Any]:
        """For JSON output."""
        out = asdict(self)
        out["evidence"] = list(self.evidence)
        return out


def _today(today: _dt.date | None) -> _dt.date:
    return today or _dt.date.today()


def query(
    *,
    status: str | None = None,
    site_id: int | None = None,
    owner_id: int | None = None,
    inspection_id: int | None = None,
    due_until: str | None = None,
    today: _dt.date | None = None,
    site_ids: Sequence[int] | None = None,
) -> RectificationQuery:
    """The filters of a rectifications list, checked (an unknown status is refused)."""
    if status is not None and status not in FILTERS:
        raise InputError("rectifications.filter_one", status=status, join=", ".join(FILTERS))
    return RectificationQuery(_today(today), status, site_id, owner_id, inspection_id, due_until, site_ids)


def list_rectifications(
    store: Store,
    *,
    status: str | None = None,
    site_id: int | None = None,
    inspection_id: int | None = None,
    today: _dt.date | None = None,
    scope: Actor | None = None,
) -> list[RectificationRow]:
    """Rows with site, item text and an ``overdue`` flag computed against ``today`` (injectable);
    ``scope`` limits them to that person's sites."""
    q = query(status=status, site_id=site_id, inspection_id=inspection_id, today=today, site_ids=_scope.sites(scope))
    return _finish(store, queries.rows(store.conn, q))


def page(store: Store, q: RectificationQuery, offset: int, limit: int) -> list[RectificationRow]:
    """One page of ``q``'s rows, in due-date order."""
    return _finish(store, queries.rows(store.conn, q, offset, limit))


def count(store: Store, q: RectificationQuery) -> int:
    return queries.count(store.conn, q)


def rows_by_id(store: Store, q: RectificationQuery, ids: Sequence[int]) -> dict[int, RectificationRow]:
    """The rows of ``ids`` still passing ``q`` (a change re-reads only what it touched)."""
    return {r.id: r for r in _finish(store, list(queries.rows_by_id(store.conn, q, ids).values()))}


def owners(store: Store) -> list[tuple[str, int]]:
    return queries.owners(store.conn)


def _finish(store: Store, rows: list[dict]) -> list[RectificationRow]:
    texts: dict[int, dict[str, str]] = {}  # per template version, looked up once per page
    out = []
    for r in rows:
        pk = r["template_pk"]
        if pk not in texts:
            texts[pk] = templates.item_texts(store, pk)
        out.append(
            RectificationRow(
                id=r["id"],
                inspection_id=r["inspection_id"],
                inspection_uuid=r["inspection_uuid"],
                template_id=r["template_id"],
                item_code=r["item_code"],
                item_text=texts[pk].get(r["item_code"], ""),
                site_id=r["site_id"],
                site=r["site"],
                owner_id=r["owner_id"],
                owner=r["owner"] or "",
                due_date=r["due_date"],
                state=r["state"],
                overdue=bool(r["overdue"]),
                done_note=r["done_note"] or "",
                done_at=r["done_at"],
                verified_at=r["verified_at"],
                closed_by=r["closed_by"],
                evidence=tuple(json.loads(r["evidence"] or "[]")),
            )
        )
    return out


def get(store: Store, rect_id: int) -> Rectification:
    """One rectification with its inspection's site; NotFound when there is none."""
    row = queries.get(store.conn, rect_id)
    if row is None:
        raise NotFound("rectifications.no_rectification_id", rect_id=rect_id)
    return row


def _same_site(by: Actor, row: Rectification) -> None:
    if by.role == "manager" and row.site_id not in by.site_ids:
        raise NotAllowed("rectifications.manager_works_only_rectifications")
    _scope.require(by, row.site_id)


def _allowed(store: Store, by: Actor, row: Rectification, action: str, *, has_evidence: bool = True) -> rule.Change:
    """The change ``action`` makes, or the refusal (site, four-eyes, then the state rule)."""
    _same_site(by, row)
    if action in ("verify", "reopen"):
        done_by = audit_repo.last_actor(store.conn, "rectification", row.id, "rectification.done")
        if done_by == by.id:
            raise NotAllowed("rectifications.four_eyes_rule_whoever")
    return rule.transition(row.state, action, by.role, has_evidence=has_evidence)


def refusal(store: Store, by: Actor, row: Rectification, action: str) -> NotAllowed | None:
    """Why ``by`` may not ``action`` (done / verify / reopen) this rectification now, or None; the
    evidence and reason the action also needs are input, asked for when it is done."""
    try:
        _allowed(store, by, row, action)
    except NotAllowed as e:
        return e
    return None


def mark_done(store: Store, by: Actor, rect_id: int, note: str, photos: list[Path | str] = ()) -> None:
    row = get(store, rect_id)
    change = _allowed(store, by, row, "done", has_evidence=bool(note.strip() or photos))
    from . import inspections  # here, not at the top: the home page's figures import this module

    checked = [inspections.check_photo(p) for p in photos]  # every picture checked before any is stored
    shas = [files.put_file(store.attachments_dir, p)[0] for p in checked]
    ts = now()
    with store.write():
        queries.change(
            store.conn, rect_id, state=change.state, done_note=note.strip(), done_at=ts, evidence=json.dumps(shas)
        )
        store.audit(by.id, "rectification.done", "rectification", rect_id, {"note": note.strip(), "photos": shas})


def _review(store: Store, by: Actor, rect_id: int, action: str, reason: str = "") -> None:
    row = get(store, rect_id)
    change = _allowed(store, by, row, action)
    if action == "reopen" and not reason.strip():
        raise InputError("rectifications.reopening_rectification_needs_reason")
    changes = {"state": change.state}
    if action == "verify":
        changes.update(verified_by=by.id, verified_at=now())
    with store.write():
        queries.change(store.conn, rect_id, **changes)
        store.audit(by.id, f"rectification.{action}", "rectification", rect_id, {"reason": reason.strip()})


def verify(store: Store, by: Actor, rect_id: int) -> None:
    _review(store, by, rect_id, "verify")


def reopen(store: Store, by: Actor, rect_id: int, reason: str) -> None:
    _review(store, by, rect_id, "reopen", reason)


def open_codes(store: Store, inspection_id: int) -> list[str]:
    """Item codes of the rectifications a re-inspection of this inspection would cover."""
    return queries.open_codes(store.conn, inspection_id)


def close_covered(store: Store, by: Actor, reinspection_id: int) -> list[int]:
    """After a re-inspection is signed: verify and close what it found fixed, reopen the rest."""
    row = inspection_repo.get(store.conn, reinspection_id)
    if not row or row.kind != "reinspection" or not row.follows_id:
        return []
    from . import inspections

    results = {r.code: r for r in inspections.view(store, reinspection_id).result.items}
    open_rects = [(r.id, r.item_code) for r in queries.of_inspection(store.conn, row.follows_id, unclosed=True)]
    closing = rule.close_after_reinspection(json.loads(row.covers or "[]"), open_rects, results)
    ts = now()
    with store.write():
        for rect_id in closing.verified:
            # Verified by the re-inspection's author, who found it fixed, not by whoever signed last
            # (often the site's manager, who marked it done: four eyes).
            queries.change(
                store.conn,
                rect_id,
                state="verified",
                verified_by=row.author_id,
                verified_at=ts,
                closed_by=reinspection_id,
                closed_at=ts,
            )
        for rect_id in closing.reopened:
            queries.change(store.conn, rect_id, state="reopened")
        store.audit(
            by.id,
            "rectification.close",
            "inspection",
            reinspection_id,
            {"closed": list(closing.verified), "follows": row.follows_id},
        )
    return list(closing.verified)
