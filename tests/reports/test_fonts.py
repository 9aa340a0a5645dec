"""The prepared Chinese fonts: TrueType outlines, SC glyphs, regular and bold, escaping, supplements."""

from __future__ import annotations

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
    assert marked.startswith("张<font name=\"CivDeskSCx") and "赟</font>" in marked
    from reportlab.pdfbase import pdfmetrics

    family = marked.split('"')[1]
    assert ord("赟") in pdfmetrics.getFont(family).face.charToGlyph
