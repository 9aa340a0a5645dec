"""The review and 整改 screens ask the views: an action the view refuses is not offered, and when its
slot runs anyway (a stale button, a shortcut) the service refuses it, the screen says why and the
database is unchanged. The review and walkthrough pages refresh lazily (ui/lazy.LazyPage): a change
made elsewhere while hidden is read when shown, at once while shown."""

from __future__ import annotations

from civdesk.services import inspections as insp
from civdesk.services import rectifications, views
from civdesk.services.demo import signature_png
from civdesk.ui import ops
from civdesk.ui.rectifications.page import RectificationsPage
from civdesk.ui.review import signoff_ops
from civdesk.ui.review.page import ReviewPage
from civdesk.ui.session import Session
from civdesk.ui.walkthrough.page import WalkthroughPage
from tests.helpers.data import PASSWORD
from tests.helpers.qt import show
from tests.helpers.signoff import answered, click, type_into


def _state(crew, iid: int) -> str:
    return crew.store.scalar("SELECT state FROM inspections WHERE id = ?", (iid,))


def _audit_count(crew) -> int:
    return crew.store.scalar("SELECT COUNT(*) FROM audit")


def _shown(qtbot, page):
    qtbot.addWidget(page)
    page.resize(1190, 740)
    show(qtbot, page)
    return page


def test_the_author_is_not_offered_the_approval_and_the_service_refuses_it(qtbot, crew):
    iid = answered(crew, crew.inspector)
    insp.submit(crew.store, crew.inspector, iid)
    page = _shown(qtbot, ReviewPage(Session(crew.store, crew.inspector), iid))
    assert page.access.why_not("approve").code == "workflow.four_eyes_rule_nobody"
    assert not page.review_box.isVisible() and not page.approve_button.isVisible()
    assert not page.return_button.isVisible() and not page.sign_button.isVisible()
    assert "等待被检单位站长审核。" in page.history.text()

    before = _audit_count(crew)
    assert page.approve() is False  # what a stale button or a shortcut would run
    assert page.message.isVisible() and page.message.text() == "四眼原则：任何人都不能审核自己的工作"
    type_into(page.reason, "自己退回自己")
    assert page.return_inspection() is False
    assert page.message.text() == "四眼原则：任何人都不能审核自己的工作"
    assert _state(crew, iid) == "submitted" and _audit_count(crew) == before
    assert insp.comments(crew.store, iid) == []


def test_whoever_marked_a_rectification_done_is_not_offered_its_verification(qtbot, crew):
    store = crew.store
    iid = answered(crew, crew.inspector, failed=("1.1",))
    insp.submit(store, crew.inspector, iid)
    page = _shown(qtbot, RectificationsPage(Session(store, crew.manager)))
    assert [(r.item_code, r.status) for r in page.shown] == [("1.1", "open")]
    dialog = page.mark_done()
    qtbot.waitUntil(dialog.isVisible)
    type_into(dialog.note, "已组织学习")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    rid = page.current().id
    assert page.current().status == "done" and page.message.text() == "已标记为已整改，等待验证。"

    # Done by him: verifying and reopening are not offered, and the service refuses them.
    assert (
        views.rectification_view(store, crew.manager, rid).why_not("verify").code
        == "rectifications.four_eyes_rule_whoever"
    )
    assert not page.verify_button.isVisible() and not page.reopen_button.isVisible()
    assert page.hint.text() == "等待检查员验证。"
    before = _audit_count(crew)
    assert page.verify() is False
    assert page.message.text() == "四眼原则：标记整改完成的人不能再验证或退回它"
    assert rectifications.get(store, rid).state == "done" and _audit_count(crew) == before

    # The inspector is offered it and it goes through.
    other = _shown(qtbot, RectificationsPage(Session(store, crew.inspector)))
    other.select(rid)
    assert other.verify_button.isVisible() and not other.done_button.isVisible()
    click(qtbot, other.verify_button)
    assert rectifications.get(store, rid).state == "verified"
    assert other.current().status == "verified" and other.model.data(other.model.index(0, 5)) == "已验证"


def test_the_review_page_reads_a_change_made_elsewhere_when_shown(qtbot, crew):
    store = crew.store
    iid = answered(crew, crew.inspector)
    insp.submit(store, crew.inspector, iid)
    session = Session(store, crew.manager)
    page = ReviewPage(session, iid)
    qtbot.addWidget(page)
    assert page.access.can("approve")
    signoff_ops.approve(session, inspection_id=iid, comment="同意")  # from another page: source None
    assert _state(crew, iid) == "approved"
    assert page.access.state == "submitted"  # hidden: only marked out of date

    _shown(qtbot, page)
    assert page.access.state == "approved"
    assert page.sign_button.isVisible() and not page.review_box.isVisible()
    assert "王海燕 审核通过：同意" in page.history.text()
    assert "作者 张建国：待签署" in page.signatures_label.text()

    # Shown: a change elsewhere (here his signature, made from another page) is read at once.
    signoff_ops.sign(session, inspection_id=iid, password=PASSWORD, image_png=signature_png(crew.manager.name))
    assert "审核人 王海燕：✓ 已签署" in page.signatures_label.text()
    assert "作者 张建国：待签署" in page.signatures_label.text()


def test_the_walkthrough_reads_a_change_made_elsewhere_when_shown(qtbot, crew):
    store = crew.store
    iid = insp.new_inspection(
        store, crew.inspector, template_id="toll-window", site_id=crew.site["east"], kind="inspection"
    )
    session = Session(store, crew.inspector)
    page = WalkthroughPage(session, iid)
    qtbot.addWidget(page)
    code = page.current.code
    assert page.answers.get(code) is None
    ops.answer(session, inspection_id=iid, code=code, value="no")  # from another page: source None
    assert page.answers.get(code) is None  # hidden: not read yet

    _shown(qtbot, page)
    assert page.answers[code] == "no" and page.current.code == code
    assert page.answered_label.text().startswith("已答 1/")
    ops.answer(session, inspection_id=iid, code=code, value="yes")
    assert page.answers[code] == "yes"  # shown: at once
