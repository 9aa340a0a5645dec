"""The operation runner: work on a worker thread, progress and the result on the GUI thread,
取消 stops it, and a screen deleted meanwhile is not called back."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject

from civdesk.ui.worker import Cancelled, app_runner


def test_result_and_progress_arrive_on_the_gui_thread(qtbot):
    runner = app_runner()
    seen, got = [], []
    runner.progressed.connect(lambda op, done, total, what: seen.append((done, total, threading.current_thread())))

    def work(op):
        for n in range(3):
            op.progress(n + 1, 3, "steps")
        return threading.current_thread().name

    op = runner.start("count", work, done=lambda r: got.append((r, threading.current_thread())))
    qtbot.waitUntil(lambda: bool(got), timeout=5_000)
    assert got == [("civdesk-count", threading.main_thread())]
    qtbot.waitUntil(lambda: (3, 3) in [s[:2] for s in seen], timeout=5_000)
    reported = [s[0] for s in seen if s[1] == 3]
    assert reported[0] == 1 and reported[-1] == 3  # the first step and the end are always told
    assert {t for *_, t in seen} == {threading.main_thread()} and op not in runner.running


def test_progress_is_told_at_most_every_50_ms(qtbot):
    """Thousands of quick steps queue a few dozen updates for the GUI thread, not thousands."""
    runner = app_runner()
    seen, got = [], []
    runner.progressed.connect(lambda op, done, total, what: total == 5000 and seen.append(done))

    def work(op):
        started = time.monotonic()
        for n in range(5000):
            op.progress(n + 1, 5000)
        return time.monotonic() - started

    runner.start("many", work, done=got.append)
    qtbot.waitUntil(lambda: bool(got) and 5000 in seen, timeout=10_000)
    assert seen[0] == 1 and seen[-1] == 5000 and seen == sorted(seen)
    assert len(seen) <= 2 + got[0] / 0.05  # one per 50 ms of work, the first and the last


def test_cancel_stops_the_work(qtbot):
    errors, steps = [], []

    def work(op):
        for n in range(1000):
            op.progress(n, 1000)
            steps.append(n)
            time.sleep(0.005)
        return "finished"

    op = app_runner().start("long", work, error=errors.append, done=lambda r: errors.append(r))
    qtbot.waitUntil(lambda: len(steps) > 3, timeout=5_000)
    op.cancel()
    qtbot.waitUntil(lambda: bool(errors), timeout=5_000)
    assert isinstance(errors[0], Cancelled) and len(steps) < 1000 and op.wait(1)


def test_a_deleted_owner_is_not_called_back(qtbot):
    owner, called = QObject(), []
    release = threading.Event()
    op = app_runner().start("late", lambda op: release.wait(5), done=called.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(owner), timeout=5_000)
    release.set()
    assert op.wait(5)
    qtbot.wait(50)
    assert called == []
