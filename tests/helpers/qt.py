"""Helpers for the GUI tests: showing a window as the user sees it, and keys that go to the widget
that has the focus, as a real keyboard's would, so a test that uses only these proves the screen
works without a mouse."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

KEYS = {
    "Return": Qt.Key.Key_Return,
    "Enter": Qt.Key.Key_Enter,
    "Esc": Qt.Key.Key_Escape,
    "PgDown": Qt.Key.Key_PageDown,
    "PgUp": Qt.Key.Key_PageUp,
    "Tab": Qt.Key.Key_Tab,
    "Down": Qt.Key.Key_Down,
    "Up": Qt.Key.Key_Up,
    "Delete": Qt.Key.Key_Delete,
    "Backspace": Qt.Key.Key_Backspace,
}
MODS = {"Ctrl": Qt.KeyboardModifier.ControlModifier, "Shift": Qt.KeyboardModifier.ShiftModifier}


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(*combos: str) -> None:
    """press("3", "Ctrl+N", "Return") — each combo to whatever has the focus at that moment."""
    for combo in combos:
        *mods, key = combo.split("+")
        modifier = Qt.KeyboardModifier.NoModifier
        for m in mods:
            modifier |= MODS[m]
        if key in KEYS:
            code = KEYS[key]
        elif len(key) == 1:
            code = Qt.Key(ord(key.upper()))
        else:
            raise ValueError(key)
        QTest.keyClick(focused(), code, modifier)


def type_text(text: str) -> None:
    """ASCII as key presses; Chinese as an input method commits it (QTest has no keys for it)."""
    run = ""
    for ch in text + "\0":
        if ch.isascii() and ch != "\0":
            if run:
                commit(run)
                run = ""
            QTest.keyClicks(focused(), ch)
        elif ch != "\0":
            run += ch
    if run:
        commit(run)


def commit(text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(focused(), event)


def show(qtbot, widget) -> None:
    """Show ``widget`` and wait until it is exposed and the active window (it has the keyboard)."""
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.raise_()
    qtbot.waitUntil(lambda: widget.isActiveWindow())
