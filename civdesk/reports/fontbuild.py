"""Making CivDesk's PDF fonts: Noto Sans CJK SC drawn into small TrueType files, regular and bold.

Used at run time (``fonts.prepare`` builds into the user cache when nothing was shipped) and at build
time: the wheel build (setup.py) and the one-folder build (build.spec) write the set, with a
``fonts.json`` manifest, into the package so a fresh install prints its first document at once.
setup.py loads this file by path inside a build environment that has only setuptools, fontTools and
manimgx-fonts-cjk, so it imports nothing from CivDesk and takes its folders as arguments.

ReportLab embeds only TrueType outlines; the ``manimgx-fonts-cjk`` wheel ships Noto Sans CJK (OFL)
as one *variable* OpenType collection with CFF2 outlines. We take its Simplified Chinese face (never
the Japanese one: 直, 骨, 过 differ), draw each needed glyph at weight 400 (regular) and 700 (bold)
through the font's own variation data, convert the cubic outlines to quadratic ones (cu2qu) and
write a TrueType font.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

FONT_PACKAGE = "manimgx_fonts_cjk"
FONT_FILE = "NotoSansCJK-VF.otf.ttc"
SC_FACE = "Noto Sans CJK SC"
REGULAR, BOLD = "CivDeskSC", "CivDeskSC-Bold"
WEIGHTS = {REGULAR: 400, BOLD: 700}
# Bump when the preparation changes so caches and shipped sets from older CivDesk versions are not reused.
RECIPE = "2"
MANIFEST = "fonts.json"


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


def _chars_of(files) -> set[str]:
    chars: set[str] = set()
    for path in sorted(files):
        chars.update(path.read_text(encoding="utf-8"))
    return chars


def common_chars(templates: Path, reports: Path) -> set[str]:
    """GB2312 (all 6,763 hanzi, so level-2 name and place characters too), ASCII, Latin-1, common
    punctuation and symbols, every character of the built-in templates (``templates/*.yaml``) and of
    the document labels written in ``reports/*.py``."""
    chars = _gb2312() | _chars_of(templates.glob("*.yaml")) | _chars_of(reports.glob("*.py"))
    chars |= _ranges(
        (0x20, 0x7E),
        (0xA0, 0xFF),
        (0x2010, 0x2027),
        (0x2030, 0x205E),
        (0x2100, 0x215F),
        (0x2190, 0x21FF),
        (0x2200, 0x22FF),
        (0x2460, 0x24FF),
        (0x2500, 0x257F),
        (0x25A0, 0x25FF),
        (0x2600, 0x26FF),
        (0x2700, 0x27BF),
        (0x3000, 0x303F),
        (0xFF01, 0xFF5E),
        (0xFFE0, 0xFFE6),
    )
    return {c for c in chars if c.isprintable() or c == " "}


def key(chars: set[str], source: Path) -> str:
    """Names a prepared set: the recipe, the source font (by size) and the characters."""
    h = hashlib.sha256(f"{RECIPE}|{source.stat().st_size}|".encode())
    h.update("".join(sorted(chars)).encode("utf-8"))
    return h.hexdigest()[:16]


def sc_face(source: Path):
    from fontTools.ttLib import TTCollection

    coll = TTCollection(str(source), lazy=True)
    for font in coll.fonts:
        if font["name"].getDebugName(1) == SC_FACE:
            return font
    return None


def build_ttf(src, codepoints: list[int], weight: int, family: str, style: str, dest: Path) -> None:
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
    fb.setupNameTable(
        {
            "familyName": family,
            "styleName": style,
            "psName": ps_name,
            "copyright": "Noto Sans CJK © Google / Adobe, SIL Open Font License 1.1",
            "licenseDescription": "SIL Open Font License, Version 1.1",
        }
    )
    fb.setupOS2(
        sTypoAscender=os2.sTypoAscender,
        sTypoDescender=os2.sTypoDescender,
        sTypoLineGap=0,
        usWinAscent=os2.usWinAscent,
        usWinDescent=os2.usWinDescent,
        usWeightClass=weight,
        fsType=0,
    )
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


def build_set(src, chars: set[str], paths: dict[str, Path]) -> None:
    """The regular and bold fonts of ``chars``, each to its path in ``paths`` (by name in WEIGHTS)."""
    cps = sorted(ord(c) for c in chars)
    for name, path in paths.items():
        weight = WEIGHTS[name]
        build_ttf(src, cps, weight, "CivDesk SC", "Bold" if weight == 700 else "Regular", path)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_manifest(folder: Path, set_key: str, source: Path) -> Path:
    """``fonts.json`` beside the shipped ``<name>.ttf`` files: what they were made from, and their hashes."""
    manifest = {
        "recipe": RECIPE,
        "key": set_key,
        "source": {"file": source.name, "size": source.stat().st_size},
        "fonts": {name: {"file": f"{name}.ttf", "sha256": sha256(folder / f"{name}.ttf")} for name in WEIGHTS},
    }
    path = folder / MANIFEST
    path.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return path


def ship(folder: Path, source: Path, templates: Path, reports: Path) -> Path:
    """Build the set into ``folder`` (a package being built) with its manifest; returns the manifest."""
    src = sc_face(source)
    if src is None:
        raise RuntimeError(f"{source} has no {SC_FACE} face")
    chars = common_chars(templates, reports)
    build_set(src, chars, {name: folder / f"{name}.ttf" for name in WEIGHTS})
    return write_manifest(folder, key(chars, source), source)
