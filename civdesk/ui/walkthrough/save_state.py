"""The walkthrough's save indicator: "saved 10:32:05", or a red "not saved" with a retry button.

The header shows the short state; the full reason of a failure is shown at the field on the card.
"""

from __future__ import annotations

import errno
import sqlite3

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ... import messages
from .. import labels


def failure_text(error: Exception) -> str:
    """Why a save failed, for the user, ending with what to do about it."""
    sqlite = getattr(error, "sqlite_errorname", "") if isinstance(error, sqlite3.Error) else ""
    full = sqlite == "SQLITE_FULL" or (isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT))
    if full:
        reason = QCoreApplication.translate("SaveState", "磁盘已满，请腾出空间")
    elif sqlite.startswith("SQLITE_READONLY"):
        reason = QCoreApplication.translate("SaveState", "数据库只读，无法写入")
    elif sqlite.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        reason = QCoreApplication.translate("SaveState", "数据库正被其他程序占用")
    else:  # a file system's refusal names the path and why; a service refusal is worded by its code
        reason = messages.describe(error)
    return QCoreApplication.translate(
        "SaveState", "保存失败：{0}。输入已保留，按 Ctrl+S 或“重试保存”再次保存。"
    ).format(reason)


class SaveState(QWidget):
    retry = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel()
        self.button = QPushButton(self.tr("重试保存"))
        self.button.setToolTip("Ctrl+S")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.retry)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.button)
        self.state = ""
        self.idle()

    def _set(self, state: str, name: str, text: str, tip: str = "") -> None:
        self.state = state
        self.label.setObjectName(name)
        self.label.style().unpolish(self.label)
        self.label.style().polish(self.label)
        self.label.setText(text)
        self.label.setToolTip(tip)
        self.button.setVisible(state == "failed")

    def idle(self) -> None:
        self._set("idle", "saveBusy", self.tr("自动保存"), self.tr("所有更改都会立即保存"))

    def saved(self, at: str) -> None:
        self._set("saved", "saveOk", self.tr("✓ 已保存 {0}").format(labels.local_time(at, labels.CLOCK)))

    def submitted(self) -> None:
        self._set("saved", "saveOk", self.tr("✓ 已提交"))

    def failed(self, full_text: str, count: int) -> None:
        self._set("failed", "saveFailed", self.tr("✗ {0} 项未保存").format(count), full_text)
