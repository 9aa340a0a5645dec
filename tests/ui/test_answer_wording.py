"""One answer, one wording: the walkthrough's tree, the report PDF (read back with pypdf) and the Excel
export (read back with openpyxl) say each item type's answer in the same words (domain.answer_text),
and the walkthrough says them in English when the interface is English."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from pypdf import PdfReader

from civdesk.services import documents, templates
from civdesk.services import inspections as insp
from civdesk.services.exchange import excel
from civdesk.ui import i18n
from tests.domain.test_answer_text import ALL_TYPES

ANSWERS = {
    "1.1": "partial",
    "1.2": "good",
    "1.3": "na",
    "1.4": 29.5,
    "1.5": 85,
    "1.6": "basic",
    "1.7": 2,
    "1.8": "门口堆放杂物",
    "1.9": "2026-11-27",
    "1.10": 3,
}
ZH = {
    "1.1": "基本符合",
    "1.2": "良好",
    "1.3": "不适用",
    "1.4": "29.5%（良好）",
    "1.5": "85%（合格）",
    "1.6": "基本合格",
    "1.7": "违规 2 处",
    "1.8": "门口堆放杂物",
    "1.9": "2026-11-27",
    "1.10": "3人",
}
EN = {
    "1.1": "Partly",
    "1.2": "Good",
    "1.3": "N/A",
    "1.4": "29.5% (Good)",
    "1.5": "85% (Qualified)",
    "1.6": "Basically qualified",
    "1.7": "2 violations",
    "1.8": "门口堆放杂物",
    "1.9": "2026-11-27",
    "1.10": "3人",
}


def _inspection(crew) -> int:
    templates.add_version(crew.store, ALL_TYPES, by=crew.admin)
    iid = insp.new_inspection(
        crew.store, crew.inspector, template_id="all-types", site_id=crew.site["east"], kind="inspection"
    )
    for code, value in ANSWERS.items():
        insp.answer(crew.store, crew.inspector, iid, code, value)
    return iid


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_walkthrough_report_and_excel_word_every_answer_alike(window, crew, tmp_path):
    iid = _inspection(crew)

    page = window.open_inspection(iid)
    assert {code: page.tree.item_nodes[code].text(1) for code in ANSWERS} == ZH

    pdf = documents.render_report(crew.store, iid, by=crew.inspector).pdf
    printed = _squeezed("".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages))
    assert [code for code, words in ZH.items() if _squeezed(words) not in printed] == []
    assert "2次" not in printed and "29.5%良好" not in printed  # the older wordings are gone

    out = excel.export_inspections(crew.store, [iid], tmp_path / "r.xlsx")
    sheet = load_workbook(out).worksheets[1]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    column = rows[0].index("作答")
    assert {r[0]: r[column] for r in rows[1:]} == ZH
    assert {r[0]: r[rows[0].index("类型")] for r in rows[1:]}["1.7"] == "扣分"


def test_the_walkthrough_words_answers_in_the_interface_language(window, crew):
    iid = _inspection(crew)
    i18n.install("en")
    page = window.open_inspection(iid)
    assert {code: page.tree.item_nodes[code].text(1) for code in ANSWERS} == EN
