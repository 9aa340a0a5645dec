"""The sign dialog: an empty pad is refused, a wrong password is refused with a message, and a
drawn signature with the right password lands in the database as the signer's PNG."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from civdesk.services import inspections as insp
from civdesk.services import signing
from civdesk.ui.review.page import ReviewPage
from civdesk.ui.review.signature_pad import SignaturePad
from civdesk.ui.session import Session
from tests.helpers.data import PASSWORD
from tests.helpers.signoff import answered, click, draw_signature


def _approved(crew) -> int:
    iid = answered(crew, crew.inspector)
    insp.submit(crew.store, crew.inspector, iid)
    insp.approve(crew.store, crew.manager, iid, "情况属实")
    return iid


def _ink_pixels(png: bytes) -> int:
    img = QImage.fromData(png)
    assert not img.isNull()
    return sum(
        1 for y in range(0, img.height(), 2) for x in range(0, img.width(), 2) if img.pixelColor(x, y).alpha() > 128
    )


def test_pad_draws_clears_and_refuses_a_dot(qtbot):
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(520, 170)
    pad.show()
    assert pad.is_empty()
    QTest.mouseClick(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(100, 80))
    assert pad.strokes and pad.is_empty()  # a click is a dot, not a signature
    with qtbot.waitSignal(pad.changed):
        draw_signature(pad)
    assert not pad.is_empty()
    png = pad.png()
    assert png.startswith(b"\x89PNG") and _ink_pixels(png) > 50
    with qtbot.waitSignal(pad.changed):
        pad.clear()
    assert pad.is_empty() and not pad.strokes


def test_pad_takes_a_tablet_pen_with_pressure(qtbot):
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
    from PySide6.QtWidgets import QApplication

    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(520, 170)
    pad.show()
    pen = QPointingDevice(
        "pen",
        7,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        3,
    )

    def send(kind, x, pressure):
        event = QTabletEvent(
            kind,
            pen,
            QPointF(x, 80),
            QPointF(x, 80),
            pressure,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            Qt.KeyboardModifier.NoModifier,
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
        )
        QApplication.sendEvent(pad, event)
        assert event.isAccepted()  # no mouse event is synthesised after it

    send(QEvent.Type.TabletPress, 30, 0.2)
    for x in range(40, 200, 10):
        send(QEvent.Type.TabletMove, x, x / 200)
    send(QEvent.Type.TabletRelease, 200, 0.0)
    assert len(pad.strokes) == 1 and not pad.is_empty()
    pressures = [p for _, p in pad.strokes[0]]
    assert pressures[0] == 0.2 and pressures[-1] > 0.9  # heavier pen, wider line
    assert pad.png().startswith(b"\x89PNG")


def test_empty_pad_and_wrong_password_are_refused(qtbot, crew):
    store = crew.store
    iid = _approved(crew)
    page = ReviewPage(Session(store, crew.inspector), iid)
    qtbot.addWidget(page)
    page.resize(1190, 740)
    page.show()
    assert page.sign_button.isVisible()
    click(qtbot, page.sign_button)
    dialog = page.sign_dialog
    qtbot.waitUntil(dialog.isVisible)

    # Nothing drawn: refused by the dialog, nothing reaches the database.
    qtbot.keyClicks(dialog.password, PASSWORD)
    click(qtbot, dialog.sign_button)
    assert dialog.isVisible()
    assert dialog.error.isVisible() and "签名板为空" in dialog.error.text()
    assert signing.signatures(store, iid) == []

    # Drawn, then cleared: empty again.
    draw_signature(dialog.pad)
    assert not dialog.error.isVisible()  # drawing takes the complaint away
    click(qtbot, dialog.clear_button)
    click(qtbot, dialog.sign_button)
    assert "签名板为空" in dialog.error.text()

    # Drawn, wrong password: refused with the service's rule in Chinese; still approved, unsigned.
    draw_signature(dialog.pad)
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, "not-my-password")
    click(qtbot, dialog.sign_button)
    assert dialog.isVisible()
    assert dialog.error.text() == "用户名或密码错误"
    assert dialog.password.hasSelectedText()  # ready to type again
    assert signing.signatures(store, iid) == []
    assert insp.view(store, iid).row["state"] == "approved"

    # The right password (Enter in the field signs): one signature, the drawn PNG, still approved.
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.signed) as signed:
        QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    assert signed.args == ["approved"]
    assert not dialog.isVisible()
    sigs = signing.signatures(store, iid)
    assert [(s.user_id, s.role) for s in sigs] == [(crew.inspector.id, "author")]
    assert sigs[0].image == dialog.pad.png() and _ink_pixels(sigs[0].image) > 50
    assert insp.view(store, iid).row["state"] == "approved"
    assert not page.sign_button.isVisible()  # signed once: nothing more to sign
    assert "已签署" in page.signatures_label.text() and "待签署" in page.signatures_label.text()
    assert page.message.text() == "已签署，等待另一方签署。"


def test_a_stranger_sees_no_sign_button(qtbot, crew):
    iid = _approved(crew)
    page = ReviewPage(Session(crew.store, crew.inspector2), iid)
    qtbot.addWidget(page)
    page.show()
    assert not page.may("sign")
    assert not page.sign_button.isVisible() and not page.review_box.isVisible()


def test_repeated_wrong_passwords_slow_down_signing_and_login(qtbot, crew):
    from civdesk.ui.login import LoginDialog

    iid = _approved(crew)
    page = ReviewPage(Session(crew.store, crew.inspector), iid)
    qtbot.addWidget(page)
    page.show()
    dialog = page.open_sign()
    draw_signature(dialog.pad)
    for _ in range(3):
        dialog.password.setText("guess-guess")
        click(qtbot, dialog.sign_button)
        assert dialog.error.text() == "用户名或密码错误"
    dialog.password.setText(PASSWORD)  # even the right one waits now
    click(qtbot, dialog.sign_button)
    assert "”密码错误次数过多，请 " in dialog.error.text() and dialog.error.text().endswith(" 秒后再试")
    assert signing.signatures(crew.store, iid) == []

    login = LoginDialog(crew.store, user="inspector1")
    qtbot.addWidget(login)
    login.show()
    login.password.setText(PASSWORD)
    click(qtbot, login.login_button)
    assert login.actor is None and "秒后再试" in login.error.text()
