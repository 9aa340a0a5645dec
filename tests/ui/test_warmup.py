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


def _pause_on_runner(before_s: float, go: threading.Event, times: list[float], pauses: int = 1) -> threading.Thread:
    def run() -> None:
        go.wait(timeout=5)
        time.sleep(before_s)
        for _ in range(pauses):
            warmup._pause()
            times.append(time.monotonic())

    t = threading.Thread(target=run)
    t.start()
    return t


def test_a_background_import_waits_while_the_window_is_at_work(qtbot, monkeypatch):
    from PySide6.QtWidgets import QWidget

    monkeypatch.setattr(warmup, "HOLD_MAX_S", 5.0)
    monkeypatch.setattr(warmup, "_hold_timed_out", [0.0])
    owner = QWidget()
    qtbot.addWidget(owner)
    beat = warmup.heartbeat(owner)
    qtbot.wait(40)
    go, times = threading.Event(), []
    runner = _pause_on_runner(0.05, go, times)
    go.set()
    time.sleep(0.2)  # the GUI thread at work: no beat, the runner's pause comes halfway
    back = time.monotonic()
    qtbot.waitUntil(lambda: bool(times), timeout=3000)
    runner.join()
    assert times[0] >= back  # it went on only once the window was free again
    warmup.stop_heartbeat(beat)
    assert warmup._beating == [False]

    # No heartbeat: a pause is the short sleep alone, however long the GUI thread is busy.
    go, times = threading.Event(), []
    runner = _pause_on_runner(0.0, go, times)
    go.set()
    time.sleep(0.3)
    runner.join()
    assert times[0] < time.monotonic() - 0.1


def test_a_hold_that_runs_out_stops_the_holds_for_a_second(qtbot, monkeypatch):
    """The GUI thread may be waiting for a module the runner is halfway through: holding each of
    its submodules in turn would add the holds up."""
    from PySide6.QtWidgets import QWidget

    monkeypatch.setattr(warmup, "HOLD_MAX_S", 0.05)
    monkeypatch.setattr(warmup, "_hold_timed_out", [0.0])
    owner = QWidget()
    qtbot.addWidget(owner)
    beat = warmup.heartbeat(owner)
    qtbot.wait(40)
    go, times = threading.Event(), []
    runner = _pause_on_runner(0.05, go, times, pauses=3)
    go.set()
    time.sleep(0.5)  # busy for longer than the three pauses together would hold
    back = time.monotonic()
    runner.join()
    warmup.stop_heartbeat(beat)
    assert len(times) == 3 and times[-1] < back
    assert times[1] - times[0] < 0.04 and times[2] - times[1] < 0.04  # the later ones did not hold
