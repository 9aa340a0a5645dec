"""The sign dialog: what is being signed, the signature pad, and the password typed again.

Signing calls services.signing.sign through signoff_ops; the service checks the rules (only author
and reviewer, once each, only when approved), the password (with login throttling) and unlocks the
user's key. The dialog refuses an empty pad itself, before anything reaches the service.

Enter always means "sign" (wherever the focus is) and an error keeps the dialog, its message and the
drawn signature; only Esc or 取消 cancel. No button is an auto-default: QDialog would otherwise route
Enter to the first one after the focus (清除签名 or 取消) and lose the drawing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ...services import inspections as insp
from ...services import signing, views
from ...services.errors import InputError, NotAllowed, NotFound
from .. import labels
from ..refusals import explain
from ..session import Session
from ..walkthrough.editors import fmt_number
from . import signoff_ops
from .signature_pad import SignaturePad


class SignDialog(QDialog):
    """Open with ``open()`` (window-modal, not blocking); ``signed(state)`` on success."""

    signed = Signal(str)

    def __init__(self, session: Session, inspection_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.iid = inspection_id
        self.state: str | None = None
        store = session.store
        access = views.inspection_view(store, session.actor, inspection_id)
        v = insp.view(store, inspection_id)
        self.setWindowTitle(self.tr("签署检查"))
        role = self.tr("作者") if access.signer_role(session.actor.id) == "author" else self.tr("审核人")
        head = QLabel(f"{access.site} · {v.template.title} v{v.template.version} · {labels.kind(access.kind)}")
        head.setObjectName("pageTitle")
        head.setWordWrap(True)
        r = v.result
        level = labels.level("veto") if r.vetoed else labels.data_label(r.level_label)
        score = QLabel(
            self.tr("得分 {0} / {1} 分（{2}%），{3}").format(
                fmt_number(r.score), fmt_number(r.max), fmt_number(r.percent), level
            )
        )
        digest = signing.content_hash(store, inspection_id)
        what = QLabel(
            self.tr(
                "您以{0}身份签署：{1}。签名覆盖此检查的全部内容（内容摘要 {2}…），双方签署后检查即冻结，不能再修改。"
            ).format(role, session.display_name, digest[:16])
        )
        what.setWordWrap(True)
        what.setObjectName("muted")
        done = signing.signatures(store, inspection_id)
        already = QLabel(
            self.tr("已签署：{0}").format(
                "；".join(f"{s.display_name}（{labels.local_time(s.signed_at)}）" for s in done)
            )
            if done
            else self.tr("尚无人签署。")
        )
        already.setWordWrap(True)

        self.pad = SignaturePad()
        self.pad.changed.connect(self._pad_changed)
        self.clear_button = QPushButton(self.tr("清除签名"))
        self.clear_button.clicked.connect(self.pad.clear)
        pad_bar = QHBoxLayout()
        pad_label = QLabel(self.tr("手写签名"))
        pad_label.setObjectName("breadcrumb")
        pad_bar.addWidget(pad_label)
        pad_bar.addStretch(1)
        pad_bar.addWidget(self.clear_button)

        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("再次输入您的登录密码"))
        form = QFormLayout()
        form.addRow(self.tr("密码"), self.password)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.sign_button = QPushButton(self.tr("签署"))
        self.sign_button.setObjectName("primary")
        self.sign_button.clicked.connect(self.sign)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.clicked.connect(self.reject)
        for button in (self.clear_button, self.cancel_button, self.sign_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.sign_button)

        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(score)
        layout.addWidget(what)
        layout.addWidget(already)
        layout.addSpacing(6)
        layout.addLayout(pad_bar)
        layout.addWidget(self.pad)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(600)
        self.pad.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.sign()
            return
        super().keyPressEvent(event)  # Esc rejects

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _pad_changed(self) -> None:
        if not self.pad.is_empty() and self.error.isVisible():
            self.show_error("")

    def sign(self) -> bool:
        if self.pad.is_empty():
            self.show_error(self.tr("签名板为空：请先在签名板上手写签名。"))
            self.pad.setFocus()
            return False
        password = self.password.text()
        if not password:
            self.show_error(self.tr("请输入密码以确认身份。"))
            self.password.setFocus()
            return False
        try:
            self.state = signoff_ops.sign(
                self.session, inspection_id=self.iid, password=password, image_png=self.pad.png(), source=self
            )
        except (NotAllowed, InputError, NotFound) as e:
            self.show_error(explain(e))
            self.password.selectAll()
            self.password.setFocus()
            return False
        self.signed.emit(self.state)
        self.accept()
        return True
