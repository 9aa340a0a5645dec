"""The package list and the font build step for setuptools; everything else is in pyproject.toml.

pyproject's ``packages.find`` cannot add a package that lives outside ``civdesk/``: resources/ is
mapped into the wheel as ``civdesk.data`` (see ``package-dir`` there), so the list is built here.

A wheel also carries the prepared PDF fonts (civdesk/data/fonts: regular and bold TrueType with a
``fonts.json`` manifest), drawn here from Noto Sans CJK so a fresh install prints its first document
without 10–15 s of preparation. They are made in the build, never kept in the repository; an editable
install skips them (CivDesk then prepares them into the user cache on first use).
"""

import importlib.resources
import importlib.util
import json
import time
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA = ["civdesk.data"] + [f"civdesk.data.{d.name}" for d in sorted(Path("resources").iterdir()) if d.is_dir()]


def _fontbuild():
    """civdesk/reports/fontbuild.py, loaded by path: the build environment lacks CivDesk's dependencies."""
    spec = importlib.util.spec_from_file_location("civdesk_fontbuild", ROOT / "civdesk" / "reports" / "fontbuild.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildPyWithFonts(build_py):
    def run(self):
        super().run()
        if not self.editable_mode:
            self._ship_fonts(Path(self.build_lib) / "civdesk" / "data" / "fonts")

    def _ship_fonts(self, folder: Path) -> None:
        fb = _fontbuild()
        try:
            source = Path(str(importlib.resources.files(fb.FONT_PACKAGE) / fb.FONT_FILE))
            import fontTools  # noqa: F401
        except ModuleNotFoundError as e:
            raise SystemExit(f"building CivDesk's wheel needs fonttools and manimgx-fonts-cjk ({e})") from None
        templates, reports = ROOT / "resources" / "templates", ROOT / "civdesk" / "reports"
        key = fb.key(fb.common_chars(templates, reports), source)
        manifest = folder / fb.MANIFEST
        if (
            manifest.is_file()
            and json.loads(manifest.read_text(encoding="utf-8")).get("key") == key
            and all((folder / f"{name}.ttf").is_file() for name in fb.WEIGHTS)
        ):
            return  # an earlier build in this tree made the same set
        t0 = time.perf_counter()
        fb.ship(folder, source, templates, reports)
        print(f"prepared the PDF fonts for the wheel in {time.perf_counter() - t0:.1f} s")


setup(packages=find_packages(include=["civdesk", "civdesk.*"]) + DATA, cmdclass={"build_py": BuildPyWithFonts})
