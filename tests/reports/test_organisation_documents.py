"""Documents in the organisation's name: the data each states exactly, then the PDFs read back —
the issuer, the notice's per-item content and single 检查人 row, the self-assessment's footer and
numbering, the signature block, no template id, a long organisation name within the certificate."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from civdesk import cli
from civdesk.domain.errors import NotAllowed
from civdesk.domain.template_parsing import parse_template
from civdesk.reports import content
from civdesk.reports.certificate import ORG_SIZES, ORG_W, org_lines
from civdesk.reports.report import CHART_FONT, CHART_LABEL_W, ReportRenderer
from civdesk.services import document_content, documents, inspections, organisation, signing
from civdesk.services.errors import InputError
from tests.helpers.data import MINI, PASSWORD
from tests.helpers.docs import EXCELLENT, ORG, signature_png
from tests.helpers.pdf import pdf_text

FAILING = {"1.1": "no", "1.2": "fail", "2.1": 35, "2.2": "yes"}
LONG_ORG = "浙江省杭州市交通运输局高速公路收费管理中心精神文明建设指导委员会办公室（杭州东收费站文明创建工作领导小组）"


def pages_text(data: bytes) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]


def self_assessment(docs, answers: dict, *, state="signed") -> int:
    """A self-assessment of site A written by its staff and reviewed by its manager."""
    s = docs.store
    iid = inspections.new_inspection(s, docs.staff_a, template_id="mini", site_id=docs.site_a, kind="self")
    for code, value in answers.items():
        inspections.answer(s, docs.staff_a, iid, code, value, note="自查说明" if value == "no" else None)
    inspections.submit(s, docs.staff_a, iid)
    inspections.approve(s, docs.manager_a, iid)
    if state == "signed":
        signing.sign(s, docs.staff_a, iid, PASSWORD, signature_png(3))
        signing.sign(s, docs.manager_a, iid, PASSWORD, signature_png(4))
    return iid


def _signed_at(docs, iid: int) -> list[str]:
    rows = docs.store.query("SELECT signed_at FROM signatures WHERE inspection_id = ? ORDER BY signed_at", (iid,))
    out = []
    for r in rows:
        t = _dt.datetime.fromisoformat(r["signed_at"]).astimezone()
        out.append(f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}")
    return out


# ---------------------------------------------------------------------------- the organisation


def test_require_organisation_refuses_until_an_admin_sets_it(docs):
    s = docs.store
    s.set_setting("org_name", "")
    with pytest.raises(organisation.OrganisationMissing, match="issuing organisation is not set") as e:
        organisation.require_organisation(s)
    assert e.value.reason == "organisation_missing"
    with pytest.raises(NotAllowed):
        organisation.set_up(s, docs.manager_a, "某单位")
    bad = docs.out / "seal.png"
    bad.write_bytes(b"not a png")
    with pytest.raises(InputError, match="not a PNG"):
        organisation.set_up(s, docs.admin, "某单位", bad)
    assert organisation.name(s) == ""  # a refused seal stores nothing, not even the name
    assert organisation.set_up(s, docs.admin, "  某市文明办 ") == "某市文明办"
    assert organisation.require_organisation(s) == "某市文明办"


def test_certificate_refused_without_organisation_cli_exit_2_and_no_file(docs, monkeypatch, capsys):
    docs.store.set_setting("org_name", "")
    iid = docs.make(EXCELLENT)
    with pytest.raises(organisation.OrganisationMissing):
        documents.render_certificate(docs.store, iid, by=docs.admin)
    out = docs.out / "cert.pdf"
    monkeypatch.setenv("CIVDESK_PASSWORD", PASSWORD)
    assert (
        cli.main(
            ["--home", str(docs.store.home), "--lang", "en", "certificate", str(iid), "-o", str(out), "--user", "admin"]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "issuing organisation is not set" in err
    assert not out.exists()
    assert docs.store.scalar("SELECT COUNT(*) FROM documents WHERE kind = 'certificate'") == 0


def test_documents_without_organisation_never_name_civdesk(docs):
    docs.store.set_setting("org_name", "")
    iid = docs.make(FAILING, notes={"1.1": "未使用文明用语"}, photos={"1.1": [docs.photo]})
    for r in (
        documents.render_report(docs.store, iid, by=docs.login("inspector")),
        documents.render_notice(docs.store, iid),
    ):
        text = pdf_text(r.pdf)
        assert "CivDesk" not in text and "文明创建检查台" not in text
        assert PdfReader(io.BytesIO(r.pdf)).metadata.author in (None, "")
    assert documents.render_report(docs.store, iid, by=docs.login("inspector")).signed_by == ("本机",)


# ---------------------------------------------------------------------------- 整改通知书


def test_notice_data_per_failed_item(docs):
    iid = docs.make(
        FAILING,
        notes={"1.1": "窗口人员未使用文明用语", "1.2": "态度生硬"},
        photos={"1.1": [docs.photo, docs.photo]},
        state="submitted",
    )
    d = document_content.build_notice(docs.store, iid, "CODE", _dt.date(2026, 5, 4))
    due = (_dt.date.today() + _dt.timedelta(days=20)).isoformat()
    assert [(i.code, i.criterion, i.answer, i.finding, i.due_date, i.state) for i in d.items] == [
        ("1.1", "使用文明用语", "不符合", "窗口人员未使用文明用语", due, "待整改"),
        ("1.2", "服务态度热情", "不达标", "态度生硬", due, "待整改"),
    ]
    assert [p.caption for p in d.items[0].photos] == ["1.1 照片1：photo.jpg", "1.1 照片2：photo.jpg"]
    assert d.items[1].photos == ()
    assert [i.requirement for i in d.items] == [
        "对照测评标准“使用文明用语”整改到位。",
        "对照测评标准“服务态度热情”整改到位。",
    ]
    assert (d.org_name, d.template, d.inspector) == (ORG, "小型检查表（第 1 版）", "inspector")
    assert d.inspector_signature is None and d.site_signature is None  # not signed yet: lines to sign on


def test_notice_requirement_of_a_measure_names_the_threshold():
    data = dict(
        MINI,
        sections=[
            {
                "code": "1",
                "title": "照明",
                "items": [
                    {
                        "code": "1.1",
                        "text": "主干道亮灯率",
                        "type": "measure",
                        "points": 1,
                        "unit": "%",
                        "min": 0,
                        "max": 100,
                        "guidance": "夜间实地抽查。",
                        "bands": [{"grade": "pass", "ge": 99}, {"grade": "fail", "lt": 99}],
                        "grade_fractions": {"pass": 1, "fail": 0},
                    }
                ],
            }
        ],
    )
    t = parse_template(data)
    assert content.requirement_of(t, t.item("1.1")) == "主干道亮灯率达到 ≥99% 的要求。复查方法：夜间实地抽查。"


def test_notice_pdf_states_each_item_and_has_one_inspector_row(docs):
    second = docs.out / "photo2.jpg"
    Image.new("RGB", (240, 320), (200, 80, 40)).save(second, "JPEG")
    iid = docs.make(
        FAILING, notes={"1.1": "窗口人员未使用文明用语", "1.2": "态度生硬"}, photos={"1.1": [docs.photo, second]}
    )
    r = documents.render_notice(docs.store, iid, docs.out / "notice.pdf")
    text = pdf_text(r.pdf)
    for s in (
        ORG,
        "整改通知书",
        "收费站A",
        "测评标准",
        "检查发现",
        "整改要求",
        "窗口人员未使用文明用语",
        "态度生硬",
        "检查结果：不符合",
        "检查结果：不达标",
        "1.1 照片1：photo.jpg",
        "1.1 照片2：photo2.jpg",
        "对照测评标准“使用文明用语”整改到位。",
        f"出具单位：{ORG}（盖章）",
        "被检单位负责人签收",
    ):
        assert s in text, s
    due = (_dt.date.today() + _dt.timedelta(days=20)).isoformat()
    assert text.count(f"整改期限：{due}") == 2
    assert len(re.findall(r"^检查人", text, re.M)) == 1  # one 检查人 row (the inspector signed: no second)
    assert "小型检查表（第 1 版）" in text and "mini" not in text
    assert "数字签名有效" in text and all(t in text for t in _signed_at(docs, iid))
    # The two photo thumbnails and the two handwritten signatures are the page's images.
    reader = PdfReader(io.BytesIO(r.pdf))
    assert sum(len(p.images) for p in reader.pages) == 4
    assert reader.metadata.author == ORG


# ---------------------------------------------------------------------------- reports


def test_self_assessment_report_footer_numbering_and_signers(docs):
    iid = self_assessment(docs, EXCELLENT)
    r = documents.render_report(docs.store, iid, docs.out / "self.pdf", by=docs.login("manager_a"))
    assert (r.doc.title, [s.role for s in r.doc.signers]) == ("自评报告", ["填报人", "审核人"])
    assert (r.doc.author_role, r.doc.author, r.doc.reviewer_role, r.doc.reviewer) == (
        "填报人",
        "staff_a",
        "审核人",
        "manager_a",
    )
    pages = pages_text(r.pdf)
    assert all(re.search(r"^自评报告$", p, re.M) for p in pages), "every page's footer says 自评报告"
    text = "\n".join(pages)
    assert "检查报告" not in text and not re.search(r"^检查人", text, re.M)
    headings = re.findall(r"^([一二三四五])、(\S+)$", text, re.M)
    assert headings == [("一", "检查结果"), ("二", "逐项检查记录"), ("三", "签字")]  # no 整改事项: no gap
    assert f"出具单位：{ORG}（盖章）" in text and ORG in pages[0]
    assert text.count("数字签名有效") == 2 and text.count(f"验证码 {r.code}") >= 2
    for when in _signed_at(docs, iid):
        assert when in text


def test_report_with_rectifications_numbers_four_parts(docs):
    iid = docs.make(FAILING, notes={"1.1": "x", "1.2": "y"}, photos={"1.1": [docs.photo]})
    text = pdf_text(documents.render_report(docs.store, iid, by=docs.login("inspector")).pdf)
    assert re.findall(r"^([一二三四五])、(\S+)$", text, re.M) == [
        ("一", "检查结果"),
        ("二", "逐项检查记录"),
        ("三", "整改事项"),
        ("四", "签字"),
    ]
    assert re.search(r"^检查报告$", text, re.M) and "被检单位负责人" in text


def test_chart_labels_wrap_to_the_whole_title(docs):
    iid = docs.make(EXCELLENT)
    d = document_content.build_report(docs.store, iid, "C")
    long_title = "加强领导,提高认识,营造浓厚的文明窗口建设氛围并切实提高征费服务水平"
    d = dataclasses.replace(d, sections=(dataclasses.replace(d.sections[0], title=long_title),) + d.sections[1:])
    r = ReportRenderer(d, documents._prepared(d))
    labels = r.chart_labels([s for s in d.sections if s.depth == 0])
    assert "".join(labels[0]) == f"1 {long_title}" and len(labels[0]) >= 2
    assert "".join(labels[1]) == "2 环境"
    for lines in labels:
        assert all(stringWidth(line, r.fonts.regular, CHART_FONT) <= CHART_LABEL_W - 4 * 2.8346 for line in lines)
    text = pdf_text(r.render())
    assert labels[0][-1] in text  # the end of the title is drawn, not cut off


# ---------------------------------------------------------------------------- 证书


def _text_runs(data: bytes) -> list[tuple[str, float, float, float]]:
    """(text, x, y, font size) of every text run on page 1, in page coordinates."""
    page = PdfReader(io.BytesIO(data)).pages[0]
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((text.strip(), x, y, size * tm[0] * cm[0]))

    page.extract_text(visitor_text=visit)
    return runs


def test_org_lines_shrink_then_wrap():
    from civdesk.reports import fonts

    f = fonts.prepare()
    assert org_lines("杭州市交通运输局", f.regular) == (ORG_SIZES[0], ["杭州市交通运输局"])
    size, lines = org_lines(LONG_ORG, f.regular)
    assert "".join(lines) == LONG_ORG and size < ORG_SIZES[0]
    assert not any(line[0] in "）。，、" for line in lines)  # no line starts with closing punctuation
    assert all(stringWidth(line, f.regular, size) <= ORG_W for line in lines)


def test_long_organisation_name_fits_on_the_certificate(docs):
    docs.store.set_setting("org_name", LONG_ORG)
    iid = docs.make(EXCELLENT)
    r = documents.render_certificate(docs.store, iid, docs.out / "cert.pdf", by=docs.login("admin"))
    page = PdfReader(io.BytesIO(r.pdf)).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    font = documents._prepared(r.doc).regular
    size, lines = org_lines(LONG_ORG, font)
    assert len(lines) >= 2
    placed = [run for run in _text_runs(r.pdf) if run[0] in lines]
    assert [run[0] for run in sorted(placed, key=lambda run: -run[2])] == lines  # the whole name, in order
    for text, x, y, _ in placed:
        # Inside the inner gold frame (13.5 mm from the edge), not only inside the paper.
        right = x + stringWidth(text, font, size)
        assert x > 13.5 * 2.8346 and right < width - 13.5 * 2.8346, text
        assert 13.5 * 2.8346 < y < height - 13.5 * 2.8346, text
    text = pdf_text(r.pdf)
    assert "CivDesk" not in text and "certificate" not in text
    assert "收费站A" in text and "第 1 版" in text and "mini" not in text


def test_certificate_signers_read_like_a_form(docs):
    iid = docs.make(EXCELLENT)
    r = documents.render_certificate(docs.store, iid, by=docs.login("admin"))
    text = pdf_text(r.pdf)
    assert "检查人：" in text and "被检单位负责人：" in text
    assert text.count(f"数字签名有效 · 验证码 {r.code}") == 2
    for when in _signed_at(docs, iid):
        assert when in text
    assert ORG in text and "有效期至：" in text


def test_demo_home_issues_in_an_organisations_name(store):
    from civdesk.services import demo

    demo.fill(store, history=False)
    assert organisation.require_organisation(store) == demo.DEMO_ORGANISATION
    assert store.scalar("SELECT COUNT(*) FROM audit WHERE action = 'setting.change' AND entity_id = 'org_name'") == 1
