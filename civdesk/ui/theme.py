"""Theme (light / dark / follow the system) and font scale, applied to the running application.

The style sheet stays the one in style.py; dark mode swaps its light surface colours for dark
ones and sets a dark palette, and the font scale multiplies the application font and every
point size the sheet names. ``apply`` may be called again at any time (Settings does).
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from . import fonts, style

THEMES = ("light", "dark", "system")

# light colour in style.SHEET → its dark counterpart
_DARK = {
    "background: #f5f6f8": "background: #1e2127",
    "background: white": "background: #2a2e35",
    "#dde2e8": "#3a404a",
    "#eef2f7": "#353b45",
    "#344054": "#d0d5dd",
    "#fff4e5": "#4a3a1a",
    "#663c00": "#ffd8a8",
    "#c3cad3": "#4a515c",
    "#fdecea": "#4a2224",
    "#e9edf2": "#23262c",
    "#9db4cf": "#3d5a7a",
    style.MUTED: "#a3acb9",
}

# Rules for the dashboard, template editor and settings screens.
EXTRA = f"""
QLabel#tileNumberWarn {{ font-size: 20pt; font-weight: bold; color: {style.DANGER}; }}
QFrame#tile:focus {{ border: 2px solid {style.ACCENT}; }}
QLabel#sealPreview {{ border: 1px solid #dde2e8; }}
QLabel#settingHelp {{ color: {style.MUTED}; }}
"""

_original_style: str | None = None


def is_dark(theme: str) -> bool:
    if theme == "dark":
        return True
    if theme == "system":
        return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
    return False


def _scale_points(sheet: str, scale: float) -> str:
    if scale == 1:
        return sheet
    return re.sub(r"(\d+(?:\.\d+)?)pt", lambda m: f"{float(m.group(1)) * scale:.1f}pt", sheet)


# Fusion draws check boxes with an outline darker than the window: invisible on a dark one.
DARK_EXTRA = """
QCheckBox::indicator, QTreeView::indicator, QTableView::indicator {
    width: 13px; height: 13px; border: 1px solid #8a919c; border-radius: 2px; background: #25282e; }
QCheckBox::indicator:checked, QTreeView::indicator:checked, QTableView::indicator:checked {
    background: #4a8ad4; border-color: #9cc3f0; }
QCheckBox::indicator:disabled { border-color: #4a515c; }
"""


def sheet(theme: str = "light", scale: float = 1.0) -> str:
    text = style.SHEET + EXTRA
    if is_dark(theme):
        for light, dark in _DARK.items():
            text = text.replace(light, dark)
        text += DARK_EXTRA
    return _scale_points(text, scale)


def dark_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    for role, color in (
        (roles.Window, "#1e2127"),
        (roles.WindowText, "#e6e8eb"),
        (roles.Base, "#25282e"),
        (roles.AlternateBase, "#2c3037"),
        (roles.Text, "#e6e8eb"),
        (roles.Button, "#2f333a"),
        (roles.ButtonText, "#e6e8eb"),
        (roles.Highlight, "#2f6db5"),
        (roles.HighlightedText, "#ffffff"),
        (roles.ToolTipBase, "#2f333a"),
        (roles.ToolTipText, "#e6e8eb"),
        (roles.PlaceholderText, "#8a919c"),
        (roles.Link, "#7fb3f5"),
        (roles.BrightText, "#ffffff"),
        (roles.Light, "#3a3f47"),
        (roles.Midlight, "#33373e"),
        (roles.Mid, "#555b66"),
        (roles.Dark, "#16181c"),
        (roles.Shadow, "#0c0d0f"),
    ):
        p.setColor(role, QColor(color))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a808a"))
    return p


def apply(app: QApplication, theme: str = "light", scale: float = 1.0) -> None:
    """Make ``theme`` and ``scale`` the look of the running application."""
    global _original_style
    if _original_style is None:
        _original_style = app.style().name()
    dark = is_dark(theme)
    # Each change re-polishes every widget of the application: make only the ones that differ.
    style_name = "fusion" if dark else _original_style
    if app.style().name().lower() != style_name.lower():
        app.setStyle(style_name)
    palette = dark_palette() if dark else app.style().standardPalette()
    if app.palette() != palette:
        app.setPalette(palette)
    font = app.font()
    if font.pointSizeF() != fonts.BASE_POINT_SIZE * scale:
        font.setPointSizeF(fonts.BASE_POINT_SIZE * scale)
        app.setFont(font)
    text = sheet(theme, scale)
    if app.styleSheet() != text:
        app.setStyleSheet(text)
