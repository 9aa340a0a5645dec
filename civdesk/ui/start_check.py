"""The full check of a large database once the window shows (services/startup_check.py).

The window is up and paints while ``PRAGMA quick_check`` reads the file on the operation runner;
the status bar says so and the Store refuses writes meanwhile. When it passes, writes are allowed
and ``then`` runs (the automatic backup at start: never a backup of an unchecked file). When it
fails, the window closes before anything was written and the damaged-database dialog offers the
newest good backup, exactly as at a start that found the damage before the window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from ..services import startup_check
from .corrupt_dialog import CorruptDialog

AFTER_SHOWN_MS = 1000  # the work that follows the window starts once its first paint is done


def tr(text: str) -> str:
    return QCoreApplication.translate("StartCheck", text)


def check_then(controller, then: Callable[[], None]) -> None:
    """Run ``then`` at once when the database was checked in full before the window; otherwise
    after the full check on the runner passes."""
    store = controller.store
    if not startup_check.needs_full_check_later(store.home):
        QTimer.singleShot(AFTER_SHOWN_MS, then)  # checked in full before the window (open_checked)
        return
    store.writes_held = startup_check.HELD
    if controller.window is not None:
        controller.window.statusBar().showMessage(tr("正在检查数据文件，检查完成前暂不能保存…"))
    home = store.home

    def done(problem: BaseException | None) -> None:
        if controller.store is not store:
            return  # another home was opened meanwhile
        if problem is None:
            store.writes_held = None
            if controller.window is not None:
                controller.window.statusBar().clearMessage()
            then()
        else:
            damaged(controller, problem)

    def start() -> None:
        controller.check = controller.runner.start(
            "check",
            lambda op: startup_check.probe_after(home),
            home=home,
            done=done,
            error=lambda e: done(e),
            owner=controller,
        )

    # Writes are held from now; the reading starts once the window's first paint is done, so
    # the check's thread does not take the CPU from it.
    QTimer.singleShot(AFTER_SHOWN_MS, start)


def damaged(controller, problem: BaseException) -> None:
    """Close the window (nothing was written), offer the backup; after a restore, log in again."""
    window, controller.window = controller.window, None
    if window is not None:
        window.hide()
        window.hub_sync.stop()
        window.deleteLater()
    home = controller.store.home
    startup_check.close_untouched(controller.store)
    dialog = CorruptDialog(home, problem)
    if not dialog.exec():
        QApplication.exit(1)  # the user quit: the damaged file stays as it was
        return
    controller.reopen_after_restore()
