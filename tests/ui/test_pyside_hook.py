"""civdesk.ui lightens PySide6's import hook: it still tells modules that use PySide6 from those
that do not, and no longer keeps every imported module's source in linecache."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CODE = """
import json, linecache, sys
sys.path.insert(0, sys.argv[1])
import civdesk.ui
import uses_qt, plain
feature = sys.modules["shibokensupport.feature"]
print(json.dumps({
    "uses_qt": feature.pyside_feature_dict.get("uses_qt"),
    "plain": feature.pyside_feature_dict.get("plain"),
    "kept": sorted(f for f in linecache.cache if f.startswith(sys.argv[1])),
    "lightened": getattr(feature._mod_uses_pyside, "civdesk", False),
}))
"""


def test_the_hook_still_knows_pyside_modules_and_keeps_no_source(tmp_path):
    (tmp_path / "uses_qt.py").write_text("from PySide6.QtCore import QObject\n")
    (tmp_path / "plain.py").write_text("import json\n" + "X = 1\n" * 1000)
    out = subprocess.run(
        [sys.executable, "-c", CODE, str(tmp_path)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["lightened"]
    assert found["uses_qt"] == 0  # PySide6's "no feature" default for a module using it
    assert found["plain"] == -1  # ignored: does not use PySide6
    assert found["kept"] == []  # neither module's text stays in memory
