"""The template model (测评体系): a checklist definition as frozen dataclasses.

A template arrives as plain data (a dict loaded from YAML, Excel or the database) and leaves
template_parsing.py as these dataclasses, or as every problem found with the path of the fault
(``sections[2].items[4].bands[1]``). See docs/template-format.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..messages import language, render
from .errors import CivDeskError, InputError

SCOPES = ("toll_station", "service_window", "unit", "city")
METHODS = ("site_visit", "document_review", "survey", "mystery_visit")
SCORED_TYPES = ("check", "grade", "measure", "tiers", "deduction")
UNSCORED_TYPES = ("text", "date", "count")
ITEM_TYPES = SCORED_TYPES + UNSCORED_TYPES
GRADES = ("excellent", "good", "pass", "fail")
TIERS = ("qualified", "basic", "unqualified")
CHECK_ANSWERS = ("yes", "partial", "no", "na")

DEFAULT_GRADE_FRACTIONS = {"excellent": 1.0, "good": 0.8, "pass": 0.6, "fail": 0.0}
DEFAULT_TIER_FRACTIONS = {"qualified": 1.0, "basic": 0.6, "unqualified": 0.0}
DEFAULT_PARTIAL_FRACTION = 0.5
MAX_SECTION_DEPTH = 8  # sections within sections; the built-in checklists use 2


@dataclass(frozen=True)
class Problem:
    """One fault of a template: where (``path``) and what (a catalogue ``code`` with its ``params``)."""

    path: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """What is wrong, in English (for logs and tests; ``worded`` for the user's language)."""
        return render(self.code, "en", **self.params)

    def worded(self, lang: str | None = None) -> str:
        """The path and what is wrong, in ``lang`` (the current language when None)."""
        text = render(self.code, lang, **self.params)
        if not self.path:
            return text
        return f"{self.path}：{text}" if (lang or language()) == "zh" else f"{self.path}: {text}"

    def __str__(self) -> str:
        return self.worded("en")


class TemplateError(CivDeskError, ValueError):
    """A template that cannot be used; ``problems`` lists every fault found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = problems[0] if problems else Problem("", "tproblem.invalid")
        if len(problems) > 1:
            super().__init__("template.invalid_more", problem=first, more=len(problems) - 1)
        else:
            super().__init__("template.invalid", problem=first)


@dataclass(frozen=True)
class Band:
    """One interval of a measure mapped to a grade (or tier). Bounds keep the source's signs."""

    grade: str
    gt: float | None = None
    ge: float | None = None
    lt: float | None = None
    le: float | None = None

    def contains(self, x: float) -> bool:
        if self.gt is not None and not x > self.gt:
            return False
        if self.ge is not None and not x >= self.ge:
            return False
        if self.lt is not None and not x < self.lt:
            return False
        return not (self.le is not None and not x <= self.le)

    @property
    def lower(self) -> tuple[float, bool]:
        """(bound, inclusive); -inf when open."""
        if self.gt is not None:
            return self.gt, False
        if self.ge is not None:
            return self.ge, True
        return -math.inf, False

    @property
    def upper(self) -> tuple[float, bool]:
        if self.lt is not None:
            return self.lt, False
        if self.le is not None:
            return self.le, True
        return math.inf, False

    def describe(self) -> str:
        parts = []
        for key, sign in (("gt", ">"), ("ge", "≥"), ("lt", "<"), ("le", "≤")):
            v = getattr(self, key)
            if v is not None:
                parts.append(f"{sign}{plain_number(v)}")
        return " 且 ".join(parts) if parts else "任意"


def plain_number(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


@dataclass(frozen=True)
class Parameter:
    name: str
    label: str
    choices: tuple[str, ...]
    default: str
    choice_labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Level:
    name: str
    label: str
    min_percent: float


@dataclass(frozen=True)
class CertificateRule:
    title: str
    levels: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    code: str
    text: str
    type: str
    points: float = 0.0
    guidance: str = ""
    method: str = "site_visit"
    required: bool = True
    veto: bool = False
    photo_on_fail: bool = False
    note_on_fail: bool = False
    unit: str = ""
    min: float | None = None
    max: float | None = None
    bands: tuple[Band, ...] = ()
    bands_by: str | None = None
    band_variants: dict[str, tuple[Band, ...]] = field(default_factory=dict)
    partial_fraction: float | None = None
    grade_fractions: dict[str, float] | None = None
    tier_fractions: dict[str, float] | None = None
    per_violation: float = 1.0
    source_text: str = ""  # the source document's own words when ``text`` corrects them
    scored_by: str = ""  # code of the item that scores this condition; this one only records the value

    @property
    def scored(self) -> bool:
        return self.type in SCORED_TYPES

    @property
    def counts(self) -> bool:
        """Whether the answer earns or loses points (a condition scored by another item does not)."""
        return self.scored and not self.scored_by

    def bands_for(self, params: dict[str, str]) -> tuple[Band, ...]:
        """The bands that apply under the given parameter values."""
        if self.bands_by:
            return self.band_variants[params[self.bands_by]]
        return self.bands


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    items: tuple[Item, ...] = ()
    sections: tuple[Section, ...] = ()
    source_title: str = ""  # the source document's own words when ``title`` corrects them

    def walk_items(self) -> Iterator[Item]:
        yield from self.items
        for sub in self.sections:
            yield from sub.walk_items()

    def walk_sections(self) -> Iterator[Section]:
        yield self
        for sub in self.sections:
            yield from sub.walk_sections()


@dataclass(frozen=True)
class Template:
    id: str
    title: str
    version: int
    scope: str
    sections: tuple[Section, ...]
    levels: tuple[Level, ...]
    parameters: tuple[Parameter, ...] = ()
    certificates: tuple[CertificateRule, ...] = ()
    partial_fraction: float = DEFAULT_PARTIAL_FRACTION
    grade_fractions: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_GRADE_FRACTIONS))
    tier_fractions: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_TIER_FRACTIONS))
    rectification_days: int = 30
    source: str = ""
    description: str = ""

    def items(self) -> list[Item]:
        return [it for s in self.sections for it in s.walk_items()]

    def item(self, code: str) -> Item:
        return self._by_code[code]

    @cached_property
    def _by_code(self) -> dict[str, Item]:
        # Templates are frozen: the index is built once (every answer saved looks its item up).
        by_code: dict[str, Item] = {}
        for it in self.items():
            by_code.setdefault(it.code, it)
        return by_code

    def all_sections(self) -> list[Section]:
        return [sub for s in self.sections for sub in s.walk_sections()]

    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        raise KeyError(name)

    def resolve_params(self, given: dict[str, str] | None) -> dict[str, str]:
        """Fill defaults and check values; raises InputError naming the bad parameter."""
        given = dict(given or {})
        out: dict[str, str] = {}
        for p in self.parameters:
            value = given.pop(p.name, p.default)
            if value not in p.choices:
                raise InputError("template.parameter_choice", name=p.name, value=value, choices=", ".join(p.choices))
            out[p.name] = value
        if given:
            raise InputError("template.unknown_parameter", name=sorted(given)[0], template=self.id)
        return out

    def level_label(self, name: str) -> str:
        for lv in self.levels:
            if lv.name == name:
                return lv.label
        return name

    def item_fractions(self, item: Item) -> dict[str, float]:
        """Points share per answer grade/tier for a grade, measure or tiers item."""
        if item.type == "tiers":
            return item.tier_fractions or self.tier_fractions
        return item.grade_fractions or self.grade_fractions
