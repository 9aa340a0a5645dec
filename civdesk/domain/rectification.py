"""Rectification (整改) rules: one per failed item, worked open → done → verified | reopened."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import NotAllowed

if TYPE_CHECKING:  # the rules only read results; the home page's figures need no scoring code
    from .scoring import ItemResult

STATES = ("open", "done", "verified", "reopened")
STATE_LABELS = {"open": "待整改", "done": "已整改", "verified": "已验证", "reopened": "重新整改"}

# action → (from states, to state, roles allowed)
TRANSITIONS = {
    "done": (("open", "reopened"), "done", ("manager",)),
    "verify": (("done",), "verified", ("inspector", "manager")),
    "reopen": (("done",), "reopened", ("inspector", "manager")),
}


class RectificationError(NotAllowed):
    """A refused rectification change; the message names the rule."""


def due_date(submitted: _dt.date, days: int) -> _dt.date:
    return submitted + _dt.timedelta(days=days)


def is_overdue(state: str, due: _dt.date, today: _dt.date) -> bool:
    """Past due and not verified."""
    return state != "verified" and today > due


def new_items(failed_codes: list[str], existing_codes: set[str]) -> list[str]:
    """Failed items that have no rectification yet (resubmitting must not duplicate them)."""
    return [c for c in failed_codes if c not in existing_codes]


@dataclass(frozen=True)
class Change:
    state: str
    needs_evidence: bool


def transition(state: str, action: str, role: str, *, has_evidence: bool) -> Change:
    """The next state, or RectificationError naming the rule broken."""
    if action not in TRANSITIONS:
        raise RectificationError("rectification.unknown_rectification_action", action=action)
    sources, target, roles = TRANSITIONS[action]
    if state not in sources:
        raise RectificationError("rectification.cannot_rectification", action=action, rect_state=state)
    if role not in roles:
        raise RectificationError("rectification.cannot_rectification2", role=role, action=action)
    if action == "done" and not has_evidence:
        raise RectificationError("rectification.marking_rectification_done_needs")
    return Change(target, action == "done")


@dataclass(frozen=True)
class Closing:
    """What a signed re-inspection does to the open rectifications of the inspection it follows."""

    verified: tuple[int, ...]  # found compliant: verified and closed by the re-inspection
    reopened: tuple[int, ...]  # covered but still failing or left unanswered


def close_after_reinspection(
    covered: Collection[str], open_rects: Iterable[tuple[int, str]], results: Mapping[str, ItemResult]
) -> Closing:
    """``open_rects``: (id, item code) of the followed inspection's rectifications not yet closed;
    ``results``: the re-inspection's item results by code. Items it did not cover stay as they are."""
    verified: list[int] = []
    reopened: list[int] = []
    for rect_id, code in open_rects:
        if code not in covered:
            continue
        found = results.get(code)
        (verified if found is not None and found.answered and not found.failed else reopened).append(rect_id)
    return Closing(tuple(verified), tuple(reopened))
