"""A reviewer's comments and return reason survive leaving the review page: kept in the database as
that reviewer's draft while typed, restored when they come back, never shown to anyone else,
removed when the return (or approval) sends them."""

from __future__ import annotations

import json

from civdesk.services import inspections as insp
from civdesk.services import review_drafts
from tests.helpers.signoff import add_user, answered, click, type_into
from tests.helpers.signoff import open_window as _window

DISPUTED = "1.3"
COMMENT = "请核实会议记录"
REASON = "第 1.3 项评定有误"


def _draft_row(crew, iid, user_id):
    return crew.store.one(
        "SELECT reason, comments FROM review_drafts WHERE inspection_id = ? AND user_id = ?", (iid, user_id)
    )


def test_comments_and_reason_survive_page_changes_and_are_cleared_when_sent(qtbot, crew):
    store = crew.store
    staff = add_user(crew, "staff_east", "staff", "陈静", "east")
    iid = answered(crew, staff, kind="self")
    insp.submit(store, staff, iid)

    win = _window(qtbot, crew, crew.manager)
    review = win.open_review(iid)
    review.select_code(DISPUTED)
    type_into(review.comment, COMMENT)
    type_into(review.reason, REASON)
    # In the database as typed, the reviewer's own.
    row = _draft_row(crew, iid, crew.manager.id)
    assert row["reason"] == REASON and json.loads(row["comments"]) == {DISPUTED: COMMENT}
    assert review.draft_label.isVisible() and "已暂存" in review.draft_label.text()

    # Away to 首页 and 整改 (the review page is dropped), then back: everything is where it was.
    assert win.show_page("home") and win.review is None
    win.show_page("rectifications")
    review = win.open_review(iid)
    assert review.item_comments == {DISPUTED: COMMENT}
    assert review.reason.toPlainText() == REASON
    assert review.table.item(review.codes.index(DISPUTED), 6).text() == COMMENT
    review.select_code(DISPUTED)
    assert review.comment.text() == COMMENT
    assert "已恢复" in review.draft_label.text()

    # Another reviewer's view of the same inspection (an admin) starts empty.
    other = _window(qtbot, crew, crew.admin)
    theirs = other.open_review(iid)
    assert theirs.item_comments == {} and theirs.reason.toPlainText() == ""
    assert review_drafts.load(store, crew.admin, iid).empty

    # Sent: returned with the comment and the reason, the draft gone.
    click(qtbot, review.return_button)
    assert insp.view(store, iid).row["state"] == "returned"
    assert [(c["kind"], c["item_code"], c["text"]) for c in insp.comments(store, iid)] == [
        ("return", None, REASON),
        ("comment", DISPUTED, COMMENT),
    ]
    assert _draft_row(crew, iid, crew.manager.id) is None
    assert not review.draft_label.isVisible()


def test_clearing_the_text_removes_the_draft_and_approval_uses_it(qtbot, crew):
    store = crew.store
    iid = answered(crew, crew.inspector)
    insp.submit(store, crew.inspector, iid)
    win = _window(qtbot, crew, crew.manager)
    review = win.open_review(iid)
    type_into(review.reason, "情况属实")
    assert _draft_row(crew, iid, crew.manager.id)["reason"] == "情况属实"
    review.reason.clear()
    assert _draft_row(crew, iid, crew.manager.id) is None
    type_into(review.reason, "同意")
    win.show_page("inspections")
    review = win.open_review(iid)
    assert review.reason.toPlainText() == "同意"
    click(qtbot, review.approve_button)
    assert insp.view(store, iid).row["state"] == "approved"
    assert [c["text"] for c in insp.comments(store, iid) if c["kind"] == "approve"] == ["同意"]
    assert _draft_row(crew, iid, crew.manager.id) is None


def test_a_draft_older_than_the_latest_submission_is_dropped(crew):
    store = crew.store
    iid = answered(crew, crew.inspector)
    insp.submit(store, crew.inspector, iid)
    review_drafts.save(store, crew.manager, iid, reason="旧意见", comments={"1.1": "旧评语"})
    insp.return_inspection(store, crew.manager, iid, "先退回", {})  # e.g. from the command line
    insp.submit(store, crew.inspector, iid)
    assert review_drafts.load(store, crew.manager, iid).empty
    assert _draft_row(crew, iid, crew.manager.id) is None
