"""The main window's 数据 menu: import a bundle, export the selected inspections, export the
rectification list. Light on purpose: the dialogs (and the bundle and Excel services behind them)
are imported when an action is first used, so start-up does not pay for them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from ...domain.exchange import import_refusal


def tr(text: str) -> str:
    return QCoreApplication.translate("ExchangeMenu", text)


def selected_inspections(window) -> list[int]:
    """What "export selected" means where the user is: the open walkthrough's inspection, or the
    rows selected in the inspections list; nothing elsewhere."""
    key = window.current_key()
    if key == "walkthrough" and window.walkthrough is not None:
        return [window.walkthrough.iid]
    if key == "inspections":
        return window.inspections.selected_ids()
    return []


def open_import(window):
    """The import dialog, window-modal and not blocking; returned for the caller (and tests)."""
    from .import_dialog import ImportDialog

    window.import_dialog = ImportDialog(window.session, window)
    window.import_dialog.open()
    return window.import_dialog


def open_export(window, what: str | None = None):
    from .export_dialog import CIVPACK, ExportDialog

    window.export_dialog = ExportDialog(window.session, selected_inspections(window), window, what=what or CIVPACK)
    window.export_dialog.open()
    return window.export_dialog


def install(window: QMainWindow) -> dict[str, QAction]:
    """Add the 数据 menu to ``window``; returns its actions by name."""
    menu = window.menuBar().addMenu(tr("数据(&D)"))
    actions = {}
    for name, text, keys, slot in (
        ("import", tr("导入交换包…"), "Ctrl+Shift+I", lambda: open_import(window)),
        ("export", tr("导出所选检查…"), "Ctrl+Shift+E", lambda: open_export(window)),
        ("rectifications", tr("导出整改清单（Excel）…"), "", lambda: open_export(window, "rectifications")),
    ):
        action = QAction(text, window)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        menu.addAction(action)
        actions[name] = action
    actions["import"].setEnabled(import_refusal(window.session.actor.role) is None)
    return actions


__all__ = ["install", "open_export", "open_import", "selected_inspections"]
