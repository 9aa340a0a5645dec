"""The sign dialog and the Enter key: after an error (empty pad, wrong password) Enter signs again
or repeats the message; the dialog, the message and the drawn signature stay. Only Esc or 取消
cancel it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from civdesk.services import inspections as insp
from civdesk.services import signing
from civdesk.ui.review.page import ReviewPage
from civdesk.ui.session import Session
from tests.helpers.data import PASSWORD
from tests.helpers.signoff import answered, click, draw_signature


def _dialog(qtbot, crew):
    iid = answered(crew, crew.inspector)
    insp.submit(crew.store, crew.inspector, iid)
    insp.approve(crew.store, crew.manager, iid, "情况属实")
    page = ReviewPage(Session(crew.store, crew.inspector), iid)
    qtbot.addWidget(page)
    page.resize(1190, 740)
    page.show()
    click(qtbot, page.sign_button)
    dialog = page.sign_dialog
    qtbot.waitUntil(dialog.isVisible)
    return iid, dialog


def test_enter_after_errors_keeps_dialog_message_and_drawing(qtbot, crew):
    iid, dialog = _dialog(qtbot, crew)

    # Enter on the empty pad: refused, the dialog stays.
    dialog.pad.setFocus()
    QTest.keyClick(dialog.pad, Qt.Key.Key_Return)
    assert dialog.isVisible() and "签名板为空" in dialog.error.text()

    # Drawn, wrong password, Enter in the field: the message, the drawing, the dialog all stay.
    draw_signature(dialog.pad)
    drawn = dialog.pad.png()
    qtbot.keyClicks(dialog.password, "not-my-password")
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error.isVisible() and dialog.error.text() == "用户名或密码错误"
    assert not dialog.pad.is_empty() and dialog.pad.png() == drawn

    # Enter again (the wrong password still selected): still open, still drawn, still one message.
    QTest.keyClick(dialog.password, Qt.Key.Key_Enter)
    assert dialog.isVisible() and dialog.error.text() == "用户名或密码错误"
    assert dialog.pad.png() == drawn
    # Enter with the focus on the pad, 清除签名 or the dialog itself never clears or cancels (the
    # password emptied first: a third wrong one would start the login throttle).
    dialog.password.clear()
    for widget in (dialog.pad, dialog.clear_button, dialog):
        widget.setFocus()
        QTest.keyClick(widget, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.pad.png() == drawn, widget
        assert dialog.error.text() == "请输入密码以确认身份。"
    assert signing.signatures(crew.store, iid) == []

    # The right password now: signed with the drawing made before the errors.
    dialog.password.setText(PASSWORD)
    dialog.password.setFocus()
    with qtbot.waitSignal(dialog.signed):
        QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert signing.signatures(crew.store, iid)[0].image == drawn


def test_only_escape_or_cancel_closes_the_dialog(qtbot, crew):
    iid, dialog = _dialog(qtbot, crew)
    draw_signature(dialog.pad)
    dialog.password.setText("wrong-one-1")
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible()
    QTest.keyClick(dialog.password, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Rejected

    _, again = _dialog(qtbot, crew)
    click(qtbot, again.cancel_button)
    assert not again.isVisible()
    assert signing.signatures(crew.store, iid) == []
