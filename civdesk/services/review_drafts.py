"""A reviewer's review that is still being written: the per-item comments and the return reason
(or approval comment) of one inspection, kept in the database as they are typed, so that leaving
the review page, closing the window or handing the laptop to the next person loses nothing.

A draft belongs to one reviewer and is read back only by them. It is not audited (nothing has
happened to the inspection yet) and it is removed in the same transaction as the return or
approval that sends it (ui/review/signoff_ops.py). A draft older than the inspection's latest submission
was written about an earlier version of the answers and is dropped when read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..domain.workflow import Actor
from ..store import Store
from ..store import inspections as repo
from ..store.db import now
from .errors import InputError, NotFound

MAX_TEXT = 4000


@dataclass(frozen=True)
class Draft:
    reason: str = ""
    comments: dict[str, str] = field(default_factory=dict)
    updated_at: str | None = None

    @property
    def empty(self) -> bool:
        return not self.reason.strip() and not any(t.strip() for t in self.comments.values())


def load(store: Store, by: Actor, inspection_id: int) -> Draft:
    """``by``'s draft review of the inspection (empty when there is none or it is stale)."""
    row = repo.review_draft(store.conn, inspection_id, by.id)
    if row is None:
        return Draft()
    if row.submitted_at and row.updated_at < row.submitted_at:
        clear(store, by, inspection_id)  # about answers that have been changed and submitted again
        return Draft()
    return Draft(row.reason, dict(json.loads(row.comments)), row.updated_at)


def save(store: Store, by: Actor, inspection_id: int, *, reason: str, comments: dict[str, str]) -> Draft:
    """Keep ``by``'s unsent review; an empty one removes the draft."""
    kept = {str(code): text for code, text in comments.items() if text.strip()}
    if len(reason) > MAX_TEXT or any(len(t) > MAX_TEXT for t in kept.values()):
        raise InputError("review_drafts.review_comment_longer_than", max_text=MAX_TEXT)
    if not repo.exists(store.conn, inspection_id):
        raise NotFound("review_drafts.no_inspection", inspection_id=inspection_id)
    draft = Draft(reason, kept, now())
    with store.write() as conn:
        if draft.empty:
            repo.drop_review_draft(conn, inspection_id, by.id)
            return Draft()
        repo.put_review_draft(
            conn, inspection_id, by.id, reason, json.dumps(kept, ensure_ascii=False), draft.updated_at or now()
        )
    return draft


def clear(store: Store, by: Actor, inspection_id: int) -> None:
    with store.write() as conn:
        repo.drop_review_draft(conn, inspection_id, by.id)
