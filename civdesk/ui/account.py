"""Handing the desk to the next person: 注销 / 切换用户 (Ctrl+L), and the lock.

The station manager reviews on the inspector's laptop: the inspector presses Ctrl+L, the window is
settled the way it is at exit (typed input saved, refused or unsaved input asked about; review
drafts are already in the database), every window of the session is closed, the login dialog comes
back, and the next person's session builds a new main window for their role.

The lock (after ``ui.lock_minutes`` idle minutes, or 锁定 Ctrl+Shift+L) hides the session's windows
as they are, so typed input stays in its fields, behind a dialog that takes the same user's password
or lets another person log in. The application wires these together (app.Controller); this module
holds the menu, the idle watch and the lock dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
)

from ..services import accounts
from ..services.errors import NotAllowed
from . import labels
from .field_error import error_label, show_error
from .session import Session

ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
    QEvent.Type.TabletMove,
}


def tr(text: str) -> str:
    return QCoreApplication.translate("Account", text)


def install_menu(window: QMainWindow) -> dict[str, QAction]:
    """The 账户 menu: 注销 / 切换用户 (Ctrl+L) and 锁定 (Ctrl+Shift+L). The application connects them."""
    menu = window.menuBar().addMenu(tr("账户(&A)"))
    actions = {}
    for name, text, keys in (("switch", tr("注销 / 切换用户…"), "Ctrl+L"), ("lock", tr("锁定"), "Ctrl+Shift+L")):
        action = QAction(text, window)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        menu.addAction(action)
        actions[name] = action
    return actions


WATCH_AFTER_MS = 1500  # after start, when the window has long been painted


class IdleWatch(QObject):
    """Emits ``idle`` after ``minutes`` without a key, click or mouse move anywhere in the application
    (0 switches it off)."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.watching = False
        self._stopped = False
        # The first Qt-internal object (the gesture manager) that passes through a Python event
        # filter makes PySide load the wrapper types of QtCore, QtGui and QtWidgets: about 40 ms,
        # once. Watching from the start put that in front of the first paint; it starts once the
        # window is up instead, which a lock counted in minutes does not notice.
        QTimer.singleShot(WATCH_AFTER_MS, self, self._watch)

    def _watch(self) -> None:
        if not self._stopped and not self.watching:
            QApplication.instance().installEventFilter(self)
            self.watching = True

    def set_minutes(self, minutes: float) -> None:
        self.timer.stop()
        if minutes > 0:
            self.timer.setInterval(int(minutes * 60_000))
            self.timer.start()

    def stop(self) -> None:
        self._stopped = True
        self.timer.stop()
        if self.watching:
            QApplication.instance().removeEventFilter(self)
            self.watching = False

    def eventFilter(self, obj, event) -> bool:
        if event.type() in ACTIVITY and self.timer.interval() > 0 and (self.timer.isActive()):
            self.timer.start()  # restarts the countdown
        return False


class LockDialog(QDialog):
    """The locked session: its user's password unlocks (``unlocked``); 切换用户 (``switch``) lets
    another person log in, after saying what of the locked session's input cannot be kept."""

    unlocked = Signal()
    switch = Signal()

    def __init__(self, session: Session, unsaved: str = "", parent=None):
        super().__init__(parent)
        self.session = session
        self.unsaved = unsaved
        self.setWindowTitle(tr("CivDesk 文明创建检查台 — 已锁定"))
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        title = QLabel(tr("已锁定"))
        title.setObjectName("pageTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        who = QLabel(
            tr("{0}（{1}）正在使用。输入密码继续，未完成的工作保持原样。").format(
                session.display_name, labels.role(session.actor.role)
            )
        )
        who.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr("{0} 的密码").format(session.actor.name))
        form = QFormLayout()
        form.addRow(tr("密码"), self.password)
        self.error = error_label()
        self.note = QLabel(tr("未能保存的输入：{0}。另一人登录时将放弃它。").format(unsaved) if unsaved else "")
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.note.setVisible(bool(unsaved))
        buttons = QDialogButtonBox()
        self.unlock_button = buttons.addButton(tr("解锁"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.unlock_button.setDefault(True)
        self.switch_button = buttons.addButton(tr("切换用户…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.switch_button.setAutoDefault(False)
        self.unlock_button.clicked.connect(self._unlock)
        self.switch_button.clicked.connect(self._switch)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(who)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.password.setFocus()

    def reject(self) -> None:
        """Esc and the window's close button do not unlock."""

    def _unlock(self) -> None:
        try:
            accounts.authenticate(self.session.store, self.session.actor.name, self.password.text())
        except NotAllowed as e:
            self.password.clear()
            self.password.setFocus()
            from .refusals import explain

            return show_error(self.error, explain(e))
        self.done(QDialog.DialogCode.Accepted)
        self.unlocked.emit()

    def _switch(self) -> None:
        if self.unsaved:
            answer = QMessageBox.question(
                self,
                tr("切换用户"),
                tr("{0}的以下输入无法保存，切换用户将放弃它：\n{1}\n仍然切换用户？").format(
                    self.session.display_name, self.unsaved
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.done(QDialog.DialogCode.Rejected)
        self.switch.emit()
