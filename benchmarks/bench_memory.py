"""Idle memory: CivDesk's main window open on a home with 10,000 inspections, after it settles.

    python -m benchmarks memory

A child process does what the GUI does before the event loop (as bench_gui's start-up does), shows
the main window, visits the inspections list (10,000 rows in its model) and goes back to the home
page, waits two seconds of idle event loop, then reports its resident set size (VmRSS). Target
(issue 8): ≤ 250 MB.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import Row, at_most, synthetic  # noqa: E402
from benchmarks.bench_gui import INSPECTOR, PASSWORD  # noqa: E402

TARGET_MB = 250.0

CHILD = """
import sys, time
from pathlib import Path
from civdesk import services
from civdesk.services import accounts
from civdesk.ui import i18n
from civdesk.ui.app import Controller, choose_language, make_app
from civdesk.ui.preferences import Prefs
app = make_app()
store = services.open_home(Path(sys.argv[1]))
prefs = Prefs(store)
lang = i18n.install(choose_language(None, prefs))
actor = accounts.authenticate(store, sys.argv[2], sys.argv[3])
w = Controller(store, actor, prefs, lang).show(resume=False)
for key in ("inspections", "home"):
    w.show_page(key)
    app.processEvents()
end = time.monotonic() + 2.0
while time.monotonic() < end:
    app.processEvents()
    time.sleep(0.02)
rss = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS:"))
print(rss / 1024.0, flush=True)
"""


def run() -> list[Row]:
    big = synthetic.big_home()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(big.home), INSPECTOR, PASSWORD],
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    mb = float(done.stdout.strip().splitlines()[-1])
    return [at_most("idle memory, main window on 10,000 inspections (RSS)", round(mb, 1), "MB", TARGET_MB)]


if __name__ == "__main__":
    from benchmarks.__main__ import table

    print(table(run()))
