"""A value the walkthrough's field refused is never lost silently: leaving the walkthrough (another
page, back to the list, closing the window) asks to keep editing or discard it."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.helpers.qt import focused, type_text
from tests.helpers.walk import start, stored


def answer_box(qtbot, choice: str, seen: list) -> None:
    """When the question box opens, note its text and press the button labelled ``choice``."""

    def poll():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, poll)
            return
        seen.append((box.windowTitle(), box.text(), [b.text() for b in box.buttons()]))
        next(b for b in box.buttons() if b.text() == choice).click()

    QTimer.singleShot(0, poll)


def test_leaving_with_a_refused_measure_asks_keep_or_discard(qtbot, window, crew):
    page = start(window, crew, "civilized-city", "city", code="4.1.1")
    focused().selectAll()
    type_text("abc")
    assert "不是数字" in page.card.editor.feedback.text()

    # 首页 in the side bar: asked; 继续编辑 keeps the walkthrough, the text and the focus in the field.
    seen: list = []
    answer_box(qtbot, "继续编辑", seen)
    assert window.show_page("home") is False
    title, text, buttons = seen[0]
    assert title == "输入未被接受" and "4.1.1" in text and "“abc”" in text and "不是数字" in text
    assert buttons == ["继续编辑", "放弃输入"]
    assert window.walkthrough is page and window.current_key() == "walkthrough"
    assert page.card.editor.field.text() == "abc"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.card.editor.field)

    # ← 返回列表: asked again; 放弃输入 leaves, nothing saved for the item.
    answer_box(qtbot, "放弃输入", seen)
    page.back_button.click()
    assert len(seen) == 2
    qtbot.waitUntil(lambda: window.walkthrough is None)
    assert window.current_key() == "inspections"
    assert "4.1.1" not in stored(crew, page.iid).answers


def test_closing_the_window_with_a_refused_value_asks_too(qtbot, window, crew):
    page = start(window, crew, "civilized-city", "city", code="4.1.1")
    focused().selectAll()
    type_text("31,5")
    seen: list = []
    answer_box(qtbot, "继续编辑", seen)
    window.close()
    assert seen and "逗号" in seen[0][1]
    assert window.isVisible() and window.walkthrough is page  # the close was refused
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.card.editor.field)
    focused().selectAll()
    type_text("31.5")
    window.close()  # accepted now: saved on the way out, nothing asked
    assert len(seen) == 1 and not window.isVisible()
    assert stored(crew, page.iid).answers["4.1.1"] == 31.5


def test_a_valid_value_leaves_without_asking(qtbot, window, crew):
    page = start(window, crew, "civilized-city", "city", code="4.1.1")
    focused().selectAll()
    type_text("29")
    assert window.show_page("home") is True
    assert stored(crew, page.iid).answers["4.1.1"] == 29.0
