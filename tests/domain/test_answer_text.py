"""How answers read (domain.answer_text): every answer of every item type has its words in Chinese and
in English, and the formats for numbers, violations, text and dates are exact."""

from __future__ import annotations

import re

import pytest

from civdesk.domain import answer_options
from civdesk.domain import answer_text as at
from civdesk.domain.template import ITEM_TYPES
from civdesk.domain.template_parsing import parse_template

CJK = re.compile(r"[\u4e00-\u9fff]")

# Every item type, scored and not, with bands; the walkthrough/report/Excel test uses it too.
ALL_TYPES = {
    "id": "all-types",
    "title": "各类检查项",
    "version": 1,
    "scope": "toll_station",
    "levels": [
        {"name": "pass", "label": "达标", "min_percent": 60},
        {"name": "fail", "label": "不达标", "min_percent": 0},
    ],
    "sections": [
        {
            "code": "1",
            "title": "全部类型",
            "items": [
                {"code": "1.1", "text": "使用文明用语", "type": "check", "points": 5},
                {"code": "1.2", "text": "服务态度", "type": "grade", "points": 5},
                {"code": "1.3", "text": "仪容仪表", "type": "grade", "points": 5},
                {
                    "code": "1.4",
                    "text": "绿地率",
                    "type": "measure",
                    "points": 5,
                    "unit": "%",
                    "bands": [{"grade": "good", "gt": 20}, {"grade": "fail", "le": 20}],
                },
                {
                    "code": "1.5",
                    "text": "满意度",
                    "type": "tiers",
                    "points": 5,
                    "unit": "%",
                    "bands": [{"grade": "qualified", "ge": 80}, {"grade": "unqualified", "lt": 80}],
                },
                {"code": "1.6", "text": "窗口规范", "type": "tiers", "points": 5},
                {"code": "1.7", "text": "违规收费", "type": "deduction", "points": 5, "per_violation": 1},
                {"code": "1.8", "text": "其他情况", "type": "text"},
                {"code": "1.9", "text": "检查日期", "type": "date"},
                {"code": "1.10", "text": "在岗人数", "type": "count", "unit": "人"},
            ],
        }
    ],
}
TEMPLATE = parse_template(ALL_TYPES)


def item_of(item_type: str):
    return next(i for i in TEMPLATE.items() if i.type == item_type)  # the first of that type


def test_the_template_above_has_every_item_type():
    assert {i.type for i in TEMPLATE.items()} == set(ITEM_TYPES)


@pytest.mark.parametrize("item_type", ITEM_TYPES)
def test_every_possible_answer_code_of_every_type_reads_in_both_languages(item_type):
    for code in answer_options.possible_codes(item_type):
        zh, en = at.answer_label(code, "zh"), at.answer_label(code, "en")
        assert CJK.search(zh), (item_type, code, zh)
        assert en and en != code and not CJK.search(en), (item_type, code, en)
    assert CJK.search(at.type_label(item_type, "zh")) and not CJK.search(at.type_label(item_type, "en"))


@pytest.mark.parametrize(
    "item_type, value, grade, zh, en",
    [
        ("check", "partial", "partial", "基本符合", "Partly"),
        ("check", "na", "na", "不适用", "N/A"),
        ("grade", "excellent", "excellent", "优秀", "Excellent"),
        ("measure", 29.5, "good", "29.5%（良好）", "29.5% (Good)"),
        ("measure", 12.0, "fail", "12%（不达标）", "12% (Fail)"),
        ("measure", 29.5, None, "29.5%", "29.5%"),  # no grade known: the number alone
        ("tiers", "basic", "basic", "基本合格", "Basically qualified"),
        ("tiers", 85, "qualified", "85%（合格）", "85% (Qualified)"),
        ("deduction", 2, None, "违规 2 处", "2 violations"),
        ("deduction", 1, None, "违规 1 处", "1 violation"),
        ("deduction", "na", "na", "不适用", "N/A"),
        ("text", "门口堆放杂物", None, "门口堆放杂物", "门口堆放杂物"),  # what was written, as written
        ("date", "2026-11-27", None, "2026-11-27", "2026-11-27"),
        ("count", 3, None, "3人", "3人"),
        ("check", None, None, "未作答", "Unanswered"),
    ],
)
def test_each_kind_of_value_reads_exactly(item_type, value, grade, zh, en):
    item = item_of(item_type)
    assert at.answer_text(item, value, grade, "zh") == zh
    assert at.answer_text(item, value, grade, "en_US") == en


def test_a_table_shows_a_long_or_several_line_text_answer_cut_a_document_in_full():
    item = item_of("text")
    long = "收费亭内外卫生状况良好，无杂物堆放，标志标线清晰完整"
    assert at.answer_text(item, long, short=True) == long[:24] + "…"
    assert at.answer_text(item, "第一行\n第二行", short=True) == "第一行…"
    assert at.answer_text(item, "第一行\n第二行") == "第一行\n第二行"


def test_an_unknown_code_and_language_fall_back_to_what_is_known():
    assert at.answer_label("something-new", "en") == "something-new"
    assert at.type_label("checklist", "zh") == "checklist"
    assert at.answer_label("yes", "fr") == "符合"  # Chinese unless English is asked for
    assert at.number(31.0) == "31" and at.number(0.1 + 0.2) == "0.3" and at.number(1e-7) == "0"
    with pytest.raises(ValueError):
        answer_options.possible_codes("checklist")
