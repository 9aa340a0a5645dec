"""The certificate controls of the review page: issue (after a confirmation that shows what will be
printed), print again, revoke with a reason, and why not — the refusal is shown right under the
button, worded from the service's reason code (services.certificates.REASONS).

Issuing and revoking go through signoff_ops, which calls services.certificates (the rules live
there) and broadcasts the change.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services import certificates, documents, views
from ...services.errors import CertificateRefused, InputError, NotAllowed, NotFound
from .. import labels
from ..refusals import explain
from ..session import Session
from ..walkthrough.editors import fmt_number
from . import signoff_ops


def tr(text: str) -> str:
    return QCoreApplication.translate("certificates", text)


def refusal_text(e: CertificateRefused) -> str:
    """The refusal in the interface language (its code ``certificate.<reason>``, worded once)."""
    return explain(e)


def _buttons_row(cancel: QPushButton, ok: QPushButton) -> QHBoxLayout:
    cancel.clicked.connect(cancel.window().reject)
    ok.clicked.connect(ok.window().accept)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(cancel)
    row.addWidget(ok)
    return row


class CertificateConfirmDialog(QDialog):
    """What will be printed (title, site, level, the serial it will get), and 颁发 / 取消."""

    def __init__(self, proposal: certificates.Proposal, issuer: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.proposal = proposal
        self.setWindowTitle(self.tr("颁发证书"))
        head = QLabel(self.tr("确认颁发以下证书？颁发后分配证书编号，检查变为“已发证”。"))
        head.setWordWrap(True)
        form = QFormLayout()
        self.fields = {
            "title": proposal.title,
            "site": proposal.site,
            "template": proposal.template_title,
            "level": self.tr("{0}（{1}%）").format(
                labels.data_label(proposal.level_label), fmt_number(proposal.percent)
            ),
            "serial": proposal.serial,
            "date": proposal.issued_on,
            "issuer": issuer,
        }
        for key, caption in (
            ("title", self.tr("证书名称")),
            ("site", self.tr("被检单位")),
            ("template", self.tr("检查表")),
            ("level", self.tr("等级")),
            ("serial", self.tr("证书编号（将分配）")),
            ("date", self.tr("颁发日期")),
            ("issuer", self.tr("颁发人")),
        ):
            value = QLabel(self.fields[key])
            value.setObjectName("certificateField")
            form.addRow(caption, value)
        self.issue_button = QPushButton(self.tr("颁发"), self)
        self.issue_button.setObjectName("primary")
        self.issue_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("取消"), self)
        box = QVBoxLayout(self)
        box.addWidget(head)
        box.addLayout(form)
        box.addLayout(_buttons_row(self.cancel_button, self.issue_button))


class RevokeDialog(QDialog):
    """Revoke a certificate: the reason is required (撤销证书 stays disabled without one)."""

    def __init__(self, record, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("撤销证书"))
        head = QLabel(
            self.tr("撤销证书 {0}（{1}）。撤销后验证此证书将显示“已撤销”，且不能再打印。").format(
                record.serial, record.title
            )
        )
        head.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(self.tr("撤销原因（必填）"))
        self.reason.setFixedHeight(72)
        self.revoke_button = QPushButton(self.tr("撤销证书"), self)
        self.revoke_button.setObjectName("danger")
        self.revoke_button.setEnabled(False)
        self.cancel_button = QPushButton(self.tr("取消"), self)
        self.reason.textChanged.connect(lambda: self.revoke_button.setEnabled(bool(self.reason.toPlainText().strip())))
        box = QVBoxLayout(self)
        box.addWidget(head)
        box.addWidget(self.reason)
        box.addLayout(_buttons_row(self.cancel_button, self.revoke_button))


class CertificatePanel(QWidget):
    """颁发证书… / 证书… and 撤销证书…, with the reason it cannot be issued shown under the button."""

    preview = Signal(object, str)  # documents.Rendered, file name: the page shows it
    changed = Signal(str)  # a message for the page's message line after issuing or revoking

    def __init__(self, session: Session, inspection_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.iid = inspection_id
        self.confirm_dialog: CertificateConfirmDialog | None = None
        self.revoke_dialog: RevokeDialog | None = None
        self.button = QPushButton(self.tr("颁发证书…"))
        self.button.clicked.connect(self.certificate)
        self.title = QComboBox()
        self.revoke_button = QPushButton(self.tr("撤销证书…"))
        self.revoke_button.clicked.connect(self.open_revoke)
        self.reason = QLabel()
        self.reason.setObjectName("fieldError")
        self.reason.setWordWrap(True)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.button, 0, 0)
        grid.addWidget(self.title, 0, 1)
        grid.addWidget(self.revoke_button, 0, 1)
        grid.addWidget(self.reason, 1, 0, 1, 2)

    def reload(self, access: views.InspectionView) -> None:
        """Show what ``access`` (the inspection as the signed-in person sees it) allows: issue, print
        again, revoke — and why issuing is refused, worded from the refusal's reason code."""
        self.access, self.site_name = access, access.site
        rec = certificates.latest(self.session.store, self.iid)
        shown = access.frozen
        self.setVisible(shown)
        self.title.clear()
        self.title.hide()
        self.revoke_button.hide()
        self._show_reason("")
        if not shown:
            return
        if rec is not None and not rec.revoked:
            self.button.setText(self.tr("证书…"))
            self.button.setEnabled(True)
            self.revoke_button.setVisible(access.can("revoke"))
            return
        self.button.setText(self.tr("颁发证书…"))
        self.button.setEnabled(access.can("certify"))
        refusal = access.why_not("certify")
        if refusal is not None:
            text = refusal_text(refusal) if isinstance(refusal, CertificateRefused) else explain(refusal)
            if rec is not None and rec.revoked:
                text = self.tr("证书 {0} 已于 {1} 撤销：{2}").format(
                    rec.serial, labels.local_time(rec.revoked_at), rec.revoked_reason
                )
            self._show_reason(text)
            return
        titles = certificates.proposal(self.session.store, self.session.actor, self.iid).titles
        self.title.addItems(titles)
        self.title.setVisible(len(titles) > 1)

    def _show_reason(self, text: str) -> None:
        self.reason.setText(text)
        self.reason.setVisible(bool(text))

    def certificate(self):
        """Print the issued certificate again, or ask to confirm what issuing will print."""
        store = self.session.store
        if certificates.latest(store, self.iid) is not None and self.access.certified:
            return self._render(lambda: documents.render_certificate(store, self.iid, by=self.session.actor))
        try:
            proposal = certificates.proposal(
                store, self.session.actor, self.iid, title=self.title.currentText() or None
            )
        except CertificateRefused as e:
            self._show_reason(refusal_text(e))
            self.button.setEnabled(False)
            return None
        if not self.access.can("certify"):  # e.g. the organisation that issues it is not named yet
            self._show_reason(explain(self.access.why_not("certify")))
            self.button.setEnabled(False)
            return None
        self.confirm_dialog = CertificateConfirmDialog(proposal, self.session.display_name, self)
        self.confirm_dialog.accepted.connect(lambda: self._issue(proposal.title))
        self.confirm_dialog.open()
        return self.confirm_dialog

    def _issue(self, title: str):
        rendered = self._render(
            lambda: signoff_ops.issue_certificate(self.session, inspection_id=self.iid, title=title, source=self)
        )
        if rendered is not None:
            self.changed.emit(self.tr("证书已颁发，可预览、保存或打印。"))
        return rendered

    def _render(self, make):
        try:
            rendered = make()
        except CertificateRefused as e:
            self._show_reason(refusal_text(e))
            return None
        except (NotAllowed, InputError, NotFound, documents.DocumentError) as e:
            self._show_reason(explain(e))
            return None
        self.preview.emit(rendered, self.tr("证书-{0}.pdf").format(self.site_name))
        return rendered

    def open_revoke(self) -> RevokeDialog | None:
        rec = certificates.latest(self.session.store, self.iid)
        if rec is None:
            return None
        self.revoke_dialog = RevokeDialog(rec, self)
        self.revoke_dialog.accepted.connect(lambda: self._revoke(self.revoke_dialog.reason.toPlainText()))
        self.revoke_dialog.open()
        return self.revoke_dialog

    def _revoke(self, reason: str) -> None:
        try:
            rec = signoff_ops.revoke_certificate(self.session, inspection_id=self.iid, reason=reason, source=self)
        except CertificateRefused as e:
            self._show_reason(refusal_text(e))
            return
        except (NotAllowed, InputError) as e:
            self._show_reason(explain(e))
            return
        self.changed.emit(self.tr("证书 {0} 已撤销。").format(rec.serial))


__all__ = ["CertificateConfirmDialog", "CertificatePanel", "RevokeDialog", "refusal_text"]
