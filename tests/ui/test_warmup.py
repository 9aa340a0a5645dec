"""warmup.gently: the modules a background load imports each give the GIL away first (so the
window keeps painting); imports on other threads are neither slowed nor held up meanwhile."""

from __future__ import annotations

import sys
import threading
import time

import pytest

from civdesk.ui import warmup


@pytest.fixture
def modules(tmp_path, monkeypatch):
    names = ("gentle_a", "gentle_b", "gentle_c", "elsewhere")
    for name in names:
        (tmp_path / f"{name}.py").write_text("X = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    for name in names:
        sys.modules.pop(name, None)


def test_gently_pauses_before_each_module_of_its_own_thread(modules, monkeypatch):
    paused: list[str] = []
    monkeypatch.setattr(warmup, "_pause", lambda: paused.append(threading.current_thread().name))

    def other_thread_imports() -> None:
        __import__("elsewhere")

    def work() -> int:
        other = threading.Thread(target=other_thread_imports, name="other")
        other.start()
        other.join()
        for name in ("gentle_a", "gentle_b", "gentle_c"):
            __import__(name)  # as an import statement does
        __import__("gentle_a")  # loaded already: no lookup, no pause
        return 42

    results: list[int] = []
    runner = threading.Thread(target=lambda: results.append(warmup.gently(work)), name="runner")
    runner.start()
    runner.join()
    assert results == [42]
    assert paused == ["runner"] * 3  # one pause per module it loaded
    assert not warmup._GENTLE  # the thread is gentle no longer
    __import__("json.tool")
    assert paused == ["runner"] * 3  # and this thread never was


def test_a_pause_holds_up_no_other_thread_s_import(modules, monkeypatch):
    """The runner pauses until this thread has imported a module of its own: paused under the
    interpreter's import lock (as a meta-path finder would be), it would wait out its timeout."""
    paused, imported_meanwhile = threading.Event(), threading.Event()
    waits: list[bool] = []
    monkeypatch.setattr(warmup, "_pause", lambda: (paused.set(), waits.append(imported_meanwhile.wait(timeout=5))))
    runner = threading.Thread(target=lambda: warmup.gently(lambda: __import__("gentle_a")))
    runner.start()
    assert paused.wait(timeout=5)
    __import__("elsewhere")
    imported_meanwhile.set()
    runner.join()
    assert waits == [True] and "gentle_a" in sys.modules


def _busy_while_runner_pauses(qtbot, busy_s: float, pauses: int = 1) -> tuple[list[float], float]:
    """The GUI thread at work for ``busy_s`` (no beat), the runner's pauses starting 50 ms in;
    (when each pause ended, when the GUI thread was free again)."""
    times: list[float] = []

    def run() -> None:
        time.sleep(0.05)
        for _ in range(pauses):
            warmup._pause()
            times.append(time.monotonic())

    runner = threading.Thread(target=run)
    runner.start()
    time.sleep(busy_s)
    back = time.monotonic()
    qtbot.waitUntil(lambda: len(times) == pauses, timeout=3000)  # beating again meanwhile
    runner.join()
    return times, back


@pytest.fixture
def beating(qtbot, monkeypatch):
    """The heartbeat of a window, running; ``hold`` sets how long a pause may hold."""
    from PySide6.QtWidgets import QWidget

    monkeypatch.setattr(warmup, "_hold_timed_out", [0.0])
    owner = QWidget()
    qtbot.addWidget(owner)
    beat = warmup.heartbeat(owner)
    qtbot.wait(40)
    yield lambda seconds: monkeypatch.setattr(warmup, "HOLD_MAX_S", seconds)
    warmup.stop_heartbeat(beat)
    assert warmup._beating == [False]


def test_a_background_import_waits_while_the_window_is_at_work(beating, qtbot):
    beating(5.0)
    times, back = _busy_while_runner_pauses(qtbot, 0.2)
    assert times[0] >= back  # it went on only once the window was free again


def test_without_a_heartbeat_a_pause_is_the_short_sleep_alone(qtbot):
    times, back = _busy_while_runner_pauses(qtbot, 0.3)
    assert times[0] < back - 0.1


def test_a_hold_that_runs_out_stops_the_holds_for_a_second(beating, qtbot):
    """The GUI thread may be waiting for a module the runner is halfway through: holding each of
    its submodules in turn would add the holds up."""
    beating(0.05)
    times, back = _busy_while_runner_pauses(qtbot, 0.5, pauses=3)  # longer than three holds together
    assert len(times) == 3 and times[-1] < back
    assert times[1] - times[0] < 0.04 and times[2] - times[1] < 0.04  # the later ones did not hold


def test_the_heartbeat_ends_with_its_owner(qtbot):
    """A window closed while the documents load: later background imports wait for no window."""
    from PySide6.QtWidgets import QWidget

    owner = QWidget()
    warmup.heartbeat(owner)
    assert warmup._beating == [True]
    owner.deleteLater()
    qtbot.waitUntil(lambda: warmup._beating == [False], timeout=2000)
