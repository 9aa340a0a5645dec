"""CivDesk installed as a Python user installs it: sdist → wheel → a fresh virtual environment.

``python -m build`` makes the sdist and builds the wheel from it (as pip and pipx do from PyPI), the
wheel goes into a new venv outside the checkout, and the installed ``civdesk`` runs with an
environment that knows nothing of the repository. Then a built-in template file is taken away from
the installed copy: CivDesk must say which one, exit 2, instead of showing an empty list.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from civdesk import __version__

from civdesk.reports.fonts import cache_dir
from civdesk.resources import BUILTIN_TEMPLATES

ROOT = Path(__file__).resolve().parents[2]
pytest.importorskip("build", reason="build is in the test extra")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("dists")
    done = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (sdist,) = out.glob("civdesk-*.tar.gz")
    (wheel,) = out.glob("civdesk-*.whl")
    return sdist, wheel


@pytest.fixture(scope="module")
def installed(dists, tmp_path_factory) -> Path:
    """A fresh venv (outside the checkout) with the wheel and its dependencies; returns its bin/."""
    venv = tmp_path_factory.mktemp("installed") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    done = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
                           str(dists[1])], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return venv / "bin"


def civdesk(bin_dir: Path, tmp: Path, *argv: str, **env: str) -> subprocess.CompletedProcess:
    clean = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp), "CIVDESK_HOME": str(tmp / "home"),
             # The prepared PDF fonts are the same for every install: reuse this machine's cache.
             "CIVDESK_FONT_CACHE": str(cache_dir()), "QT_QPA_PLATFORM": "offscreen", **env}
    return subprocess.run([str(bin_dir / "civdesk"), *argv], capture_output=True, text=True, env=clean,
                          cwd=tmp, timeout=300, stdin=subprocess.DEVNULL)


def test_sdist_and_wheel_carry_the_resources(dists):
    sdist, wheel = dists
    with tarfile.open(sdist) as tar:
        in_sdist = {Path(*Path(n).parts[1:]).as_posix() for n in tar.getnames()}
    with zipfile.ZipFile(wheel) as z:
        in_wheel = set(z.namelist())
    for t in BUILTIN_TEMPLATES:
        assert f"resources/templates/{t}.yaml" in in_sdist
        assert f"civdesk/data/templates/{t}.yaml" in in_wheel
    for part in ("i18n/civdesk_en.qm", "seed/source.txt", "icons/civdesk.png", "icons/civdesk.ico"):
        assert f"resources/{part}" in in_sdist
        assert f"civdesk/data/{part}" in in_wheel
    assert not any(n.endswith(".ts") for n in in_wheel), "translation sources stay in the repository"
    metadata = zipfile.ZipFile(wheel).read(next(n for n in in_wheel if n.endswith("METADATA"))).decode()
    assert "License-Expression: LicenseRef-Proprietary" in metadata


def test_installed_wheel_works_outside_the_checkout(installed, tmp_path):
    from civdesk.domain.workflow import STATES

    # The installed copy is the one running, not the checkout.
    where = subprocess.run([str(installed / "python"), "-c", "import civdesk.resources as r; print(r.resources_dir())"],
                           capture_output=True, text=True, cwd=tmp_path, env={"PATH": "/usr/bin:/bin"})
    assert where.returncode == 0, where.stderr
    assert str(installed.parent) in where.stdout and str(ROOT) not in where.stdout

    version = civdesk(installed, tmp_path, "--version")
    assert version.returncode == 0 and version.stdout.strip() == f"civdesk {__version__}"

    listed = civdesk(installed, tmp_path, "templates", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert sorted(t["id"] for t in json.loads(listed.stdout)) == sorted(BUILTIN_TEMPLATES)

    demo = civdesk(installed, tmp_path, "demo")
    assert demo.returncode == 0, demo.stderr
    rows = civdesk(installed, tmp_path, "inspections", "list", "--json", "--user", "admin",
                   CIVDESK_PASSWORD="admin123")
    assert rows.returncode == 0, rows.stderr
    states = {r["state"] for r in json.loads(rows.stdout)}
    assert states == set(STATES), f"demo inspections in every state, got {sorted(states)}"

    pdf = tmp_path / "x.pdf"
    form = civdesk(installed, tmp_path, "form", "toll-window", "-o", str(pdf))
    assert form.returncode == 0, form.stderr
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "收费站文明服务窗口建设检查表" in text

    zh = civdesk(installed, tmp_path, "--smoke", CIVDESK_PASSWORD="admin123")
    assert zh.returncode == 0, zh.stderr
    assert "smoke: CivDesk 文明创建检查台 | 首页 · " in zh.stdout and " · 检查 · " in zh.stdout
    en = civdesk(installed, tmp_path, "--lang", "en", "--smoke", CIVDESK_PASSWORD="admin123")
    assert en.returncode == 0, en.stderr
    assert "| Home · " in en.stdout and " · Inspections · " in en.stdout, "the compiled English translation ships"


def test_missing_builtin_template_is_named(installed, tmp_path):
    data = Path(subprocess.run([str(installed / "python"), "-c", "import civdesk.resources as r; print(r.resources_dir())"],
                               capture_output=True, text=True, check=True, env={"PATH": "/usr/bin:/bin"},
                               cwd=tmp_path).stdout.strip())
    victim = data / "templates" / "civilized-unit.yaml"
    aside = victim.with_suffix(".aside")
    victim.rename(aside)
    try:
        for argv in (("templates", "list"), ("demo",), ("--smoke",)):
            done = civdesk(installed, tmp_path, *argv, CIVDESK_PASSWORD="admin123")
            assert done.returncode == 2, (argv, done.stdout, done.stderr)
            line = done.stderr.strip()
            assert line.count("\n") == 0 and "Traceback" not in line
            assert "templates/civilized-unit.yaml" in line and "缺失" in line  # Chinese by default, like the GUI
            assert done.stdout == ""
        assert not (tmp_path / "home").exists(), "nothing was created for a broken installation"
    finally:
        aside.rename(victim)
    assert civdesk(installed, tmp_path, "templates", "list").returncode == 0
