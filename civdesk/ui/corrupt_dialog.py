"""A damaged database at start: say so plainly, offer the newest good backup, write nothing.

``open_checked(home)`` is how the GUI opens a home: ``maintenance.probe`` reads the file first
(header, size, ``PRAGMA quick_check``, read-only); only a sound file is opened as a Store. On a
problem the dialog offers the newest automatic backup that passes its checks (or one the user
picks). Restoring sets the damaged file aside under a new name, unchanged, and puts the backup in
its place; quitting leaves everything as it was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from .. import services
from ..services import maintenance, startup_check
from ..services.errors import InputError
from ..store import DB_NAME, Store, StoreError
from .refusals import explain


def tr(text: str) -> str:
    return QCoreApplication.translate("CorruptDialog", text)


def _local(at) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


class CorruptDialog(QDialog):
    """Accepted once a backup was restored (``restored_from``, ``kept`` say which and where the
    damaged file went); rejected when the user quits."""

    def __init__(self, home: Path | str, problem: BaseException, parent: QWidget | None = None):
        super().__init__(parent)
        self.home = Path(home)
        self.problem = problem
        self.restored_from: Path | None = None
        self.kept: Path | None = None
        self.backup = maintenance.newest_good_backup(self.home)
        self.setWindowTitle(tr("数据文件已损坏"))

        head = QLabel(tr("CivDesk 无法使用这个数据文件，它已损坏："))
        head.setObjectName("pageTitle")
        head.setWordWrap(True)
        where = QLabel(str(self.home / DB_NAME))
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setWordWrap(True)
        detail = QLabel(explain(problem))
        detail.setObjectName("muted")
        detail.setWordWrap(True)
        detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        untouched = QLabel(tr("CivDesk 没有写入这个文件。恢复备份时，它会改名后保留在同一文件夹中，不会被删除。"))
        untouched.setWordWrap(True)
        if self.backup is not None:
            at = maintenance.list_backups(self.home)
            when = next((_local(t) for t, p in at if p == self.backup), "")
            offer = QLabel(
                tr("最近的完好备份：{0}\n{1}\n恢复后，该备份之后所做的更改需要重新录入。").format(when, self.backup)
            )
        else:
            offer = QLabel(tr("数据文件夹中没有可用的自动备份。如有其他备份文件（例如 U 盘上的），请选择它。"))
        offer.setWordWrap(True)
        offer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.offer = offer
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()

        self.buttons = QDialogButtonBox()
        self.restore_button = QPushButton(tr("恢复最近的备份"))
        self.restore_button.setObjectName("primary")
        self.choose_button = QPushButton(tr("选择备份文件…"))
        self.quit_button = QPushButton(tr("退出"))
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.choose_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setVisible(self.backup is not None)  # after addButton, which shows it
        self.restore_button.clicked.connect(lambda: self.restore(self.backup))
        self.choose_button.clicked.connect(self._choose)
        self.quit_button.clicked.connect(self.reject)
        (self.restore_button if self.backup is not None else self.choose_button).setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(where)
        layout.addWidget(detail)
        layout.addSpacing(6)
        layout.addWidget(untouched)
        layout.addWidget(offer)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def _choose(self) -> None:
        start = str(maintenance.backup_dir(self.home)) if maintenance.backup_dir(self.home).is_dir() else str(self.home)
        chosen, _ = QFileDialog.getOpenFileName(
            self, tr("选择备份文件"), start, tr("CivDesk 备份 (*.db *.sqlite);;所有文件 (*)")
        )
        if chosen:
            self.restore(Path(chosen))

    def restore(self, src: Path | None) -> bool:
        """Check ``src``, set the damaged file aside, put the backup in its place, then accept."""
        if src is None:
            return False
        try:
            self.kept = maintenance.restore(self.home, src)
        except (InputError, OSError, StoreError) as e:
            self.error.setText(tr("无法从这个备份恢复：{0}").format(explain(e)))
            self.error.show()
            return False
        self.restored_from = Path(src)
        self.accept()
        return True


def check_home(home: Path | str, parent: QWidget | None = None) -> CorruptDialog | None:
    """The dialog to show before opening ``home``, or None when its database is sound (or new, or
    large and sound as far as the cheap check reads: startup_check.py)."""
    problem = startup_check.probe_before(home)
    return CorruptDialog(home, problem, parent) if problem else None


def open_checked(home: Path | str, parent: QWidget | None = None) -> Store | None:
    """Open the home as the GUI does: probe first; on damage ask (modal) and open only after a
    restore. None when the user quits, with the damaged file left exactly as it was."""
    dialog = check_home(home, parent)
    if dialog is not None and not dialog.exec():
        return None
    return services.open_home(home)


__all__ = ["CorruptDialog", "check_home", "open_checked"]
