"""What the export and import dialogs share: the progress bar of a bundle service run on the
operation runner, 取消 that stops it, the default folder, errors worded for the screen.

The services run on the operation runner (ui/worker.py) with that thread's own connection to the
home, so the window keeps painting; their progress arrives as the runner's signal and moves the
bar. Every control of the window-modal dialog but 取消 is disabled meanwhile, so nothing
re-enters; 取消 makes the service's next progress call raise, and the services remove what they
had written, as after any failure.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QStandardPaths, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton

from ...services import exchange
from ..refusals import explain
from ..worker import Cancelled as OperationCancelled
from ..worker import Operation, app_runner, start_with_store


def tr(text: str) -> str:
    return QCoreApplication.translate("Exchange", text)


def default_folder() -> Path:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs else Path.home()


def error_text(error: BaseException) -> str:
    """A service error for the user: the known ones in the interface language, the rest verbatim."""
    if isinstance(error, exchange.BundleRefused):
        return tr("文件被拒绝，未导入任何内容：{0}").format(explain(error.reason))
    return explain(error)


def phase_text(label: str) -> str:
    """The service's progress label (a member name or a step) as a few words."""
    if label.startswith(("attachments/", "photos")):
        return tr("照片")
    if label.startswith(("inspections/", "inspection ")):
        return tr("检查记录")
    if label.startswith(("templates/", "template ")):
        return tr("检查表")
    if label == "manifest":
        return tr("签名")
    return tr("人员与被检单位")


class Cancelled(Exception):
    """The user pressed 取消 while a bundle was read or written (raised from the progress callback:
    the services then remove what they had written, as after any failure)."""


class ProgressMixin:
    """A progress bar and a line under it, moved by a service's ``progress(done, total, label)``
    as it runs on the operation runner, and a 取消 button that stops the service at its next step."""

    def _make_progress(self) -> None:
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("muted")
        self.busy = False
        self.cancel_requested = False
        self.cancel_button = QPushButton(tr("取消"))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self._request_cancel)
        self.operation: Operation | None = None
        self._phase: tuple[str, str | None] = ("", None)
        app_runner().progressed.connect(self._progressed)

    def _run(self, name: str, work, done, failed, verb: str, writing: str | None = None) -> Operation:
        """``work(store, progress)`` on the runner with its own Store of this home; ``done(result)``
        or ``failed(error)`` on the GUI thread (a 取消 fails with ``Cancelled``)."""

        def ended(callback, value) -> None:
            self.operation = None
            callback(Cancelled() if isinstance(value, OperationCancelled) else value)

        self._phase = (verb, writing)
        self.operation = start_with_store(
            name,
            self.session.store.home,
            lambda store, op: work(store, lambda n, total, label="": op.progress(n, total, label)),
            done=lambda r: ended(done, r),
            error=lambda e: ended(failed, e),
            owner=self,
        )
        return self.operation

    def _progressed(self, op: Operation, done: int, total: int, label: str) -> None:
        """The bar and the line; ``writing`` names the import's second pass (its label "photos"),
        after every member of the bundle was checked."""
        if op is not self.operation or self.cancel_requested:
            return
        verb, writing = self._phase
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        now = writing if writing and label == "photos" else verb
        self.progress_label.setText(tr("{0}：{1}（{2}/{3}）").format(now, phase_text(label), done, total))

    def wait(self, timeout: float | None = None) -> bool:
        """Until the running export or import has ended and said so (tests, screenshots)."""
        op = self.operation
        if op is not None and not op.wait(timeout):
            return False
        QApplication.sendPostedEvents()  # the runner's queued signal: done/failed run here
        return self.operation is None

    def _request_cancel(self) -> None:
        self.cancel_requested = True
        if self.operation is not None:
            self.operation.cancel()
        self.cancel_button.setEnabled(False)
        self.progress_label.setText(tr("正在取消…"))

    def _show_cancel(self, busy: bool) -> None:
        self.cancel_requested = False
        self.cancel_button.setEnabled(True)
        self.cancel_button.setVisible(busy)

    def _indeterminate(self, text: str) -> None:
        self.progress.setRange(0, 0)
        self.progress_label.setText(text)
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def _finished(self, ok: bool) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if ok else 0)

    # While a service works, the dialog stays: Esc and the close button wait for it.
    def reject(self) -> None:
        if not self.busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
        else:
            super().closeEvent(event)


def path_row(edit: QLineEdit, browse: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(browse)
    return row


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def set_primary(button: QPushButton, on: bool) -> None:
    button.setObjectName("primary" if on else "")
    button.setDefault(on)
    button.style().unpolish(button)
    button.style().polish(button)


def wait_cursor(on: bool) -> None:
    if on:
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)  # busy, but 取消 can still be pressed
    else:
        QApplication.restoreOverrideCursor()
