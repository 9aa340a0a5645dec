"""Helpers for the review, sign-off and rectification screen tests: people, answered inspections
made through the services, and a signature drawn on the pad with synthesised mouse events."""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from civdesk.services import accounts, templates
from civdesk.services import inspections as insp
from tests.helpers.data import PASSWORD

FAIL_NOTE = "现场发现问题，已拍照留存"


def add_user(crew, name: str, role: str, display: str, site: str | None = None):
    uid = accounts.create_user(
        crew.store,
        by=crew.admin,
        name=name,
        role=role,
        password=PASSWORD,
        display_name=display,
        site_ids=[crew.site[site]] if site else [],
    )
    return accounts.actor(crew.store, uid)


def answered(
    crew,
    by,
    *,
    kind: str = "inspection",
    site: str = "east",
    failed: tuple[str, ...] = (),
    template_id: str = "toll-window",
) -> int:
    """An inspection with every item answered 符合, except ``failed`` (不符合 with a note)."""
    store = crew.store
    iid = insp.new_inspection(store, by, template_id=template_id, site_id=crew.site[site], kind=kind)
    for item in templates.latest(store, template_id).items():
        insp.answer(store, by, iid, item.code, "no" if item.code in failed else "yes")
        if item.code in failed:
            insp.set_note(store, by, iid, item.code, FAIL_NOTE)
    return iid


def open_window(qtbot, crew, actor):
    """The main window of ``actor``'s session, shown (resume off)."""
    from civdesk.ui.main_window import MainWindow
    from civdesk.ui.session import Session

    win = MainWindow(Session(crew.store, actor), resume=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def draw_signature(pad, *, start=(40, 80), width=260, steps=40) -> None:
    """A wavy stroke: press, moves, release, as a mouse (or a pen driving the mouse) would send them."""
    x0, y0 = start
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x0, y0))
    for n in range(1, steps + 1):
        x = x0 + width * n / steps
        QTest.mouseMove(pad, QPoint(int(x), int(y0 + 25 * math.sin(n / 3))))
    QTest.mouseRelease(
        pad,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(int(x0 + width), int(y0 + 25 * math.sin(steps / 3))),
    )


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(widget, text: str) -> None:
    """Type into ``widget`` whether or not its window has the focus: ASCII as key presses, Chinese as
    an input method commits it (QTest has no keys for it)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    run = ""
    for ch in text + "\0":
        if ch != "\0" and not ch.isascii():
            run += ch
            continue
        if run:
            event = QInputMethodEvent()
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)
            run = ""
        if ch != "\0":
            QTest.keyClicks(widget, ch)
