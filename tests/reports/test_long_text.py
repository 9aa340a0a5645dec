"""Long text never stops a document: notes, review comments, text answers and a hostile template's
criteria of 2,000 to 20,000 characters (without spaces, Chinese and ASCII mixed) wrap and flow
across pages in the report, the rectification notice and the certificate — also once the
inspection is signed and frozen, when nothing could shorten them any more. Every character is
read back from the PDF."""

from __future__ import annotations

import copy
import random
import re
import string

from civdesk.reports.tallrows import ROW_MAX_HEIGHT, fit_rows
from civdesk.services import accounts, documents, inspections, signing, templates
from tests.helpers.data import MINI, PASSWORD
from tests.helpers.docs import signature_png
from tests.helpers.pdf import pdf_pages, pdf_text, unembedded_fonts


def long_text(n: int, seed: str) -> str:
    """``n`` characters, no spaces: Chinese, ASCII letters and digits mixed, in no repeating
    pattern (so each stretch of it can be found in the PDF's text in one place only)."""
    rng = random.Random(seed)
    alphabet = "说明文字检查记录整改服务窗口环境设施文明用语态度热情" + string.ascii_letters + string.digits
    return seed + "".join(rng.choice(alphabet) for _ in range(n - 1))


def flat(text: str) -> str:
    """PDF text without the line breaks and spaces wrapping put in."""
    return re.sub(r"\s+", "", text)


def assert_flows(long: str, text: str, max_gap: int = 200) -> int:
    """Every character of ``long`` is in ``text``, in order, in pieces interrupted only by short
    runs of other text (a page's footer and the next page's table header, the row's other cells;
    a long text in the next column too, which the PDF holds piece by piece in between). Returns the
    number of pieces."""
    pos, cursor, pieces = 0, 0, 0
    while pos < len(long):
        lo, hi = 1, len(long) - pos  # the longest next piece found at or after the cursor
        if text.find(long[pos : pos + lo], cursor) < 0:
            raise AssertionError(f"character {pos} of the text ({long[pos : pos + 20]}…) is not in the PDF")
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if text.find(long[pos : pos + mid], cursor) >= 0:
                lo = mid
            else:
                hi = mid - 1
        at = text.find(long[pos : pos + lo], cursor)
        assert pieces == 0 or at - cursor <= max_gap, f"{at - cursor} characters of other text inside it"
        assert lo >= 20 or pos + lo == len(long), f"a piece of only {lo} characters at {pos}"
        pos, cursor, pieces = pos + lo, at + lo, pieces + 1
    return pieces


def test_report_with_long_notes_comment_and_answer_signed_and_frozen(docs):
    s = docs.store
    notes = {"1.1": long_text(2_000, "甲"), "1.2": long_text(20_000, "乙")}
    comment = long_text(20_000, "丙")
    answer = long_text(20_000, "丁")
    name = long_text(2_000, "戊")  # the site's name: in the report's header and on the certificate
    accounts.update_site(s, by=docs.admin, site_id=docs.site_a, name=name, kind="toll_station", region="east")
    iid = inspections.new_inspection(s, docs.inspector, template_id="mini", site_id=docs.site_a, kind="inspection")
    for code, value in {"1.1": "yes", "1.2": "excellent", "2.1": 35, "2.2": "yes", "2.3": answer}.items():
        inspections.answer(s, docs.inspector, iid, code, value, note=notes.get(code))
    inspections.submit(s, docs.inspector, iid)
    inspections.return_inspection(s, docs.manager_a, iid, "请补充", item_comments={"1.2": comment})
    inspections.submit(s, docs.inspector, iid)
    inspections.approve(s, docs.manager_a, iid)
    signing.sign(s, docs.inspector, iid, PASSWORD, signature_png(1))
    signing.sign(s, docs.manager_a, iid, PASSWORD, signature_png(2))
    assert s.scalar("SELECT state FROM inspections WHERE id = ?", (iid,)) == "signed"

    r = documents.render_report(s, iid, docs.out / "report.pdf", by=docs.login("inspector"))
    text = flat(pdf_text(r.pdf))
    for long in (*notes.values(), comment, answer):
        assert_flows(long, text)
    assert pdf_pages(r.pdf) >= 10 and unembedded_fonts(r.pdf) == []
    assert documents.verify_pdf(s, r.pdf).ok

    assert_flows(name, text)
    # The certificate of the same signed inspection (its site's name runs to 2,000 characters).
    cert = documents.render_certificate(s, iid, docs.out / "cert.pdf", by=docs.login("admin"))
    cert_text = flat(pdf_text(cert.pdf))
    assert pdf_pages(cert.pdf) == 1 and "荣誉证书" in cert_text and "文明服务示范窗口" in cert_text
    # A certificate has a fixed layout: the name is shrunk, then cut short where it must, never run over it.
    assert name[:40] in cert_text and name[-40:] not in cert_text and "…" in cert_text
    assert documents.verify_pdf(s, cert.pdf).ok


def test_notice_with_a_hostile_templates_long_criterion_and_requirement(docs):
    s = docs.store
    data = copy.deepcopy(MINI)
    data["id"] = "long-mini"
    item = data["sections"][0]["items"][1]
    item["text"], item["guidance"] = long_text(20_000, "己"), long_text(20_000, "庚")
    templates.add_version(s, data, by=docs.admin)
    iid = inspections.new_inspection(s, docs.inspector, template_id="long-mini", site_id=docs.site_a, kind="inspection")
    for code, value in {"1.1": "yes", "1.2": "fail", "2.1": 35, "2.2": "yes"}.items():
        inspections.answer(s, docs.inspector, iid, code, value)
    inspections.submit(s, docs.inspector, iid)
    r = documents.render_notice(s, iid, docs.out / "notice.pdf")
    text = flat(pdf_text(r.pdf))
    assert_flows(item["text"], text, max_gap=800)  # criterion and requirement side by side, piece by piece
    assert_flows(item["guidance"], text, max_gap=800)
    assert pdf_pages(r.pdf) >= 10
    report = documents.render_report(s, iid, docs.out / "report.pdf")
    assert_flows(item["text"], flat(pdf_text(report.pdf)))


def test_short_rows_are_left_alone_and_tall_ones_cut_with_their_style(docs):
    """The cutting itself: a table of short rows comes back as it was; a tall row becomes
    continuation rows none taller than the limit, and its background covers all of them."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    style = ParagraphStyle("t", fontName="Helvetica", fontSize=9, leading=12, wordWrap="CJK")
    short = [[Paragraph("1.1", style), Paragraph("short", style)]] * 3
    cmds = [("BACKGROUND", (0, 1), (-1, 1), "pink")]
    assert fit_rows(short, [40, 300], cmds) == (short, cmds)
    tall = short[:1] + [[Paragraph("1.2", style), [Paragraph("x" * 30_000, style)]]] + short[:1]
    rows, new_cmds = fit_rows(tall, [40, 300], cmds)
    assert len(rows) > 5 and rows[0] is tall[0] and rows[-1] is tall[-1]
    assert new_cmds == [("BACKGROUND", (0, 1), (-1, len(rows) - 2), "pink")]
    for row in rows[1:-1]:
        height = sum(f.wrap(288, 10**6)[1] for f in row[1])
        assert height <= ROW_MAX_HEIGHT
    assert all(row[0] == "" for row in rows[2:-1])  # the code cell only once, then continuation rows
