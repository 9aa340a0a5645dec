"""Which answers each item type offers (domain.answer_options), read in both languages, and that
they are exactly the codes the scoring accepts."""

from __future__ import annotations

import pytest

from civdesk.domain.answer_options import options_for, possible_codes
from civdesk.domain.scoring import AnswerError, coerce_value
from civdesk.domain.template import ITEM_TYPES
from civdesk.domain.template_parsing import parse_template
from tests.domain.test_answer_text import ALL_TYPES, CJK, TEMPLATE

# code → (choices, entry, outcomes), each choice as (code, Chinese, English).
EXPECTED = {
    "1.1": (
        (("yes", "符合", "Yes"), ("partial", "基本符合", "Partly"), ("no", "不符合", "No"), ("na", "不适用", "N/A")),
        "",
        (),
    ),
    "1.2": (
        (
            ("excellent", "优秀", "Excellent"),
            ("good", "良好", "Good"),
            ("pass", "达标", "Pass"),
            ("fail", "不达标", "Fail"),
            ("na", "不适用", "N/A"),
        ),
        "",
        (),
    ),
    "1.4": ((("na", "不适用", "N/A"),), "number", ("good", "fail")),
    "1.5": (
        (
            ("qualified", "合格", "Qualified"),
            ("basic", "基本合格", "Basically qualified"),
            ("unqualified", "不合格", "Unqualified"),
            ("na", "不适用", "N/A"),
        ),
        "percent",
        ("qualified", "unqualified"),
    ),
    "1.6": (
        (
            ("qualified", "合格", "Qualified"),
            ("basic", "基本合格", "Basically qualified"),
            ("unqualified", "不合格", "Unqualified"),
            ("na", "不适用", "N/A"),
        ),
        "",
        (),
    ),
    "1.7": ((("na", "不适用", "N/A"),), "violations", ()),
    "1.8": ((), "text", ()),
    "1.9": ((), "date", ()),
    "1.10": ((), "count", ()),
}


def test_every_item_type_is_listed_above():
    types = {i.code: i.type for i in TEMPLATE.items()}
    assert {types[c] for c in EXPECTED} == set(ITEM_TYPES)


@pytest.mark.parametrize("code", EXPECTED)
def test_each_type_offers_its_answers_worded_in_both_languages(code):
    item = TEMPLATE.item(code)
    choices, entry, outcomes = EXPECTED[code]
    o = options_for(item)
    assert (o.choices, o.entry, o.outcomes) == (tuple(c for c, _zh, _en in choices), entry, outcomes)
    assert o.labels("zh") == tuple(zh for _c, zh, _en in choices)
    assert o.labels("en_US") == tuple(en for _c, _zh, en in choices)
    for zh, en in zip(o.outcome_labels("zh"), o.outcome_labels("en")):
        assert CJK.search(zh) and not CJK.search(en)


@pytest.mark.parametrize("code", EXPECTED)
def test_the_offered_codes_are_exactly_those_the_scoring_accepts(code):
    item = TEMPLATE.item(code)
    offered = set(options_for(item).choices)
    for candidate in possible_codes(item.type):
        if candidate in offered:
            assert coerce_value(item, candidate) == candidate
        else:
            with pytest.raises(AnswerError):
                coerce_value(item, candidate)


def test_an_item_listing_its_own_grades_and_tiers_offers_only_those():
    data = {
        **ALL_TYPES,
        "sections": [
            {
                "code": "1",
                "title": "自选等级",
                "items": [
                    {
                        "code": "1.1",
                        "text": "卫生",
                        "type": "grade",
                        "points": 4,
                        "grade_fractions": {"pass": 1, "fail": 0},
                    },
                    {
                        "code": "1.2",
                        "text": "落实",
                        "type": "tiers",
                        "points": 4,
                        "tier_fractions": {"qualified": 1, "unqualified": 0},
                    },
                ],
            }
        ],
    }
    tpl = parse_template(data)
    assert options_for(tpl.item("1.1")).labels("zh") == ("达标", "不达标", "不适用")
    assert options_for(tpl.item("1.2")).labels("en") == ("Qualified", "Unqualified", "N/A")
    with pytest.raises(AnswerError):
        coerce_value(tpl.item("1.2"), "basic")
