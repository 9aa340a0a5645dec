"""The walkthrough's submit panel: what blocks submission (each entry jumps to its item), or a
summary with the confirm button. It stays open while blockers are fixed and updates itself."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout

from ...domain.scoring import Blocker, Result
from .. import labels
from .editors import fmt_number

CODE_ROLE = Qt.ItemDataRole.UserRole


class SubmitPanel(QFrame):
    jump = Signal(str, str)  # item code, blocker reason
    confirmed = Signal()
    closed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("submitPanel")
        self.setMinimumWidth(300)
        self.setMaximumWidth(380)
        self.title = QLabel(self.tr("提交检查"))
        self.title.setObjectName("pageTitle")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("blockers")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)
        self.confirm = QPushButton(self.tr("确认提交"))
        self.confirm.setObjectName("primary")
        self.confirm.setAutoDefault(True)
        self.confirm.clicked.connect(self.confirmed)
        self.close_button = QPushButton(self.tr("关闭（Esc）"))
        self.close_button.setAutoDefault(True)
        self.close_button.clicked.connect(self.closed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.blockers: list[Blocker] = []

    def show_blockers(self, blockers: list[Blocker], texts: dict[str, str]) -> None:
        self.blockers = list(blockers)
        self.list.clear()
        for b in blockers:
            text = texts.get(b.code, "")
            entry = QListWidgetItem(f"{b.code}  {labels.blocker(b.reason)}\n{text[:40]}{'…' if len(text) > 40 else ''}")
            entry.setData(CODE_ROLE, (b.code, b.reason))
            self.list.addItem(entry)
        self.message.setText(
            self.tr("还有 {0} 项需要处理后才能提交。按 Enter 或点击一项跳到该项；处理后本列表自动更新。").format(
                len(blockers)
            )
        )
        self.list.setVisible(True)
        self.confirm.setEnabled(False)
        self.confirm.setVisible(True)

    def show_ready(self, result: Result, level_label: str) -> None:
        self.blockers = []
        self.list.clear()
        self.list.setVisible(False)
        failed = len(result.failed_items)
        text = self.tr("全部必答项已完成。\n得分 {0} / {1} 分（{2}%），{3}。").format(
            fmt_number(result.score), fmt_number(result.max), fmt_number(result.percent), level_label
        )
        if failed:
            text += "\n" + self.tr("{0} 项不符合，提交后将生成整改项。").format(failed)
        text += "\n\n" + self.tr("提交后不能再修改，除非审核人退回。按 Enter 确认提交。")
        self.message.setText(text)
        self.confirm.setEnabled(True)
        self.confirm.setVisible(True)

    def show_done(self, text: str) -> None:
        self.blockers = []
        self.list.clear()
        self.list.setVisible(False)
        self.message.setText(text)
        self.confirm.setVisible(False)

    def show_error(self, text: str) -> None:
        self.message.setText(text)

    def focus_default(self) -> None:
        if self.confirm.isVisible() and self.confirm.isEnabled():
            self.confirm.setFocus()
        elif self.list.isVisible() and self.list.count():
            self.list.setFocus()
            if self.list.currentRow() < 0:
                self.list.setCurrentRow(0)
        else:
            self.close_button.setFocus()

    def _activated(self, entry: QListWidgetItem) -> None:
        code, reason = entry.data(CODE_ROLE)
        self.jump.emit(code, reason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.closed.emit()
            return
        super().keyPressEvent(event)
