"""Scoring, exactly as the criteria say: item scores, bands at their edges, levels, veto, blockers."""

from __future__ import annotations

import copy
import math

import pytest

from civdesk.domain.scoring import (
    NA,
    VETO_LABEL,
    VETO_LEVEL,
    AnswerError,
    Blocker,
    coerce_value,
    score,
    score_item,
    submission_blockers,
)
from civdesk.domain.template_parsing import parse_template

EAST = [{"grade": "excellent", "gt": 31}, {"grade": "good", "gt": 28, "le": 31}, {"grade": "pass", "le": 28}]
WEST = [{"grade": "excellent", "gt": 21}, {"grade": "good", "gt": 18, "le": 21}, {"grade": "pass", "le": 18}]

LEVELS = [
    {"name": "excellent", "label": "优秀", "min_percent": 90},
    {"name": "good", "label": "良好", "min_percent": 80},
    {"name": "pass", "label": "达标", "min_percent": 60},
    {"name": "fail", "label": "不达标", "min_percent": 0},
]

ITEMS = [
    {
        "code": "c1",
        "text": "文明用语",
        "type": "check",
        "points": 10,
        "evidence": {"photo_on_fail": True, "note_on_fail": True},
    },
    {"code": "c2", "text": "服务承诺卡", "type": "check", "points": 10, "partial_fraction": 0.7},
    {"code": "g1", "text": "服务态度", "type": "grade", "points": 10, "evidence": {"note_on_fail": True}},
    {"code": "g2", "text": "站姿", "type": "grade", "points": 5, "grade_fractions": {"pass": 1, "fail": 0}},
    {
        "code": "m1",
        "text": "建成区绿地率",
        "type": "measure",
        "points": 10,
        "unit": "%",
        "min": 0,
        "max": 100,
        "bands_by": "region",
        "band_variants": {"east": EAST, "central": EAST, "northeast": EAST, "west": WEST},
    },
    {
        "code": "t1",
        "text": "德育课落实",
        "type": "tiers",
        "points": 10,
        "unit": "%",
        "min": 0,
        "max": 100,
        "bands": [
            {"grade": "qualified", "ge": 100},
            {"grade": "basic", "ge": 80, "lt": 100},
            {"grade": "unqualified", "lt": 80},
        ],
    },
    {"code": "t2", "text": "空气质量", "type": "tiers", "points": 10},
    {"code": "d1", "text": "违规操作", "type": "deduction", "points": 5, "per_violation": 2},
    {"code": "d2", "text": "着装不整", "type": "deduction", "points": 3},
    {"code": "x1", "text": "其他情况", "type": "text"},
    {"code": "x2", "text": "检查日期", "type": "date", "required": False},
    {"code": "x3", "text": "投诉件数", "type": "count", "required": False, "min": 0},
    {"code": "v1", "text": "无黄赌毒", "type": "check", "points": 5, "veto": True},
]


def make(items=None, *, levels=LEVELS, scoring=None, certificates=None, sections=None):
    data = {
        "id": "scoring-test",
        "title": "计分测试",
        "version": 1,
        "scope": "toll_station",
        "parameters": [
            {"name": "region", "label": "地区", "default": "east", "choices": ["east", "central", "northeast", "west"]}
        ],
        "levels": levels,
        "certificates": certificates
        if certificates is not None
        else [
            {"title": "文明服务示范窗口", "levels": ["excellent"]},
            {"title": "文明单位", "levels": ["excellent", "good"]},
        ],
        "sections": sections or [{"code": "1", "title": "全部", "items": copy.deepcopy(items or ITEMS)}],
    }
    if scoring is not None:
        data["scoring"] = scoring
    return parse_template(data)


TPL = make()


def one(code, raw, params=None, tpl=TPL):
    item = tpl.item(code)
    return score_item(tpl, item, coerce_value(item, raw), tpl.resolve_params(params))


def only(code, tpl=TPL):
    """A template holding only the named item (so percent and level are that item's)."""
    return make([i for i in ITEMS if i["code"] == code])


# ------------------------------------------------------------------ check


@pytest.mark.parametrize("raw, pts, failed", [("yes", 10.0, False), ("partial", 5.0, False), ("no", 0.0, True)])
def test_check_answers(raw, pts, failed):
    r = one("c1", raw)
    assert (r.grade, r.score, r.max, r.failed, r.answered) == (raw, pts, 10.0, failed, True)


def test_check_na_leaves_the_maximum():
    r = one("c1", "na")
    assert (r.value, r.grade, r.score, r.max, r.failed) == (NA, NA, 0.0, 0.0, False)


def test_partial_uses_template_fraction_and_item_override():
    tpl = make(scoring={"partial_fraction": 0.4})
    assert one("c1", "partial", tpl=tpl).score == 4.0
    assert one("c2", "partial", tpl=tpl).score == 7.0  # the item's own 0.7 wins
    assert one("c2", "partial").score == 7.0


# ------------------------------------------------------------------ grade


@pytest.mark.parametrize("raw, pts", [("excellent", 10.0), ("good", 8.0), ("pass", 6.0), ("fail", 0.0)])
def test_grade_default_fractions(raw, pts):
    r = one("g1", raw)
    assert (r.grade, r.score, r.max, r.failed) == (raw, pts, 10.0, raw == "fail")


def test_grade_template_fractions():
    tpl = make(scoring={"grade_fractions": {"excellent": 1, "good": 0.9, "pass": 0.7, "fail": 0}})
    assert [one("g1", g, tpl=tpl).score for g in ("excellent", "good", "pass", "fail")] == [10.0, 9.0, 7.0, 0.0]


def test_grade_item_subset_fractions():
    assert (one("g2", "pass").score, one("g2", "pass").failed) == (5.0, False)
    assert (one("g2", "fail").score, one("g2", "fail").failed) == (0.0, True)


def test_grade_item_subset_refuses_grades_it_does_not_list():
    # A pass/fail item must not silently score 0 for "excellent".
    with pytest.raises(AnswerError, match=r"item g2: 'excellent' is not one of pass, fail, na"):
        coerce_value(TPL.item("g2"), "excellent")


def test_tiers_item_subset_refuses_tiers_it_does_not_list():
    tpl = make(
        [
            {
                "code": "t",
                "text": "落实",
                "type": "tiers",
                "points": 4,
                "tier_fractions": {"qualified": 1, "unqualified": 0},
            }
        ]
    )
    assert one("t", "qualified", tpl=tpl).score == 4.0
    with pytest.raises(AnswerError, match=r"^item t: 'basic' is not one of qualified, unqualified, na$"):
        coerce_value(tpl.item("t"), "basic")


# ------------------------------------------------------------------ measure: bounds exact at the edges


@pytest.mark.parametrize(
    "region, value, grade, pts",
    [
        ("east", 31, "good", 8.0),  # ">31 优秀": 31 itself is not 优秀
        ("east", 31.0001, "excellent", 10.0),
        ("east", 100, "excellent", 10.0),
        ("east", 28.0001, "good", 8.0),
        ("east", 28, "pass", 6.0),  # "≤28 达标"
        ("east", 0, "pass", 6.0),
        ("central", 31, "good", 8.0),
        ("northeast", 31.5, "excellent", 10.0),
        ("west", 21, "good", 8.0),
        ("west", 21.0001, "excellent", 10.0),
        ("west", 18.0001, "good", 8.0),
        ("west", 18, "pass", 6.0),
        ("west", 28, "excellent", 10.0),  # 28 is only 达标 in the east
    ],
)
def test_measure_bands_by_region(region, value, grade, pts):
    r = one("m1", value, {"region": region})
    assert (r.grade, r.score, r.max, r.failed, r.value) == (grade, pts, 10.0, False, float(value))


def test_measure_default_region_is_east_and_text_numbers_are_read():
    assert one("m1", "31").grade == "good"
    assert one("m1", " 31.5 ").grade == "excellent"
    assert one("m1", "na").max == 0.0


# ------------------------------------------------------------------ tiers


@pytest.mark.parametrize(
    "raw, tier, pts",
    [
        ("qualified", "qualified", 10.0),
        ("basic", "basic", 6.0),
        ("unqualified", "unqualified", 0.0),
        (100, "qualified", 10.0),
        (99.99, "basic", 6.0),
        (80, "basic", 6.0),
        (79.9, "unqualified", 0.0),
        (0, "unqualified", 0.0),
    ],
)
def test_tiers_direct_and_from_percentage(raw, tier, pts):
    r = one("t1", raw)
    assert (r.grade, r.score, r.failed) == (tier, pts, tier == "unqualified")


def test_tiers_without_bands_takes_only_a_tier():
    assert one("t2", "basic").score == 6.0
    with pytest.raises(AnswerError, match=r"^item t2: 85 is not one of qualified, basic, unqualified, na$"):
        coerce_value(TPL.item("t2"), 85)


# ------------------------------------------------------------------ deduction


@pytest.mark.parametrize("violations, pts", [(0, 5.0), (1, 3.0), (2, 1.0), (3, 0.0), (10, 0.0)])
def test_deduction_per_violation_with_floor_zero(violations, pts):
    r = one("d1", violations)
    assert (r.score, r.max, r.failed) == (pts, 5.0, violations > 0)


def test_deduction_default_one_point_each_and_text_counts():
    assert [one("d2", n).score for n in (0, 1, 2, 3, 4)] == [3.0, 2.0, 1.0, 0.0, 0.0]
    assert one("d2", "2").score == 1.0
    assert one("d2", 2.0).value == 2


# ------------------------------------------------------------------ unscored


@pytest.mark.parametrize(
    "code, raw, stored", [("x1", " 站内整洁 ", "站内整洁"), ("x2", "2024-05-01", "2024-05-01"), ("x3", "3", 3)]
)
def test_unscored_items_record_without_points(code, raw, stored):
    r = one(code, raw)
    assert (r.value, r.score, r.max, r.failed, r.grade) == (stored, 0.0, 0.0, False, None)


def test_unscored_items_do_not_take_na_as_special():
    assert coerce_value(TPL.item("x1"), "na") == "na"  # plain text for a text item
    with pytest.raises(AnswerError):
        coerce_value(TPL.item("x3"), "na")


# ------------------------------------------------------------------ totals, percent, levels


def test_total_percent_and_sections_nested():
    tpl = make(
        sections=[
            {
                "code": "1",
                "title": "一",
                "items": [ITEMS[0]],
                "sections": [{"code": "1.1", "title": "一之一", "items": [ITEMS[2]]}],
            },
            {"code": "2", "title": "二", "items": [ITEMS[7]]},
        ]
    )
    r = score(tpl, {"c1": "yes", "g1": "good", "d1": 1})
    assert (r.score, r.max, r.percent) == (21.0, 25.0, 84.0)
    assert [(s.code, s.score, s.max, s.percent, s.answered, s.total) for s in r.sections] == [
        ("1", 18.0, 20.0, 90.0, 2, 2),
        ("1.1", 8.0, 10.0, 80.0, 1, 1),
        ("2", 3.0, 5.0, 60.0, 1, 1),
    ]
    assert (r.level, r.level_label, r.certificates) == ("good", "良好", ["文明单位"])


def test_na_removes_item_from_applicable_maximum():
    tpl = make([ITEMS[0], ITEMS[1]])
    assert (score(tpl, {"c1": "yes", "c2": "na"}).percent, score(tpl, {"c1": "yes", "c2": "na"}).max) == (100.0, 10.0)
    assert (score(tpl, {"c1": "yes"}).percent, score(tpl, {"c1": "yes"}).max) == (50.0, 20.0)
    assert (score(tpl, {"c1": "yes", "c2": "no"}).percent) == 50.0


def test_everything_na_gives_zero_percent_not_a_crash():
    tpl = make([ITEMS[0], ITEMS[1]])
    r = score(tpl, {"c1": "na", "c2": "na"})
    assert (r.score, r.max, r.percent, r.level) == (0.0, 0.0, 0.0, "fail")


@pytest.mark.parametrize(
    "grade, percent, level, label",
    [
        ("excellent", 100.0, "excellent", "优秀"),
        ("good", 80.0, "good", "良好"),  # exactly on min_percent
        ("pass", 60.0, "pass", "达标"),
        ("fail", 0.0, "fail", "不达标"),
    ],
)
def test_level_exactly_on_min_percent(grade, percent, level, label):
    r = score(only("g1"), {"g1": grade})
    assert (r.percent, r.level, r.level_label) == (percent, level, label)


def test_level_just_below_threshold():
    tpl = make([{"code": "d", "text": "扣分", "type": "deduction", "points": 100, "per_violation": 0.01}])
    at, below = score(tpl, {"d": 1000}), score(tpl, {"d": 1001})
    assert (at.percent, at.level, at.certificates) == (90.0, "excellent", ["文明服务示范窗口", "文明单位"])
    assert (below.percent, below.level, below.certificates) == (89.99, "good", ["文明单位"])


def test_certificates_by_level():
    tpl = only("g1")
    assert score(tpl, {"g1": "excellent"}).certificates == ["文明服务示范窗口", "文明单位"]
    assert score(tpl, {"g1": "good"}).certificates == ["文明单位"]
    assert score(tpl, {"g1": "pass"}).certificates == []


# ------------------------------------------------------------------ veto


def full_marks():
    return {
        "c1": "yes",
        "c2": "yes",
        "g1": "excellent",
        "g2": "pass",
        "m1": 40,
        "t1": 100,
        "t2": "qualified",
        "d1": 0,
        "d2": 0,
        "x1": "无",
        "v1": "yes",
    }


def test_perfect_inspection_earns_top_level_and_certificates():
    r = score(TPL, full_marks())
    assert (r.score, r.max, r.percent, r.level, r.vetoed, r.veto_items) == (78.0, 78.0, 100.0, "excellent", False, [])
    assert r.certificates == ["文明服务示范窗口", "文明单位"]
    assert r.failed_items == [] and r.unanswered == []


def test_failed_veto_item_vetoes_whatever_the_score():
    answers = full_marks() | {"v1": "no"}
    r = score(TPL, answers)
    assert (r.score, r.max, r.percent) == (73.0, 78.0, 93.59)
    assert (r.level, r.level_label, r.vetoed, r.veto_items, r.certificates) == (
        VETO_LEVEL,
        VETO_LABEL,
        True,
        ["v1"],
        [],
    )
    assert (r.level, r.level_label) == ("veto", "一票否决")
    assert r.failed_items == ["v1"]


@pytest.mark.parametrize("v1", [None, "na", "yes", "partial"])
def test_veto_item_not_failed_does_not_veto(v1):
    answers = full_marks()
    if v1 is None:
        del answers["v1"]
    else:
        answers["v1"] = v1
    r = score(TPL, answers)
    assert (r.vetoed, r.veto_items) == (False, [])


def test_deduction_veto_item_vetoes_on_one_violation():
    tpl = make([ITEMS[0], {"code": "dv", "text": "重大安全生产事故", "type": "deduction", "points": 5, "veto": True}])
    assert score(tpl, {"c1": "yes", "dv": 0}).vetoed is False
    r = score(tpl, {"c1": "yes", "dv": 1})
    assert (r.vetoed, r.veto_items, r.level) == (True, ["dv"], "veto")


# ------------------------------------------------------------------ coerce_value refusals


@pytest.mark.parametrize(
    "code, raw, message",
    [
        ("m1", "abc", "item m1: 'abc' is not a number"),
        ("m1", "31,5", "item m1: '31,5' is not a number (use a dot as decimal separator)"),
        ("m1", math.nan, "item m1: nan is not a finite number"),
        ("m1", math.inf, "item m1: inf is not a finite number"),
        ("m1", "nan", "item m1: 'nan' is not a number"),
        ("m1", -0.5, "item m1: -0.5 is below the minimum 0%"),
        ("m1", 100.5, "item m1: 100.5 is above the maximum 100%"),
        ("m1", True, "item m1: True is not a number"),
        ("t1", 101, "item t1: 101 is above the maximum 100%"),
        ("d1", 2.5, "item d1: the number of violations must be a whole number ≥ 0, not 2.5"),
        ("d1", -1, "item d1: the number of violations must be a whole number ≥ 0, not -1"),
        ("d1", "two", "item d1: the number of violations must be a whole number ≥ 0, not 'two'"),
        ("x3", "1.5", "item x3: the count must be a whole number ≥ 0, not '1.5'"),
        ("c1", "maybe", "item c1: 'maybe' is not one of yes, partial, no, na"),
        ("c1", "Yes", "item c1: 'Yes' is not one of yes, partial, no, na"),
        ("g1", "great", "item g1: 'great' is not one of excellent, good, pass, fail, na"),
        ("t2", "good", "item t2: 'good' is not one of qualified, basic, unqualified, na"),
        ("x2", "2024-13-01", "item x2: '2024-13-01' is not a date (YYYY-MM-DD)"),
        ("x2", "01/05/2024", "item x2: '01/05/2024' is not a date (YYYY-MM-DD)"),
        ("c1", "", "item c1: the answer is empty"),
        ("c1", "   ", "item c1: the answer is empty"),
        ("c1", None, "item c1: the answer is empty"),
    ],
)
def test_coerce_value_refuses_with_exact_message(code, raw, message):
    with pytest.raises(AnswerError) as err:
        coerce_value(TPL.item(code), raw)
    assert str(err.value) == message


@pytest.mark.parametrize(
    "code, raw, stored",
    [
        ("c1", " yes ", "yes"),
        ("m1", "31", 31.0),
        ("m1", "+.5", 0.5),
        ("m1", 0, 0.0),
        ("m1", "na", "na"),
        ("t1", "80", 80.0),
        ("t1", "basic", "basic"),
        ("d1", "0", 0),
        ("x2", "2024-02-29", "2024-02-29"),
    ],
)
def test_coerce_value_canonical_values(code, raw, stored):
    got = coerce_value(TPL.item(code), raw)
    assert got == stored and type(got) is type(stored)


def test_unknown_item_code_in_answers_is_refused():
    with pytest.raises(AnswerError, match=r"unknown item code 'zz' in template scoring-test"):
        score(TPL, {"zz": "yes"})


def test_bad_parameter_value_is_refused():
    with pytest.raises(ValueError, match="parameter region='south'"):
        score(TPL, {}, {"region": "south"})


# ------------------------------------------------------------------ unanswered and blockers


def test_unanswered_lists_required_items_in_template_order():
    r = score(TPL, {"c2": "na", "g2": "pass", "d2": 0})
    assert r.unanswered == ["c1", "g1", "m1", "t1", "t2", "d1", "x1", "v1"]  # x2, x3 are optional
    # An unanswered scored item counts 0 of its points.
    assert (r.score, r.max) == (8.0, 68.0)


def test_submission_blockers_for_missing_evidence():
    answers = full_marks() | {"c1": "no", "g1": "fail"}
    r = score(TPL, answers)
    assert r.failed_items == ["c1", "g1"]
    assert submission_blockers(TPL, r, {}, {}) == [
        Blocker("c1", "photo_missing"),
        Blocker("c1", "note_missing"),
        Blocker("g1", "note_missing"),
    ]
    assert submission_blockers(TPL, r, {"c1": "  "}, {"c1": 0}) == [
        Blocker("c1", "photo_missing"),
        Blocker("c1", "note_missing"),
        Blocker("g1", "note_missing"),
    ]
    assert submission_blockers(TPL, r, {"c1": "地面有垃圾", "g1": "态度冷淡"}, {}) == [Blocker("c1", "photo_missing")]
    assert submission_blockers(TPL, r, {"c1": "地面有垃圾", "g1": "态度冷淡"}, {"c1": 2}) == []


def test_submission_blockers_unanswered_first_in_item_order():
    answers = full_marks() | {"c1": "no"}
    del answers["t2"], answers["c2"]
    r = score(TPL, answers)
    got = submission_blockers(TPL, r, {}, {"c1": 1})
    assert got == [Blocker("c1", "note_missing"), Blocker("c2", "unanswered"), Blocker("t2", "unanswered")]
    assert [str(b) for b in got] == ["c1 不符合项缺少说明", "c2 未作答", "t2 未作答"]


def test_passing_item_needs_no_evidence():
    r = score(TPL, full_marks() | {"c1": "partial"})
    assert submission_blockers(TPL, r, {}, {}) == []


def test_result_to_dict_has_cli_fields():
    d = score(TPL, {"c1": "yes"}).to_dict()
    assert {"score", "max", "percent", "level", "vetoed", "veto_items", "sections", "items", "unanswered"} <= set(d)
    assert d["items"][0] == {
        "code": "c1",
        "type": "check",
        "answered": True,
        "value": "yes",
        "grade": "yes",
        "score": 10.0,
        "max": 10.0,
        "failed": False,
        "veto": False,
    }
