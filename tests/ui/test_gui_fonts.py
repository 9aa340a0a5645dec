"""The Chinese font comes from a Python dependency and is the Simplified Chinese face."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontInfo, QFontMetrics, QImage, QPainter, QRawFont
from PySide6.QtWidgets import QApplication

from civdesk.ui import fonts


def render(text: str, font: QFont) -> QImage:
    image = QImage(120, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return image


def inked(image: QImage) -> int:
    return sum(
        1 for y in range(image.height()) for x in range(image.width()) if image.pixelColor(x, y).lightness() < 128
    )


def test_the_sc_face_is_registered_and_used():
    assert fonts.font_path() is not None and fonts.font_path().stat().st_size > 10_000_000
    assert fonts.register() == "Noto Sans CJK SC"
    assert "Noto Sans CJK SC" in QFontDatabase.families()
    app_font = QApplication.font()
    assert QFontInfo(app_font).family() == "Noto Sans CJK SC"
    metrics = QFontMetrics(app_font)
    for ch in "文明服务窗口检查优秀良好一票否决":
        assert metrics.inFontUcs4(ord(ch)), ch


def test_chinese_draws_glyphs_not_boxes_and_in_the_sc_shape():
    sc = fonts.ui_font(28)
    drawn = render("文明", sc)
    missing = render("\ue000\ue001", sc)  # private-use code points: no glyph, Qt draws boxes
    assert inked(drawn) > 100
    assert drawn != missing
    # 直 and 骨 are drawn differently by the Chinese and Japanese faces of Noto Sans CJK (other
    # glyphs in the same collection): the interface uses the Simplified Chinese ones.
    jp = QFont("Noto Sans CJK JP")
    jp.setPixelSize(48)
    sc48 = fonts.ui_font()
    sc48.setPixelSize(48)
    glyphs = QRawFont.fromFont(QApplication.font()).glyphIndexesForString("直骨")
    assert glyphs == QRawFont.fromFont(sc48).glyphIndexesForString("直骨")
    assert glyphs != QRawFont.fromFont(jp).glyphIndexesForString("直骨")


def test_the_interface_font_asks_for_regular_weight_not_the_thin_default():
    # The collection is variable and its default instance is Thin: the weight axis must be set.
    tag = QFont.Tag("wght")
    assert fonts.ui_font().variableAxisValue(tag) == 400
    assert fonts.ui_font(bold=True).variableAxisValue(tag) == 700
    assert QApplication.font().variableAxisValue(tag) == 400
