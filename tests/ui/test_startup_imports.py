"""What start-up loads: the login dialog's modules only; the main window's code beside the password
check (ui/preload.py); the heavy libraries (PDF, Excel, YAML, signatures) only when first used."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("reportlab", "pyhanko", "openpyxl", "pypdfium2", "yaml", "fontTools", "cryptography", "PIL",
         "PySide6.QtPdf", "sqlite_utils", "subprocess", "xml", "civdesk.reports")
MAIN_WINDOW = ("civdesk.ui.main_window", "civdesk.ui.dashboard.page", "civdesk.domain.template")

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
    watched = [*HEAVY, *MAIN_WINDOW]
    out = subprocess.run([sys.executable, "-c", CODE, json.dumps(watched)], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    before, after = json.loads(out.stdout)
    assert before == []
    assert set(MAIN_WINDOW) <= set(after)              # the preload really loads the main window's code
    assert [m for m in after if not m.startswith(MAIN_WINDOW)] == []  # and nothing heavy with it
