"""Which answers each item type offers: the one list behind the walkthrough's answer controls, the
blank form's answer boxes and the scoring's check of a stored answer.

An item offers ``choices`` (answer codes picked from a list: 符合 / 良好 / 合格 / 不适用 …, in the
order shown; the walkthrough's digit n picks the n-th) and may instead take an ``entry`` (what is
typed or written: a measured number, a percentage, violations, a count, a date, text). A number
falls into one of its bands' ``outcomes`` (the grades or tiers the bands give). How each code reads,
in Chinese and English, is domain.answer_text's.
"""

from __future__ import annotations

from dataclasses import dataclass

from .answer_text import NA, answer_label
from .template import CHECK_ANSWERS, GRADES, ITEM_TYPES, TIERS, Item

# What an item type takes instead of (or beside) a choice; "" when it is chosen only.
ENTRIES = {
    "check": "",
    "grade": "",
    "tiers": "",
    "measure": "number",
    "deduction": "violations",
    "count": "count",
    "date": "date",
    "text": "text",
}


@dataclass(frozen=True)
class AnswerOptions:
    choices: tuple[str, ...]  # answer codes picked from a list, in the order offered
    entry: str  # "", "number", "percent", "violations", "count", "date" or "text"
    outcomes: tuple[str, ...]  # the grades or tiers a typed number falls into, in order

    def labels(self, lang: str = "zh") -> tuple[str, ...]:
        return tuple(answer_label(c, lang) for c in self.choices)

    def outcome_labels(self, lang: str = "zh") -> tuple[str, ...]:
        return tuple(answer_label(c, lang) for c in self.outcomes)


def _listed(codes: tuple[str, ...], own: dict[str, float] | None) -> tuple[str, ...]:
    """An item that lists its own shares (e.g. {pass: 1, fail: 0}) takes only those."""
    return codes if own is None else tuple(c for c in codes if c in own)


def _band_grades(item: Item, order: tuple[str, ...]) -> tuple[str, ...]:
    present = {b.grade for b in item.bands} | {b.grade for bs in item.band_variants.values() for b in bs}
    return tuple(g for g in order if g in present)


def options_for(item: Item) -> AnswerOptions:
    """The answers ``item`` offers; exactly what scoring.coerce_value accepts as a code."""
    na = (NA,) if item.scored else ()
    if item.type == "check":
        return AnswerOptions(CHECK_ANSWERS, "", ())
    if item.type == "grade":
        return AnswerOptions(_listed(GRADES, item.grade_fractions) + na, "", ())
    if item.type == "tiers":
        banded = bool(item.bands or item.band_variants)
        return AnswerOptions(
            _listed(TIERS, item.tier_fractions) + na, "percent" if banded else "", _band_grades(item, TIERS)
        )
    if item.type == "measure":
        return AnswerOptions(na, "number", _band_grades(item, GRADES))
    return AnswerOptions(na, ENTRIES[item.type], ())


def possible_codes(item_type: str) -> tuple[str, ...]:
    """Every answer code an item of this type may hold, whatever its template (a measure holds
    a number, but its grade is one of these)."""
    if item_type not in ITEM_TYPES:
        raise ValueError(f"unknown item type {item_type!r}")
    return {
        "check": CHECK_ANSWERS,
        "grade": (*GRADES, NA),
        "measure": (*GRADES, NA),
        "tiers": (*TIERS, NA),
        "deduction": (NA,),
    }.get(item_type, ())
