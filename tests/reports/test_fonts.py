"""The prepared Chinese fonts: TrueType outlines, SC glyphs, regular and bold, escaping, supplements."""

from __future__ import annotations

import json

from fontTools.ttLib import TTFont

from civdesk.reports import fonts


def test_prepared_fonts_are_truetype_regular_and_bold():
    f = fonts.prepare()
    for name, weight in fonts.WEIGHTS.items():
        tt = TTFont(f.paths[name])
        assert "glyf" in tt and "CFF " not in tt and "CFF2" not in tt  # ReportLab embeds TrueType only
        assert tt["OS/2"].usWeightClass == weight
        assert ord("文") in tt.getBestCmap()
    # Bold strokes are heavier: the same glyph has more outline area, seen as a wider bounding box.
    reg, bold = TTFont(f.paths[fonts.REGULAR]), TTFont(f.paths[fonts.BOLD])
    g = reg.getBestCmap()[ord("一")]
    r_glyph, b_glyph = reg["glyf"][g], bold["glyf"][g]
    assert (b_glyph.yMax - b_glyph.yMin) > (r_glyph.yMax - r_glyph.yMin)


def test_coverage_includes_gb2312_templates_and_punctuation():
    f = fonts.prepare()
    for ch in "收费站文明服务窗口检查报告证书整改通知书一票否决≥≤％（）《》“”、。·□":
        assert ch in f.covered, ch
    assert "鑫" in f.covered and "琰" in f.covered  # GB2312 level 2: names and places


def test_markup_escapes_user_text():
    f = fonts.prepare()
    assert f.markup("A&B <站>") == "A&amp;B &lt;站&gt;"
    assert f.markup(None) == ""


def test_characters_outside_the_set_get_a_supplement_font():
    f = fonts.prepare()
    assert "赟" not in f.covered
    marked = f.markup("张赟")
    assert marked.startswith('张<font name="CivDeskSCx') and "赟</font>" in marked
    from reportlab.pdfbase import pdfmetrics

    family = marked.split('"')[1]
    assert ord("赟") in pdfmetrics.getFont(family).face.charToGlyph


def test_a_shipped_set_is_used_only_when_intact_and_of_this_recipe(tmp_path, caplog):
    """What build.spec and the wheel build put into the package, and how CivDesk checks it before use."""
    folder = tmp_path / "fonts"
    manifest = fonts.write_shipped(folder)
    data = json.loads(manifest.read_text(encoding="utf-8"))
    assert data["recipe"] == fonts.RECIPE and data["key"] == fonts.fontbuild.key(
        fonts.common_chars(), fonts.source_path()
    )
    assert fonts.shipped(folder) == {fonts.REGULAR: folder / "CivDeskSC.ttf", fonts.BOLD: folder / "CivDeskSC-Bold.ttf"}
    assert TTFont(folder / "CivDeskSC-Bold.ttf")["OS/2"].usWeightClass == 700

    bold = folder / "CivDeskSC-Bold.ttf"
    good = bold.read_bytes()
    bold.write_bytes(good[:-100])  # a truncated copy
    assert fonts.shipped(folder) is None
    assert "CivDeskSC-Bold.ttf" in caplog.text and "do not match" in caplog.text
    bold.write_bytes(good)
    assert fonts.shipped(folder) is not None

    manifest.write_text(json.dumps({**data, "recipe": "0"}), encoding="utf-8")  # an older CivDesk's set
    assert fonts.shipped(folder) is None
    manifest.write_text("{", encoding="utf-8")
    assert fonts.shipped(folder) is None
    assert fonts.shipped(tmp_path / "none") is None  # a source checkout: nothing shipped, no complaint


def test_a_source_checkout_prepares_into_the_cache():
    f = fonts.prepare()
    assert not fonts.shipped_dir().exists()  # nothing generated is kept in the repository
    assert f.origin in ("cache", "built") and all(p.parent == fonts.cache_dir() for p in f.paths.values())


def test_a_supplement_run_keeps_a_bold_styles_weight():
    """赟 in a title or heading: ReportLab's <font name> would reset the run to the regular weight."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    f = fonts.prepare()
    marked = f.markup("张赟收费站")
    family = marked.split('"')[1]
    assert f.weighted(marked, f.regular) == marked
    heading = ParagraphStyle("h", fontName=f.bold, fontSize=12)

    def drawn_with(markup: str) -> set[str]:
        return {frag.fontName for frag in Paragraph(markup, heading).frags}

    assert drawn_with(marked) == {f.bold, family}  # as ReportLab reads the plain markup: 赟 regular
    assert drawn_with(f.weighted(marked, f.bold)) == {f.bold, f"{family}-Bold"}
