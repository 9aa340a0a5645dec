"""Handing the laptop over: Ctrl+L closes the inspector's session (nothing of it left on screen),
the login dialog comes back, the station manager logs in and gets his own role's window; the idle
lock hides the session as it is and gives it back to the same password, or to the next person."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from civdesk.services import inspections as insp
from civdesk.services import review_drafts
from civdesk.ui.app import Controller
from civdesk.ui.preferences import Prefs
from tests.helpers.data import PASSWORD
from tests.helpers.signoff import answered, click, type_into
from tests.helpers.walk import start


def _visible_windows():
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def _gone(qtbot, widget) -> bool:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return not shiboken6.isValid(widget)


@pytest.fixture
def made():
    """Controllers made by a test, closed at its end (without questions, and without quitting)."""
    controllers: list[Controller] = []
    yield controllers
    for c in controllers:
        c.idle.stop()
        for dialog in (c.login, c.lock_dialog):
            if dialog is not None:
                dialog.blockSignals(True)
                dialog.hide()
        if c.window is not None:
            if c.window.walkthrough is not None and c.window.walkthrough.card.editor is not None:
                c.window.walkthrough.card.editor.discard_typed()
            c.window.close()
            c.window.deleteLater()
    QApplication.instance().setQuitOnLastWindowClosed(True)


def _controller(qtbot, crew, actor, made) -> Controller:
    c = Controller(crew.store, actor, Prefs(crew.store), "zh_CN")
    made.append(c)
    win = c.show(resume=False)
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return c


def _log_in(qtbot, c: Controller, name: str, password: str = PASSWORD):
    qtbot.waitUntil(lambda: c.login is not None and c.login.isVisible())
    login = c.login
    login.user.setText(name)
    type_into(login.password, password)
    click(qtbot, login.login_button)
    qtbot.waitUntil(lambda: c.window is not None and c.window.isVisible())
    return c.window


def _status_texts(win) -> str:
    return " ".join(w.text() for w in win.statusBar().findChildren(QLabel))


def test_ctrl_l_switches_to_the_manager_who_sees_his_own_pages(qtbot, crew, made):
    iid = answered(crew, crew.inspector)
    insp.submit(crew.store, crew.inspector, iid)
    c = _controller(qtbot, crew, crew.inspector, made)
    first = c.window
    page = start(first, crew, "toll-window", "east", code="1.1")
    QTest.keyClick(page.card, Qt.Key.Key_1)  # 符合, saved at once
    assert [k for k, _ in first.pages] == [
        "home",
        "mywork",
        "inspections",
        "rectifications",
        "sites",
        "templates",
        "settings",
    ]
    mywork = [k for k, _ in first.pages].index("mywork")

    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: c.login is not None and c.login.isVisible())
    # Only the login dialog is on screen: the inspector's window is closed and destroyed.
    assert _visible_windows() == [c.login]
    assert "张建国 已注销" in c.login.hint.text() and c.login.user.text() == ""
    assert _gone(qtbot, first)
    assert insp.view(crew.store, page.iid).answers["1.1"] == "yes"  # the inspector's work was kept

    win = _log_in(qtbot, c, "mgr_east")
    assert win is not first and c.session.actor.id == crew.manager.id
    assert _visible_windows() == [win]
    assert "王海燕" in _status_texts(win) and "张建国" not in _status_texts(win)
    assert win.walkthrough is None and win.current_key() == "home"
    # His own 我的待办: the inspector's submission waits for his review.
    from civdesk.services import my_work

    assert [(w.kind, w.inspection_id) for w in my_work.my_work(crew.store, crew.manager)] == [("review", iid)]
    qtbot.waitUntil(lambda: win.nav.item(mywork).text() == "我的待办（1）")  # counted on the runner
    assert [w.kind for w in my_work.my_work(crew.store, crew.inspector)] == ["draft"]  # not on his screen
    # The manager reviews the inspector's submission on the same laptop.
    review = win.open_review(iid)
    assert review.review_box.isVisible()
    type_into(review.reason, "情况属实")
    assert review_drafts.load(crew.store, crew.manager, iid).reason == "情况属实"

    # And back to an admin, whose role has the 用户 page; the manager's unsent review stays his.
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    win.account_actions["switch"].trigger()
    admin = _log_in(qtbot, c, "admin")
    assert "users" in [k for k, _ in admin.pages]
    assert admin.open_review(iid).reason.toPlainText() == ""
    assert review_drafts.load(crew.store, crew.manager, iid).reason == "情况属实"


def test_cancelling_a_question_keeps_the_session(qtbot, crew, made):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    c = _controller(qtbot, crew, crew.inspector, made)
    page = start(c.window, crew, "civilized-city", "city", code="4.1.1")
    page.card.editor.field.setText("abc")

    def keep_editing():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, keep_editing)
            return
        next(b for b in box.buttons() if b.text() == "继续编辑").click()

    QTimer.singleShot(0, keep_editing)
    assert c.switch_user() is False
    assert c.login is None and c.window.isVisible() and c.window.walkthrough is page


def test_idle_lock_keeps_input_and_unlocks_with_the_same_password(qtbot, crew, made):
    c = _controller(qtbot, crew, crew.inspector, made)
    win = c.window
    page = start(win, crew, "civilized-city", "city", code="4.1.1")
    page.card.editor.field.setText("abc")  # refused input, still being corrected
    page.card.note.setPlainText("路灯抽查记录")  # typed, not yet committed

    c.idle.set_minutes(0.002)  # about 120 ms
    qtbot.waitUntil(lambda: c.lock_dialog is not None and c.lock_dialog.isVisible(), timeout=3000)
    lock = c.lock_dialog
    assert _visible_windows() == [lock] and not win.isVisible()
    assert "张建国（检查员）" in lock.findChildren(QLabel)[1].text()
    assert lock.note.isVisible() and "4.1.1" in lock.note.text() and "abc" in lock.note.text()
    assert insp.view(crew.store, page.iid).notes["4.1.1"] == "路灯抽查记录"  # committed at the lock

    QTest.keyClick(lock, Qt.Key.Key_Escape)  # Esc does not unlock
    assert lock.isVisible() and not win.isVisible()
    lock.password.setText("not-it")
    click(qtbot, lock.unlock_button)
    assert lock.isVisible() and lock.error.text() == "用户名或密码错误"
    type_into(lock.password, PASSWORD)
    click(qtbot, lock.unlock_button)
    qtbot.waitUntil(win.isVisible)
    assert c.lock_dialog is None and c.window is win and win.walkthrough is page
    assert page.card.editor.field.text() == "abc"  # the refused value waits, as it was
    page.card.editor.discard_typed()


def test_from_the_lock_another_person_logs_in(qtbot, crew, made):
    c = _controller(qtbot, crew, crew.inspector, made)
    first = c.window
    c.window.account_actions["lock"].trigger()
    lock = c.lock_dialog
    assert lock.isVisible() and not lock.note.isVisible()
    click(qtbot, lock.switch_button)
    win = _log_in(qtbot, c, "mgr_east")
    assert _gone(qtbot, first) and _visible_windows() == [win]
    assert c.session.actor.name == "mgr_east"


def test_lock_minutes_is_a_setting(qtbot, crew, made):
    c = _controller(qtbot, crew, crew.inspector, made)
    assert not c.idle.timer.isActive()  # 0: never
    c.prefs.set("ui.lock_minutes", 5, by=crew.inspector)
    assert c.idle.timer.isActive() and c.idle.timer.interval() == 5 * 60_000
    c.prefs.set("ui.lock_minutes", 0, by=crew.inspector)
    assert not c.idle.timer.isActive()


def test_activity_keeps_the_session_open_once_the_watch_starts(qtbot, crew, made):
    c = _controller(qtbot, crew, crew.inspector, made)
    win = c.window
    # The watch starts after the first paint (account.WATCH_AFTER_MS), not with the window.
    assert not c.idle.watching
    qtbot.waitUntil(lambda: c.idle.watching, timeout=5000)
    c.idle.set_minutes(0.006)  # about 360 ms
    for _ in range(8):  # 800 ms of pressing keys: each press starts the countdown again
        qtbot.wait(90)
        QTest.keyClick(win, Qt.Key.Key_Shift)
        assert c.lock_dialog is None and win.isVisible()
    qtbot.waitUntil(lambda: c.lock_dialog is not None and c.lock_dialog.isVisible(), timeout=3000)


def test_a_watch_stopped_before_it_starts_never_watches(qtbot):
    from civdesk.ui.account import WATCH_AFTER_MS, IdleWatch

    watch = IdleWatch()
    watch.stop()
    qtbot.wait(WATCH_AFTER_MS + 200)
    assert not watch.watching
    watch.deleteLater()
