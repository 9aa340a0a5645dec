"""The logged-in session: the open home, the acting user, preferences, and the change broadcast.

Anki-style: a screen never reaches into another one. Whatever changes data goes through ops.py,
which calls a service and then emits ``Session.changed`` with a ``Change`` record; every screen
listens and refreshes the parts the record names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from ..domain.workflow import Actor
from ..services import accounts
from ..store import Store
from .preferences import Prefs


@dataclass(frozen=True)
class Change:
    """What an operation changed. ``source`` is the widget that did it (it may skip its own refresh)."""

    inspections: frozenset[int] = frozenset()  # content or state of these inspections changed
    new_inspection: bool = False
    sites: bool = False
    users: bool = False
    templates: bool = False  # a checklist added or given a new version
    source: Any = None

    def touches(self, inspection_id: int) -> bool:
        return inspection_id in self.inspections


@dataclass(frozen=True)
class ResumePoint:
    """Where this user left a walkthrough: the inspection and the item shown last."""

    inspection_id: int
    item_code: str | None


class Session(QObject):
    changed = Signal(object)  # Change

    def __init__(self, store: Store, actor: Actor, prefs: Prefs | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.prefs = prefs or Prefs(store)
        row = accounts.user_by_name(store, actor.name)
        self.display_name: str = row["display_name"]

    def broadcast(self, change: Change) -> None:
        self.changed.emit(change)

    # Resume: the inspection and item the user was last on, per user.
    @property
    def _resume_key(self) -> str:
        return f"ui.resume.{self.actor.id}"

    def resume_point(self) -> ResumePoint | None:
        value = self.store.get_setting(self._resume_key)
        if not isinstance(value, dict) or not isinstance(value.get("inspection"), int):
            return None
        return ResumePoint(value["inspection"], value.get("item"))

    def set_resume_point(self, inspection_id: int | None, item_code: str | None = None) -> None:
        value = None if inspection_id is None else {"inspection": inspection_id, "item": item_code}
        self.store.set_setting(self._resume_key, value)
