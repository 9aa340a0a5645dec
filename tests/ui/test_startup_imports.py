"""What start-up loads: the login dialog's modules only; the main window's code beside the password
check (ui/preload.py); the heavy libraries (PDF, Excel, YAML, signatures) only when first used."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = (
    "reportlab",
    "pyhanko",
    "openpyxl",
    "pypdfium2",
    "yaml",
    "fontTools",
    "cryptography",
    "PIL",
    "PySide6.QtPdf",
    "sqlite_utils",
    "subprocess",
    "xml",
    "civdesk.reports",
)
# The main window, its home page and the services of the home page's figures load beside the
# password check (they take about half its time).
MAIN_WINDOW = (
    "civdesk.ui.main_window",
    "civdesk.ui.dashboard.page",
    "civdesk.services.dashboard",
    "civdesk.services.my_work",
)
# Not the scoring and template code: the figures are counted in SQL, and with these the main
# window's code would outlast the check it runs beside.
FIGURES = (
    "civdesk.domain.scoring",
    "civdesk.domain.template",
)

CODE = """
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
watched = json.loads(sys.argv[1])
def loaded():
    return sorted(m for m in sys.modules if any(m == w or m.startswith(w + ".") for w in watched))
import civdesk.ui.app
before = loaded()
from civdesk.ui import preload
preload.main_window_code()
print(json.dumps([before, loaded()]))
"""


def test_the_login_dialog_needs_neither_the_main_window_nor_heavy_libraries():
    watched = [*HEAVY, *MAIN_WINDOW, *FIGURES]
    out = subprocess.run(
        [sys.executable, "-c", CODE, json.dumps(watched)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    before, after = json.loads(out.stdout)
    assert before == []
    assert set(MAIN_WINDOW) <= set(after)  # the preload really loads the main window's code
    assert [m for m in after if not m.startswith(MAIN_WINDOW)] == []  # and nothing heavy with it


HOME_CODE = """
import json, sys
from civdesk import services
from civdesk.services import views  # what opening an inspection asks first (main_window._may_open)
store = services.open_home(sys.argv[1])
store.close()
print(json.dumps(sorted(m for m in sys.modules if m == "cryptography" or m.startswith("cryptography."))))
"""


def test_opening_a_home_and_an_inspection_loads_no_signature_library(tmp_path):
    """The signature libraries (cryptography: ~50 ms) load with the first signature or an admin's
    login, not when the home opens before the window nor when the first inspection is opened."""
    out = subprocess.run(
        [sys.executable, "-c", HOME_CODE, str(tmp_path / "home")], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == []
    assert (tmp_path / "home" / "civdesk.db").exists()


NEXT_CODE = """
import json, os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
from civdesk.ui import warmup
app = QApplication([])
wanted = list(warmup.NEXT_SCREENS)
warmup.later()
app.processEvents()
at_once = [m for m in wanted if m in sys.modules]
waited = not warmup.screens_loaded.is_set()  # what the documents' background load waits for
seen = []  # how many of them were loaded at each tick
end = time.monotonic() + 10
while time.monotonic() < end and not warmup.screens_loaded.is_set():
    app.processEvents()
    n = sum(m in sys.modules for m in wanted)
    if not seen or seen[-1] != n:
        seen.append(n)
    time.sleep(0.002)
print(json.dumps([at_once, [m for m in wanted if m not in sys.modules], seen, waited]))
"""


def test_the_next_screens_code_loads_after_start_a_piece_at_a_time():
    """The walkthrough's, 整改's and the review's code load while the window sits idle after start
    (warmup.later), not in front of the first paint and not in one long pause."""
    out = subprocess.run([sys.executable, "-c", NEXT_CODE], cwd=ROOT, capture_output=True, text=True, check=True)
    at_once, missing, seen, waited = json.loads(out.stdout.strip().splitlines()[-1])
    assert at_once == []  # nothing before the first paint
    assert missing == []  # all of it once it says it is through
    assert waited  # and not before
    assert len(seen) >= 5  # in several ticks, not in one


def test_the_document_service_loads_reportlab_only_to_render():
    """Screens import services.documents; ReportLab (~150 ms) loads with the first document."""
    code = "import sys, json, civdesk.services.documents; print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'pyhanko') or m == 'urllib.request')))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
