"""Certificates and 我的待办 through the real windows: an inspector issues a certificate after a
confirmation showing what will be printed, then revokes it with a reason; a refusal is shown at the
button; the 我的待办 count on the side navigation follows the work done in the window."""

from __future__ import annotations

import datetime as _dt
import io

from pypdf import PdfReader

from civdesk.services import demo, signing
from civdesk.services import inspections as insp
from civdesk.ui.pdf_preview import PdfPreview
from tests.helpers.data import PASSWORD
from tests.helpers.qt import press, show
from tests.helpers.signoff import add_user, answered, click, open_window, type_into

_window = open_window


def _organisation(crew) -> None:
    from civdesk.services import organisation

    organisation.set_up(crew.store, crew.admin, "杭州市交通运输局")


def _signed(crew, failed=()) -> int:
    store = crew.store
    iid = answered(crew, crew.inspector, failed=failed)
    insp.submit(store, crew.inspector, iid)
    insp.approve(store, crew.manager, iid)
    for who in (crew.inspector, crew.manager):
        signing.sign(store, who, iid, PASSWORD, demo.signature_png(who.name))
    return iid


def _issued(store):
    return store.query("SELECT serial, title, revoked_reason FROM documents WHERE kind = 'certificate'")


def test_issue_after_confirmation_then_revoke(qtbot, crew):
    store = crew.store
    iid = _signed(crew)
    win = _window(qtbot, crew, crew.inspector)
    # Until an admin names the issuing organisation, the button says so.
    panel = win.open_review(iid).cert_panel
    assert not panel.button.isEnabled() and panel.reason.text().startswith("尚未设置出具单位")
    _organisation(crew)
    panel = win.open_review(iid).cert_panel
    assert panel.isVisible() and panel.button.isEnabled() and panel.button.text() == "颁发证书…"
    assert not panel.reason.isVisible()
    assert [panel.title.itemText(n) for n in range(panel.title.count())] == ["文明服务示范窗口", "文明执法示范窗口"]

    # The dialog shows what will be printed; 取消 issues nothing.
    click(qtbot, panel.button)
    dialog = panel.confirm_dialog
    qtbot.waitExposed(dialog)
    year = _dt.date.today().year
    assert dialog.fields == {
        "title": "文明服务示范窗口",
        "site": "杭州东收费站",
        "template": "收费站文明服务窗口建设检查表",
        "level": "优秀（100%）",
        "serial": f"{year}-0001",
        "date": _dt.date.today().isoformat(),
        "issuer": "张建国",
    }
    click(qtbot, dialog.cancel_button)
    assert _issued(store) == [] and insp.view(store, iid).row["state"] == "signed"

    # Again, choosing the second title, and 颁发.
    panel.title.setCurrentIndex(1)
    click(qtbot, panel.button)
    dialog = panel.confirm_dialog
    assert dialog.fields["title"] == "文明执法示范窗口"
    click(qtbot, dialog.issue_button)
    assert _issued(store) == [{"serial": f"{year}-0001", "title": "文明执法示范窗口", "revoked_reason": None}]
    assert insp.view(store, iid).row["state"] == "certified"
    review = win.review
    assert review.message.text() == "证书已颁发，可预览、保存或打印。"
    preview = review.previews[-1]
    qtbot.addWidget(preview)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.findChild(PdfPreview).pdf())).pages)
    assert "文明执法示范窗口" in text.replace(" ", "") and f"{year}-0001" in text
    panel = review.cert_panel
    assert panel.button.text() == "证书…" and panel.revoke_button.isVisible()

    # Revoke: the reason is required.
    click(qtbot, panel.revoke_button)
    dialog = panel.revoke_dialog
    qtbot.waitExposed(dialog)
    assert not dialog.revoke_button.isEnabled()
    type_into(dialog.reason, "复核发现投诉属实")
    click(qtbot, dialog.revoke_button)
    assert _issued(store)[0]["revoked_reason"] == "复核发现投诉属实"
    assert insp.view(store, iid).row["state"] == "signed"
    panel = win.review.cert_panel
    assert not panel.button.isEnabled() and panel.reason.isVisible()
    assert panel.reason.text().startswith(f"证书 {year}-0001 已于 ") and panel.reason.text().endswith(
        "撤销：复核发现投诉属实"
    )
    assert win.review.message.text() == f"证书 {year}-0001 已撤销。"


def test_refusals_are_shown_at_the_button(qtbot, crew):
    store = crew.store
    _organisation(crew)
    open_rect = _signed(crew, failed=("1.1",))
    win = _window(qtbot, crew, crew.inspector)
    panel = win.open_review(open_rect).cert_panel
    assert panel.isVisible() and not panel.button.isEnabled() and panel.reason.isVisible()
    assert panel.reason.text() == f"检查 {open_rect} 还有 1 项整改未验证（1.1）：经签署的复查关闭后才能颁发证书"

    # The manager of the site, on an eligible inspection: not theirs to issue.
    eligible = _signed(crew)
    boss = _window(qtbot, crew, crew.manager)
    panel = boss.open_review(eligible).cert_panel
    assert not panel.button.isEnabled()
    assert panel.reason.text() == "证书由检查方（管理员或检查员）颁发，被检单位的站长和职工不能为本单位发证"
    # Refused at the moment of clicking too (here: someone else certified it meanwhile, then it was
    # revoked): the inspector's open panel learns why when pressed.
    inspector_panel = win.open_review(eligible).cert_panel
    assert inspector_panel.button.isEnabled()
    from civdesk.services import certificates

    certificates.issue(store, crew.admin, eligible)
    certificates.revoke(store, crew.admin, eligible, "误发")
    click(qtbot, inspector_panel.button)
    assert inspector_panel.confirm_dialog is None
    assert " 的证书 " in inspector_panel.reason.text() and "已撤销（误发）" in inspector_panel.reason.text()
    assert not inspector_panel.button.isEnabled()


def test_my_work_count_follows_the_work(qtbot, crew):
    store = crew.store
    staff = add_user(crew, "staff_east", "staff", "陈静", "east")
    iid = answered(crew, staff, kind="self")
    insp.submit(store, staff, iid)
    boss = _window(qtbot, crew, crew.manager)
    row = [k for k, _ in boss.pages].index("mywork")
    qtbot.waitUntil(lambda: boss.nav.item(row).text() == "我的待办（1）")  # counted on the runner
    assert boss.home.tabs.tabText(2) == "我的待办（1）"

    # 我的待办 page (Ctrl+0): the row, Enter opens the review; the manager returns it with a reason.
    show(qtbot, boss)
    press("Ctrl+0")
    page = boss.page("mywork")
    assert boss.current_key() == "mywork" and page.table.rowCount() == 1
    assert page.table.item(0, 0).text() == "审核" and page.table.item(0, 1).text() == "杭州东收费站"
    page.table.setFocus()
    page.table.setCurrentCell(0, 0)
    press("Return")
    assert boss.current_key() == "review" and boss.review.iid == iid
    type_into(boss.review.reason, "请补充照片")
    click(qtbot, boss.review.return_button)
    assert insp.view(store, iid).row["state"] == "returned"
    qtbot.waitUntil(lambda: boss.nav.item(row).text() == "我的待办（0）")
    boss.show_page("mywork")
    assert page.table.rowCount() == 0 and page.summary.text() == "没有等您处理的事项。"


def test_an_inspection_outside_scope_does_not_open(qtbot, crew):
    iid = _signed(crew)
    other = add_user(crew, "mgr_west", "manager", "何志强", "west")
    win = _window(qtbot, crew, other)
    assert win.open_review(iid) is None and win.open_inspection(iid) is None
    assert win.current_key() == "home"
    win.show_page("inspections")
    assert win.inspections.model.rowCount() == 0  # the east station's inspection is not listed either
