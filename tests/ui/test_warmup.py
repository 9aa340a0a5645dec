"""warmup.gently: the modules a background load imports each give the GIL away first (so the
window keeps painting); imports on other threads are left alone; nothing stays installed."""

from __future__ import annotations

import importlib
import sys
import threading
import time

from civdesk.ui import warmup


def test_gently_yields_before_each_module_of_its_own_thread(tmp_path, monkeypatch):
    for name in ("gentle_a", "gentle_b", "gentle_c", "elsewhere"):
        (tmp_path / f"{name}.py").write_text("X = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    slept: list[str] = []
    real_sleep = time.sleep
    monkeypatch.setattr(time, "sleep", lambda s: (slept.append(threading.current_thread().name), real_sleep(s)))
    before = list(sys.meta_path)

    def other_thread_imports() -> None:
        importlib.import_module("elsewhere")

    def work() -> int:
        other = threading.Thread(target=other_thread_imports, name="other")
        other.start()
        other.join()
        for name in ("gentle_a", "gentle_b", "gentle_c"):
            importlib.import_module(name)
        return 42

    runner = threading.Thread(target=lambda: results.append(warmup.gently(work)), name="runner")
    results: list[int] = []
    runner.start()
    runner.join()
    assert results == [42]
    assert slept.count("runner") >= 3  # one pause per module (and per submodule lookup) of its own
    assert "other" not in slept  # another thread's imports are not slowed
    assert sys.meta_path == before  # the finder is gone again
    for name in ("gentle_a", "gentle_b", "gentle_c", "elsewhere"):
        sys.modules.pop(name, None)
