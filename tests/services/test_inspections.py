"""Inspection use cases against a real home: what each one writes (rows, audit) and what it refuses."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from civdesk.domain.scoring import AnswerError
from civdesk.domain.template import TemplateError
from civdesk.domain.workflow import WorkflowError
from civdesk.services import inspections as insp
from civdesk.services import maintenance, rectifications, templates
from civdesk.services.errors import InputError, NotFound, SubmitBlocked
from tests.helpers.data import picture_bytes

TABLES = ("inspections", "answers", "attachments", "comments", "rectifications", "audit", "templates")


def counts(store):
    return {t: store.scalar(f"SELECT COUNT(*) FROM {t}") for t in TABLES}


def last_audit(store):
    row = store.one("SELECT * FROM audit ORDER BY seq DESC LIMIT 1")
    row["detail"] = json.loads(row["detail"])
    return row


@pytest.fixture
def draft(people, mini):
    """An inspection of site A (east) by the inspector, still a draft."""
    return insp.new_inspection(
        people.store, people.inspector, template_id="mini", site_id=people.site_a, kind="inspection"
    )


def answer_all(p, iid, **override):
    values = {"1.1": "yes", "1.2": "excellent", "2.1": 40, "2.2": "yes"} | override
    for code, value in values.items():
        insp.answer(p.store, p.inspector, iid, code, value)


def photo(tmp_path, name="p.jpg", data=None):
    f = tmp_path / name
    f.write_bytes(data if data is not None else picture_bytes())
    return f


# ------------------------------------------------------------------ starting


@pytest.mark.parametrize(
    "site, params, region",
    [("site_a", None, "east"), ("site_b", None, "west"), ("site_b", {"region": "central"}, "central")],
)
def test_new_inspection_takes_region_from_site(people, mini, site, params, region):
    s = people.store
    iid = insp.new_inspection(
        s, people.inspector, template_id="mini", site_id=getattr(people, site), kind="inspection", params=params
    )
    row = s.one("SELECT * FROM inspections WHERE id = ?", (iid,))
    assert json.loads(row["params"]) == {"region": region}
    assert (row["state"], row["kind"], row["author_id"], row["template_pk"], row["site_id"]) == (
        "draft",
        "inspection",
        people.inspector.id,
        mini,
        getattr(people, site),
    )
    assert len(row["uuid"]) == 36
    a = last_audit(s)
    assert (a["action"], a["entity"], a["entity_id"], a["user_id"]) == (
        "inspection.create",
        "inspection",
        str(iid),
        people.inspector.id,
    )
    assert a["detail"] == {
        "template": "mini",
        "version": 1,
        "site_id": getattr(people, site),
        "kind": "inspection",
        "params": {"region": region},
    }


def test_new_inspection_refusals_write_nothing(people, mini):
    s = people.store
    before = counts(s)
    with pytest.raises(InputError, match=r"parameter region='south' is not one of"):
        insp.new_inspection(
            s,
            people.inspector,
            template_id="mini",
            site_id=people.site_a,
            kind="inspection",
            params={"region": "south"},
        )
    with pytest.raises(NotFound, match=r"no template 'nope' \(installed: mini\)"):
        insp.new_inspection(s, people.inspector, template_id="nope", site_id=people.site_a, kind="inspection")
    with pytest.raises(NotFound, match="no site with id 999"):
        insp.new_inspection(s, people.inspector, template_id="mini", site_id=999, kind="inspection")
    with pytest.raises(InputError, match="a re-inspection follows an earlier inspection"):
        insp.new_inspection(s, people.inspector, template_id="mini", site_id=people.site_a, kind="reinspection")
    assert counts(s) == before


def test_reinspection_follows_an_inspection_of_the_same_site(people, draft):
    s = people.store
    with pytest.raises(InputError, match="has no open rectification to re-inspect"):
        insp.new_inspection(
            s, people.inspector, template_id="mini", site_id=people.site_a, kind="reinspection", follows_id=draft
        )
    answer_all(people, draft, **{"1.2": "fail"})
    insp.submit(s, people.inspector, draft)
    with pytest.raises(InputError, match="must be of the same site"):
        insp.new_inspection(
            s, people.inspector, template_id="mini", site_id=people.site_b, kind="reinspection", follows_id=draft
        )
    rid = insp.new_inspection(
        s, people.inspector, template_id="mini", site_id=people.site_a, kind="reinspection", follows_id=draft
    )
    assert s.one("SELECT kind, follows_id, covers FROM inspections WHERE id = ?", (rid,)) == {
        "kind": "reinspection",
        "follows_id": draft,
        "covers": '["1.2"]',
    }


# ------------------------------------------------------------------ answering


def test_answer_saves_value_and_one_audit_entry(people, draft):
    s = people.store
    before = counts(s)
    saved = insp.answer(s, people.inspector, draft, "2.1", "31.5", note="实测 31.5%")
    after = counts(s)
    assert after["audit"] == before["audit"] + 1
    assert after["answers"] == before["answers"] + 1
    row = s.one("SELECT value, note, answered_by FROM answers WHERE inspection_id = ? AND item_code = '2.1'", (draft,))
    assert row == {"value": "31.5", "note": "实测 31.5%", "answered_by": people.inspector.id}
    a = last_audit(s)
    assert (a["action"], a["entity"], a["entity_id"], a["user_id"]) == (
        "answer",
        "inspection",
        str(draft),
        people.inspector.id,
    )
    assert a["detail"] == {"code": "2.1", "value": 31.5, "note": "实测 31.5%"}
    assert (saved.item_code, saved.value, saved.note) == ("2.1", 31.5, "实测 31.5%")
    assert insp.view(s, draft).result.items[2].grade == "excellent"


def test_answer_again_updates_and_keeps_note(people, draft):
    s = people.store
    insp.answer(s, people.inspector, draft, "1.1", "no", note="地面有烟头")
    saved = insp.answer(s, people.inspector, draft, "1.1", "partial")
    assert saved.note == "地面有烟头"
    assert s.query("SELECT item_code, value, note FROM answers WHERE inspection_id = ?", (draft,)) == [
        {"item_code": "1.1", "value": '"partial"', "note": "地面有烟头"}
    ]
    assert last_audit(s)["detail"] == {"code": "1.1", "value": "partial"}


def test_answer_and_audit_are_one_transaction(people, draft, monkeypatch):
    s = people.store
    before = counts(s)

    def broken_audit(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(s, "audit", broken_audit)
    with pytest.raises(RuntimeError, match="disk full"):
        insp.answer(s, people.inspector, draft, "1.1", "yes")
    assert counts(s) == before
    assert s.conn.in_transaction is False


def test_updated_at_follows_the_answers_to_the_minute(people, draft, tmp_path, monkeypatch):
    """Changes within one minute leave the inspection row alone (each answer saved then writes the
    answer and its entry only); the stored minute is always that of the latest change."""
    s = people.store

    def at(clock):
        monkeypatch.setattr(insp, "now", lambda: f"2026-12-02T{clock}.000000+00:00")

    def updated():
        return s.scalar("SELECT updated_at FROM inspections WHERE id = ?", (draft,))[11:19]

    def sealed_tables():
        return sorted(json.loads(s.scalar("SELECT seal FROM audit ORDER BY seq DESC LIMIT 1")))

    at("10:00:05")
    insp.answer(s, people.inspector, draft, "1.1", "yes")
    assert updated() == "10:00:05" and sealed_tables() == ["answers", "inspections"]
    at("10:00:50")
    insp.answer(s, people.inspector, draft, "1.2", "good")
    assert updated() == "10:00:05" and sealed_tables() == ["answers"]
    at("10:01:02")
    insp.set_note(s, people.inspector, draft, "1.2", "门前整洁")
    assert updated() == "10:01:02"
    at("10:01:40")
    insp.clear_answer(s, people.inspector, draft, "1.1")
    assert updated() == "10:01:02"
    at("10:02:00")
    insp.clear_answer(s, people.inspector, draft, "1.2")
    assert updated() == "10:02:00"
    at("10:03:10")
    insp.attach_photo(s, people.inspector, draft, "1.1", photo(tmp_path))
    assert updated() == "10:03:10"
    at("09:59:00")  # a clock put back: the stamp follows it, as the list shows the latest change
    insp.answer(s, people.inspector, draft, "1.1", "no")
    assert updated() == "09:59:00"
    assert maintenance.check(s) == []


@pytest.mark.parametrize(
    "code, value, error, message",
    [
        ("9.9", "yes", NotFound, "template mini v1 has no item '9.9'"),
        ("2.1", "abc", AnswerError, "item 2.1: 'abc' is not a number"),
        ("2.1", "31,5", AnswerError, "item 2.1: '31,5' is not a number (use a dot as decimal separator)"),
        ("2.1", 120, AnswerError, "item 2.1: 120 is above the maximum 100%"),
        ("1.1", "excellent", AnswerError, "item 1.1: 'excellent' is not one of yes, partial, no, na"),
    ],
)
def test_answer_refused_writes_nothing(people, draft, code, value, error, message):
    s = people.store
    insp.answer(s, people.inspector, draft, "1.2", "good")
    before = counts(s)
    stamp = s.scalar("SELECT updated_at FROM inspections WHERE id = ?", (draft,))
    with pytest.raises(error) as err:
        insp.answer(s, people.inspector, draft, code, value)
    assert message in str(err.value)
    assert counts(s) == before
    assert s.scalar("SELECT updated_at FROM inspections WHERE id = ?", (draft,)) == stamp


def test_answer_refused_once_submitted(people, draft, tmp_path):
    s = people.store
    answer_all(people, draft)
    insp.submit(s, people.inspector, draft)
    before = counts(s)
    answers_before = s.query("SELECT * FROM answers WHERE inspection_id = ? ORDER BY id", (draft,))
    with pytest.raises(WorkflowError, match=r"cannot answer an inspection that is submitted"):
        insp.answer(s, people.inspector, draft, "1.1", "no")
    with pytest.raises(WorkflowError):
        insp.set_note(s, people.inspector, draft, "1.1", "改")
    with pytest.raises(WorkflowError):
        insp.attach_photo(s, people.inspector, draft, "1.1", photo(tmp_path))
    assert counts(s) == before
    assert s.query("SELECT * FROM answers WHERE inspection_id = ? ORDER BY id", (draft,)) == answers_before


def test_photos_are_stored_once_per_content(people, draft, tmp_path):
    s = people.store
    a1 = insp.attach_photo(s, people.inspector, draft, "1.1", photo(tmp_path, "a.jpg"))
    a2 = insp.attach_photo(s, people.inspector, draft, "1.1", photo(tmp_path, "b.jpg"))
    rows = insp.photos(s, draft, "1.1")
    assert [r.id for r in rows] == [a1, a2] and [r.filename for r in rows] == ["a.jpg", "b.jpg"]
    assert rows[0].sha256 == rows[1].sha256
    assert len([p for p in s.attachments_dir.rglob("*") if p.is_file()]) == 1
    assert last_audit(s)["detail"]["filename"] == "b.jpg"
    with pytest.raises(InputError, match="no such file"):
        insp.attach_photo(s, people.inspector, draft, "1.1", tmp_path / "missing.jpg")


@pytest.mark.parametrize(
    "data, why",
    [
        (b"\xff\xd8\xff not really a photo", "not a picture CivDesk can read"),
        (picture_bytes()[:60], "not a picture CivDesk can read"),  # cut off mid-file
        ("现场记录".encode() * 50, "not a picture CivDesk can read"),
        (picture_bytes("ICO"), "ICO pictures are not supported"),
    ],
)
def test_a_file_that_is_not_a_printable_picture_is_refused_and_nothing_stored(people, draft, tmp_path, data, why):
    s = people.store
    before = counts(s)
    with pytest.raises(InputError, match=why):
        insp.attach_photo(s, people.inspector, draft, "1.1", photo(tmp_path, "x.jpg", data))
    assert counts(s) == before and insp.photos(s, draft) == []
    assert [p for p in s.attachments_dir.rglob("*") if p.is_file()] == []


# ------------------------------------------------------------------ submitting


def test_submit_blocked_lists_unanswered_codes(people, draft):
    s = people.store
    insp.answer(s, people.inspector, draft, "1.2", "good")
    before = counts(s)
    with pytest.raises(SubmitBlocked) as err:
        insp.submit(s, people.inspector, draft)
    assert [(b.code, b.reason) for b in err.value.blockers] == [
        ("1.1", "unanswered"),
        ("2.1", "unanswered"),
        ("2.2", "unanswered"),
    ]
    assert str(err.value) == "cannot submit, 3 item(s) block it: 1.1 unanswered / 2.1 unanswered / 2.2 unanswered"
    assert counts(s) == before
    assert s.scalar("SELECT state FROM inspections WHERE id = ?", (draft,)) == "draft"


def test_submit_blocked_by_missing_evidence(people, draft, tmp_path):
    s = people.store
    answer_all(people, draft, **{"1.1": "no"})
    with pytest.raises(SubmitBlocked) as err:
        insp.submit(s, people.inspector, draft)
    assert [(b.code, b.reason) for b in err.value.blockers] == [("1.1", "photo_missing"), ("1.1", "note_missing")]
    insp.set_note(s, people.inspector, draft, "1.1", "未使用文明用语")
    insp.attach_photo(s, people.inspector, draft, "1.1", photo(tmp_path))
    assert insp.submit(s, people.inspector, draft).failed_items == ["1.1"]


def test_submit_stores_result_and_creates_rectifications(people, draft, tmp_path):
    s = people.store
    answer_all(people, draft, **{"1.1": "no", "1.2": "fail", "2.1": 25})
    insp.set_note(s, people.inspector, draft, "1.1", "未使用文明用语")
    insp.attach_photo(s, people.inspector, draft, "1.1", photo(tmp_path))
    before = counts(s)
    r = insp.submit(s, people.inspector, draft)
    assert (r.score, r.max, r.percent, r.level, r.vetoed) == (11.0, 35.0, 31.43, "fail", False)
    row = s.one("SELECT * FROM inspections WHERE id = ?", (draft,))
    assert (row["state"], row["score"], row["max_score"], row["percent"], row["level"], row["vetoed"]) == (
        "submitted",
        11.0,
        35.0,
        31.43,
        "fail",
        0,
    )
    submitted = dt.date.fromisoformat(row["submitted_at"][:10])
    due = (submitted + dt.timedelta(days=20)).isoformat()
    rect = s.query(
        "SELECT item_code, owner_id, due_date, state FROM rectifications WHERE inspection_id = ? ORDER BY item_code",
        (draft,),
    )
    assert rect == [
        {"item_code": "1.1", "owner_id": people.manager_a.id, "due_date": due, "state": "open"},
        {"item_code": "1.2", "owner_id": people.manager_a.id, "due_date": due, "state": "open"},
    ]
    assert counts(s)["audit"] == before["audit"] + 1
    a = last_audit(s)
    assert a["action"] == "inspection.submit"
    assert (a["detail"]["score"], a["detail"]["level"], a["detail"]["rectifications"]) == (11.0, "fail", ["1.1", "1.2"])
    listed = rectifications.list_rectifications(s, inspection_id=draft)
    assert [(x.item_code, x.site, x.overdue) for x in listed] == [("1.1", "收费站A", False), ("1.2", "收费站A", False)]


def test_submit_with_veto_records_veto(people, draft):
    s = people.store
    answer_all(people, draft, **{"2.2": "no"})
    r = insp.submit(s, people.inspector, draft)
    assert (r.level, r.vetoed, r.veto_items) == ("veto", True, ["2.2"])
    assert s.one("SELECT level, vetoed FROM inspections WHERE id = ?", (draft,)) == {"level": "veto", "vetoed": 1}
    assert [x.item_code for x in rectifications.list_rectifications(s, inspection_id=draft)] == ["2.2"]


def test_resubmit_after_return_does_not_duplicate_rectifications(people, draft):
    s = people.store
    answer_all(people, draft, **{"1.2": "fail", "2.2": "no"})
    insp.submit(s, people.inspector, draft)
    first = s.query(
        "SELECT id, item_code, created_at FROM rectifications WHERE inspection_id = ? ORDER BY id", (draft,)
    )
    assert [r["item_code"] for r in first] == ["1.2", "2.2"]
    insp.return_inspection(s, people.manager_a, draft, "2.1 实测值有误，请复核", {"2.1": "请重新测量"})
    assert s.scalar("SELECT state FROM inspections WHERE id = ?", (draft,)) == "returned"
    insp.answer(s, people.inspector, draft, "2.1", 30)
    insp.answer(s, people.inspector, draft, "1.2", "pass")  # disputed item amended: no longer failed
    insp.answer(s, people.inspector, draft, "2.2", "no")
    r = insp.submit(s, people.inspector, draft)
    assert r.failed_items == ["2.2"]
    again = s.query(
        "SELECT id, item_code, created_at FROM rectifications WHERE inspection_id = ? ORDER BY id", (draft,)
    )
    assert again == [first[1]]  # 2.2 kept as it was (same row); the amended 1.2 no longer needs rectifying
    detail = last_audit(s)["detail"]
    assert (detail["rectifications"], detail["rectifications_dropped"]) == ([], ["1.2"])


def test_resubmit_keeps_a_rectification_already_worked(people, draft):
    s = people.store
    answer_all(people, draft, **{"1.2": "fail"})
    insp.submit(s, people.inspector, draft)
    insp.return_inspection(s, people.manager_a, draft, "请复核 1.2")
    with s.write():  # the site already worked on it while the inspection was back with its author
        s.conn.execute(
            "UPDATE rectifications SET state = 'done', done_note = '已整改' WHERE inspection_id = ?", (draft,)
        )
    insp.answer(s, people.inspector, draft, "1.2", "pass")
    insp.submit(s, people.inspector, draft)
    assert s.query("SELECT item_code, state FROM rectifications WHERE inspection_id = ?", (draft,)) == [
        {"item_code": "1.2", "state": "done"}
    ]
    assert "rectifications_dropped" not in last_audit(s)["detail"]


def test_return_needs_a_reason(people, draft):
    s = people.store
    answer_all(people, draft)
    insp.submit(s, people.inspector, draft)
    before = counts(s)
    for reason in ("", "   "):
        with pytest.raises(InputError, match="returning an inspection needs a reason"):
            insp.return_inspection(s, people.manager_a, draft, reason)
    assert counts(s) == before
    assert s.scalar("SELECT state FROM inspections WHERE id = ?", (draft,)) == "submitted"


def test_return_records_reason_and_item_comments(people, draft):
    s = people.store
    answer_all(people, draft)
    insp.submit(s, people.inspector, draft)
    insp.return_inspection(s, people.manager_a, draft, "  请补充照片 ", {"1.1": "无照片"})
    assert [(c["item_code"], c["kind"], c["text"], c["user_id"]) for c in insp.comments(s, draft)] == [
        (None, "return", "请补充照片", people.manager_a.id),
        ("1.1", "comment", "无照片", people.manager_a.id),
    ]
    row = s.one("SELECT state, reviewer_id FROM inspections WHERE id = ?", (draft,))
    assert row == {"state": "returned", "reviewer_id": people.manager_a.id}
    assert last_audit(s)["detail"] == {"reason": "请补充照片", "items": ["1.1"]}


def test_return_needs_submitted(people, draft):
    with pytest.raises(WorkflowError, match=r"cannot return an inspection that is draft"):
        insp.return_inspection(people.store, people.manager_a, draft, "理由")


def test_approve_sets_reviewer(people, draft):
    s = people.store
    answer_all(people, draft)
    insp.submit(s, people.inspector, draft)
    before = counts(s)
    insp.approve(s, people.manager_a, draft, "同意")
    row = s.one("SELECT state, reviewer_id FROM inspections WHERE id = ?", (draft,))
    assert row == {"state": "approved", "reviewer_id": people.manager_a.id}
    after = counts(s)
    assert (after["audit"], after["comments"]) == (before["audit"] + 1, before["comments"] + 1)
    a = last_audit(s)
    assert (a["action"], a["user_id"], a["detail"]) == ("inspection.approve", people.manager_a.id, {"comment": "同意"})
    with pytest.raises(WorkflowError, match="cannot approve an inspection that is approved"):
        insp.approve(s, people.manager_a, draft)


def test_list_and_counts(people, draft):
    s = people.store
    other = insp.new_inspection(s, people.inspector, template_id="mini", site_id=people.site_b, kind="inspection")
    answer_all(people, other)
    insp.submit(s, people.inspector, other)
    assert [r["id"] for r in insp.list_inspections(s, state="draft")] == [draft]
    assert [r["id"] for r in insp.list_inspections(s, site_id=people.site_b)] == [other]
    assert [r["id"] for r in insp.list_inspections(s, search="收费站B")] == [other]
    assert insp.counts_by_state(s)["draft"] == 1 and insp.counts_by_state(s)["submitted"] == 1
    with pytest.raises(InputError, match="state 'open' is not one of"):
        insp.list_inspections(s, state="open")


# ------------------------------------------------------------------ template versions


def test_add_version_same_content_is_not_stored_twice(people, mini, mini_data):
    s = people.store
    before = counts(s)
    assert templates.add_version(s, mini_data, by=people.admin) == (mini, False)
    assert templates.add_version(s, mini_data | {"version": 7}, by=people.admin) == (mini, False)
    assert counts(s) == before


def test_changed_template_is_a_new_version_and_old_inspections_keep_theirs(people, draft, mini, mini_data):
    s = people.store
    v1_row = templates.template_row(s, mini)
    changed = mini_data
    changed["sections"][0]["items"][0]["points"] = 20
    pk2, created = templates.add_version(s, changed, by=people.admin)
    assert created and pk2 != mini
    assert templates.template_row(s, pk2)["version"] == 2
    assert templates.template_row(s, mini) == v1_row  # the older version is kept as it was
    assert templates.latest_pk(s, "mini") == pk2
    assert s.scalar("SELECT template_pk FROM inspections WHERE id = ?", (draft,)) == mini
    insp.answer(s, people.inspector, draft, "1.1", "yes")
    assert insp.view(s, draft).result.items[0].max == 10.0  # still scored with version 1
    newer = insp.new_inspection(s, people.inspector, template_id="mini", site_id=people.site_a, kind="inspection")
    assert s.scalar("SELECT template_pk FROM inspections WHERE id = ?", (newer,)) == pk2
    assert insp.view(s, newer).template.item("1.1").points == 20.0
    a = last_audit(s)
    assert a["action"] == "inspection.create"
    assert [r.version for r in templates.list_templates(s)] == [2]


def test_invalid_template_is_refused_and_nothing_written(people, mini_data):
    s = people.store
    before = counts(s)
    mini_data["sections"][0]["items"][0]["type"] = "checkbox"
    with pytest.raises(TemplateError) as err:
        templates.add_version(s, mini_data, by=people.admin)
    assert err.value.problems[0].path == "sections[0].items[0].type"
    assert counts(s) == before
