"""Every document rendered and read back: text, page counts, embedded fonts, a page that is not blank."""

from __future__ import annotations

import copy

import pytest

from civdesk.services import accounts, documents, templates
from civdesk.services.errors import CertificateRefused
from tests.helpers.data import MINI, PASSWORD
from tests.helpers.docs import EXCELLENT, FAILING
from tests.helpers.pdf import first_page_ink, pdf_pages, pdf_text, unembedded_fonts


def _check_pdf(data: bytes, tmp_path, *expected: str) -> str:
    text = pdf_text(data)
    for s in expected:
        assert s in text, s
    assert unembedded_fonts(data) == []
    assert first_page_ink(data, tmp_path) > 0.01
    return text


def test_report_of_a_signed_inspection(docs):
    # A site name with markup characters prints literally.
    accounts.update_site(
        docs.store, by=docs.admin, site_id=docs.site_a, name="A&B <站>", kind="toll_station", region="east"
    )
    iid = docs.make(
        FAILING, notes={"1.1": "未使用文明用语 <b>x</b> & 说明很长" * 6}, photos={"1.1": [docs.photo, docs.photo]}
    )
    r = documents.render_report(docs.store, iid, docs.out / "report.pdf", by=docs.login("inspector"))
    assert r.path.read_bytes() == r.pdf
    text = _check_pdf(
        r.pdf,
        docs.out,
        "A&B <站>",
        "总分 21 / 35 分",
        "得分率 60.00%",
        "达标",
        "<b>x</b> &",
        r.code,
        "第 1 页 / 共",
        "附录：现场照片",
        "inspector",
        "manager_a",
    )
    for code in ("1.1", "1.2", "2.1", "2.2", "2.3"):
        assert code in text
    assert 3 <= pdf_pages(r.pdf) <= 6
    assert r.signed_by == ("杭州市交通运输局",)
    assert documents.verify_pdf(docs.store, r.pdf).ok


def test_report_of_a_draft_is_not_signed(docs):
    iid = docs.make({"1.1": "yes"}, state="draft")
    r = documents.render_report(docs.store, iid)
    _check_pdf(r.pdf, docs.out, "本检查尚未签署", "未作答", "草稿")
    assert r.signed_by == () and not documents.verify_pdf(docs.store, r.pdf).ok
    with pytest.raises(documents.DocumentError, match="only the report of a signed inspection"):
        documents.render_report(docs.store, iid, signers=[(docs.inspector.id, PASSWORD)])


def test_certificate(docs):
    docs.store.set_setting("org_name", "某市精神文明建设委员会办公室")
    seal = docs.out / "seal.png"
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(img).ellipse((5, 5, 195, 195), outline=(200, 0, 0, 255), width=8)
    img.save(seal)
    docs.store.set_setting("seal_image", str(seal))
    iid = docs.make(EXCELLENT)
    r = documents.render_certificate(
        docs.store, iid, docs.out / "cert.pdf", by=docs.login("admin"), signers=[(docs.inspector.id, PASSWORD)]
    )
    _check_pdf(
        r.pdf,
        docs.out,
        "荣 誉 证 书",
        "文明服务示范窗口",
        "收费站A",
        "优秀",
        r.doc.serial,
        r.code,
        "某市精神文明建设委员会办公室",
    )
    assert pdf_pages(r.pdf) == 1
    # The inspector who typed a password signs their box; the issuing admin signs the document last.
    assert r.signed_by == ("inspector", "某市精神文明建设委员会办公室")
    v = documents.verify_pdf(docs.store, r.pdf)
    assert v.ok and [s.signer for s in v.pdf.signatures] == ["inspector", "admin"]
    # Printing again (anyone in scope: the site's manager too) keeps the serial and the code.
    again = documents.render_certificate(docs.store, iid, by=docs.login("manager_a"))
    assert (again.code, again.doc.serial) == (r.code, r.doc.serial)


def test_certificate_refused_without_signature(docs):
    iid = docs.make(EXCELLENT, state="approved")
    with pytest.raises(CertificateRefused, match="only for a signed inspection"):
        documents.render_certificate(docs.store, iid, by=docs.inspector)


def test_notice(docs):
    iid = docs.make(
        {"1.1": "no", "1.2": "fail", "2.1": 35, "2.2": "yes"},
        notes={"1.1": "x"},
        photos={"1.1": [docs.photo]},
        state="submitted",
    )
    r = documents.render_notice(docs.store, iid, docs.out / "notice.pdf")
    text = _check_pdf(r.pdf, docs.out, "整改通知书", "收费站A", "使用文明用语", "服务态度热情", r.code)
    assert "2.1" not in text.replace("2.1 ", "") or "建成区绿地率" not in text
    assert pdf_pages(r.pdf) == 1


def test_notice_refused_without_rectifications(docs):
    iid = docs.make({"1.1": "yes"}, state="draft")
    with pytest.raises(documents.DocumentError, match="no rectification items"):
        documents.render_notice(docs.store, iid)


@pytest.mark.parametrize("template_id", ["toll-window", "civilized-city", "civilized-unit"])
def test_blank_form_of_builtin_templates(store, tmp_path, template_id):
    tpl = templates.latest(store, template_id)
    r = documents.render_form(store, template_id, tmp_path / "form.pdf")
    text = _check_pdf(r.pdf, tmp_path, tpl.title[:8], "□符合", "检查人签字")
    for item in tpl.items():
        assert item.code in text


def test_blank_form_of_300_items_paginates(bare_store, tmp_path):
    data = copy.deepcopy(MINI)
    data["id"] = "big"
    kinds = [
        {"type": "check", "points": 1},
        {
            "type": "measure",
            "points": 2,
            "unit": "%",
            "min": 0,
            "max": 100,
            "bands": [
                {"grade": "excellent", "gt": 95},
                {"grade": "good", "gt": 90, "le": 95},
                {"grade": "pass", "le": 90},
            ],
        },
        {"type": "deduction", "points": 3},
    ]
    data["sections"] = [
        {
            "code": str(s),
            "title": f"第{s}部分 环境与服务",
            "items": [
                dict(
                    kinds[(s + i) % 3],
                    code=f"{s}.{i}",
                    text=f"检查项 {s}.{i}：收费亭窗明几净，设施完好，标识清晰" * (1 + i % 3),
                )
                for i in range(1, 31)
            ],
        }
        for s in range(1, 11)
    ]
    from civdesk.services import accounts as acc

    admin = acc.actor(bare_store, acc.create_user(bare_store, by=None, name="admin", role="admin", password=PASSWORD))
    templates.add_version(bare_store, data, by=admin)
    r = documents.render_form(bare_store, "big", tmp_path / "big.pdf")
    assert r.doc.item_count == 300
    pages = pdf_pages(r.pdf)
    assert 20 <= pages <= 90
    text = _check_pdf(r.pdf, tmp_path, f"共 {pages} 页")
    for s in range(1, 11):
        for i in range(1, 31):
            assert f"{s}.{i}" in text
