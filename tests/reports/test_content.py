"""What each document says, checked on the plain data objects before any drawing."""

from __future__ import annotations

import datetime as _dt

import pytest

from civdesk.reports import content
from civdesk.services import document_content, documents, registry, templates
from civdesk.services.errors import CertificateRefused
from tests.helpers.docs import EXCELLENT, FAILING


def test_report_data_of_a_signed_inspection(docs):
    iid = docs.make(FAILING, notes={"1.1": "窗口人员未使用文明用语"}, photos={"1.1": [docs.photo]})
    d = document_content.build_report(docs.store, iid, "TEST-CODE-0001")
    assert d.site == "收费站A" and d.state == "已签署" and d.kind == "检查"
    assert (d.score, d.max, d.percent, d.level) == (21.0, 35.0, 60.0, "达标")
    lines = {i.code: i for s in d.sections for i in s.items}
    assert list(lines) == ["1.1", "1.2", "2.1", "2.2", "2.3"]
    assert lines["1.1"].answer == "不符合" and lines["1.1"].failed and lines["1.1"].note == "窗口人员未使用文明用语"
    assert lines["2.1"].answer == "30%（良好）" and lines["2.1"].score == 8.0
    assert lines["2.3"].score is None and lines["2.3"].answer == "未作答"
    assert lines["2.2"].veto
    assert [p.caption for p in d.photos] == ["1.1 照片1：photo.jpg"]
    assert [r.code for r in d.rectifications] == ["1.1"]
    assert [(s.role, s.name, s.valid) for s in d.signers] == [
        ("检查人", "inspector", True),
        ("被检单位负责人", "manager_a", True),
    ]
    assert (d.title, d.template, d.org_name) == ("检查报告", "小型检查表（第 1 版）", "杭州市交通运输局")
    assert all(s.image.startswith(b"\x89PNG") for s in d.signers)
    assert len(d.content_hash) == 64


def test_notice_lists_exactly_the_failed_items(docs):
    iid = docs.make(
        {"1.1": "no", "1.2": "fail", "2.1": 35, "2.2": "yes"},
        notes={"1.1": "x"},
        photos={"1.1": [docs.photo]},
        state="submitted",
    )
    d = document_content.build_notice(docs.store, iid, "C", _dt.date(2026, 5, 4))
    assert [i.code for i in d.items] == ["1.1", "1.2"]
    assert [i.criterion for i in d.items] == ["使用文明用语", "服务态度热情"]
    assert {i.state for i in d.items} == {"待整改"}
    due = (_dt.date.today() + _dt.timedelta(days=20)).isoformat()
    assert {i.due_date for i in d.items} == {due}
    assert d.site == "收费站A" and d.issued_on == "2026-05-04"


def test_certificate_data(docs):
    docs.store.set_setting("org_name", "某市文明办")
    docs.store.set_setting("certificate_validity_months", 12)
    iid = docs.make(EXCELLENT)
    rec = documents.issue_certificate(docs.store, docs.inspector, iid, today=_dt.date(2026, 3, 1))
    d = document_content.build_certificate(
        docs.store, iid, code=rec.code, serial=rec.serial, title=rec.title, issued_on=_dt.date(2026, 3, 1)
    )
    assert (d.title, d.serial, d.site, d.level, d.org_name) == (
        "文明服务示范窗口",
        "2026-0001",
        "收费站A",
        "优秀",
        "某市文明办",
    )
    assert (d.issued_on, d.valid_until) == ("2026-03-01", "2027-02-28")
    assert docs.store.scalar("SELECT state FROM inspections WHERE id = ?", (iid,)) == "certified"


def test_certificate_refused_when_not_signed_or_not_eligible(docs):
    approved = docs.make(EXCELLENT, state="approved")
    with pytest.raises(CertificateRefused, match="approved: a certificate is issued only for a signed"):
        documents.issue_certificate(docs.store, docs.inspector, approved)
    good = docs.make({"1.1": "yes", "1.2": "good", "2.1": 30, "2.2": "yes"})
    with pytest.raises(CertificateRefused, match=r"earns no certificate: 文明服务示范窗口（优秀）"):
        documents.issue_certificate(docs.store, docs.inspector, good)
    assert registry.certificates(docs.store) == []


def test_hundred_certificates_get_hundred_sequential_serials(docs):
    s = docs.store
    iid = docs.make(EXCELLENT)
    # 99 more signed, eligible inspections: copies of the first one's rows, made directly (fast).
    row = s.one("SELECT * FROM inspections WHERE id = ?", (iid,))
    answers = s.query(
        "SELECT item_code, value, note, answered_by, answered_at FROM answers WHERE inspection_id = ?", (iid,)
    )
    ids = [iid]
    with s.write():
        for n in range(99):
            new = dict(row, id=None, uuid=f"{row['uuid'][:-6]}{n:06d}", state="approved")
            pk = s.insert("inspections", {k: v for k, v in new.items() if k != "id"})
            for a in answers:
                s.insert("answers", dict(a, inspection_id=pk))
            s.conn.execute("UPDATE inspections SET state = 'signed' WHERE id = ?", (pk,))
            ids.append(pk)
    serials = [documents.issue_certificate(s, docs.inspector, i, today=_dt.date(2026, 7, 1)).serial for i in ids]
    assert serials == [f"2026-{n:04d}" for n in range(1, 101)]
    nxt = docs.make(EXCELLENT)
    assert documents.issue_certificate(s, docs.inspector, nxt, today=_dt.date(2027, 1, 2)).serial == "2027-0001"
    # Issuing again is refused (print it again instead): never a second serial for one inspection.
    with pytest.raises(CertificateRefused) as refused:
        documents.issue_certificate(s, docs.inspector, ids[0])
    assert refused.value.reason == "already_issued" and refused.value.details == {
        "inspection_id": ids[0],
        "serial": "2026-0001",
    }
    assert len(registry.certificates(s)) == 101


def test_form_data_of_builtin_templates(store):
    tpl = templates.latest(store, "civilized-city")
    d = content.build_form(tpl, "某市文明办")
    assert d.item_count == len(tpl.items())
    items = {i.code: i for s in d.sections for i in s.items}
    green = next(i for i in items.values() if "绿地率" in i.text and i.type == "measure")
    assert "东部、中部、东北部：>31% 优秀，>28 且 ≤31% 良好，≤28% 达标" in green.bands
    assert "西部：>21% 优秀" in green.bands
    check = next(i for i in items.values() if i.type == "check")
    assert check.choices == ("符合", "基本符合", "不符合", "不适用")
