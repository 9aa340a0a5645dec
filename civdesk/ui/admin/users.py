"""Users (admin): the list, and the dialogs of user_dialogs.py to add a user, reset a password and
assign an inspector's sites."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from ...services import admin_views
from ...services.admin_views import UserView
from .. import labels
from ..dashboard.next_steps import lonely_users_hint
from ..lazy import LazyPage
from ..refusals import explain
from ..session import Change, Session
from ..tables import read_only_rows
from .user_dialogs import ID_ROLE, AssignSitesDialog, ResetPasswordDialog, UserDialog


class UsersPage(LazyPage, QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.dialog: QDialog | None = None
        title = QLabel(self.tr("用户"))
        title.setObjectName("pageTitle")
        self.directory = admin_views.directory(session.store, session.actor)
        may_add = self.directory.can("add_user")
        self.add_button = QPushButton(self.tr("新增用户…"))
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(self.add_user)
        self.reset_button = QPushButton(self.tr("重置密码…"))
        self.reset_button.clicked.connect(self.reset_password)
        self.assign_button = QPushButton(self.tr("负责单位…"))
        self.assign_button.setToolTip(self.tr("选择检查员负责的被检单位"))
        self.assign_button.clicked.connect(self.assign_sites)
        self.add_button.setVisible(may_add)
        self.reset_button.setVisible(self.directory.can("reset_password"))
        self.assign_button.setVisible(self.directory.can("assign_sites"))
        self.message = QLabel("" if may_add else self.tr("只有管理员可以新增用户或重置密码。"))
        self.message.setObjectName("fieldOk" if may_add else "muted")
        self.model = QStandardItemModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        read_only_rows(self.view)
        self.view.setSortingEnabled(True)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.message)
        top.addWidget(self.assign_button)
        top.addWidget(self.reset_button)
        top.addWidget(self.add_button)
        self.lonely = QLabel()
        self.lonely.setObjectName("fieldHint")
        self.lonely.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.lonely)
        layout.addWidget(self.view, 1)
        self.reload()  # built when first shown: read now
        self.listen(session)

    def refresh(self) -> None:
        self.directory = admin_views.directory(self.session.store, self.session.actor)
        self.model.clear()
        self.model.setHorizontalHeaderLabels(
            [
                self.tr("用户名"),
                self.tr("姓名"),
                self.tr("角色"),
                self.tr("所属单位"),
                self.tr("状态"),
                self.tr("创建时间"),
            ]
        )
        for u in self.directory.users:
            sites = "、".join(u.sites) or (self.tr("全部单位") if u.every_site else "")
            cells = [
                u.name,
                u.display_name,
                labels.role(u.role),
                sites,
                self.tr("正常") if u.active else self.tr("停用"),
                labels.local_time(u.created_at),
            ]
            row = [QStandardItem(c) for c in cells]
            row[0].setData(u.id, ID_ROLE)
            self.model.appendRow(row)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        hint = lonely_users_hint(self.session.store)
        self.lonely.setText(hint)
        self.lonely.setVisible(bool(hint))

    def user_names(self) -> list[str]:
        return [self.model.item(r, 0).text() for r in range(self.model.rowCount())]

    def select_user(self, name: str) -> None:
        self.view.selectRow(self.user_names().index(name))

    def add_user(self) -> UserDialog:
        """Opens (window-modal, not blocking) and returns the dialog."""
        self.dialog = UserDialog(self.session, self)
        self.dialog.accepted.connect(lambda: self._done(self.tr("已新增用户。")))
        self.dialog.open()
        return self.dialog

    def _selected(self) -> UserView | None:
        index = self.view.currentIndex()
        if not index.isValid():
            self._refused(self.tr("请先选择一个用户。"))
            return None
        return self.directory.user(self.model.item(index.row(), 0).data(ID_ROLE))

    def _refused(self, text: str) -> None:
        self.message.setObjectName("fieldError")
        self.message.setText(text)

    def assign_sites(self) -> AssignSitesDialog | None:
        user = self._selected()
        if user is None:
            return None
        if not user.can("assign_sites"):
            self._refused(self.tr("负责单位只为检查员设置；站长和职工属于创建时选择的单位。"))
            return None
        self.dialog = AssignSitesDialog(self.session, user, self)
        self.dialog.accepted.connect(lambda: self._done(self.tr("已更新负责单位。")))
        self.dialog.open()
        return self.dialog

    def reset_password(self) -> ResetPasswordDialog | None:
        user = self._selected()
        if user is None:
            return None
        refused = user.why_not("reset_password")
        if refused is not None:
            self._refused(explain(refused))
            return None
        self.dialog = ResetPasswordDialog(self.session, user, self)
        self.dialog.accepted.connect(lambda: self._done(self.tr("密码已重置。该用户下次登录时须先设置自己的新密码。")))
        self.dialog.open()
        return self.dialog

    def _done(self, text: str) -> None:
        self.message.setObjectName("fieldOk")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    def affected(self, change: Change) -> bool:
        return change.users or change.sites
