"""Review and sign-off through the real windows: a manager returns a self-assessment with a comment
on one item; the staff member sees it highlighted in the walkthrough, fixes it and resubmits; the
manager approves; both sign by drawing on the pad and typing their passwords; the inspection is
signed and frozen, the walkthrough read-only; no certificate from a self-assessment, and the
button says why."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from civdesk.services import inspections as insp
from civdesk.services import signing
from civdesk.ui.main_window import MainWindow
from civdesk.ui.pdf_preview import PdfPreview
from civdesk.ui.review.page import DIFF_BG
from civdesk.ui.walkthrough.page import RETURNED_BG
from tests.helpers.data import PASSWORD
from tests.helpers.signoff import add_user, answered, click, draw_signature, open_window, type_into

DISPUTED = "1.3"
COMMENT = "请核实：现场会议记录齐全，应为符合"
REASON = "第 1.3 项评定有误，请修改后重新提交"


def _window(qtbot, crew, actor) -> MainWindow:
    return open_window(qtbot, crew, actor)


def _review_from_list(qtbot, win, iid):
    """Select the inspection in the list (检查) and press 审核 / 签署…."""
    win.show_page("inspections")
    page = win.inspections
    row = next(r for r in range(page.model.rowCount()) if page.model.inspection_id(r) == iid)
    page.view.selectRow(row)
    click(qtbot, page.review_button)
    assert win.current_key() == "review"
    return win.review


def _sign(qtbot, review):
    click(qtbot, review.sign_button)
    dialog = review.sign_dialog
    qtbot.waitUntil(dialog.isVisible)
    draw_signature(dialog.pad)
    type_into(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.signed) as signed:
        click(qtbot, dialog.sign_button)
    return signed.args[0]


def test_return_fix_resubmit_approve_and_sign(qtbot, crew):
    store = crew.store
    staff = add_user(crew, "staff_east", "staff", "陈静", "east")
    iid = answered(crew, staff, kind="self")
    insp.answer(store, staff, iid, DISPUTED, "partial")
    insp.submit(store, staff, iid)

    # The manager returns it with a reason and a comment on 1.3.
    boss = _window(qtbot, crew, crew.manager)
    review = _review_from_list(qtbot, boss, iid)
    assert review.review_box.isVisible() and not review.sign_button.isVisible()
    assert review.compare_label.text() == "对比：该单位在此检查表上没有以往结果。"
    review.select_code(DISPUTED)
    type_into(review.comment, COMMENT)
    assert review.item_comments == {DISPUTED: COMMENT}
    assert review.table.item(review.codes.index(DISPUTED), 6).text() == COMMENT
    click(qtbot, review.approve_button)  # a comment goes with a return, not an approval
    assert "逐项评语只随退回发送" in review.message.text()
    click(qtbot, review.return_button)  # no reason yet: refused by the service, said in Chinese
    assert review.message.text() == "退回需要填写原因"
    assert insp.view(store, iid).row["state"] == "submitted"
    type_into(review.reason, REASON)
    click(qtbot, review.return_button)
    assert review.message.text() == "已退回给作者修改。"
    assert insp.view(store, iid).row["state"] == "returned"
    assert [(c["kind"], c["item_code"], c["text"]) for c in insp.comments(store, iid)] == [
        ("return", None, REASON),
        ("comment", DISPUTED, COMMENT),
    ]
    assert not review.review_box.isVisible() and REASON in review.history.text()

    # The staff member: the reason on top, 1.3 highlighted in the tree, its comment above the card.
    desk = _window(qtbot, crew, staff)
    walk = desk.open_inspection(iid)
    assert walk.editable
    assert walk.return_banner.isVisible() and REASON in walk.return_banner.text()
    assert walk.tree.item_nodes[DISPUTED].background(0).color() == RETURNED_BG
    assert walk.tree.item_nodes["1.1"].background(0).style() == Qt.BrushStyle.NoBrush
    walk.go_code(DISPUTED)
    assert walk.item_comment.isVisible() and walk.item_comment.text() == f"审核评语：{COMMENT}"
    walk.go_code("1.1")
    assert not walk.item_comment.isVisible()
    walk.go_code(DISPUTED)
    QTest.keyClick(walk.card, Qt.Key.Key_1)  # 符合
    assert insp.view(store, iid).answers[DISPUTED] == "yes"
    click(qtbot, walk.submit_button)
    assert walk.submit_panel.isVisible() and walk.submit_panel.confirm.isEnabled()
    click(qtbot, walk.submit_panel.confirm)
    assert insp.view(store, iid).row["state"] == "submitted"
    assert not walk.return_banner.isVisible() and not walk.item_comment.isVisible()
    assert walk.tree.item_nodes[DISPUTED].background(0).style() == Qt.BrushStyle.NoBrush

    # The manager approves.
    review = _review_from_list(qtbot, boss, iid)
    type_into(review.reason, "情况属实，同意")
    click(qtbot, review.approve_button)
    assert insp.view(store, iid).row["state"] == "approved"
    assert review.sign_button.isVisible()  # the reviewer signs too

    # Both sign: the author from the walkthrough's 审核 / 签署, then the manager.
    walk = desk.open_inspection(iid)
    assert not walk.editable and walk.review_button.isVisible()
    click(qtbot, walk.review_button)
    assert desk.current_key() == "review"
    assert _sign(qtbot, desk.review) == "approved"
    assert _sign(qtbot, boss.review) == "signed"
    row = insp.view(store, iid).row
    assert row["state"] == "signed" and row["content_hash"] == signing.content_hash(store, iid)
    assert [(s.user_id, s.role) for s in signing.signatures(store, iid)] == [
        (staff.id, "author"),
        (crew.manager.id, "reviewer"),
    ]
    assert signing.verify_frozen(store) == []
    assert not boss.review.sign_button.isVisible()
    assert "检查已冻结" in boss.review.signatures_label.text()

    # The walkthrough of a signed inspection: every answer control read-only; a digit changes nothing.
    walk = desk.open_inspection(iid, DISPUTED)
    assert not walk.editable and walk.readonly_banner.isVisible() and "已签署" in walk.readonly_banner.text()
    assert not walk.card.editor.isEnabled() and walk.card.note.isReadOnly()
    assert not walk.card.photos.add_button.isEnabled() and not walk.submit_button.isEnabled()
    QTest.keyClick(walk.card, Qt.Key.Key_3)
    assert insp.view(store, iid).answers[DISPUTED] == "yes"

    # The station never certifies itself (and a self-assessment earns no certificate): the button
    # says why, right under it.
    panel = boss.review.cert_panel
    assert panel.isVisible() and not panel.button.isEnabled()
    assert panel.reason.isVisible() and panel.reason.text() == (
        "证书由检查方（管理员或检查员）颁发，被检单位的站长和职工不能为本单位发证"
    )
    assert insp.view(store, iid).row["state"] == "signed"

    # The report is drawn on the runner's thread: the window keeps working, the preview follows.
    review.show_report()
    assert not review.report_button.isEnabled() and review.message.text() == "正在生成检查报告…"
    qtbot.waitUntil(lambda: review.report_button.isEnabled(), timeout=30_000)
    report = review.previews[-1]
    qtbot.addWidget(report)
    pdf = report.findChild(PdfPreview).pdf()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace(" ", "")
    assert "自评报告" in text and "杭州东收费站" in text and report.windowTitle() == "检查报告-杭州东收费站.pdf"

    # The audit trail names every step.
    dialog = boss.review.show_audit()
    qtbot.addWidget(dialog)
    actions = dialog.view.actions()
    assert "inspection.certify" not in actions
    for action in ("inspection.submit", "inspection.return", "inspection.approve"):
        assert action in actions
    assert actions.count("inspection.sign") == 2 and actions.count("inspection.submit") == 2
    assert dialog.view.status.text().startswith("正在核对审计链")  # checked on the runner's thread
    qtbot.waitUntil(lambda: dialog.view.status.text().startswith("✓ 审计链完整"), timeout=10_000)


def test_differences_with_the_latest_inspection_are_highlighted(qtbot, crew):
    store = crew.store
    earlier = answered(crew, crew.inspector, failed=("1.1",))
    insp.answer(store, crew.inspector, earlier, "1.4", "partial")
    insp.submit(store, crew.inspector, earlier)
    staff = add_user(crew, "staff_east", "staff", "陈静", "east")
    own = answered(crew, staff, kind="self")
    insp.submit(store, staff, own)

    boss = _window(qtbot, crew, crew.manager)
    review = boss.open_review(own)
    assert "2 项不同" in review.compare_label.text() and "张建国" in review.compare_label.text()
    differing = [code for n, code in enumerate(review.codes) if review.table.item(n, 0).background().color() == DIFF_BG]
    assert differing == ["1.1", "1.4"]
    n = review.codes.index("1.1")
    assert [review.table.item(n, c).text() for c in (0, 2, 4)] == ["≠ 1.1", "符合", "不符合"]
    review.only_diff.setChecked(True)
    assert [c for n, c in enumerate(review.codes) if not review.table.isRowHidden(n)] == ["1.1", "1.4"]

    # The author may not review her own self-assessment: no review controls, and the rule if forced.
    desk = _window(qtbot, crew, staff)
    mine = desk.open_review(own)
    assert not mine.review_box.isVisible()
    assert not mine.approve()
    assert mine.message.text() == "四眼原则：任何人都不能审核自己的工作"
