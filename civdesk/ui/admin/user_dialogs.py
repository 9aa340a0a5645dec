"""The users screen's dialogs: adding a user (role, sites, password), resetting a password, and the
sites an inspector is assigned to (their scope; none ticked means every site).

A reset retires the user's signing key (services.accounts.reset_password); signatures made with
the old key stay verifiable from its stored certificate, and the user gets a new key when they
next sign.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.workflow import ROLES
from ...services import accounts, admin_views
from ...services.admin_views import SiteView, UserView
from ...services.errors import InputError, NotAllowed, NotFound
from .. import labels
from ..refusals import explain
from ..review import signoff_ops
from ..session import Session

ID_ROLE = Qt.ItemDataRole.UserRole


def _password_field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field


class _FormDialog(QDialog):
    """A form with an error line and OK / cancel; ``ok`` runs ``save()``, which accepts on success."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.ok_button = QPushButton(self.tr("保存"))
        self.ok_button.setObjectName("primary")
        self.ok_button.clicked.connect(self.save)
        cancel = QPushButton(self.tr("取消"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def passwords_match(self, a: QLineEdit, b: QLineEdit) -> bool:
        if len(a.text()) < accounts.MIN_PASSWORD:
            self.show_error(self.tr("密码至少需要 {0} 个字符。").format(accounts.MIN_PASSWORD))
            a.setFocus()
            return False
        if a.text() != b.text():
            self.show_error(self.tr("两次输入的密码不一致。"))
            b.setFocus()
            return False
        return True

    def save(self) -> None:
        raise NotImplementedError


def _site_checklist(listed: tuple[SiteView, ...], checked: frozenset[int] = frozenset()) -> QListWidget:
    sites = QListWidget()
    sites.setFixedHeight(120)
    for s in listed:
        entry = QListWidgetItem(s.name)
        entry.setData(ID_ROLE, s.id)
        entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        entry.setCheckState(Qt.CheckState.Checked if s.id in checked else Qt.CheckState.Unchecked)
        sites.addItem(entry)
    return sites


def _checked(sites: QListWidget) -> list[int]:
    return [
        sites.item(n).data(ID_ROLE) for n in range(sites.count()) if sites.item(n).checkState() == Qt.CheckState.Checked
    ]


class UserDialog(_FormDialog):
    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(self.tr("新增用户"), parent)
        self.session = session
        self.user_id: int | None = None
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("登录用的用户名，不含空格"))
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText(self.tr("例如：王海燕"))
        self.role = QComboBox()
        for r in ROLES:
            self.role.addItem(labels.role(r), r)
        self.role.setCurrentIndex(self.role.findData("inspector"))
        self.sites = _site_checklist(admin_views.directory(session.store, session.actor).sites)
        self.sites_hint = QLabel()
        self.sites_hint.setObjectName("muted")
        self.sites_hint.setWordWrap(True)
        self.password = _password_field(self.tr("至少 {0} 个字符").format(accounts.MIN_PASSWORD))
        self.confirm = _password_field(self.tr("再输入一次"))
        self.form.addRow(self.tr("用户名"), self.name)
        self.form.addRow(self.tr("姓名"), self.display_name)
        self.form.addRow(self.tr("角色"), self.role)
        self.form.addRow(self.tr("所属单位"), self.sites)
        self.form.addRow("", self.sites_hint)
        self.form.addRow(self.tr("密码"), self.password)
        self.form.addRow(self.tr("确认密码"), self.confirm)
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()

    def _role_changed(self) -> None:
        role = self.role.currentData()
        self.sites.setEnabled(role != "admin")
        self.sites_hint.setVisible(role != "admin")
        self.sites_hint.setText(
            self.tr("检查员负责勾选的被检单位；不勾选则负责全部单位。")
            if role == "inspector"
            else self.tr("站长和窗口职工必须属于至少一个被检单位。")
        )

    def check_site(self, site_id: int, on: bool = True) -> None:
        for n in range(self.sites.count()):
            if self.sites.item(n).data(ID_ROLE) == site_id:
                self.sites.item(n).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def site_ids(self) -> list[int]:
        if not self.sites.isEnabled():
            return []
        return _checked(self.sites)

    def save(self) -> None:
        if not self.passwords_match(self.password, self.confirm):
            return
        try:
            self.user_id = signoff_ops.create_user(
                self.session,
                name=self.name.text().strip(),
                role=self.role.currentData(),
                password=self.password.text(),
                display_name=self.display_name.text().strip(),
                site_ids=self.site_ids(),
                source=self,
            )
        except (NotAllowed, InputError, NotFound) as e:
            self.show_error(explain(e))
            return
        self.accept()


class ResetPasswordDialog(_FormDialog):
    def __init__(self, session: Session, user: UserView, parent: QWidget | None = None):
        super().__init__(self.tr("重置密码：{0}（{1}）").format(user.display_name, user.name), parent)
        self.session = session
        self.user = user
        note = QLabel(self.tr("重置后该用户下次签署时将生成新的签名密钥；用旧密钥做的签名仍可验证。"))
        note.setWordWrap(True)
        note.setObjectName("muted")
        self.password = _password_field(self.tr("至少 {0} 个字符").format(accounts.MIN_PASSWORD))
        self.confirm = _password_field(self.tr("再输入一次"))
        self.form.addRow(note)
        self.form.addRow(self.tr("新密码"), self.password)
        self.form.addRow(self.tr("确认密码"), self.confirm)
        self.ok_button.setText(self.tr("重置密码"))

    def save(self) -> None:
        if not self.passwords_match(self.password, self.confirm):
            return
        try:
            signoff_ops.reset_password(
                self.session, user_id=self.user.id, new_password=self.password.text(), source=self
            )
        except (NotAllowed, InputError, NotFound) as e:
            self.show_error(explain(e))
            return
        self.accept()


class AssignSitesDialog(_FormDialog):
    """An inspector's sites: they see and act on the ticked ones only; none ticked means every site."""

    def __init__(self, session: Session, user: UserView, parent: QWidget | None = None):
        super().__init__(self.tr("负责单位：{0}（{1}）").format(user.display_name, user.name), parent)
        self.session = session
        self.user = user
        note = QLabel(self.tr("检查员只看到并处理勾选的被检单位；一个都不勾选则负责全部单位。"))
        note.setWordWrap(True)
        note.setObjectName("muted")
        self.sites = _site_checklist(admin_views.directory(session.store, session.actor).sites, user.site_ids)
        self.sites.setFixedHeight(200)
        self.form.addRow(note)
        self.form.addRow(self.tr("负责单位"), self.sites)

    def check_site(self, site_id: int, on: bool = True) -> None:
        for n in range(self.sites.count()):
            if self.sites.item(n).data(ID_ROLE) == site_id:
                self.sites.item(n).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def save(self) -> None:
        try:
            signoff_ops.assign_sites(self.session, user_id=self.user.id, site_ids=_checked(self.sites), source=self)
        except (NotAllowed, InputError, NotFound) as e:
            self.show_error(explain(e))
            return
        self.accept()
