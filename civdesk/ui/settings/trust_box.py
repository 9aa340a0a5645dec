"""Settings → 信任的根证书: the roots whose certificates this home trusts (services.trust).

Everyone sees this home's root and the pinned ones with their fingerprints; an admin exports this
home's root for another home, pins another home's root from its certificate file, and removes one.
Pinning shows the fingerprint first and waits for the admin to confirm that it matches the one
the other home's admin reads out: the file alone proves nothing. (Settings is built at start-up,
so the certificate code is imported only when the box is filled.)
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...services.errors import InputError, NotAllowed, NotFound
from ..refusals import explain


class TrustBox(QGroupBox):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("信任的根证书"))
        self.session = session
        from ...services import trust

        self.admin = trust.change_refusal(session.actor) is None  # may pin and remove roots
        self.pending = None  # the certificate waiting for the admin's confirmation
        self.removing = None  # the pinned root (services.trust.Root) waiting to be removed

        intro = QLabel(self.tr("签名、数据包和 PDF 只有在其证书由下列根证书签发时才被信任。"))
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("类型"), self.tr("名称"), self.tr("指纹 (SHA-256)")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setMaximumHeight(170)

        self.export_button = QPushButton(self.tr("导出本机根证书…"))
        self.add_button = QPushButton(self.tr("添加根证书…"))
        self.remove_button = QPushButton(self.tr("移除"))
        self.export_button.clicked.connect(self._export_dialog)
        self.add_button.clicked.connect(self._add_dialog)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for b in (self.export_button, self.add_button, self.remove_button):
            buttons.addWidget(b)
            b.setVisible(self.admin or b is self.export_button)
        buttons.addStretch(1)

        # The confirmation step, shown inline (fingerprint to compare, then 信任 / 移除 or 取消).
        self.confirm_box = QFrame()
        self.confirm_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.confirm_text = QLabel()
        self.confirm_text.setWordWrap(True)
        self.confirm_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.confirm_button = QPushButton()
        self.cancel_button = QPushButton(self.tr("取消"))
        self.confirm_button.clicked.connect(self.confirm)
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.confirm_button)
        inner = QVBoxLayout(self.confirm_box)
        inner.addWidget(self.confirm_text)
        inner.addLayout(row)
        self.confirm_box.hide()

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.confirm_box)
        layout.addWidget(self.message)
        self.refresh()

    # ------------------------------------------------------------------ showing

    def refresh(self) -> None:
        from ...services import trust

        self.roots = trust.roots(self.session.store)
        self.table.setRowCount(len(self.roots))
        for r, root in enumerate(self.roots):
            kind = self.tr("本机") if root.own else self.tr("已信任")
            for c, text in enumerate((kind, root.name, trust.pretty(root.fingerprint))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        self.export_button.setEnabled(any(r.own for r in self.roots))

    def _say(self, text: str, ok: bool) -> None:
        self.message.setText(text)
        self.message.setObjectName("fieldOk" if ok else "fieldError")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()

    # ------------------------------------------------------------------ export

    def _export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出本机根证书"), "civdesk-root.pem", self.tr("证书 (*.pem)")
        )
        if path:
            self.export_to(path)

    def export_to(self, path: Path | str) -> bool:
        from ...services import trust

        own = trust.own_root(self.session.store)
        try:
            Path(path).write_bytes(own.pem)
        except OSError as e:
            self._say(explain(e), False)
            return False
        self._say(
            self.tr("已导出到 {0}。请把文件交给对方管理员，并告诉对方指纹：{1}").format(
                path, trust.pretty(own.fingerprint)
            ),
            True,
        )
        return True

    # ------------------------------------------------------------------ add (pin)

    def _add_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择对方的根证书"), "", self.tr("证书 (*.pem *.crt *.cer *.der)")
        )
        if path:
            self.propose(path)

    def propose(self, path: Path | str) -> bool:
        """Read a root certificate and show its fingerprint for the admin to compare."""
        from ...services import crypto, trust

        self.cancel()
        try:
            cert = trust.read_certificate_file(path)
        except InputError as e:
            self._say(explain(e), False)
            return False
        self.pending = cert
        name = trust.common_name(cert)
        self.confirm_text.setText(
            self.tr("名称：{0}\n指纹：{1}\n\n请与对方管理员核对指纹，完全一致时才信任此根证书。").format(
                name, trust.pretty(crypto.fingerprint(cert))
            )
        )
        self.confirm_button.setText(self.tr("指纹一致，信任"))
        self.confirm_box.show()
        self.message.hide()
        return True

    # ------------------------------------------------------------------ remove

    def remove_selected(self) -> bool:
        from ...services import trust

        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self._say(self.tr("请先选择要移除的根证书。"), False)
            return False
        root = self.roots[rows[0].row()]
        if root.own:
            self._say(self.tr("本机的根证书不能移除。"), False)
            return False
        self.cancel()
        self.removing = root
        self.confirm_text.setText(
            self.tr("移除后，{0} 签发的证书在本机不再被信任，其签名的数据无法导入，检查将报告它们。\n指纹：{1}").format(
                root.name, trust.pretty(root.fingerprint)
            )
        )
        self.confirm_button.setText(self.tr("移除"))
        self.confirm_box.show()
        self.message.hide()
        return True

    # ------------------------------------------------------------------ confirm / cancel

    def confirm(self) -> bool:
        from ...services import trust

        store, actor = self.session.store, self.session.actor
        try:
            if self.pending is not None:
                root = trust.pin(store, actor, self.pending)
                done = self.tr("已信任根证书 {0}。").format(root.name)
            elif self.removing is not None:
                root = trust.unpin(store, actor, self.removing.fingerprint)
                done = self.tr("已移除根证书 {0}。").format(root.name)
            else:
                return False
        except (InputError, NotFound, NotAllowed) as e:
            self.cancel()
            self._say(explain(e), False)
            return False
        self.cancel()
        self.refresh()
        self._say(done, True)
        return True

    def cancel(self) -> None:
        self.pending = None
        self.removing = None
        self.confirm_box.hide()
