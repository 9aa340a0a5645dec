"""The application's look: one style sheet, object names instead of per-widget styling."""

from __future__ import annotations

ACCENT = "#1d5fa8"
DANGER = "#c62828"
OK = "#2e7d32"
WARN = "#b26a00"
MUTED = "#667085"

SHEET = f"""
QMainWindow, QDialog {{ background: #f5f6f8; }}
QListWidget#nav {{
    background: #1f2a3a; color: #dfe6ee; border: none; padding-top: 8px; outline: 0;
    font-size: 11pt;
}}
QListWidget#nav::item {{ padding: 10px 18px; border-left: 3px solid transparent; }}
QListWidget#nav::item:selected {{ background: #2d3d52; color: white; border-left: 3px solid #5aa2f0; }}
QLabel#appName {{ color: white; background: #1f2a3a; font-size: 12pt; font-weight: bold; padding: 14px 16px 4px 16px; }}
QLabel#appSub {{ color: #9fb0c3; background: #1f2a3a; padding: 0 16px 10px 16px; }}
QLabel#pageTitle {{ font-size: 15pt; font-weight: bold; padding: 2px 0 6px 0; }}
QLabel#muted {{ color: {MUTED}; }}
QLabel#fieldError {{ color: {DANGER}; font-weight: bold; }}
QLabel#fieldOk {{ color: {OK}; font-weight: bold; }}
QLabel#fieldHint {{ color: {WARN}; }}
QFrame#card {{ background: white; border: 1px solid #dde2e8; border-radius: 6px; }}
QFrame#card:focus {{ border: 2px solid {ACCENT}; }}
QFrame#tile {{ background: white; border: 1px solid #dde2e8; border-radius: 6px; }}
QLabel#tileNumber {{ font-size: 20pt; font-weight: bold; color: {ACCENT}; }}
QLabel#itemCode {{ font-size: 13pt; font-weight: bold; color: {ACCENT}; }}
QLabel#itemText {{ font-size: 13pt; }}
QLabel#breadcrumb {{ color: {MUTED}; }}
QLabel#chip {{ background: #eef2f7; border-radius: 3px; padding: 1px 6px; color: #344054; }}
QLabel#chipVeto {{ background: {DANGER}; color: white; border-radius: 3px; padding: 1px 6px; font-weight: bold; }}
QLabel#vetoBanner {{ background: {DANGER}; color: white; font-weight: bold; padding: 8px 12px; border-radius: 4px; }}
QLabel#readOnlyBanner {{ background: #fff4e5; color: #663c00; padding: 6px 12px; border-radius: 4px; }}
QLabel#scoreBig {{ font-size: 14pt; font-weight: bold; }}
QLabel#saveOk {{ color: {OK}; }}
QLabel#saveBusy {{ color: {MUTED}; }}
QLabel#saveFailed {{ color: white; background: {DANGER}; padding: 2px 8px; border-radius: 3px; font-weight: bold; }}
QPushButton#answer {{
    padding: 8px 14px; border: 1px solid #c3cad3; border-radius: 4px; background: white; font-size: 11pt;
}}
QPushButton#answer:checked {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QPushButton#answerPending {{
    padding: 8px 14px; border: 2px dashed {DANGER}; border-radius: 4px; background: #fdecea; font-size: 11pt;
}}
QPushButton#primary {{ background: {ACCENT}; color: white; border: none; border-radius: 4px; padding: 6px 16px; }}
QPushButton#primary:disabled {{ background: #9db4cf; }}
QFrame#submitPanel {{ background: white; border: 2px solid {ACCENT}; border-radius: 6px; }}
QStatusBar {{ background: #e9edf2; }}
"""
