"""Saving and leaving a walkthrough: each change saved through the autosave the moment it is made,
retry and undo, what happens to input that could not be saved, and the resume point.

A mixin of WalkthroughPage (walkthrough/page.py); its texts keep that page's translation context.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from ...services import inspections as insp

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("WalkthroughPage", text)


class WalkthroughSaving:
    """Saving, undo, retry and leaving, for WalkthroughPage."""

    @property
    def pending(self) -> dict:
        return self.saver.pending

    @property
    def undo_stack(self) -> list:
        return self.saver.undo_stack

    def _connect_saver(self) -> None:
        self.saver.changed.connect(self._saver_changed)
        self.saver.saved.connect(self._saved)
        self.saver.failed.connect(self._failed)
        self.saver.refused.connect(self._refused)

    def _saver_changed(self, code: str, what: str) -> None:
        if code == self.current.code:
            if what == "answer":
                self.card.set_value(self.answers.get(code))
            elif what == "note":
                self.card.set_saved_note(self.notes.get(code, ""))
            else:
                self.card.photos.set_photos(insp.photos(self.session.store, self.iid, code))
        self.undo_button.setEnabled(self.editable and bool(self.undo_stack))
        self._after_change(code)

    def _saved(self, at: str) -> None:
        if self.pending:
            return
        self.save_state.saved(at)
        self.card.set_save_error("")

    def _failed(self, code: str, what: str, value: Any, text: str) -> None:
        self.save_state.failed(text, len(self.pending))
        if code == self.current.code:
            self.card.set_save_error(text)
            if what == "answer":
                self.card.set_pending(value)
        self._refresh_item(code)

    def _refused(self, code: str, reason: str) -> None:
        """Input the services refuse (not a storage failure): said at the field, nothing kept."""
        if code == self.current.code:
            self.card.set_save_error(tr("未保存：{0}").format(reason))

    def _answer_committed(self, code: str, value: Any) -> None:
        if self.save_answer(code, value) and value is not None and self.session.prefs.get("ui.auto_advance"):
            item = self.tpl.item(code)
            if item.type in ("check", "grade", "tiers") and not self._missing_evidence(code):
                self.go_next()

    def save_answer(self, code: str, value: Any) -> bool:
        if not self.editable:
            return False
        if value == self.answers.get(code) and (code, "answer") not in self.pending and code == self.current.code:
            self.card.set_value(value)  # a choice pressed again: nothing to save, show it as saved
        return self.saver.answer(code, value)

    def save_note(self, code: str, text: str) -> bool:
        return self.editable and self.saver.note(code, text)

    def attach(self, code: str, paths: list) -> None:
        if self.editable:
            self.saver.attach(code, paths)

    def remove_photo(self, attachment_id: int) -> None:
        if not self.editable:
            return
        answer = QMessageBox.question(self, tr("删除照片"), tr("从此检查项中删除这张照片？"))
        if answer == QMessageBox.StandardButton.Yes:
            self.saver.remove_photo(self.current.code, attachment_id)

    def retry(self) -> None:
        """Save again everything whose save failed, then anything typed but not yet committed."""
        self.saver.retry()
        if not self.pending:
            self.card.commit()

    def undo(self) -> None:
        if not self.editable:
            return
        last = self.saver.pop_undo()
        if last is None:
            return
        code, before = last
        if not self.go_to(self.position[code]):  # the current field holds refused input: fix that first
            self.undo_stack.append((code, before, self.answers.get(code)))
            return
        self.saver.answer(code, before, record_undo=False)
        self.undo_button.setEnabled(bool(self.undo_stack))

    def flush(self) -> bool:
        """Before the window closes: commit typed input and the resume point. False if unsaved
        (a failed save, or a typed value the field refused that the user chose to keep editing)."""
        if not self.card.commit() and not self.settle_refused():
            return False
        self._resume_timer.stop()
        self._write_resume()
        return not self.pending

    def keep_for_later(self) -> str:
        """Before the session is locked: save what can be saved without asking anyone (valid typed
        input, the resume point); returns what cannot be kept, for the lock screen ('' if nothing)."""
        self.card.commit()
        self._resume_timer.stop()
        self._write_resume()
        parts = []
        refused = self.card.editor.refused() if self.card.editor is not None and self.editable else None
        if refused:
            parts.append(tr("第 {0} 项填写的“{1}”未被接受").format(self.current.code, refused[0]))
        if self.pending:
            parts.append(tr("{0} 项更改未能保存").format(len(self.pending)))
        return "；".join(parts)

    def settle_refused(self) -> bool:
        """The current field holds a value it refused (e.g. letters in a measure): ask whether to keep
        editing or discard it. True when it is fine to leave (discarded, or nothing refused)."""
        editor = self.card.editor
        refused = editor.refused() if editor is not None and self.editable else None
        if refused is None:
            return True
        text, problem = refused
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            tr("输入未被接受"),
            tr("第 {0} 项填写的“{1}”没有保存：{2}。\n继续编辑改正它，还是放弃这项输入？").format(
                self.current.code, text, problem
            ),
            parent=self,
        )
        keep = box.addButton(tr("继续编辑"), QMessageBox.ButtonRole.RejectRole)
        discard = box.addButton(tr("放弃输入"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        if box.clickedButton() is discard:
            editor.discard_typed()
            return True
        self.window().activateWindow()  # the keyboard back to the field, as before the question
        self.card.focus_default()
        return False

    def _write_resume(self) -> None:
        try:
            self.session.set_resume_point(self.iid, self.current.code)
        except Exception as e:  # losing the resume point must never disturb the user
            log.warning("could not store the resume point: %s", e)

    def leave(self) -> bool:
        """Leaving the inspection on purpose: commit, settle refused and unsaved input, forget the
        resume point."""
        if not self.card.commit() and not self.settle_refused():
            return False
        if self.pending and not self.confirm_discard():
            return False
        self._resume_timer.stop()
        try:
            self.session.set_resume_point(None)
        except Exception as e:
            log.warning("could not clear the resume point: %s", e)
        return True

    def request_close(self) -> None:
        if self.leave():
            self.closed.emit()

    def confirm_discard(self) -> bool:
        """Ask what to do with unsaved input; True when it is fine to leave."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            tr("有未保存的更改"),
            tr("{0} 项更改未能保存。再试一次保存，还是放弃这些更改？").format(len(self.pending)),
            parent=self,
        )
        retry = box.addButton(tr("重试保存"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(tr("放弃更改"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is retry:
            self.retry()
            return not self.pending
        return box.clickedButton() is discard
