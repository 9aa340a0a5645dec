"""Saving a walkthrough's work the moment it is made, and keeping what could not be saved.

Each answer, note and photo goes through ops (→ services, one transaction each). Two kinds of
failure are told apart:

- *refused*: the services reject the input itself (a value that does not fit the item, a rule of
  the workflow). Nothing is kept; the screen says why at the field.
- *failed*: storage did not take it (read-only database, locked file, full disk). The input is
  kept in ``pending`` and saved again by ``retry`` — nothing the user typed is lost.

The screen listens to the signals and shows the outcome; this class owns no widgets.
"""

from __future__ import annotations

import datetime as _dt
import logging
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from ...domain.scoring import AnswerError
from ...domain.workflow import WorkflowError
from ...services.errors import InputError, NotFound
from .. import ops
from ..refusals import explain
from ..session import Session
from .save_state import failure_text

log = logging.getLogger(__name__)
REFUSALS = (AnswerError, InputError, NotFound, WorkflowError)


class State(Protocol):
    """What the saver keeps up to date: the inspection's answers, notes and photo counts."""

    answers: dict[str, Any]
    notes: dict[str, str]
    photo_counts: dict[str, int]


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat()


class Autosave(QObject):
    changed = Signal(str, str)  # item code, what ("answer" | "note" | "photo") — saved
    saved = Signal(str)  # when the last save succeeded (UTC ISO time)
    failed = Signal(str, str, object, str)  # code, what, the kept value, the message for the user
    refused = Signal(str, str)  # code, the reason

    def __init__(
        self, session: Session, inspection_id: int, state: State, *, source: Any = None, parent: QObject | None = None
    ):
        super().__init__(parent)
        self.session = session
        self.iid = inspection_id
        self.state = state
        self.source = source
        self.pending: dict[tuple[str, str], Any] = {}  # (code, "answer" | "note" | "photo:PATH") → value
        self.undo_stack: list[tuple[str, Any, Any]] = []  # (code, before, after) of answer changes

    def _fail(self, key: tuple[str, str], value: Any, error: Exception) -> None:
        log.warning("saving %s of inspection %s failed: %s", key, self.iid, error)
        self.pending[key] = value
        what = key[1] if key[1] in ("answer", "note") else "photo"
        self.failed.emit(key[0], what, value, failure_text(error))

    def answer(self, code: str, value: Any, *, record_undo: bool = True) -> bool:
        """Save an answer (None clears it). True when it is saved (or was already)."""
        before = self.state.answers.get(code)
        key = (code, "answer")
        if value == before and key not in self.pending:
            return True
        try:
            if value is None:
                ops.clear_answer(self.session, inspection_id=self.iid, code=code, source=self.source)
                at, stored = _now(), None
            else:
                saved = ops.answer(self.session, inspection_id=self.iid, code=code, value=value, source=self.source)
                at, stored = saved.at, saved.value
        except REFUSALS as e:
            self.refused.emit(code, explain(e))
            return False
        except Exception as e:  # storage: keep the input for retry
            self._fail(key, value, e)
            return False
        self.pending.pop(key, None)
        if stored is None:
            self.state.answers.pop(code, None)
        else:
            self.state.answers[code] = stored
        if record_undo:
            self.undo_stack.append((code, before, stored))
        self.changed.emit(code, "answer")
        self.saved.emit(at)
        return True

    def note(self, code: str, text: str) -> bool:
        key = (code, "note")
        try:
            saved = ops.set_note(self.session, inspection_id=self.iid, code=code, note=text, source=self.source)
        except REFUSALS as e:
            self.refused.emit(code, explain(e))
            return False
        except Exception as e:
            self._fail(key, text, e)
            return False
        self.pending.pop(key, None)
        if saved.note:
            self.state.notes[code] = saved.note
        else:
            self.state.notes.pop(code, None)
        self.changed.emit(code, "note")
        self.saved.emit(saved.at)
        return True

    def attach(self, code: str, paths: list) -> int:
        """Attach photo files; returns how many were saved."""
        done = 0
        for path in paths:
            key = (code, f"photo:{path}")
            try:
                ops.attach_photo(self.session, inspection_id=self.iid, code=code, path=path, source=self.source)
            except REFUSALS as e:
                self.refused.emit(code, explain(e))
                continue
            except Exception as e:
                self._fail(key, str(path), e)
                continue
            self.pending.pop(key, None)
            self.state.photo_counts[code] = self.state.photo_counts.get(code, 0) + 1
            done += 1
        if done:
            self.changed.emit(code, "photo")
            self.saved.emit(_now())
        return done

    def remove_photo(self, code: str, attachment_id: int) -> bool:
        try:
            ops.remove_photo(self.session, inspection_id=self.iid, attachment_id=attachment_id, source=self.source)
        except REFUSALS as e:
            self.refused.emit(code, explain(e))
            return False
        except Exception as e:  # nothing to keep: removing again is one click
            self.refused.emit(code, failure_text(e))
            return False
        self.state.photo_counts[code] = max(0, self.state.photo_counts.get(code, 1) - 1)
        self.changed.emit(code, "photo")
        self.saved.emit(_now())
        return True

    def retry(self) -> None:
        """Save again everything whose save failed."""
        for (code, what), value in list(self.pending.items()):
            if what == "answer":
                self.answer(code, value)
            elif what == "note":
                self.note(code, value)
            else:
                self.attach(code, [value])

    def pop_undo(self) -> tuple[str, Any] | None:
        """The last answer change to take back: (code, the value before it)."""
        if not self.undo_stack:
            return None
        code, before, _after = self.undo_stack.pop()
        return code, before
