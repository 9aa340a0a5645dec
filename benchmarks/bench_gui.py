"""GUI timings: start-up to the main window next to a bare PySide6 window, opening a 300-item
walkthrough, and loading the inspections list.

    python -m benchmarks gui          # with the other benchmarks' table
    python benchmarks/bench_gui.py    # this module alone

CivDesk's bytecode is compiled first, as in an installed or packaged CivDesk. Start-up is the
wall-clock time from launching a fresh process to its window being exposed
(each child prints the clock when it is shown; the time it then takes to exit is not counted).
CivDesk's process does what ``run_gui`` does before the event loop, minus the user's typing in
the login dialog: import, register the CJK font, open the 10,000-inspection home (synthetic.py),
install the language, check the password as the login dialog does (scrypt on a worker thread
while the main window's code loads, ui/preload.py) and show the main window on its home page. The bare window and CivDesk alternate in the same run, so both see the
same machine. Targets (issue 3): start-up ≤ 3 × the bare window; a 300-item walkthrough opens in
≤ 300 ms.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import Row, at_most, median, synthetic, time_ms  # noqa: E402

RUNS = 7
START_RATIO_TARGET = 3.0
WALKTHROUGH_TARGET_MS = 300.0
PASSWORD = "benchmark-pw"  # synthetic.build_home gives every user this password
INSPECTOR = "insp1"

_SHOWN = """
while not (w.windowHandle() and w.windowHandle().isExposed()):
    app.processEvents()
app.processEvents()
import time
print(time.time(), flush=True)
"""

BARE = (
    """
import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow()
w.setCentralWidget(QLabel("hello"))
w.resize(1366, 768)
w.show()
"""
    + _SHOWN
)

CIVDESK = (
    """
import sys
from pathlib import Path
from civdesk import services
from civdesk.services import accounts
from civdesk.ui import i18n, preload
from civdesk.ui.app import Controller, choose_language, make_app
from civdesk.ui.preferences import Prefs
app = make_app()
store = services.open_home(Path(sys.argv[1]))
prefs = Prefs(store)
lang = i18n.install(choose_language(None, prefs))
actor = accounts.authenticate(store, sys.argv[2], sys.argv[3], meanwhile=preload.main_window_code)
w = Controller(store, actor, prefs, lang).show(resume=False)
"""
    + _SHOWN
)


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def seconds_to_shown(code: str, *args: str) -> float:
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        check=True,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    return float(done.stdout.strip().splitlines()[-1]) - start


def _compile_bytecode() -> None:
    """Write CivDesk's .pyc files first, as an installed or packaged CivDesk has them: with
    PYTHONDONTWRITEBYTECODE set (common on CI and developer machines) every child would
    otherwise compile the whole package from source, 35 ms that no user pays."""
    import compileall

    compileall.compile_dir(str(ROOT / "civdesk"), quiet=1)


def _startup(home: Path) -> list[Row]:
    _compile_bytecode()
    seconds_to_shown(BARE)  # warm the disk cache for both
    seconds_to_shown(CIVDESK, str(home), INSPECTOR, PASSWORD)
    bare, civ = [], []
    for _ in range(RUNS):
        bare.append(seconds_to_shown(BARE) * 1000)
        civ.append(seconds_to_shown(CIVDESK, str(home), INSPECTOR, PASSWORD) * 1000)
    ratio = median(civ) / median(bare)
    return [
        at_most("start-up, bare PySide6 window: median", median(bare), "ms", None),
        at_most("start-up, CivDesk main window (10,000 inspections): median", median(civ), "ms", None),
        Row(
            "start-up, CivDesk ÷ bare window",
            round(ratio, 2),
            "×",
            f"≤ {START_RATIO_TARGET:g} ×",
            ratio <= START_RATIO_TARGET,
        ),
    ]


def _screens(home: Path) -> list[Row]:
    from PySide6.QtWidgets import QApplication

    from civdesk import services
    from civdesk.services import accounts, inspections, templates
    from civdesk.ui.app import make_app
    from civdesk.ui.inspections.page import InspectionsPage
    from civdesk.ui.session import Session
    from civdesk.ui.walkthrough.page import WalkthroughPage

    make_app()
    store = services.open_home(home)
    try:
        admin = accounts.authenticate(store, "admin", PASSWORD)
        inspector = accounts.authenticate(store, INSPECTOR, PASSWORD)
        data = synthetic.template_data(300)
        templates.add_version(store, data, by=admin)
        tpl = templates.latest(store, data["id"])
        site = accounts.list_sites(store)[0].id
        iid = inspections.new_inspection(store, inspector, template_id=tpl.id, site_id=site, kind="inspection")
        with store.write():  # half of it answered, as mid-walk
            for code, value in list(synthetic.answers_for(tpl, random.Random(1), {"region": "east"}).items())[:150]:
                inspections.answer(store, inspector, iid, code, value)
        session = Session(store, inspector)

        def open_walkthrough() -> None:
            page = WalkthroughPage(session, iid)
            page.resize(1190, 700)
            page.show()
            QApplication.processEvents()
            page.hide()
            page.deleteLater()

        walk = time_ms(open_walkthrough, repeat=RUNS, warmup=1)
        page = InspectionsPage(session)
        listed = time_ms(page.refresh, repeat=RUNS, warmup=1)
        rows = page.model.rowCount()
        return [
            at_most("open a 300-item walkthrough: median", median(walk), "ms", WALKTHROUGH_TARGET_MS),
            at_most(f"inspections list: load {rows:,} rows into the model: median", median(listed), "ms", None),
        ]
    finally:
        store.close()


def run() -> list[Row]:
    _log("building the 10,000-inspection home …")
    big = synthetic.big_home()
    _log(f"  start-up: {RUNS} runs each of a bare window and CivDesk …")
    rows = _startup(big.home)
    _log("  walkthrough and list …")
    rows += _screens(big.home)
    return rows


if __name__ == "__main__":
    from benchmarks.__main__ import table

    print(table(run()))
