"""CivDesk installed as a Python user installs it: sdist → wheel → a fresh virtual environment.

``python -m build`` makes the sdist and builds the wheel from it (as pip and pipx do from PyPI), the
wheel goes into a new venv outside the checkout, and the installed ``civdesk`` runs with an
environment that knows nothing of the repository and an empty font cache: the wheel carries the
prepared PDF fonts, so nothing is made or written there. Then a built-in template file is taken away
from the installed copy: CivDesk must say which one, exit 2, instead of showing an empty list.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from civdesk import __version__
from civdesk.reports import fontbuild, fonts
from civdesk.resources import BUILTIN_TEMPLATES
from tests.helpers.pdf import pdf_text, unembedded_fonts

ROOT = Path(__file__).resolve().parents[2]
pytest.importorskip("build", reason="build is in the test extra")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("dists")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (sdist,) = out.glob("civdesk-*.tar.gz")
    (wheel,) = out.glob("civdesk-*.whl")
    return sdist, wheel


@pytest.fixture(scope="module")
def installed(dists, tmp_path_factory) -> Path:
    """A fresh venv (outside the checkout) with the wheel and its dependencies; returns its bin/."""
    venv = tmp_path_factory.mktemp("installed") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    done = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", str(dists[1])],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return venv / "bin"


def civdesk(bin_dir: Path, tmp: Path, *argv: str, **env: str) -> subprocess.CompletedProcess:
    # An empty font cache, as on a fresh machine: the wheel's own fonts must serve (font_cache_of).
    clean = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "HOME": str(tmp),
        "CIVDESK_HOME": str(tmp / "home"),
        "CIVDESK_FONT_CACHE": str(font_cache_of(tmp)),
        "QT_QPA_PLATFORM": "offscreen",
        **env,
    }
    return subprocess.run(
        [str(bin_dir / "civdesk"), *argv],
        capture_output=True,
        text=True,
        env=clean,
        cwd=tmp,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def font_cache_of(tmp: Path) -> Path:
    return tmp / "font-cache"


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
    where = subprocess.run(
        [str(installed / "python"), "-c", "import civdesk.resources as r; print(r.resources_dir())"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert where.returncode == 0, where.stderr
    assert str(installed.parent) in where.stdout and str(ROOT) not in where.stdout

    version = civdesk(installed, tmp_path, "--version")
    assert version.returncode == 0 and version.stdout.strip() == f"civdesk {__version__}"

    listed = civdesk(installed, tmp_path, "templates", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert sorted(t["id"] for t in json.loads(listed.stdout)) == sorted(BUILTIN_TEMPLATES)

    demo = civdesk(installed, tmp_path, "demo")
    assert demo.returncode == 0, demo.stderr
    rows = civdesk(installed, tmp_path, "inspections", "list", "--json", "--user", "admin", CIVDESK_PASSWORD="admin123")
    assert rows.returncode == 0, rows.stderr
    states = {r["state"] for r in json.loads(rows.stdout)}
    assert states == set(STATES), f"demo inspections in every state, got {sorted(states)}"

    pdf = tmp_path / "x.pdf"
    form = civdesk(installed, tmp_path, "form", "toll-window", "-o", str(pdf))
    assert form.returncode == 0, form.stderr
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "收费站文明服务窗口建设检查表" in text

    zh = civdesk(installed, tmp_path, "--smoke", CIVDESK_PASSWORD="admin123")
    assert zh.returncode == 0, zh.stderr
    assert "smoke: CivDesk 文明创建检查台 | 首页 · " in zh.stdout and " · 检查 · " in zh.stdout
    en = civdesk(installed, tmp_path, "--lang", "en", "--smoke", CIVDESK_PASSWORD="admin123")
    assert en.returncode == 0, en.stderr
    assert "| Home · " in en.stdout and " · Inspections · " in en.stdout, "the compiled English translation ships"


def test_missing_builtin_template_is_named(installed, tmp_path):
    victim = _installed_data(installed, tmp_path) / "templates" / "civilized-unit.yaml"
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


def test_wheel_ships_the_prepared_pdf_fonts(dists):
    """Made in the wheel build from this checkout's characters, and only there: the sdist has none."""
    sdist, wheel = dists
    with tarfile.open(sdist) as tar:
        assert not any(n.endswith((".ttf", "fonts.json")) for n in tar.getnames()), "generated in the build, not kept"
        assert any(n.endswith("build_backend/civdesk_build.py") for n in tar.getnames())
    with zipfile.ZipFile(wheel) as z:
        manifest = json.loads(z.read("civdesk/data/fonts/fonts.json"))
        files = {name: z.read(f"civdesk/data/fonts/{entry['file']}") for name, entry in manifest["fonts"].items()}
    assert manifest["recipe"] == fonts.RECIPE
    # The same characters the installed package asks for: GB2312, its templates and document labels.
    assert manifest["key"] == fontbuild.key(fonts.common_chars(), fonts.source_path())
    assert set(files) == set(fonts.WEIGHTS)
    for name, data in files.items():
        assert hashlib.sha256(data).hexdigest() == manifest["fonts"][name]["sha256"]
        tt = TTFont(io.BytesIO(data))
        assert "glyf" in tt and tt["OS/2"].usWeightClass == fonts.WEIGHTS[name]
        cmap = tt.getBestCmap()
        assert all(ord(c) in cmap for c in "收费站文明服务窗口检查报告鑫琰（）《》"), name
        assert len(data) > 1_500_000


def _installed_data(installed: Path, tmp: Path) -> Path:
    return Path(
        subprocess.run(
            [str(installed / "python"), "-c", "import civdesk.resources as r; print(r.resources_dir())"],
            capture_output=True,
            text=True,
            check=True,
            env={"PATH": "/usr/bin:/bin"},
            cwd=tmp,
        ).stdout.strip()
    )


@pytest.fixture(scope="module")
def demo_home(installed, tmp_path_factory) -> Path:
    """A demo home made by the installed CivDesk, shared by the font tests (each with its own cache)."""
    tmp = tmp_path_factory.mktemp("demo")
    assert civdesk(installed, tmp, "demo").returncode == 0
    return tmp / "home"


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_first_pdf_of_a_fresh_install_uses_the_shipped_fonts(installed, demo_home, tmp_path):
    shipped = _installed_data(installed, tmp_path) / "fonts"
    before = _tree(shipped)
    assert set(before) == {"CivDeskSC.ttf", "CivDeskSC-Bold.ttf", "fonts.json"}
    probe = subprocess.run(
        [
            str(installed / "python"),
            "-c",
            "from civdesk.reports import fonts; f = fonts.prepare(); print(f.origin, f.paths[fonts.REGULAR])",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "CIVDESK_FONT_CACHE": str(font_cache_of(tmp_path))},
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.split() == ["shipped", str(shipped / "CivDeskSC.ttf")]

    pdf = tmp_path / "form.pdf"
    form = civdesk(installed, tmp_path, "form", "toll-window", "-o", str(pdf), CIVDESK_HOME=str(demo_home))
    assert form.returncode == 0, form.stderr
    data = pdf.read_bytes()
    assert unembedded_fonts(data) == []
    used = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True) if shutil.which("pdffonts") else None
    names = {
        str(f.get_object()["/BaseFont"]) for page in PdfReader(pdf).pages for f in page["/Resources"]["/Font"].values()
    }
    assert any(n.endswith("+CivDeskSC-Regular") for n in names) and any(n.endswith("+CivDeskSC-Bold") for n in names), (
        names
    )
    if used is not None:  # poppler's reading agrees: every font embedded, TrueType
        rows = [line.split() for line in used.stdout.splitlines()[2:]]
        assert rows and all(r[1] == "TrueType" and r[-5] == "yes" for r in rows), used.stdout
    text = pdf_text(data)
    assert "收费站文明服务窗口建设检查表" in text and "检查" in text
    assert not font_cache_of(tmp_path).exists(), "the shipped fonts served: nothing prepared or cached"
    assert _tree(shipped) == before, "the installed package is never written to"


def test_a_character_outside_the_shipped_set_gets_a_supplement(installed, demo_home, tmp_path):
    """A template of the office's own with a name outside GB2312 (赟): drawn from a supplement font
    made in the user's cache; the shipped set stays as installed."""
    shipped = _installed_data(installed, tmp_path) / "fonts"
    before = _tree(shipped)
    source = (ROOT / "resources" / "templates" / "toll-window.yaml").read_text(encoding="utf-8")
    own = tmp_path / "own.yaml"
    own.write_text(
        source.replace("id: toll-window", "id: toll-window-zy", 1).replace(
            "title: 收费站文明服务窗口建设检查表", "title: 张赟收费站窗口检查表", 1
        ),
        encoding="utf-8",
    )
    added = civdesk(
        installed,
        tmp_path,
        "templates",
        "import",
        str(own),
        "--user",
        "admin",
        CIVDESK_PASSWORD="admin123",
        CIVDESK_HOME=str(demo_home),
    )
    assert added.returncode == 0, added.stderr
    pdf = tmp_path / "own.pdf"
    form = civdesk(installed, tmp_path, "form", "toll-window-zy", "-o", str(pdf), CIVDESK_HOME=str(demo_home))
    assert form.returncode == 0, form.stderr
    assert "张赟收费站窗口检查表" in pdf_text(pdf.read_bytes())
    assert unembedded_fonts(pdf.read_bytes()) == []
    made = sorted(p.name for p in font_cache_of(tmp_path).iterdir())
    assert made and all(n.startswith("CivDeskSCx-") for n in made), made  # supplements only, never the set
    assert _tree(shipped) == before
