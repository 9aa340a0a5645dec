"""The screens ask the views: a button is offered exactly when the person may do it; an inspection
outside the person's scope, opened by code as search, 我的待办 or a link would, says so and opens
nothing; a change made on one page shows on another through the Change broadcast."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from civdesk.services import inspections as insp
from civdesk.services import signing, templates, views
from civdesk.services.demo import signature_png
from tests.helpers.data import PASSWORD
from tests.helpers.signoff import add_user, answered, click, draw_signature, open_window, type_into


def _submitted(crew) -> int:
    iid = answered(crew, crew.inspector)
    insp.submit(crew.store, crew.inspector, iid)
    return iid


def _state(crew, iid: int) -> str:
    return crew.store.scalar("SELECT state FROM inspections WHERE id = ?", (iid,))


def test_the_sites_manager_is_offered_the_review_and_the_author_is_not(qtbot, crew):
    iid = _submitted(crew)
    author = open_window(qtbot, crew, crew.inspector)
    page = author.open_review(iid)
    assert page is not None
    assert not page.approve_button.isVisible() and not page.return_button.isVisible()
    assert not views.inspection_view(crew.store, crew.inspector, iid).can("approve")  # the same answer
    walk = author.open_inspection(iid)
    assert not walk.submit_button.isEnabled() and walk.readonly_banner.isVisible()
    assert "已提交" in walk.readonly_banner.text()  # the refusal the service gives, worded
    author.close()

    manager = open_window(qtbot, crew, crew.manager)
    page = manager.open_review(iid)
    assert page.approve_button.isVisible() and page.return_button.isVisible()
    assert not page.sign_button.isVisible()
    click(qtbot, page.approve_button)
    assert _state(crew, iid) == "approved"
    # Approved: the review is over, signing is what the reviewer may do now.
    assert not page.approve_button.isVisible() and page.sign_button.isVisible()


def test_out_of_scope_inspection_opened_by_code_shows_the_refusal_and_opens_nothing(qtbot, crew):
    iid = _submitted(crew)
    west = add_user(crew, "mgr_west", "manager", "赵磊", "west")
    entries = crew.store.scalar("SELECT COUNT(*) FROM audit")
    win = open_window(qtbot, crew, west)
    for opener in (win.open_inspection, win.open_review):
        assert opener(iid) is None
        box = win.refusal_box
        qtbot.waitUntil(box.isVisible)
        assert f"#{iid}" in box.text() and "“杭州东收费站”不在您负责的范围内" in box.text(), box.text()
        assert win.walkthrough is None and win.review is None and win.current_key() == "home"
        box.accept()
    # A deleted or unknown inspection says so too.
    assert win.open_inspection(999_999) is None
    qtbot.waitUntil(win.refusal_box.isVisible)
    assert "不存在" in win.refusal_box.text()
    win.refusal_box.accept()
    assert crew.store.scalar("SELECT COUNT(*) FROM audit") == entries  # nothing read as a change


def test_a_refusal_before_the_window_shows_does_not_draw_over_the_signed_in_person(qtbot, crew):
    from PySide6.QtWidgets import QLabel

    from civdesk.ui.main_window import MainWindow
    from civdesk.ui.session import Session

    iid = _submitted(crew)
    west = add_user(crew, "mgr_west", "manager", "赵磊", "west")
    win = MainWindow(Session(crew.store, west), resume=False)  # as the resume point at start-up would
    qtbot.addWidget(win)
    assert win.open_review(iid) is None
    win.refusal_box.accept()
    win.show()
    qtbot.waitExposed(win)
    bar = win.statusBar()
    assert f"#{iid}" in bar.currentMessage()
    user = bar.findChild(QLabel, "signed-in")
    assert user.isVisible() and "赵磊" in user.text()
    # The message is drawn left of the permanent widgets, never under the name.
    assert user.geometry().left() > bar.width() // 3


def test_a_template_saved_in_the_editor_shows_in_the_inspection_list_filter(qtbot, crew):
    win = open_window(qtbot, crew, crew.admin)
    win.show_page("inspections")
    ids = lambda: [win.inspections.template.itemData(n) for n in range(win.inspections.template.count())]  # noqa: E731
    before = ids()
    win.show_page("templates")
    editor = win.page("templates")
    editor.load_template("toll-window")
    editor.duplicate()
    new_id = editor.model.template_node.data["id"]
    assert new_id not in before and not templates.versions(crew.store, new_id)
    click(qtbot, editor.save_button)
    assert templates.versions(crew.store, new_id)  # stored
    win.show_page("inspections")  # built before the save: only the broadcast told it
    assert new_id in ids() and len(ids()) == len(before) + 1


def test_signing_on_the_review_page_shows_in_the_list_and_in_my_work(qtbot, crew):
    store = crew.store
    iid = _submitted(crew)
    insp.approve(store, crew.manager, iid)
    signing.sign(store, crew.inspector, iid, PASSWORD, signature_png(crew.inspector.name))
    win = open_window(qtbot, crew, crew.manager)
    win.show_page("inspections")
    row = next(r for r in range(win.inspections.model.rowCount()) if win.inspections.model.inspection_id(r) == iid)
    state_col = 4
    assert win.inspections.model.index(row, state_col).data() == "已审核"
    mywork = [k for k, _ in win.pages].index("mywork")
    qtbot.waitUntil(lambda: win.nav.item(mywork).text() == "我的待办（1）")  # his signature; counted on the runner

    page = win.open_review(iid)
    click(qtbot, page.sign_button)
    dialog = page.sign_dialog
    qtbot.waitUntil(dialog.isVisible)
    draw_signature(dialog.pad)
    type_into(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.signed):
        click(qtbot, dialog.sign_button)
    QApplication.processEvents()
    assert _state(crew, iid) == "signed"
    assert not page.sign_button.isVisible()
    qtbot.waitUntil(lambda: win.nav.item(mywork).text() == "我的待办（0）")
    win.show_page("inspections")
    assert win.inspections.model.index(row, state_col).data() == "已签署"


def test_reinspection_is_offered_only_while_the_inspection_has_open_rectifications(qtbot, crew):
    """复查 asks the view: with every rectification verified there is nothing to re-inspect and the
    button says why; with one open, it starts the re-inspection."""
    from civdesk.services import rectifications
    from civdesk.ui.rectifications.page import RectificationsPage
    from civdesk.ui.session import Session

    store = crew.store
    closed = answered(crew, crew.inspector, failed=("1.1",))
    insp.submit(store, crew.inspector, closed)
    rid = rectifications.list_rectifications(store, inspection_id=closed)[0].id
    rectifications.mark_done(store, crew.manager, rid, "已整改")
    rectifications.verify(store, crew.inspector2, rid)
    still_open = answered(crew, crew.inspector, failed=("1.2",))
    insp.submit(store, crew.inspector, still_open)

    page = RectificationsPage(Session(store, crew.inspector))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.select(rid)
    assert page.current().inspection_id == closed
    assert page.reinspect_button.isVisible() and not page.reinspect_button.isEnabled()
    assert page.reinspect_button.toolTip() == "该检查没有待复查的整改项"
    open_rid = rectifications.list_rectifications(store, inspection_id=still_open)[0].id
    page.select(open_rid)
    assert page.reinspect_button.isEnabled()
    before = store.scalar("SELECT COUNT(*) FROM inspections WHERE kind = 'reinspection'")
    click(qtbot, page.reinspect_button)
    assert (
        store.scalar("SELECT COUNT(*) FROM inspections WHERE kind = 'reinspection' AND follows_id = ?", (still_open,))
        == 1
        == before + 1
    )
