"""Start of a session: the first-run dialog that creates the admin, and the login dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from ..domain.workflow import Actor
from ..services import accounts
from ..services.errors import InputError, NotAllowed
from ..store import Store
from . import preload
from .field_error import error_label, show_error


def _password_pair(placeholder: str) -> tuple[QLineEdit, QLineEdit]:
    """A new password and its confirmation."""
    fields = QLineEdit(), QLineEdit()
    for f in fields:
        f.setEchoMode(QLineEdit.EchoMode.Password)
    fields[0].setPlaceholderText(placeholder)
    return fields


def _mismatch(password: str, confirm: QLineEdit) -> bool:
    """Whether the confirmation differs (it is then cleared for typing again)."""
    if password == confirm.text():
        return False
    confirm.clear()
    confirm.setFocus()
    return True


class FirstRunDialog(QDialog):
    """An empty home: create the first administrator and name the issuing organisation (with its
    seal), or fill the home with demo data."""

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.demo_filled = False
        self.user_id: int | None = None
        self.seal: Path | None = None
        self.setWindowTitle(self.tr("CivDesk 文明创建检查台 — 首次使用"))
        intro = QLabel(self.tr("这是一个新的数据文件夹，还没有任何用户。请先创建管理员账户。"))
        intro.setWordWrap(True)
        where = QLabel(self.tr("数据文件夹：{0}").format(store.home))
        where.setObjectName("muted")
        where.setWordWrap(True)
        self.name = QLineEdit("admin")
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText(self.tr("例如：系统管理员"))
        self.password, self.confirm = _password_pair(self.tr("至少 {0} 个字符").format(accounts.MIN_PASSWORD))
        self.org = QLineEdit()
        self.org.setPlaceholderText(self.tr("例如：杭州市交通运输局"))
        self.seal_button = QPushButton(self.tr("选择公章图片…"))
        self.seal_button.setAutoDefault(False)  # Enter in a field creates the admin, never opens a file dialog
        self.seal_button.clicked.connect(self._pick_seal)
        self.seal_preview = QLabel(self.tr("未选择（可稍后在“设置”中添加）"))
        self.seal_preview.setObjectName("muted")
        seal_row = QHBoxLayout()
        seal_row.addWidget(self.seal_button)
        seal_row.addWidget(self.seal_preview, 1)
        org_hint = QLabel(
            self.tr(
                "证书、检查报告和整改通知书以此单位的名义出具。未填写单位名称时不能颁发证书；也可以稍后在“设置”中填写。"
            )
        )
        org_hint.setObjectName("muted")
        org_hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("用户名"), self.name)
        form.addRow(self.tr("姓名"), self.display_name)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.tr("确认密码"), self.confirm)
        form.addRow(self.tr("出具单位"), self.org)
        form.addRow(self.tr("公章图片"), seal_row)
        form.addRow("", org_hint)
        self.error = error_label()
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton(self.tr("创建管理员"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setDefault(True)
        self.demo_button = QPushButton(self.tr("载入演示数据"))
        self.demo_button.setToolTip(self.tr("填入演示用户、被检单位和各种状态的检查，便于试用"))
        buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self.reject)
        self.demo_button.clicked.connect(self._demo)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def _create(self) -> None:
        name, pw = self.name.text().strip(), self.password.text()
        if not name or any(c.isspace() for c in name):
            return show_error(self.error, self.tr("用户名不能为空，也不能包含空格。"))
        if len(pw) < accounts.MIN_PASSWORD:
            return show_error(self.error, self.tr("密码至少需要 {0} 个字符。").format(accounts.MIN_PASSWORD))
        if _mismatch(pw, self.confirm):
            return show_error(self.error, self.tr("两次输入的密码不一致。"))
        org = self.org.text().strip()
        if len(org) > 200:
            self.org.setFocus()
            return show_error(self.error, self.tr("单位名称过长（最多 200 个字）。"))
        try:
            self.user_id = accounts.create_user(
                self.store, by=None, name=name, role="admin", password=pw, display_name=self.display_name.text().strip()
            )
        except (InputError, NotAllowed) as e:
            from .refusals import explain

            return show_error(self.error, self.tr("无法创建管理员：{0}").format(explain(e)))
        from ..services import organisation, settings

        admin = accounts.actor(self.store, self.user_id)
        if org:
            organisation.set_up(self.store, admin, org, self.seal)
        elif self.seal:
            settings.set_seal_image(self.store, admin, self.seal)
        self.accept()

    def _pick_seal(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择公章图片"), "", self.tr("PNG 图片 (*.png)"))
        if path:
            self.choose_seal(Path(path))

    def choose_seal(self, path: Path) -> bool:
        """Take ``path`` as the seal when it is a usable PNG (checked at once, shown as a preview)."""
        from ..services import settings

        why = settings.png_problem(path)
        if why:
            self.seal = None
            self.seal_preview.setPixmap(QPixmap())
            self.seal_preview.setText(self.tr("未选择（可稍后在“设置”中添加）"))
            show_error(self.error, self.tr("“{0}”不是可用的 PNG 图片。").format(path.name))
            return False
        self.seal = path
        self.seal_preview.setPixmap(
            QPixmap(str(path)).scaled(
                48, 48, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )
        self.seal_preview.setToolTip(str(path))
        show_error(self.error, "")
        return True

    def _demo(self) -> None:
        from ..services import demo

        try:
            demo.fill(self.store)
        except InputError as e:
            from .refusals import explain

            return show_error(self.error, explain(e))
        self.demo_filled = True
        self.accept()


class LoginDialog(QDialog):
    """User name and password; ``actor`` is set when the dialog is accepted. A user whose password
    an admin reset is asked for a new one (``change``) before getting in."""

    def __init__(self, store: Store, parent=None, *, hint: str = "", user: str = ""):
        super().__init__(parent)
        self.store = store
        self.actor: Actor | None = None
        self.change: ChangePasswordDialog | None = None
        self.setWindowTitle(self.tr("CivDesk 文明创建检查台 — 登录"))
        title = QLabel(self.tr("文明创建检查台"))
        title.setObjectName("pageTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        where = QLabel(self.tr("数据文件夹：{0}").format(store.home))
        where.setObjectName("muted")
        where.setWordWrap(True)
        self.user = QLineEdit(user)
        self.user.setPlaceholderText(self.tr("用户名"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("密码"))
        form = QFormLayout()
        form.addRow(self.tr("用户名"), self.user)
        form.addRow(self.tr("密码"), self.password)
        self.error = error_label()
        self.hint = QLabel(hint)
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        self.hint.setVisible(bool(hint))
        buttons = QDialogButtonBox()
        self.login_button = buttons.addButton(self.tr("登录"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.login_button.setDefault(True)
        buttons.addButton(self.tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._login)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.hint)
        layout.addWidget(where)
        layout.addWidget(buttons)
        self.setMinimumWidth(400)
        (self.password if user else self.user).setFocus()

    def _login(self) -> None:
        name = self.user.text().strip()
        if not name:
            self.user.setFocus()
            return show_error(self.error, self.tr("请输入用户名。"))
        try:
            self.actor = accounts.authenticate(
                self.store, name, self.password.text(), meanwhile=preload.main_window_code
            )
        except accounts.PasswordChangeRequired:
            # The password was right, but an admin reset it: a new one first, then in.
            self.change = ChangePasswordDialog(self.store, name, self.password.text(), self)
            self.change.accepted.connect(self._changed)
            self.change.open()
            return None
        except NotAllowed as e:
            self.password.clear()
            self.password.setFocus()
            if e.code == "accounts.too_many_failed_logins":  # throttled: say how long to wait, not "wrong"
                from .refusals import explain

                return show_error(self.error, explain(e))
            return show_error(self.error, self.tr("用户名或密码错误。"))
        self.accept()

    def _changed(self) -> None:
        self.actor = self.change.actor
        self.accept()


class ChangePasswordDialog(QDialog):
    """A new password for a user whose password an admin reset (asked at login, before anything
    else: they can neither act nor sign until it is done)."""

    def __init__(self, store: Store, name: str, old_password: str, parent=None):
        super().__init__(parent)
        self.store = store
        self.name = name
        self.old_password = old_password
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("设置新密码"))
        intro = QLabel(
            self.tr("管理员重置了 {0} 的密码。请设置只有您自己知道的新密码，然后才能继续使用。").format(name)
        )
        intro.setWordWrap(True)
        self.password, self.confirm = _password_pair(self.tr("至少 {0} 个字符").format(accounts.MIN_PASSWORD))
        form = QFormLayout()
        form.addRow(self.tr("新密码"), self.password)
        form.addRow(self.tr("确认新密码"), self.confirm)
        self.error = error_label()
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("保存并登录"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.password.setFocus()

    def _save(self) -> None:
        pw = self.password.text()
        if len(pw) < accounts.MIN_PASSWORD:
            return show_error(self.error, self.tr("密码至少需要 {0} 个字符。").format(accounts.MIN_PASSWORD))
        if _mismatch(pw, self.confirm):
            return show_error(self.error, self.tr("两次输入的密码不一致。"))
        if pw == self.old_password:
            return show_error(self.error, self.tr("新密码不能与管理员设置的密码相同。"))
        try:
            self.actor = accounts.change_password(
                self.store, name=self.name, old_password=self.old_password, new_password=pw
            )
        except (InputError, NotAllowed) as e:
            from .refusals import explain

            return show_error(self.error, explain(e))
        self.accept()
