"""The Chinese interface font: Noto Sans CJK SC from a Python dependency, registered at start.

A fresh Linux machine (or a bare Windows VM) may have no CJK font at all, and Qt then draws
boxes. The ``manimgx-fonts-cjk`` wheel ships Noto Sans CJK as one variable OpenType collection;
we register it with Qt and pick its Simplified Chinese face, never the Japanese one, whose
glyph shapes differ for many characters (直, 骨, 过…).
"""

from __future__ import annotations

import importlib.resources
import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

log = logging.getLogger(__name__)

FAMILY = "Noto Sans CJK SC"
FONT_PACKAGE = "manimgx_fonts_cjk"
FONT_FILE = "NotoSansCJK-VF.otf.ttc"
BASE_POINT_SIZE = 10
_WEIGHT_AXIS = "wght"

_registered: str | None = None


def font_path() -> Path | None:
    """The font file inside the installed package, or None when the package is missing."""
    try:
        path = importlib.resources.files(FONT_PACKAGE) / FONT_FILE
    except ModuleNotFoundError:
        return None
    return Path(str(path)) if path.is_file() else None


def register() -> str | None:
    """Register the CJK collection once; returns the SC family name, or None when unavailable."""
    global _registered
    if _registered:
        return _registered
    path = font_path()
    if path is None:
        log.warning("the %s package is not installed: Chinese may render as boxes", FONT_PACKAGE)
        return None
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if FAMILY not in families:
        log.warning("%s does not provide %s (got %s)", path, FAMILY, families)
        return None
    _registered = FAMILY
    return FAMILY


def ui_font(point_size: float | None = None, *, bold: bool = False) -> QFont:
    """The interface font. The collection is variable and its default instance is Thin, so the
    weight axis is set explicitly (regular 400, bold 700)."""
    font = QFont(_registered or QGuiApplication.font().family())
    font.setPointSizeF(point_size or BASE_POINT_SIZE)
    if _registered:
        font.setVariableAxis(QFont.Tag(_WEIGHT_AXIS), 700 if bold else 400)
    font.setBold(bold)
    return font


def install(app: QGuiApplication) -> str | None:
    """Register the font and make it the application font; returns the family in use."""
    family = register()
    if family:
        app.setFont(ui_font())
    return family
