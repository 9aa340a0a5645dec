"""The first document of a fresh install against a later one (issue 14: at most 3×).

The wheel is built as a user gets it (``python -m build``: the sdist, then the wheel from it, which
prepares the PDF fonts it ships) and unpacked into a folder that goes first on PYTHONPATH; a fresh
process with an empty font cache then prints the same report of a demo home four times (three such
processes; medians). The target is on the desktop app: its main window shown and the work it
starts after its first paint done (the fonts registered, ReportLab and pyHanko loaded on the
runner's thread: documents.warm), as a person who opens a review and presses 打印 finds it. A
command-line process (``civdesk report``) is shown beside it without a target: it loads the
libraries for its one document. Later prints are what printing costs from then on. The run from
the source checkout (no shipped fonts: they are made into the empty cache) is shown too, as every
install printed before the fonts shipped.
Run alone: ``python -m benchmarks reports`` (the whole reports module) or, for the child process,
``python -m benchmarks.first_print HOME OUT [app|cli]``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from . import Row, at_most, median

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 3.0
PRINTS = 4
FRESH_PROCESSES = 3
REPORT_IID = 2  # a signed-off demo inspection
PRINTER = ("admin", "admin123")


def _child(home: Path, out: Path, mode: str = "cli") -> None:
    """In the fresh process: open the home, log in, print the report PRINTS times; JSON on stdout.

    ``cli``: as ``civdesk report`` does, nothing loaded before the first print. ``app``: as the
    desktop app does, its main window shown and the work it starts after the first paint
    (``Controller.start_background_work``: the start-up check, the backup, documents.warm) done
    before the person reaches 打印."""
    import civdesk
    from civdesk import services
    from civdesk.reports import fonts
    from civdesk.services import accounts, documents

    store = services.open_home(home)
    by = accounts.authenticate(store, *PRINTER)
    if mode == "app":
        _app_started(store, by)
    times = []
    for n in range(PRINTS):
        t0 = time.perf_counter()
        documents.render_report(store, REPORT_IID, out / f"report{n}.pdf", by=by)
        times.append(time.perf_counter() - t0)
    f = fonts.prepare()
    cache = fonts.cache_dir()
    print(
        json.dumps(
            {
                "civdesk": civdesk.__file__,
                "mode": mode,
                "origin": f.origin,
                "times": times,
                "cached": sorted(p.name for p in cache.iterdir()) if cache.exists() else [],
            }
        )
    )


def _app_started(store, by) -> None:
    """The desktop app's main window shown and its after-start work finished (as a person who
    opens a review and presses 打印 some seconds after logging in finds it)."""
    import time as _time

    from PySide6.QtWidgets import QApplication

    from civdesk.ui.app import Controller, make_app
    from civdesk.ui.preferences import Prefs

    app = make_app()
    controller = Controller(store, by, Prefs(store), "zh_CN")
    controller.show(resume=False)
    controller.start_background_work()
    end = _time.monotonic() + 3.0  # the after-start work begins a second after the first paint
    while _time.monotonic() < end:
        QApplication.processEvents()
        _time.sleep(0.01)
    controller.wait_background_work()
    QApplication.processEvents()
    assert app is not None


def _run(code_path: Path, args: list[str], work: Path, cache: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": f"{code_path}{os.pathsep}{ROOT}",
        "CIVDESK_FONT_CACHE": str(cache),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=work, timeout=900)


def _prints(code_path: Path, home: Path, work: Path, label: str, mode: str = "cli") -> dict:
    out, cache = work / f"out-{label}", work / f"cache-{label}"
    out.mkdir()
    done = _run(code_path, ["-m", "benchmarks.first_print", str(home), str(out), mode], work, cache)
    if done.returncode != 0:
        raise RuntimeError(f"printing from {label} failed: {done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if not result["civdesk"].startswith(str(code_path)):
        raise RuntimeError(f"{label}: CivDesk ran from {result['civdesk']}, not {code_path}")
    return result


def rows(work: Path, log) -> list[Row]:
    dist = work / "dist"
    t0 = time.perf_counter()
    # sdist, then the wheel from it (as pip builds from PyPI): a fresh build folder, so the fonts are
    # made now and not taken from an earlier build in the checkout's build/.
    done = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)], capture_output=True, text=True, timeout=900
    )
    if done.returncode != 0:
        raise RuntimeError(f"wheel build failed: {done.stderr[-2000:]}")
    built = time.perf_counter() - t0
    (wheel,) = dist.glob("civdesk-*.whl")
    site = work / "installed"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    log(f"wheel built in {built:.1f} s ({wheel.stat().st_size / 1e6:.1f} MB), unpacked into {site}")

    home = work / "first-print-home"
    demo = _run(site, ["-m", "civdesk", "--home", str(home), "demo"], work, work / "cache-demo")
    if demo.returncode != 0:
        raise RuntimeError(f"demo failed: {demo.stderr[-2000:]}")
    # Three fresh processes (each with its own empty cache): a passing load on the machine moves one.
    wheel_runs = [_prints(site, home, work, f"wheel{n}", "app") for n in range(FRESH_PROCESSES)]
    cli_runs = [_prints(site, home, work, f"cli{n}") for n in range(FRESH_PROCESSES)]
    checkout_run = _prints(ROOT, home, work, "checkout")
    runs = [*((f"app {n}", r) for n, r in enumerate(wheel_runs)), *((f"cli {n}", r) for n, r in enumerate(cli_runs))]
    for label, r in [*runs, ("checkout", checkout_run)]:
        log(
            f"{label}: fonts {r['origin']}, prints {', '.join(f'{t:.2f}' for t in r['times'])} s, "
            f"written to the empty font cache: {r['cached'] or 'nothing'}"
        )
    if any(r["origin"] != "shipped" or r["cached"] for r in wheel_runs + cli_runs):
        raise RuntimeError("the installed wheel did not print with its shipped fonts")
    first = median([r["times"][0] for r in wheel_runs])
    later = median([t for r in wheel_runs for t in r["times"][1:]])
    cli_first = median([r["times"][0] for r in cli_runs])
    cli_later = median([t for r in cli_runs for t in r["times"][1:]])
    return [
        Row("sdist + wheel build, preparing the fonts the wheel ships", round(built, 1), "s"),
        Row("wheel size", round(wheel.stat().st_size / 1e6, 2), "MB"),
        Row("first report in the desktop app, fresh install (wheel), empty font cache: median", round(first, 2), "s"),
        Row("later report, same process: median", round(later, 2), "s"),
        at_most(
            "first ÷ later report, desktop app, fresh install (shipped fonts)",
            round(first / later, 2),
            "×",
            TARGET_RATIO,
        ),
        # A command-line print is a process of its own: it loads ReportLab and pyHanko (~0.6 s) for
        # the one document it makes, whatever is shipped.
        Row("first ÷ later report, one command-line process (civdesk report)", round(cli_first / cli_later, 2), "×"),
        Row(
            "first report, source checkout, empty font cache (fonts made now)", round(checkout_run["times"][0], 2), "s"
        ),
    ]


if __name__ == "__main__":
    _child(Path(sys.argv[1]), Path(sys.argv[2]), *sys.argv[3:4])
