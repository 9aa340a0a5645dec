"""The blank form (its PDF read back) and the walkthrough's answer control offer the same answers for
every item type: both take them from domain.answer_options."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QPushButton

from civdesk.domain.answer_options import options_for
from civdesk.services import documents, templates
from civdesk.ui.walkthrough.editors import editor_for
from tests.domain.test_answer_text import ALL_TYPES
from tests.helpers.pdf import pdf_text

SCORED = {"code": "1.99", "text": "计分项", "type": "check", "points": 1}
CODES = [i["code"] for i in ALL_TYPES["sections"][0]["items"]]
# The blank each kind of typed answer is written on in the form.
BLANKS = {"number": "实测值", "percent": "比例", "violations": "违规", "count": "数量", "date": "年", "text": "＿＿＿"}


def _one_item_template(crew, code: str):
    """A template holding item ``code`` of ALL_TYPES first (then a scored item, as every template
    has one), so the first row of its form is that item's."""
    item = next(i for i in ALL_TYPES["sections"][0]["items"] if i["code"] == code)
    tid = "options-" + code.replace(".", "-")
    data = {**ALL_TYPES, "id": tid, "sections": [{"code": "1", "title": "作答选项", "items": [item, SCORED]}]}
    templates.add_version(crew.store, data, by=crew.admin)
    return tid, templates.latest(crew.store, tid)


@pytest.mark.parametrize("code", CODES)
def test_the_blank_form_and_the_walkthrough_offer_the_same_answers(qtbot, crew, code):
    tid, tpl = _one_item_template(crew, code)
    item = tpl.item(code)
    editor = editor_for(tpl, item, {p.name: p.default for p in tpl.parameters})
    qtbot.addWidget(editor)
    buttons = [b for b in editor.findChildren(QPushButton) if b.property("value")]
    offered = [b.property("value") for b in buttons]
    worded = [re.sub(r"^\d\s+", "", b.text()) for b in buttons]  # "1  符合" → "符合"
    typed = bool(editor.findChildren(QLineEdit) or editor.findChildren(QPlainTextEdit))

    printed = pdf_text(documents.render_form(crew.store, tid).pdf)
    row = printed.split("得分", 1)[1].split("1.99", 1)[0]  # the item's row, under the table's header
    boxes = re.findall(r"□\s*([^\s□]+)", row)

    options = options_for(item)
    assert offered == list(options.choices)
    assert worded == list(options.labels("zh"))
    outcomes_apart = [o for o in options.outcome_labels("zh") if o not in options.labels("zh")]
    assert boxes == outcomes_apart + worded  # the grade a number falls into, then the choices
    assert typed == bool(options.entry)
    if options.entry:
        assert BLANKS[options.entry] in row
    for outcome in outcomes_apart:  # the walkthrough names the bands of a measured number too
        field = editor.findChildren(QLineEdit)[0]
        assert outcome in field.toolTip()
