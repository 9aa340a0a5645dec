"""One runner for the application's long operations: each runs on a worker thread, reports
progress, can be cancelled, and its result (or error) arrives on the GUI thread as a signal.

An operation gets no database connection from the GUI: sqlite3 connections belong to their
thread, so an operation that needs the home opens its own Store (``Operation.home``) and closes
it when done. The window keeps painting meanwhile.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

REPORT_EVERY_S = 0.05


class Cancelled(Exception):
    """The user pressed 取消: the operation stopped and left nothing behind."""


class Operation:
    """What a running operation sees: progress to report and a cancel flag to check."""

    def __init__(self, runner: OperationRunner, name: str, home: Path | None):
        self.runner = runner
        self.name = name
        self.home = home
        self._cancel = threading.Event()
        self._reported = float("-inf")
        self.thread: threading.Thread | None = None

    def progress(self, done: int, total: int, what: str = "") -> None:
        """Checks 取消 on every call; tells the GUI thread at most every REPORT_EVERY_S (and at the
        end): an import of thousands of members must not queue thousands of bar updates, which the
        GUI thread would then work through in one go, not painting meanwhile."""
        self.check()
        now = time.monotonic()
        if done < total and now - self._reported < REPORT_EVERY_S:
            return
        self._reported = now
        try:
            self.runner.progressed.emit(self, done, total, what)
        except RuntimeError:
            self.cancel()  # the window closed: stop rather than work for nobody

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled(self.name)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work is done (tests, and shutting down); True when it finished."""
        if self.thread is not None:
            self.thread.join(timeout)
            return not self.thread.is_alive()
        return True


class OperationRunner(QObject):
    progressed = Signal(object, int, int, str)  # operation, done, total, what
    finished = Signal(object, object)  # operation, result
    failed = Signal(object, object)  # operation, exception (Cancelled when cancelled)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.running: list[Operation] = []

    def start(
        self,
        name: str,
        work: Callable[[Operation], Any],
        *,
        home: Path | None = None,
        done: Callable[[Any], None] | None = None,
        error: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
    ) -> Operation:
        """Run ``work(operation)`` on a worker thread; ``done``/``error`` are called on the GUI thread,
        unless ``owner`` (the screen that asked) was deleted meanwhile."""
        op = Operation(self, name, home)
        relay = _Relay(op, done, error, self, owner)
        self.finished.connect(relay.finished)
        self.failed.connect(relay.failed)

        def body() -> None:
            try:
                result = work(op)
            except BaseException as e:
                outcome, value = self.failed, e
            else:
                outcome, value = self.finished, result
            try:
                outcome.emit(op, value)
            except RuntimeError:
                pass  # the window closed first: nobody is left to tell

        op.thread = threading.Thread(target=body, name=f"civdesk-{name}", daemon=True)
        self.running.append(op)
        op.thread.start()
        return op

    def wait_all(self, timeout: float | None = None) -> None:
        for op in list(self.running):
            op.wait(timeout)


class _Relay(QObject):
    """Calls one operation's callbacks when the runner's signals name it, then lets go."""

    def __init__(self, op: Operation, done, error, runner: OperationRunner, owner: QObject | None):
        super().__init__(runner)
        self.op, self.done, self.error, self.runner, self.owner = op, done, error, runner, owner

    def _wanted(self) -> bool:
        return self.owner is None or shiboken6.isValid(self.owner)

    def finished(self, op: Operation, result: Any) -> None:
        if op is self.op:
            self._release()
            if self.done and self._wanted():
                self.done(result)

    def failed(self, op: Operation, exc: BaseException) -> None:
        if op is self.op:
            self._release()
            if self.error and self._wanted():
                self.error(exc)

    def _release(self) -> None:
        self.runner.finished.disconnect(self.finished)
        self.runner.failed.disconnect(self.failed)
        if self.op in self.runner.running:
            self.runner.running.remove(self.op)
        self.deleteLater()


def app_runner() -> OperationRunner:
    """The application's one runner (made on first use, owned by the QApplication)."""
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    runner = app.findChild(OperationRunner, "civdesk-runner")
    if runner is None:
        runner = OperationRunner(app)
        runner.setObjectName("civdesk-runner")
    return runner


def start_with_store(
    name: str,
    home: Path,
    work: Callable[[Any, Operation], Any],
    *,
    done: Callable[[Any], None] | None = None,
    error: Callable[[BaseException], None] | None = None,
    owner: QObject | None = None,
) -> Operation:
    """``work(store, operation)`` on the application's runner with that thread's own Store of
    ``home`` (a SQLite connection belongs to its thread), closed when the work ends."""
    from ..store import Store

    def body(op: Operation):
        store = Store(home, migrate=False)
        try:
            return work(store, op)
        finally:
            store.close()

    return app_runner().start(name, body, home=home, done=done, error=error, owner=owner)
