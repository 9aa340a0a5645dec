"""Chinese fonts for the PDFs: Noto Sans CJK SC prepared as small TrueType files, embedded by ReportLab.

The prepared set (``fontbuild``: GB2312, ASCII, Latin-1, punctuation, symbols and every character of
the built-in templates and document labels; regular and bold, about 2.3 MB each) ships in the wheel
and in the one-folder app (``resources/fonts`` with a ``fonts.json`` manifest, made when they are
built), so the first document costs no preparation. A source checkout or an editable install has no
shipped set: it is made once (10–15 s) into the user cache folder. A document whose text has a
character outside the set (an unusual name, 喆, 堃…) gets a tiny supplement font of just those
characters, cached by content, and ``Fonts.markup`` switches to it per run. ReportLab then embeds
only the glyphs a page uses (a subset) in every PDF.
"""

from __future__ import annotations

import functools
import html
import importlib.resources
import json
import logging
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.errors import CivDeskError
from . import fontbuild
from .fontbuild import BOLD, FONT_FILE, FONT_PACKAGE, RECIPE, REGULAR, SC_FACE, WEIGHTS

__all__ = [
    "BOLD",
    "CACHE_ENV",
    "FONT_FILE",
    "FONT_PACKAGE",
    "RECIPE",
    "REGULAR",
    "SC_FACE",
    "WEIGHTS",
    "FontError",
    "Fonts",
    "cache_dir",
    "common_chars",
    "prepare",
    "reset_for_tests",
    "shipped",
    "shipped_dir",
    "source_path",
    "write_shipped",
]

log = logging.getLogger(__name__)

CACHE_ENV = "CIVDESK_FONT_CACHE"

_lock = threading.Lock()
_prepared: Fonts | None = None
_supplements: dict[str, str] = {}  # key → registered family name
_SUPPLEMENT_TAG = re.compile(r'<font name="(CivDeskSCx[0-9a-f]+)">')  # as Fonts._wrap writes it


def _escape(s: str) -> str:
    # What xml.sax.saxutils.escape does (& < >), without the urllib it imports (20 ms).
    return html.escape(s, quote=False)


class FontError(CivDeskError, RuntimeError):
    """The CJK font cannot be found or prepared; the message says what to install."""


def source_path() -> Path:
    try:
        path = Path(str(importlib.resources.files(FONT_PACKAGE) / FONT_FILE))
    except ModuleNotFoundError:
        path = None
    if path is None or not path.is_file():
        raise FontError("fonts.chinese_font_package_installed", replace=FONT_PACKAGE.replace("_", "-"))
    return path


def cache_dir() -> Path:
    """$CIVDESK_FONT_CACHE, else the platform's user cache folder."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("CivDesk", appauthor=False)) / "fonts"


def shipped_dir() -> Path:
    """Where the wheel (civdesk/data/fonts) or the one-folder app (resources/fonts) carries the set."""
    from ..resources import resource

    return resource("fonts")


def common_chars() -> set[str]:
    from ..resources import resource

    return fontbuild.common_chars(resource("templates"), Path(__file__).parent)


@functools.lru_cache(maxsize=1)
def _source_font():
    src = fontbuild.sc_face(source_path())
    if src is None:
        raise FontError("fonts.has_no_face", source_path=source_path(), sc_face=SC_FACE)
    return src


def _key(chars: set[str]) -> str:
    return fontbuild.key(chars, source_path())


def shipped(folder: Path | None = None) -> dict[str, Path] | None:
    """The shipped regular and bold fonts (in ``folder``, by default the package's), when the manifest
    is of this recipe and every file has the hash it names; None without a shipped set (a source
    checkout). A damaged set is logged and ignored: the cache then serves, as in a checkout."""
    folder = shipped_dir() if folder is None else folder
    manifest = folder / fontbuild.MANIFEST
    if not manifest.is_file():
        return None
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if data.get("recipe") != RECIPE:
            log.warning(
                "shipped PDF fonts in %s are of recipe %s, not %s: not used", folder, data.get("recipe"), RECIPE
            )
            return None
        paths = {name: folder / data["fonts"][name]["file"] for name in WEIGHTS}
        bad = [p.name for name, p in paths.items() if fontbuild.sha256(p) != data["fonts"][name]["sha256"]]
    except (OSError, ValueError, KeyError, TypeError) as e:
        log.warning("shipped PDF fonts in %s unreadable (%s): not used", folder, e)
        return None
    if bad:
        log.warning("shipped PDF fonts %s in %s do not match their manifest: not used", ", ".join(bad), folder)
        return None
    return paths


def write_shipped(folder: Path) -> Path:
    """Put this machine's prepared set (the cache's, made now if missing) into ``folder`` with its
    manifest, for a package being built from this environment (build.spec); returns the manifest."""
    import shutil

    paths, key, _ = _cached(quiet=False)
    folder.mkdir(parents=True, exist_ok=True)
    for name, path in paths.items():
        shutil.copyfile(path, folder / f"{name}.ttf")
    return fontbuild.write_manifest(folder, key, source_path())


def _register(name: str, path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(name, str(path)))


def _register_family(regular: str, bold: str) -> None:
    from reportlab.lib.fonts import addMapping

    addMapping(regular, 0, 0, regular)
    addMapping(regular, 0, 1, regular)
    addMapping(regular, 1, 0, bold)
    addMapping(regular, 1, 1, bold)


@dataclass
class Fonts:
    """The prepared fonts of this process: names to use, coverage, and what preparing them cost."""

    regular: str
    bold: str
    paths: dict[str, Path]
    covered: frozenset[str]
    prepared_seconds: float = 0.0  # time spent building fonts now (0 when shipped or cached)
    registered_seconds: float = 0.0
    origin: str = "cache"  # "shipped" (in the package), "cache" (made earlier) or "built" (made now)
    _missing_cache: dict[str, str | None] = field(default_factory=dict, repr=False)

    def supplement_for(self, text: str) -> str | None:
        """Make sure characters of ``text`` outside the prepared set can be drawn; returns the
        supplement family covering them (None when none is needed)."""
        extra = {c for c in text if c not in self.covered and not c.isspace() and c.isprintable()}
        if not extra:
            return None
        key = "".join(sorted(extra))
        if key not in self._missing_cache:
            self._missing_cache[key] = _supplement(extra)
        return self._missing_cache[key]

    def markup(self, text: object) -> str:
        """``text`` escaped for a ReportLab Paragraph (``A&B <站>`` prints literally), with runs of
        characters outside the prepared set switched to a supplement font."""
        s = "" if text is None else str(text)
        family = self.supplement_for(s)
        if family is None:
            return _escape(s)
        out, run, in_extra = [], [], False
        for ch in s:
            extra = ch not in self.covered and not ch.isspace()
            if extra != in_extra and run:
                out.append(self._wrap("".join(run), family if in_extra else None))
                run = []
            in_extra = extra
            run.append(ch)
        if run:
            out.append(self._wrap("".join(run), family if in_extra else None))
        return "".join(out)

    def weighted(self, markup: str, font_name: str) -> str:
        """``markup`` for a paragraph whose style uses ``font_name``: in a bold style (a title, a
        heading) its supplement runs take the supplement's bold face. ReportLab's ``<font name>``
        resets the weight to the named font's, so a run cannot inherit it."""
        if font_name != self.bold:
            return markup
        return _SUPPLEMENT_TAG.sub(r'<font name="\1-Bold">', markup)

    @staticmethod
    def _wrap(s: str, family: str | None) -> str:
        return f'<font name="{family}">{_escape(s)}</font>' if family else _escape(s)


def _supplement(extra: set[str]) -> str | None:
    """A small font of ``extra`` characters (those the source has), registered once per process."""
    src = _source_font()
    cmap = src.getBestCmap()
    have = {c for c in extra if ord(c) in cmap}
    if not have:
        return None  # nothing can draw them: ReportLab shows .notdef, as any viewer would
    key = _key(have)
    with _lock:
        if key in _supplements:
            return _supplements[key]
        folder = cache_dir()
        names = {}
        for weight in WEIGHTS.values():
            style = "Bold" if weight == 700 else "Regular"
            path = folder / f"CivDeskSCx-{style}-{key}.ttf"
            if not path.exists():
                fontbuild.build_ttf(src, sorted(map(ord, have)), weight, "CivDesk SC Extra", style, path)
            reg_name = f"CivDeskSCx{key}" + ("-Bold" if weight == 700 else "")
            _register(reg_name, path)
            names[weight] = reg_name
        _register_family(names[400], names[700])
        _supplements[key] = names[400]
        return names[400]


def _cached(quiet: bool) -> tuple[dict[str, Path], str, float]:
    """The set in the user cache folder, made now when missing: its paths, key and the seconds spent."""
    chars = common_chars()
    key = _key(chars)
    folder = cache_dir()
    paths = {name: folder / f"{name}-{key}.ttf" for name in WEIGHTS}
    missing = {n: p for n, p in paths.items() if not p.exists()}
    if not missing:
        return paths, key, 0.0
    t0 = time.perf_counter()
    fontbuild.build_set(_source_font(), chars, missing)
    spent = time.perf_counter() - t0
    msg = f"prepared the Chinese PDF fonts in {spent:.1f} s (cached in {folder})"
    log.info(msg)
    if not quiet:
        print(msg)
    return paths, key, spent


def prepare(*, quiet: bool = True) -> Fonts:
    """The regular and bold fonts, registered with ReportLab once: the shipped set when the package
    carries an intact one, else the cache's (built on first use)."""
    global _prepared
    with _lock:
        if _prepared is not None:
            return _prepared
        paths = shipped()
        origin, prepared = "shipped", 0.0
        if paths is None:
            paths, _, prepared = _cached(quiet)
            origin = "built" if prepared else "cache"
        t1 = time.perf_counter()
        for name, path in paths.items():
            _register(name, path)
        _register_family(REGULAR, BOLD)
        from reportlab.pdfbase import pdfmetrics

        face = pdfmetrics.getFont(REGULAR).face
        covered = frozenset(chr(cp) for cp in face.charToGlyph if cp)
        _prepared = Fonts(REGULAR, BOLD, paths, covered, prepared, time.perf_counter() - t1, origin)
        return _prepared


def reset_for_tests() -> None:
    """Forget the registration so a test can prepare again from another cache folder."""
    global _prepared
    with _lock:
        _prepared = None
        _supplements.clear()
