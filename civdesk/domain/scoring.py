"""Scoring: answer values checked against item types, item → section → total scores, level and veto.

Everything here is a pure function of a Template, the parameter values and the answers, so the
CLI's ``civdesk score``, the walkthrough's live total and the stored result always agree.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from .answer_options import options_for
from .errors import InputError
from .template import CHECK_ANSWERS, Item, Section, Template

NA = "na"
VETO_LEVEL = "veto"
VETO_LABEL = "一票否决"

_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class AnswerError(InputError):
    """An answer value that does not fit its item; the message names the item and the value."""


def _parse_number(item: Item, raw: Any) -> float:
    if isinstance(raw, bool):
        raise AnswerError("scoring.item_number", item_code=item.code, raw=raw)
    if isinstance(raw, (int, float)):
        value = float(raw)
    elif isinstance(raw, str) and _NUMBER_RE.match(raw.strip()):
        value = float(raw.strip())
    else:
        hint = " (use a dot as decimal separator)" if isinstance(raw, str) and "," in raw else ""
        raise AnswerError("scoring.item_number2", item_code=item.code, raw=raw, hint=hint)
    if not math.isfinite(value):
        raise AnswerError("scoring.item_finite_number", item_code=item.code, raw=raw)
    if item.min is not None and value < item.min:
        raise AnswerError("scoring.item_below_minimum", item_code=item.code, raw=raw, min=item.min, unit=item.unit)
    if item.max is not None and value > item.max:
        raise AnswerError("scoring.item_above_maximum", item_code=item.code, raw=raw, max=item.max, unit=item.unit)
    return value


def _parse_whole(item: Item, raw: Any, what: str) -> int:
    if isinstance(raw, bool):
        raise AnswerError("scoring.item_must_whole_number", item_code=item.code, what=what, raw=raw)
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, str) and raw.strip().isdigit():
        raw = int(raw.strip())
    if not isinstance(raw, int) or raw < 0:
        raise AnswerError("scoring.item_must_whole_number", item_code=item.code, what=what, raw=raw)
    return raw


def coerce_value(item: Item, raw: Any) -> str | float | int:
    """The canonical stored value of an answer, or AnswerError naming what is wrong."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise AnswerError("scoring.item_answer_empty", item_code=item.code)
    if isinstance(raw, str):
        raw = raw.strip()
    if item.scored and raw == NA:
        return NA
    t = item.type
    # The codes each item offers are domain.answer_options' (the walkthrough and the blank form offer the same).
    codes = [c for c in options_for(item).choices if c != NA]
    if t == "check":
        if raw not in CHECK_ANSWERS:
            raise AnswerError("scoring.item_one", item_code=item.code, raw=raw, join=", ".join(CHECK_ANSWERS))
        return cast(str, raw)
    if t == "grade":
        if raw not in codes:
            raise AnswerError("scoring.item_one_na", item_code=item.code, raw=raw, join=", ".join(codes))
        return cast(str, raw)
    if t == "measure":
        return _parse_number(item, raw)
    if t == "tiers":
        tiers = codes
        if isinstance(raw, str) and raw in tiers:
            return raw
        if not (item.bands or item.band_variants):
            raise AnswerError("scoring.item_one_na", item_code=item.code, raw=raw, join=", ".join(tiers))
        return _parse_number(item, raw)
    if t == "deduction":
        return _parse_whole(item, raw, "the number of violations")
    if t == "count":
        return _parse_whole(item, raw, "the count")
    if t == "date":
        try:
            return _dt.date.fromisoformat(str(raw)).isoformat()
        except ValueError:
            raise AnswerError("scoring.item_date_yyyy_mm", item_code=item.code, raw=raw) from None
    return str(raw)  # text


def band_grade(item: Item, value: float, params: Mapping[str, str]) -> str:
    """The grade (or tier) a number falls into under the bands that apply."""
    for band in item.bands_for(dict(params)):
        if band.contains(value):
            return band.grade
    # Validation guarantees the bands cover [min, max]; coerce_value keeps values inside it.
    raise AnswerError("scoring.item_falls_no_band", item_code=item.code, value=value)


@dataclass(frozen=True)
class ItemResult:
    code: str
    type: str
    answered: bool
    value: Any = None
    grade: str | None = None  # the outcome: check answer, grade, tier; None for deduction/unscored
    score: float = 0.0
    max: float = 0.0  # applicable maximum: 0 when na or unscored
    failed: bool = False
    veto: bool = False


@dataclass(frozen=True)
class SectionResult:
    code: str
    title: str
    score: float
    max: float
    percent: float
    answered: int
    total: int


@dataclass(frozen=True)
class Result:
    score: float
    max: float
    percent: float
    level: str
    level_label: str
    vetoed: bool
    veto_items: list[str]
    sections: list[SectionResult]
    items: list[ItemResult]
    unanswered: list[str]
    failed_items: list[str]
    certificates: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "max": self.max,
            "percent": self.percent,
            "level": self.level,
            "level_label": self.level_label,
            "vetoed": self.vetoed,
            "veto_items": self.veto_items,
            "sections": [s.__dict__ for s in self.sections],
            "items": [dict(i.__dict__.items()) for i in self.items],
            "unanswered": self.unanswered,
            "failed_items": self.failed_items,
            "certificates": self.certificates,
        }


def score_item(tpl: Template, item: Item, value: Any, params: Mapping[str, str]) -> ItemResult:
    """Score one answer (``value`` already coerced, or None when unanswered)."""
    if value is None:
        return ItemResult(item.code, item.type, False, max=item.points if item.counts else 0.0, veto=item.veto)
    if not item.scored:
        return ItemResult(item.code, item.type, True, value=value)
    grade: str | None
    if item.scored_by:  # the value is recorded and banded; the item named by scored_by scores the condition
        grade = NA if value == NA else value if isinstance(value, str) else band_grade(item, float(value), params)
        return ItemResult(item.code, item.type, True, value=value, grade=grade)
    if value == NA:
        return ItemResult(item.code, item.type, True, value=NA, grade=NA, veto=item.veto)
    pts = item.points
    if item.type == "check":
        grade = value
        share = {"yes": 1.0, "no": 0.0}.get(value)
        if share is None:  # partial
            share = item.partial_fraction if item.partial_fraction is not None else tpl.partial_fraction
        failed = value == "no"
    elif item.type == "deduction":
        grade = None
        score = max(0.0, pts - value * item.per_violation)
        return ItemResult(
            item.code, item.type, True, value, None, round(score, 4), pts, failed=value > 0, veto=item.veto
        )
    else:
        grade = value if isinstance(value, str) else band_grade(item, float(value), params)
        share = tpl.item_fractions(item).get(grade, 0.0)
        failed = grade in ("fail", "unqualified")
    return ItemResult(
        item.code, item.type, True, value, grade, round(pts * share, 4), pts, failed=failed, veto=item.veto
    )


def _percent(score: float, mx: float) -> float:
    return round(score / mx * 100, 2) if mx > 0 else 0.0


def _section_result(section: Section, by_code: dict[str, ItemResult]) -> SectionResult:
    items = list(section.walk_items())
    results = [by_code[i.code] for i in items]
    score = round(sum(r.score for r in results), 4)
    mx = round(sum(r.max for r in results), 4)
    return SectionResult(
        section.code, section.title, score, mx, _percent(score, mx), sum(1 for r in results if r.answered), len(items)
    )


def level_for(tpl: Template, percent: float) -> tuple[str, str]:
    for lv in tpl.levels:
        if percent >= lv.min_percent:
            return lv.name, lv.label
    last = tpl.levels[-1]
    return last.name, last.label


def score(tpl: Template, answers: Mapping[str, Any], params: Mapping[str, str] | None = None) -> Result:
    """Score a whole inspection. ``answers`` maps item code → coerced value; unknown codes are errors."""
    params = tpl.resolve_params(dict(params or {}))
    items = tpl.items()
    known = {i.code for i in items}
    for code in answers:
        if code not in known:
            raise AnswerError("scoring.unknown_item_code_template", item_code=code, id=tpl.id)
    results = [score_item(tpl, it, answers.get(it.code), params) for it in items]
    by_code = {r.code: r for r in results}
    total = round(sum(r.score for r in results), 4)
    mx = round(sum(r.max for r in results), 4)
    percent = _percent(total, mx)
    veto_items = [r.code for r in results if r.veto and r.failed]
    if veto_items:
        level, label = VETO_LEVEL, VETO_LABEL
        certs: list[str] = []
    else:
        level, label = level_for(tpl, percent)
        certs = [c.title for c in tpl.certificates if level in c.levels]
    return Result(
        score=total,
        max=mx,
        percent=percent,
        level=level,
        level_label=label,
        vetoed=bool(veto_items),
        veto_items=veto_items,
        sections=[_section_result(s, by_code) for s in tpl.all_sections()],
        items=results,
        unanswered=[it.code for it in items if it.required and answers.get(it.code) is None],
        failed_items=[r.code for r in results if r.failed],
        certificates=certs,
    )


@dataclass(frozen=True)
class Blocker:
    """Why an inspection cannot be submitted yet: one per item."""

    code: str
    reason: str  # "unanswered" | "photo_missing" | "note_missing"

    def __str__(self) -> str:
        words = {"unanswered": "未作答", "photo_missing": "不符合项缺少照片", "note_missing": "不符合项缺少说明"}
        return f"{self.code} {words.get(self.reason, self.reason)}"


def submission_blockers(
    tpl: Template, result: Result, notes: Mapping[str, str], photo_counts: Mapping[str, int]
) -> list[Blocker]:
    """Unanswered required items and failed items missing the evidence their template asks for."""
    blockers = [Blocker(code, "unanswered") for code in result.unanswered]
    failed = set(result.failed_items)
    for it in tpl.items():
        if it.code not in failed:
            continue
        if it.photo_on_fail and not photo_counts.get(it.code):
            blockers.append(Blocker(it.code, "photo_missing"))
        if it.note_on_fail and not (notes.get(it.code) or "").strip():
            blockers.append(Blocker(it.code, "note_missing"))
    order = {it.code: n for n, it in enumerate(tpl.items())}
    return sorted(blockers, key=lambda b: order[b.code])
