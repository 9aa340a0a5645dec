"""The audit trail of one inspection: who did what, when and why, from the hash-chained audit log.

Shows the inspection's own entries and those of its rectifications, oldest first, and whether the
whole chain still verifies (the same check ``civdesk check`` makes).
"""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...services import review
from ...store import Store
from .. import labels
from ..session import Session
from ..walkthrough.editors import fmt_number
from ..worker import app_runner


def tr(text: str) -> str:
    return QCoreApplication.translate("AuditView", text)


def action_label(action: str) -> str:
    names = {
        "inspection.create": tr("创建"),
        "answer": tr("作答"),
        "answer.clear": tr("清除作答"),
        "note": tr("填写说明"),
        "photo.add": tr("添加照片"),
        "photo.remove": tr("删除照片"),
        "inspection.submit": tr("提交"),
        "inspection.return": tr("退回"),
        "inspection.approve": tr("审核通过"),
        "inspection.sign": tr("签署"),
        "inspection.certify": tr("颁发证书"),
        "rectification.done": tr("标记已整改"),
        "rectification.verify": tr("验证整改"),
        "rectification.reopen": tr("要求重新整改"),
        "rectification.close": tr("复查关闭整改"),
        "exchange.export": tr("导出"),
        "exchange.add": tr("导入"),
        "certificate.revoke": tr("撤销证书"),
    }
    return names.get(action, action)


def _value(value) -> str:
    if isinstance(value, str):
        return labels.answer(value)
    if isinstance(value, float):
        return fmt_number(value)
    return str(value)


def describe(entry: review.AuditEntry) -> str:
    """One line saying what an entry recorded."""
    d, action = entry.detail, entry.action
    if action == "answer":
        text = _value(d.get("value"))
        return text + (tr("；说明：{0}").format(d["note"]) if d.get("note") else "")
    if action == "note":
        return d.get("note", "")
    if action in ("photo.add", "photo.remove"):
        return d.get("filename") or d.get("sha256", "")[:12]
    if action == "inspection.create":
        return tr("{0} v{1}，{2}").format(d.get("template"), d.get("version"), labels.kind(d.get("kind", "")))
    if action == "inspection.submit":
        text = tr("{0} 分（{1}%）").format(fmt_number(d.get("score", 0)), fmt_number(d.get("percent", 0)))
        if d.get("rectifications"):
            text += tr("；整改项 {0}").format("、".join(d["rectifications"]))
        return text
    if action == "inspection.return":
        text = tr("原因：{0}").format(d.get("reason", ""))
        if d.get("items"):
            text += tr("；有评语的项：{0}").format("、".join(d["items"]))
        return text
    if action == "inspection.approve":
        return d.get("comment", "")
    if action == "inspection.sign":
        role = tr("作者") if d.get("role") == "author" else tr("审核人")
        return tr("{0}签署；内容摘要 {1}…；状态 {2}").format(
            role, d.get("content_hash", "")[:12], labels.state(d.get("state", ""))
        )
    if action == "inspection.certify":
        return d.get("title", "")
    if action == "certificate.revoke":
        return tr("证书 {0}；原因：{1}").format(d.get("serial", ""), d.get("reason", ""))
    if action == "rectification.done":
        return d.get("note", "") + (tr("；照片 {0} 张").format(len(d["photos"])) if d.get("photos") else "")
    if action == "rectification.reopen":
        return tr("原因：{0}").format(d.get("reason", ""))
    if action == "rectification.verify":  # verified as done: it records no more than that
        return d.get("reason", "")
    if action == "rectification.close":
        return tr("关闭 {0} 项").format(len(d.get("closed", [])))
    return json.dumps(dict(d), ensure_ascii=False) if d else ""


def _chain_problem(op) -> tuple[int, str] | None:
    store = Store(op.home, migrate=False)
    try:
        return review.chain_problem(store)
    finally:
        store.close()


class AuditView(QWidget):
    COLUMNS = 6

    def __init__(self, session: Session, inspection_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.iid = inspection_id
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels([tr("序号"), tr("时间"), tr("用户"), tr("操作"), tr("检查项"), tr("详情")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate((56, 150, 110, 110, 70)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        store = self.session.store
        self.entries = review.audit_trail(store, self.iid)
        # Verifying the whole chain reads every entry (1.7 million in a province's home): it is
        # done on the operation runner's thread with its own connection, the list shown meanwhile.
        self.status.setObjectName("")
        self.status.setText(tr("正在核对审计链…（共 {0} 条与此检查有关的记录）").format(len(self.entries)))
        self.chain_check = app_runner().start(
            "audit-chain", _chain_problem, home=store.home, done=self._show_chain, owner=self
        )
        self._fill()

    def _show_chain(self, broken: tuple[int, str] | None) -> None:
        self.chain_checked = True
        if broken is None:
            self.status.setObjectName("fieldOk")
            self.status.setText(tr("✓ 审计链完整：共 {0} 条与此检查有关的记录，均未被改动。").format(len(self.entries)))
        else:
            self.status.setObjectName("fieldError")
            self.status.setText(tr("✗ 审计链在第 {0} 条记录处断开：{1}").format(broken[0], broken[1]))
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def _fill(self) -> None:
        self.table.setRowCount(len(self.entries))
        for n, e in enumerate(self.entries):
            cells = [
                str(e.seq),
                labels.local_time(e.at, labels.SECOND),
                e.user,
                action_label(e.action),
                e.item_code or "",
                describe(e),
            ]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column == 5:
                    cell.setToolTip(text)
                self.table.setItem(n, column, cell)
            self.table.item(n, 0).setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.scrollToBottom()  # the latest steps (return, approval, signatures) first in view

    def actions(self) -> list[str]:
        return [e.action for e in self.entries]


class AuditDialog(QDialog):
    """Non-modal window with an inspection's audit trail."""

    def __init__(self, session: Session, inspection_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("审计记录 · 检查 {0}").format(inspection_id))
        self.view = AuditView(session, inspection_id, self)
        close = QPushButton(tr("关闭"))
        close.clicked.connect(self.accept)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        self.resize(1000, 560)
