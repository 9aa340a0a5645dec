"""Qt's own dialogs speak the interface language: message box buttons, the (non-native) file dialog
and the print dialog read 确定 / 取消 / 保存 … in Chinese, with no English text left, and OK /
Cancel in English. Qt's qtbase_zh_CN.qm does most; resources/i18n/qt_extra_zh_CN.qm the rest."""

from __future__ import annotations

import re

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QMessageBox,
    QTabWidget,
)

from civdesk.ui import i18n

SB = QMessageBox.StandardButton


def shown_texts(widget) -> list[str]:
    """Every label, button, tooltip, group title, tab and combo entry Qt put into ``widget``."""
    out = [w.text() for w in widget.findChildren(QLabel)]
    for b in widget.findChildren(QAbstractButton):
        out += [b.text(), b.toolTip()]
    out += [g.title() for g in widget.findChildren(QGroupBox)]
    for tabs in widget.findChildren(QTabWidget):
        out += [tabs.tabText(i) for i in range(tabs.count())]
    for c in widget.findChildren(QComboBox):
        out += [c.itemText(i) for i in range(c.count())]
    return [t for t in out if t]


def english_words(texts: list[str], allowed: tuple[str, ...] = ()) -> list[str]:
    """Texts with a Latin word in them (file names, paths and 'PDF' allowed)."""
    return [
        t for t in texts if re.search(r"[A-Za-z]{2,}", t) and not any(a in t for a in allowed) and not t.startswith("/")
    ]


def test_message_box_buttons_in_chinese(qtbot):
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "标题",
        "内容",
        SB.Ok | SB.Cancel | SB.Yes | SB.No | SB.Save | SB.Discard | SB.Close | SB.Retry,
    )
    qtbot.addWidget(box)
    texts = {box.button(b).text() for b in (SB.Ok, SB.Cancel, SB.Yes, SB.No, SB.Save, SB.Discard, SB.Close, SB.Retry)}
    assert texts == {"确定", "取消", "是(&Y)", "否(&N)", "保存", "丢弃", "关闭", "重试"}
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert [b.text() for b in buttons.buttons()] == ["确定", "取消"]


def test_file_dialog_has_no_english_left(qtbot):
    dialog = QFileDialog(None, "另存为")
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilter("PDF 文件 (*.pdf)")
    dialog.show()
    texts = shown_texts(dialog)
    assert {"查找范围(&L)：", "文件名称(&N)：", "文件类型(&T)：", "保存(&S)", "取消"} <= set(texts)
    assert english_words(texts, ("PDF",)) == []


def test_print_dialog_has_no_english_left(qtbot):
    printer = QPrinter()
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = shown_texts(dialog)
    assert {"打印(&P)", "取消", "页面组(&S)："} <= set(texts)
    assert english_words(texts, ("PDF",)) == []


@pytest.fixture
def english():
    i18n.install("en")
    yield
    i18n.install("zh_CN")


def test_in_english_the_buttons_are_english(qtbot, english):
    box = QMessageBox(QMessageBox.Icon.Question, "Title", "Text", SB.Ok | SB.Cancel)
    qtbot.addWidget(box)
    assert {b.text() for b in box.buttons()} == {"OK", "Cancel"}
    dialog = QFileDialog(None, "Save")
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    assert "&Look in:" in shown_texts(dialog)
