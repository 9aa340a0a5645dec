"""Chinese fonts for the PDFs: Noto Sans CJK SC prepared as small TrueType files, embedded by ReportLab.

ReportLab embeds only TrueType outlines, and a fresh machine may have no CJK font at all. The
``manimgx-fonts-cjk`` wheel ships Noto Sans CJK (OFL) as one *variable* OpenType collection with
CFF2 outlines. We take its Simplified Chinese face (never the Japanese one: 直, 骨, 过 differ),
draw each needed glyph at weight 400 (regular) and 700 (bold) through the font's own variation
data, convert the cubic outlines to quadratic ones (cu2qu) and write a TrueType font.

The prepared set covers GB2312 (all 6,763 hanzi, so rare-ish name and place characters of level 2
are there too), ASCII, Latin-1, common punctuation and symbols, and every character of the
built-in templates. It is made once (about 15 s) and cached in the user cache folder. A document
whose text has a character outside that set (an unusual name, 喆, 堃…) gets a tiny supplement
font of just those characters, cached by content, and ``Fonts.markup`` switches to it per run.
ReportLab then embeds only the glyphs a page uses (a subset) in every PDF.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import logging
import os
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape
from ..domain.errors import CivDeskError

log = logging.getLogger(__name__)

FONT_PACKAGE = "manimgx_fonts_cjk"
FONT_FILE = "NotoSansCJK-VF.otf.ttc"
SC_FACE = "Noto Sans CJK SC"
REGULAR, BOLD = "CivDeskSC", "CivDeskSC-Bold"
WEIGHTS = {REGULAR: 400, BOLD: 700}
# Bump when the preparation changes so caches from older CivDesk versions are not reused.
RECIPE = "2"
CACHE_ENV = "CIVDESK_FONT_CACHE"

_lock = threading.Lock()
_prepared: "Fonts | None" = None
_supplements: dict[str, str] = {}  # key → registered family name


class FontError(CivDeskError, RuntimeError):
    """The CJK font cannot be found or prepared; the message says what to install."""


def source_path() -> Path:
    try:
        path = Path(str(importlib.resources.files(FONT_PACKAGE) / FONT_FILE))
    except ModuleNotFoundError:
        path = None
    if path is None or not path.is_file():
        raise FontError("fonts.chinese_font_package_installed", replace=FONT_PACKAGE.replace('_', '-'))
    return path


def cache_dir() -> Path:
    """$CIVDESK_FONT_CACHE, else the platform's user cache folder."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("CivDesk", appauthor=False)) / "fonts"


def _gb2312() -> set[str]:
    chars = set()
    for hi in list(range(0xA1, 0xAA)) + list(range(0xB0, 0xF8)):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def _ranges(*spans: tuple[int, int]) -> set[str]:
    return {chr(c) for a, b in spans for c in range(a, b + 1)}


def _template_chars() -> set[str]:
    from ..resources import resource

    chars: set[str] = set()
    for path in sorted(resource("templates").glob("*.yaml")):
        chars.update(path.read_text(encoding="utf-8"))
    return chars


def _own_chars() -> set[str]:
    """Every character of the document labels written in civdesk/reports itself."""
    chars: set[str] = set()
    for path in Path(__file__).parent.glob("*.py"):
        chars.update(path.read_text(encoding="utf-8"))
    return chars


def common_chars() -> set[str]:
    chars = _gb2312() | _template_chars() | _own_chars()
    chars |= _ranges((0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x2027), (0x2030, 0x205E), (0x2100, 0x215F),
                     (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2460, 0x24FF), (0x2500, 0x257F), (0x25A0, 0x25FF),
                     (0x2600, 0x26FF), (0x2700, 0x27BF), (0x3000, 0x303F), (0xFF01, 0xFF5E), (0xFFE0, 0xFFE6))
    return {c for c in chars if c.isprintable() or c == " "}


@functools.lru_cache(maxsize=1)
def _source_font():
    from fontTools.ttLib import TTCollection

    coll = TTCollection(str(source_path()), lazy=True)
    for font in coll.fonts:
        if font["name"].getDebugName(1) == SC_FACE:
            return font
    raise FontError("fonts.has_no_face", source_path=source_path(), sc_face=SC_FACE)


def _build_ttf(src, codepoints: list[int], weight: int, family: str, style: str, dest: Path) -> None:
    """Draw the glyphs of ``codepoints`` at ``weight`` from the variable CFF2 face into a TrueType file.

    Drawing through ``getGlyphSet(location=…)`` applies the same variation deltas as
    ``fontTools.varLib.instancer`` would, but touches only the glyphs we need: instancing the whole
    65,535-glyph face first takes minutes (and the instancer chokes on this face after subsetting).
    """
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    cmap = src.getBestCmap()
    glyphset = src.getGlyphSet(location={"wght": weight})
    mapping = {cp: cmap[cp] for cp in codepoints if cp in cmap}
    names = [".notdef"] + sorted(set(mapping.values()) - {".notdef"})
    glyphs, widths = {}, {}
    for name in names:
        pen = TTGlyphPen(None)
        glyph = glyphset[name]
        glyph.draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
        widths[name] = round(glyph.width)
    upm = src["head"].unitsPerEm
    fb = FontBuilder(upm, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap(mapping)
    fb.setupGlyf(glyphs)
    glyf = fb.font["glyf"]
    fb.setupHorizontalMetrics({n: (widths[n], getattr(glyf[n], "xMin", 0)) for n in names})
    hhea, os2 = src["hhea"], src["OS/2"]
    fb.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent, lineGap=hhea.lineGap)
    ps_name = f"{family}-{style}".replace(" ", "")
    fb.setupNameTable({"familyName": family, "styleName": style, "psName": ps_name,
                       "copyright": "Noto Sans CJK © Google / Adobe, SIL Open Font License 1.1",
                       "licenseDescription": "SIL Open Font License, Version 1.1"})
    fb.setupOS2(sTypoAscender=os2.sTypoAscender, sTypoDescender=os2.sTypoDescender, sTypoLineGap=0,
                usWinAscent=os2.usWinAscent, usWinDescent=os2.usWinDescent,
                usWeightClass=weight, fsType=0)
    fb.setupPost()
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-", suffix=".ttf")
    os.close(fd)
    try:
        fb.save(tmp)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _key(chars: set[str]) -> str:
    src = source_path()
    h = hashlib.sha256(f"{RECIPE}|{src.stat().st_size}|".encode())
    h.update("".join(sorted(chars)).encode("utf-8"))
    return h.hexdigest()[:16]


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
    prepared_seconds: float = 0.0  # time spent building fonts now (0 when the cache had them)
    registered_seconds: float = 0.0
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
            return escape(s)
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

    @staticmethod
    def _wrap(s: str, family: str | None) -> str:
        return f'<font name="{family}">{escape(s)}</font>' if family else escape(s)


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
        for name, weight in WEIGHTS.items():
            style = "Bold" if weight == 700 else "Regular"
            path = folder / f"CivDeskSCx-{style}-{key}.ttf"
            if not path.exists():
                _build_ttf(src, sorted(map(ord, have)), weight, "CivDesk SC Extra", style, path)
            reg_name = f"CivDeskSCx{key}" + ("-Bold" if weight == 700 else "")
            _register(reg_name, path)
            names[weight] = reg_name
        _register_family(names[400], names[700])
        _supplements[key] = names[400]
        return names[400]


def prepare(*, quiet: bool = True) -> Fonts:
    """The prepared regular and bold fonts, built on first use and registered with ReportLab once."""
    global _prepared
    with _lock:
        if _prepared is not None:
            return _prepared
        chars = common_chars()
        key = _key(chars)
        folder = cache_dir()
        paths = {name: folder / f"{name}-{key}.ttf" for name in WEIGHTS}
        t0 = time.perf_counter()
        built = False
        missing = [n for n, p in paths.items() if not p.exists()]
        if missing:
            src = _source_font()
            cps = sorted(ord(c) for c in chars)
            for name in missing:
                weight = WEIGHTS[name]
                _build_ttf(src, cps, weight, "CivDesk SC", "Bold" if weight == 700 else "Regular", paths[name])
            built = True
        prepared = time.perf_counter() - t0 if built else 0.0
        if built:
            msg = f"prepared the Chinese PDF fonts in {prepared:.1f} s (cached in {folder})"
            log.info(msg)
            if not quiet:
                print(msg)
        t1 = time.perf_counter()
        for name, path in paths.items():
            _register(name, path)
        _register_family(REGULAR, BOLD)
        from reportlab.pdfbase import pdfmetrics

        face = pdfmetrics.getFont(REGULAR).face
        covered = frozenset(chr(cp) for cp in face.charToGlyph if cp)
        _prepared = Fonts(REGULAR, BOLD, paths, covered, prepared, time.perf_counter() - t1)
        return _prepared


def reset_for_tests() -> None:
    """Forget the registration so a test can prepare again from another cache folder."""
    global _prepared
    with _lock:
        _prepared = None
        _supplements.clear()
