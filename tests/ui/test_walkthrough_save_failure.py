"""A save the database refuses: the error is shown, the input kept, and a retry saves it."""

from __future__ import annotations

from tests.helpers.qt import focused, press, type_text
from tests.helpers.walk import start, stored


def test_failed_save_keeps_input_and_retry_saves(qtbot, window, crew):
    store = crew.store
    page = start(window, crew, "civilized-city", "city", code="4.1.1")
    store.conn.execute("PRAGMA query_only = ON")  # the database now refuses every write
    try:
        type_text("31.5")
        press("Return")
        assert page.current.code == "4.1.1"  # stays where the failure is shown
        assert page.save_state.state == "failed"
        assert page.save_state.button.isVisible()
        assert page.card.save_error.isVisible()
        assert "保存失败" in page.card.save_error.text() and "只读" in page.card.save_error.text()
        assert page.card.editor.field.text() == "31.5"  # what was typed is kept
        assert page.tree.item_nodes["4.1.1"].text(0).startswith("⚠")

        # A note typed meanwhile fails too, and is kept.
        press("Ctrl+N")
        type_text("绿地率数据来自园林局 2026 年统计")
        press("Esc")
        assert page.pending[("4.1.1", "note")] == "绿地率数据来自园林局 2026 年统计"
        # A choice answered on another item while failing is kept as pending as well.
        press("Return")  # asking again moves on; the value stays pending
        assert page.current.code == "4.2.1"
        press("PgUp")
        assert page.card.editor.field.text() == "31.5"  # the kept input is shown again
        press("PgUp")
        check_code = page.current.code
        assert page.tpl.item(check_code).type == "check"
        press("1")
        assert page.pending[(check_code, "answer")] == "yes"
        assert page.card.editor.buttons[0].objectName() == "answerPending"
    finally:
        store.conn.execute("PRAGMA query_only = OFF")

    v = stored(crew, page.iid)
    assert "4.1.1" not in v.answers and check_code not in v.answers  # nothing was saved meanwhile

    press("Ctrl+S")  # retry
    assert not page.pending
    assert page.save_state.state == "saved"
    assert not page.card.save_error.isVisible()
    v = stored(crew, page.iid)
    assert v.answers["4.1.1"] == 31.5
    assert v.notes["4.1.1"] == "绿地率数据来自园林局 2026 年统计"
    assert v.answers[check_code] == "yes"
    assert page.card.editor.buttons[0].isChecked()
    press("PgDown")
    assert page.current.code == "4.1.1" and page.card.editor.field.text() == "31.5"


def test_closing_with_unsaved_input_asks(qtbot, window, crew, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    page = start(window, crew, "toll-window", "east")
    crew.store.conn.execute("PRAGMA query_only = ON")
    press("1")
    assert page.pending
    asked = []

    def answer_cancel(box):
        asked.append(box.text())
        box.clickedButton = lambda: None  # the user pressed Cancel
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer_cancel)
    window.close()
    assert asked and "未能保存" in asked[0]
    assert window.isVisible()  # cancelled: the window stays open with the input
    crew.store.conn.execute("PRAGMA query_only = OFF")
    press("Ctrl+S")
    assert not page.pending
    assert stored(crew, page.iid).answers[page.current.code] == "yes"
    assert focused() is not None
