"""Closing CivDesk mid-inspection and opening it again lands on the same item, answers all there."""

from __future__ import annotations

from civdesk import services
from civdesk.services import accounts
from civdesk.ui.main_window import MainWindow
from civdesk.ui.session import Session
from tests.helpers.data import PASSWORD
from tests.helpers.qt import press, type_text
from tests.helpers.walk import start


def test_reopen_lands_on_the_same_item(qtbot, window, crew, home):
    page = start(window, crew, "toll-window", "east")
    iid = page.iid
    for key in ("1", "Return", "2", "Return", "1", "Return", "3"):
        press(key)
    press("Ctrl+N")
    type_text("抽查两名收费员")
    press("Esc", "Return", "1", "Return")
    code = page.current.code
    section = page.ancestors[code][-1].code
    answered = dict(page.answers)
    assert len(answered) == 5
    window.close()
    crew.store.close()

    # A new process would open the home afresh: a new connection, a new login, a new window.
    store = services.open_home(home)
    try:
        actor = accounts.authenticate(store, "inspector1", PASSWORD)
        again = MainWindow(Session(store, actor))
        qtbot.addWidget(again)
        again.show()
        assert again.walkthrough is not None
        page2 = again.walkthrough
        assert page2.iid == iid
        assert page2.current.code == code
        assert page2.ancestors[code][-1].code == section
        assert page2.tree.tree.currentItem() is page2.tree.item_nodes[code]
        assert page2.answers == answered
        third = page2.items[2].code
        assert page2.notes == {page2.items[3].code: "抽查两名收费员"}
        assert page2.tree.item_nodes[third].text(1) == "符合"
        assert again.stack.currentWidget() is page2
    finally:
        store.close()


def test_leaving_the_walkthrough_forgets_the_resume_point(qtbot, window, crew, session):
    page = start(window, crew, "toll-window", "east")
    press("1", "Return")
    page._write_resume()
    assert session.resume_point().inspection_id == page.iid
    page.back_button.click()
    assert window.walkthrough is None
    assert session.resume_point() is None
    assert window.current_key() == "inspections"
