"""The rectification screen end to end: the manager marks done with a note and a photo, the inspector
verifies; another is done and reopened; overdue follows the injected date; 复查 creates the
re-inspection; the 整改通知书 opens in the preview. Screen and database checked at each step."""

from __future__ import annotations

import datetime as _dt
import io
import json

import pytest
from pypdf import PdfReader

from civdesk.domain.errors import NotAllowed
from civdesk.services import inspections as insp
from civdesk.services import rectifications
from civdesk.ui.rectifications.page import RectificationsPage
from civdesk.ui.session import Session
from tests.helpers.signoff import answered, click, type_into

SUBMITTED = _dt.date(2026, 3, 2)


def _page(qtbot, crew, actor, today):
    page = RectificationsPage(Session(crew.store, actor), today=today)
    qtbot.addWidget(page)
    page.resize(1190, 740)
    page.show()
    return page


def _filter(page, status):
    page.status.setCurrentIndex(page.status.findData(status))
    return [(r.item_code, r.state) for r in page.shown]


def cell(page, row: int, column: int) -> str:
    return page.model.data(page.model.index(row, column))


def _db(crew, iid):
    return {r.item_code: r for r in rectifications.list_rectifications(crew.store, inspection_id=iid)}


def test_rectification_loop(qtbot, crew, make_photo):
    store = crew.store
    iid = answered(crew, crew.inspector, failed=("1.1", "1.2"))
    insp.submit(store, crew.inspector, iid, today=SUBMITTED)
    due = _db(crew, iid)["1.1"].due_date
    before_due = _dt.date.fromisoformat(due)

    # The manager: his station preselected, both items open, only "mark done" offered.
    mgr = _page(qtbot, crew, crew.manager, before_due)
    assert mgr.site.currentData() == crew.site["east"]
    assert _filter(mgr, "open") == [("1.1", "open"), ("1.2", "open")]
    assert cell(mgr, 0, 3) == "王海燕" and cell(mgr, 0, 4) == due
    assert mgr.done_button.isVisible() and not mgr.verify_button.isVisible()
    assert not mgr.reinspect_button.isVisible()

    # Evidence is required: an empty note and no photo is refused in the dialog.
    dialog = mgr.mark_done()
    qtbot.waitUntil(dialog.isVisible)
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and dialog.error.text() == "标记已整改需要证据：填写整改说明或附照片"
    assert _db(crew, iid)["1.1"].state == "open"
    type_into(dialog.note, "已组织班组学习 minutes filed")
    dialog.add_photos([make_photo("整改后.png")])
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    row = _db(crew, iid)["1.1"]
    assert row.state == "done" and row.done_note == "已组织班组学习 minutes filed"
    assert len(row.evidence) == 1
    assert _filter(mgr, "open") == [("1.2", "open")]
    assert _filter(mgr, "done") == [("1.1", "done")]
    assert cell(mgr, 0, 5) == "已整改" and cell(mgr, 0, 6) == "已组织班组学习 minutes filed"
    assert mgr.photos.isVisible() and mgr.photos.count() == 1
    assert not mgr.verify_button.isVisible()  # four-eyes: whoever marked it done does not verify it

    # 1.2 done with a note only.
    _filter(mgr, "open")
    dialog = mgr.mark_done()
    type_into(dialog.note, "已口头提醒")
    click(qtbot, dialog.ok_button)
    assert _db(crew, iid)["1.2"].state == "done"

    # The inspector verifies 1.1 and reopens 1.2 (a reason is required).
    ins = _page(qtbot, crew, crew.inspector, before_due)
    assert _filter(ins, "done") == [("1.1", "done"), ("1.2", "done")]
    assert ins.verify_button.isVisible() and ins.reopen_button.isVisible() and not ins.done_button.isVisible()
    click(qtbot, ins.verify_button)
    assert _db(crew, iid)["1.1"].state == "verified"
    assert ins.message.text() == "整改已验证。"
    assert _filter(ins, "done") == [("1.2", "done")]
    dialog = ins.reopen()
    click(qtbot, dialog.ok_button)
    assert dialog.error.text() == "要求重新整改需要填写原因"
    type_into(dialog.note, "需提供培训记录")
    click(qtbot, dialog.ok_button)
    assert _db(crew, iid)["1.2"].state == "reopened"
    assert _filter(ins, "reopened") == [("1.2", "reopened")]
    assert _filter(ins, "verified") == [("1.1", "verified")]
    assert cell(ins, 0, 5) == "已验证"

    # Overdue against the injected date: nothing before the due date; after it, the reopened one.
    assert _filter(ins, "overdue") == []
    late = _page(qtbot, crew, crew.inspector, before_due + _dt.timedelta(days=1))
    assert _filter(late, "overdue") == [("1.2", "reopened")]
    assert cell(late, 0, 5) == "重新整改（逾期）"
    assert late.count_label.text() == "共 1 项"

    # Owner and due-date filters.
    _filter(late, None)
    late.owner.setCurrentIndex(late.owner.findData(crew.manager.id))
    assert len(late.shown) == 2
    late.due.setDate(late.due.date().fromString(str(before_due - _dt.timedelta(days=1)), "yyyy-MM-dd"))
    assert late.shown == []

    # 复查: a re-inspection covering the open (reopened) item, opened for walking.
    late.due.setDate(late.due.minimumDate())
    _filter(late, "reopened")
    with qtbot.waitSignal(late.open_inspection) as opened:
        click(qtbot, late.reinspect_button)
    rid = opened.args[0]
    row = insp.view(store, rid).row
    assert (row["kind"], row["follows_id"], json.loads(row["covers"])) == ("reinspection", iid, ["1.2"])
    assert late.message.text() == f"已创建复查 #{rid}。"

    # 整改通知书 in the preview: the open item listed, not the verified one.
    preview = late.show_notice()
    qtbot.addWidget(preview)
    pdf = _pdf_of(preview)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "整改通知书" in text.replace(" ", "") and "1.2" in text


def _pdf_of(dialog) -> bytes:
    from civdesk.ui.pdf_preview import PdfPreview

    return dialog.findChild(PdfPreview).pdf()


def test_manager_of_another_site_is_refused(qtbot, crew):
    from tests.helpers.signoff import add_user

    iid = answered(crew, crew.inspector, failed=("1.1",))
    insp.submit(crew.store, crew.inspector, iid, today=SUBMITTED)
    other = add_user(crew, "mgr_west", "manager", "何志强", "west")
    page = _page(qtbot, crew, other, SUBMITTED)
    assert page.site.currentData() == crew.site["west"]
    assert page.shown == []
    # His scope is his own station: "all sites" offers only it, and the east station's item is not listed…
    assert [page.site.itemData(n) for n in range(page.site.count())] == [None, crew.site["west"]]
    page.site.setCurrentIndex(0)
    assert page.shown == []
    # …and the service refuses it whoever asks.
    rid = crew.store.scalar("SELECT id FROM rectifications WHERE inspection_id = ?", (iid,))
    with pytest.raises(NotAllowed, match="their own site"):
        rectifications.mark_done(crew.store, other, rid, "越权")
    assert _db(crew, iid)["1.1"].state == "open"
