"""Properties of scoring over random small templates and answers (hypothesis)."""

from __future__ import annotations

import dataclasses

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from civdesk.domain.scoring import NA, coerce_value, score
from civdesk.domain.template_parsing import parse_template

SETTINGS = settings(max_examples=200, deadline=None)

BANDS = [{"grade": "excellent", "gt": 31}, {"grade": "good", "gt": 28, "le": 31}, {"grade": "pass", "le": 28}]
TIER_BANDS = [
    {"grade": "qualified", "ge": 100},
    {"grade": "basic", "ge": 80, "lt": 100},
    {"grade": "unqualified", "lt": 80},
]
LEVELS = [
    {"name": "excellent", "label": "优秀", "min_percent": 90},
    {"name": "good", "label": "良好", "min_percent": 75.5},
    {"name": "fail", "label": "不达标", "min_percent": 0},
]

points = st.one_of(st.integers(1, 20), st.sampled_from([0.5, 1.5, 2.5, 7.25, 12.75]))
fraction = st.sampled_from([0.0, 0.25, 0.5, 0.6, 0.75, 1.0])


@st.composite
def items(draw):
    kind = draw(st.sampled_from(["check", "grade", "measure", "tiers", "tiers_direct", "deduction", "text", "count"]))
    item = {"text": "测评标准", "type": kind.replace("_direct", "")}
    if kind in ("text", "count"):
        item["required"] = draw(st.booleans())
        return item
    item["points"] = draw(points)
    item["veto"] = draw(st.booleans())
    item["required"] = draw(st.booleans())
    if kind == "check" and draw(st.booleans()):
        item["partial_fraction"] = draw(fraction)
    if kind == "measure":
        item.update(min=0, max=100, bands=BANDS)
    if kind == "tiers":
        item.update(min=0, max=100, bands=TIER_BANDS)
    if kind == "deduction":
        item["per_violation"] = draw(st.sampled_from([0.5, 1, 2, 3]))
    return item


@st.composite
def templates(draw):
    raw = draw(st.lists(items(), min_size=1, max_size=7))
    if all(i["type"] in ("text", "count") for i in raw):
        raw.append({"text": "测评标准", "type": "check", "points": 1})
    split = draw(st.integers(0, len(raw)))
    sections = []
    for n, chunk in enumerate((raw[:split], raw[split:]), start=1):
        if chunk:
            for k, it in enumerate(chunk, start=1):
                it["code"] = f"{n}.{k}"
            sections.append({"code": str(n), "title": f"第{n}部分", "items": chunk})
    data = {
        "id": "prop",
        "title": "随机模板",
        "version": 1,
        "scope": "unit",
        "levels": LEVELS,
        "scoring": {"partial_fraction": draw(fraction)},
        "certificates": [{"title": "文明单位", "levels": ["excellent"]}],
        "sections": sections,
    }
    return parse_template(data)


def value_for(item):
    t = item.type
    if t == "check":
        return st.sampled_from(["yes", "partial", "no", "na"])
    if t == "grade":
        return st.sampled_from(["excellent", "good", "pass", "fail", "na"])
    if t == "measure":
        return st.one_of(st.just("na"), st.floats(0, 100, allow_nan=False), st.sampled_from([28, 31, 28.0001]))
    if t == "tiers":
        direct = st.sampled_from(["qualified", "basic", "unqualified", "na"])
        if item.bands:
            return st.one_of(direct, st.floats(0, 100, allow_nan=False), st.sampled_from([80, 100, 79.9]))
        return direct
    if t == "deduction":
        return st.one_of(st.just("na"), st.integers(0, 12))
    if t == "count":
        return st.integers(0, 50)
    return st.text(min_size=1, max_size=5).filter(str.strip)


@st.composite
def scenario(draw):
    tpl = draw(templates())
    answers = {}
    for item in tpl.items():
        if draw(st.booleans()):
            answers[item.code] = coerce_value(item, draw(value_for(item)))
    return tpl, answers


def failing_value(item):
    """An answer that fails the item and earns 0 of its points (None when the type has none)."""
    return {"check": "no", "grade": "fail", "tiers": "unqualified", "deduction": 1000}.get(item.type)


@SETTINGS
@given(scenario())
def test_total_never_exceeds_max_and_percent_in_range(case):
    tpl, answers = case
    r = score(tpl, answers)
    assert 0 <= r.score <= r.max
    assert 0 <= r.percent <= 100
    for it in r.items:
        assert 0 <= it.score <= it.max
    for s in r.sections:
        assert 0 <= s.score <= s.max and 0 <= s.percent <= 100
    if r.max:
        assert r.percent == round(r.score / r.max * 100, 2)
    assert r.max == round(sum(i.max for i in r.items), 4)


@SETTINGS
@given(scenario(), st.data())
def test_na_never_lowers_the_percentage(case, data):
    tpl, answers = case
    scored = [i for i in tpl.items() if i.scored]
    item = data.draw(st.sampled_from(scored))
    with_na = score(tpl, answers | {item.code: NA}).percent
    unanswered = {k: v for k, v in answers.items() if k != item.code}
    assert with_na >= score(tpl, unanswered).percent
    fail = failing_value(item)
    if fail is not None:
        assert with_na >= score(tpl, answers | {item.code: coerce_value(item, fail)}).percent


@SETTINGS
@given(scenario(), st.randoms(use_true_random=False))
def test_answer_order_changes_nothing(case, rnd):
    tpl, answers = case
    pairs = list(answers.items())
    rnd.shuffle(pairs)
    assert score(tpl, dict(pairs)).to_dict() == score(tpl, answers).to_dict()


@SETTINGS
@given(scenario(), st.data())
def test_failed_veto_item_always_vetoes(case, data):
    tpl, answers = case
    candidates = [i for i in tpl.items() if i.scored and failing_value(i) is not None]
    assume(candidates)
    item = data.draw(st.sampled_from(candidates))
    vetoing = parse_template_with_veto(tpl, item.code)
    r = score(vetoing, answers | {item.code: coerce_value(item, failing_value(item))})
    assert r.vetoed is True
    assert item.code in r.veto_items
    assert (r.level, r.level_label, r.certificates) == ("veto", "一票否决", [])


@SETTINGS
@given(scenario())
def test_level_matches_thresholds_unless_vetoed(case):
    tpl, answers = case
    r = score(tpl, answers)
    if r.vetoed:
        assert r.level == "veto" and r.certificates == []
        assert r.veto_items and set(r.veto_items) <= set(r.failed_items)
    else:
        expected = next(lv.name for lv in tpl.levels if r.percent >= lv.min_percent)
        assert r.level == expected
        assert r.certificates == (["文明单位"] if expected == "excellent" else [])


def parse_template_with_veto(tpl, code):
    """The same template with ``code`` made a veto item (rebuilt through dataclasses.replace)."""

    def fix(section):
        return dataclasses.replace(
            section,
            items=tuple(dataclasses.replace(i, veto=True) if i.code == code else i for i in section.items),
            sections=tuple(fix(s) for s in section.sections),
        )

    return dataclasses.replace(tpl, sections=tuple(fix(s) for s in tpl.sections))
