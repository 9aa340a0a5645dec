"""The PyInstaller one-folder build runs with no Python environment: CLI, demo, a PDF, the window.

Builds build.spec into a temporary folder (about a minute), then runs the executable with an
empty environment (no virtual environment, no PYTHONPATH) and an empty font cache the way a station
PC would: the folder carries the prepared PDF fonts, so the first report prepares and caches nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from civdesk import __version__
from civdesk.reports import fontbuild
from tests.helpers.pdf import pdf_text, unembedded_fonts

ROOT = Path(__file__).resolve().parents[2]
pytest.importorskip("PyInstaller", reason="pyinstaller is in the test extra")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    done = subprocess.run(
        [
            str(pyinstaller),
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--distpath",
            str(out / "dist"),
            "--workpath",
            str(out / "build"),
            str(ROOT / "build.spec"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    exe = out / "dist" / "civdesk" / "civdesk"
    assert exe.is_file()
    size = sum(f.stat().st_size for f in exe.parent.rglob("*") if f.is_file())
    print(f"\nbuilt {exe.parent}: {size / 2**20:.0f} MiB")
    return exe


def run(exe: Path, home: Path, *argv: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home.parent),
        "CIVDESK_HOME": str(home),
        "CIVDESK_FONT_CACHE": str(home.parent / "fonts"),
        "QT_QPA_PLATFORM": "offscreen",
        **env,
    }
    return subprocess.run(
        [str(exe), *argv],
        capture_output=True,
        text=True,
        env=clean,
        timeout=300,
        cwd=home.parent,
        stdin=subprocess.DEVNULL,
    )


def test_frozen_app_runs_without_python(built, tmp_path):
    home = tmp_path / "home"
    version = run(built, home, "--version")
    assert version.returncode == 0 and version.stdout.strip() == f"civdesk {__version__}"
    # The console twin (what the command line uses on Windows) runs from the same folder.
    cli = run(built.with_name("civdesk-cli"), home, "--version")
    assert cli.returncode == 0 and cli.stdout.strip() == f"civdesk {__version__}"
    demo = run(built, home, "demo")
    assert demo.returncode == 0, demo.stderr
    assert "inspector1" in demo.stdout
    pdf = tmp_path / "report.pdf"
    report = run(built, home, "report", "2", "-o", str(pdf), "--user", "admin", CIVDESK_PASSWORD="admin123")
    assert report.returncode == 0, report.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    assert unembedded_fonts(pdf.read_bytes()) == [] and "报告" in pdf_text(pdf.read_bytes())
    assert not (tmp_path / "fonts").exists(), "the shipped PDF fonts served: nothing prepared or cached"
    assert run(built, home, "verify", str(pdf)).returncode == 0
    smoke = run(built, home, "--smoke", CIVDESK_PASSWORD="admin123")
    assert smoke.returncode == 0, smoke.stderr
    assert run(built, home, "check").returncode == 0
    # Nothing of the build tree leaked in: the executable found its templates inside the bundle.
    assert not (built.parent / "_internal" / "resources" / "i18n" / "civdesk_en.ts").exists()
    assert (built.parent / "_internal" / "resources" / "templates" / "toll-window.yaml").exists()


def test_frozen_app_ships_the_prepared_pdf_fonts(built):
    folder = built.parent / "_internal" / "resources" / "fonts"
    manifest = json.loads((folder / fontbuild.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["recipe"] == fontbuild.RECIPE
    for name, entry in manifest["fonts"].items():
        path = folder / entry["file"]
        assert path.stat().st_size > 1_500_000 and fontbuild.sha256(path) == entry["sha256"], name
    assert set(manifest["fonts"]) == set(fontbuild.WEIGHTS)
