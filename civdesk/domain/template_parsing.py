"""Parsing and validating a checklist definition (plain data) into the template model
(domain/template.py), collecting every problem with its path. See docs/template-format.md."""

from __future__ import annotations

import math
import re
from typing import Any

from .template import (
    DEFAULT_GRADE_FRACTIONS, DEFAULT_PARTIAL_FRACTION, DEFAULT_TIER_FRACTIONS, GRADES, ITEM_TYPES, MAX_SECTION_DEPTH,
    METHODS, SCOPES, TIERS, UNSCORED_TYPES, Band, CertificateRule, Item, Level, Parameter, Problem, Section, Template,
    TemplateError, plain_number,
)
from .wording import changed_chars, is_correction

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_CODE_RE = re.compile(r"^[0-9A-Za-z]+([.-][0-9A-Za-z]+)*$")
_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]*$")


# --------------------------------------------------------------------------- parsing


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _text(c: _Collector, data: dict[str, Any], key: str, path: str, required: bool = True) -> str:
    v = data.get(key)
    if v is None:
        if required:
            c.add(path, f"{key} is missing")
        return ""
    if not isinstance(v, str):
        c.add(f"{path}.{key}", f"{key} must be text, not {type(v).__name__}")
        return ""
    if required and not v.strip():
        c.add(f"{path}.{key}", f"{key} must not be empty")
    return v.strip()


def _source_words(c: _Collector, data: dict[str, Any], key: str, shown: str, path: str) -> str:
    """The source document's own words behind a corrected ``text``/``title`` (see domain.wording)."""
    if key not in data:
        return ""
    raw = data[key]
    if not isinstance(raw, str) or not raw.strip():
        c.add(f"{path}.{key}", f"{key} must be the source's words as non-empty text, not {raw!r}")
        return ""
    raw = raw.strip()
    if raw == shown:
        c.add(f"{path}.{key}", f"{key} is the same as the wording shown; leave it out when nothing is corrected")
    elif shown and not is_correction(raw, shown):
        c.add(f"{path}.{key}", f"{key} differs from the wording shown in {changed_chars(raw, shown)} characters: "
                               "a correction changes a few characters, it does not rewrite the criterion")
    return raw


def _scored_by(c: _Collector, raw: dict[str, Any], path: str, typ: str, points: Any, veto: Any) -> str:
    """A measure that records a value whose condition another item scores (the cross-reference is
    checked once every item is known)."""
    other = raw.get("scored_by")
    if other is None:
        return ""
    if not isinstance(other, str) or not _CODE_RE.match(other):
        c.add(f"{path}.scored_by", f"scored_by must be the code of the item that scores it, not {other!r}")
        return ""
    if typ not in ("measure", "tiers"):
        c.add(f"{path}.scored_by", f"only a measure or tiers item records a value scored by another item, not a {typ}")
    if points or veto is True:
        c.add(f"{path}.scored_by", "an item scored by another item carries no points and is no veto item")
    return other


def _fractions(c: _Collector, raw: Any, path: str, allowed: tuple[str, ...]) -> dict[str, float] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not raw:
        c.add(path, "must be a mapping of " + "/".join(allowed) + " to a share between 0 and 1")
        return None
    out = {}
    for k, v in raw.items():
        if k not in allowed:
            c.add(f"{path}.{k}", f"unknown grade {k!r}; expected one of {', '.join(allowed)}")
        elif not _is_number(v) or not 0 <= v <= 1:
            c.add(f"{path}.{k}", f"share must be a number between 0 and 1, not {v!r}")
        else:
            out[k] = float(v)
    return out


def _parse_bands(c: _Collector, raw: Any, path: str, allowed: tuple[str, ...],
                 lo: float | None, hi: float | None) -> tuple[Band, ...]:
    if not isinstance(raw, list) or not raw:
        c.add(path, "bands must be a non-empty list")
        return ()
    bands: list[Band] = []
    ok = True
    for i, b in enumerate(raw):
        bp = f"{path}[{i}]"
        if not isinstance(b, dict):
            c.add(bp, "a band must be a mapping with grade and gt/ge/lt/le")
            ok = False
            continue
        unknown = set(b) - {"grade", "gt", "ge", "lt", "le"}
        if unknown:
            c.add(bp, f"unknown key {sorted(unknown)[0]!r} in band")
            ok = False
        grade = b.get("grade")
        if grade not in allowed:
            c.add(f"{bp}.grade", f"grade {grade!r} is not one of {', '.join(allowed)}")
            ok = False
        bounds = {}
        for key in ("gt", "ge", "lt", "le"):
            if key in b:
                if not _is_number(b[key]):
                    c.add(f"{bp}.{key}", f"bound must be a number, not {b[key]!r}")
                    ok = False
                else:
                    bounds[key] = float(b[key])
        if "gt" in bounds and "ge" in bounds or "lt" in bounds and "le" in bounds:
            c.add(bp, "a band has at most one lower bound (gt/ge) and one upper bound (lt/le)")
            ok = False
            continue
        band = Band(grade=grade or "", **bounds)
        (low, li), (up, ui) = band.lower, band.upper
        if low > up or (low == up and not (li and ui)):
            c.add(bp, f"band {band.describe()} is empty")
            ok = False
        bands.append(band)
    if not ok:
        return tuple(bands)
    # Coverage: sorted by lower bound, each band must start exactly where the last ended.
    order = sorted(range(len(bands)), key=lambda i: (bands[i].lower[0], not bands[i].lower[1]))
    start = (-math.inf if lo is None else lo, True)
    end = (math.inf if hi is None else hi, True)
    prev_upper: tuple[float, bool] | None = None
    for n, i in enumerate(order):
        band = bands[i]
        bp = f"{path}[{i}]"
        lower = band.lower
        if prev_upper is None:
            if lower[0] > start[0] or (lower[0] == start[0] and not lower[1] and start[0] != -math.inf):
                c.add(bp, f"bands leave a gap below {plain_number(lower[0])}")
        else:
            pu, pui = prev_upper
            if lower[0] < pu or (lower[0] == pu and lower[1] and pui):
                c.add(bp, f"band {band.describe()} overlaps the band before it")
            elif lower[0] > pu:
                c.add(bp, f"bands leave a gap between {plain_number(pu)} and {plain_number(lower[0])}")
            elif not lower[1] and not pui:
                c.add(bp, f"bands leave a gap: {plain_number(pu)} itself falls in no band")
        prev_upper = band.upper
    if prev_upper is not None:
        u, ui = prev_upper
        if u < end[0] or (u == end[0] and not ui and end[0] != math.inf):
            c.add(f"{path}[{order[-1]}]", f"bands leave a gap above {plain_number(u)}")
    return tuple(bands)


_ITEM_KEYS = {
    "code", "text", "type", "points", "guidance", "method", "required", "veto", "evidence",
    "unit", "min", "max", "bands", "bands_by", "band_variants", "partial_fraction",
    "grade_fractions", "tier_fractions", "per_violation", "source_text",
    "scored_by",
}


def _parse_item(c: _Collector, raw: Any, path: str, params: dict[str, Parameter],
                grade_fractions: dict[str, float], tier_fractions: dict[str, float]) -> Item | None:
    if not isinstance(raw, dict):
        c.add(path, "an item must be a mapping")
        return None
    for k in sorted(set(raw) - _ITEM_KEYS):
        c.add(f"{path}.{k}", f"unknown item key {k!r}")
    code = raw.get("code")
    if not isinstance(code, str) or not _CODE_RE.match(code):
        c.add(f"{path}.code", f"item code {code!r} must be text like \"2.3\"")
        code = str(code)
    text = _text(c, raw, "text", path)
    typ = raw.get("type")
    if typ not in ITEM_TYPES:
        c.add(f"{path}.type", f"unknown item type {typ!r}; expected one of {', '.join(ITEM_TYPES)}")
        return None
    method = raw.get("method", "site_visit")
    if method not in METHODS:
        c.add(f"{path}.method", f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
    points = raw.get("points", 0)
    if not _is_number(points):
        c.add(f"{path}.points", f"points must be a number, not {points!r}")
        points = 0
    elif points < 0:
        c.add(f"{path}.points", f"points must not be negative ({points})")
    if typ in UNSCORED_TYPES and points:
        c.add(f"{path}.points", f"a {typ} item is unscored and cannot carry points")
    veto = raw.get("veto", False)
    required = raw.get("required", True)
    for key, val in (("veto", veto), ("required", required)):
        if not isinstance(val, bool):
            c.add(f"{path}.{key}", f"{key} must be true or false, not {val!r}")
    if veto is True and typ in UNSCORED_TYPES:
        c.add(f"{path}.veto", f"a {typ} item is unscored and cannot be a veto item")
    evidence = raw.get("evidence") or {}
    if not isinstance(evidence, dict) or set(evidence) - {"photo_on_fail", "note_on_fail"}:
        c.add(f"{path}.evidence", "evidence takes photo_on_fail and note_on_fail (true/false)")
        evidence = {}

    lo: Any = raw.get("min")  # checked below: a finite number or None
    hi: Any = raw.get("max")
    for key, v in (("min", lo), ("max", hi)):
        if v is not None and not _is_number(v):
            c.add(f"{path}.{key}", f"{key} must be a number, not {v!r}")
    lo = float(lo) if _is_number(lo) else None
    hi = float(hi) if _is_number(hi) else None
    if lo is not None and hi is not None and lo >= hi:
        c.add(path, f"min {lo} must be below max {hi}")

    fr_path = f"{path}.grade_fractions"
    item_grade_fr = _fractions(c, raw.get("grade_fractions"), fr_path, GRADES)
    item_tier_fr = _fractions(c, raw.get("tier_fractions"), f"{path}.tier_fractions", TIERS)
    band_grades = TIERS if typ == "tiers" else GRADES
    bands: tuple[Band, ...] = ()
    variants: dict[str, tuple[Band, ...]] = {}
    bands_by = raw.get("bands_by")
    if typ in ("measure", "tiers"):
        if bands_by is not None:
            if bands_by not in params:
                c.add(f"{path}.bands_by", f"bands depend on unknown parameter {bands_by!r}")
            raw_variants = raw.get("band_variants")
            if not isinstance(raw_variants, dict) or not raw_variants:
                c.add(f"{path}.band_variants", "bands_by needs band_variants: one band list per parameter value")
            else:
                for value, vb in raw_variants.items():
                    vpath = f"{path}.band_variants.{value}"
                    if bands_by in params and value not in params[bands_by].choices:
                        c.add(vpath, f"band variant for unknown {bands_by} value {value!r}")
                    variants[str(value)] = _parse_bands(c, vb, vpath, band_grades, lo, hi)
                if bands_by in params:
                    for choice in params[bands_by].choices:
                        if choice not in raw_variants:
                            c.add(f"{path}.band_variants", f"no bands for {bands_by}={choice}")
            if "bands" in raw:
                c.add(f"{path}.bands", "use either bands or bands_by/band_variants, not both")
        elif typ == "measure" or "bands" in raw:
            bands = _parse_bands(c, raw.get("bands"), f"{path}.bands", band_grades, lo, hi)
        # Every grade a band can produce must be worth something defined.
        fractions = (item_tier_fr or tier_fractions) if typ == "tiers" else (item_grade_fr or grade_fractions)
        used = {b.grade for b in bands} | {b.grade for vb in variants.values() for b in vb}
        for g in sorted(used - set(fractions)):
            c.add(f"{path}.bands", f"grade {g!r} has no share in {'tier' if typ == 'tiers' else 'grade'}_fractions")
    else:
        for key in ("bands", "bands_by", "band_variants"):
            if key in raw:
                c.add(f"{path}.{key}", f"a {typ} item takes no {key}")
    partial = raw.get("partial_fraction")
    if partial is not None and (not _is_number(partial) or not 0 <= partial <= 1):
        c.add(f"{path}.partial_fraction", f"partial_fraction must be between 0 and 1, not {partial!r}")
        partial = None
    per_violation = raw.get("per_violation", 1)
    if not _is_number(per_violation) or per_violation <= 0:
        c.add(f"{path}.per_violation", f"per_violation must be a number above 0, not {per_violation!r}")
        per_violation = 1
    return Item(
        code=code, text=text, type=typ, points=float(points) if _is_number(points) else 0.0,
        guidance=str(raw.get("guidance") or "").strip(), method=method,
        required=required is True, veto=veto is True,
        photo_on_fail=bool(evidence.get("photo_on_fail")), note_on_fail=bool(evidence.get("note_on_fail")),
        unit=str(raw.get("unit") or ""), min=lo, max=hi, bands=bands,
        bands_by=bands_by if variants else None, band_variants=variants,
        partial_fraction=float(partial) if partial is not None else None,
        grade_fractions=item_grade_fr, tier_fractions=item_tier_fr, per_violation=float(per_violation),
        source_text=_source_words(c, raw, "source_text", text, path),
        scored_by=_scored_by(c, raw, path, typ, points, veto),
    )


def _parse_section(c: _Collector, raw: Any, path: str, ctx: dict[str, Any], codes: dict[str, str]) -> Section | None:
    if not isinstance(raw, dict):
        c.add(path, "a section must be a mapping")
        return None
    for k in sorted(set(raw) - {"code", "title", "source_title", "items", "sections"}):
        c.add(f"{path}.{k}", f"unknown section key {k!r}")
    code = raw.get("code")
    if not isinstance(code, str) or not _CODE_RE.match(code):
        c.add(f"{path}.code", f"section code {code!r} must be text like \"2\"")
        code = str(code)
    elif code in codes:
        c.add(f"{path}.code", f"duplicate code {code!r} (first used at {codes[code]})")
    else:
        codes[code] = path
    title = _text(c, raw, "title", path)
    items = []
    raw_items = raw.get("items") or []
    raw_subs = raw.get("sections") or []
    if not isinstance(raw_items, list) or not isinstance(raw_subs, list):
        c.add(path, "items and sections must be lists")
        return None
    if not raw_items and not raw_subs:
        c.add(path, f"section {code} has no items")
    for i, r in enumerate(raw_items):
        ipath = f"{path}.items[{i}]"
        it = _parse_item(c, r, ipath, **ctx)
        if it is None:
            continue
        if it.code in codes:
            c.add(f"{ipath}.code", f"duplicate code {it.code!r} (first used at {codes[it.code]})")
        else:
            codes[it.code] = ipath
        items.append(it)
    subs = [s for i, r in enumerate(raw_subs)
            if (s := _parse_section(c, r, f"{path}.sections[{i}]", ctx, codes)) is not None]
    return Section(code=code, title=title, items=tuple(items), sections=tuple(subs),
                   source_title=_source_words(c, raw, "source_title", title, path))


def too_deep_sections(raw_sections: Any) -> str | None:
    """The path of the first section nested deeper than MAX_SECTION_DEPTH, found without recursion
    (parsing recurses once per level, so it must not meet a template nested hundreds deep)."""
    if not isinstance(raw_sections, list):
        return None
    stack = [(f"sections[{i}]", r, 1) for i, r in enumerate(raw_sections)]
    while stack:
        path, raw, depth = stack.pop()
        if depth > MAX_SECTION_DEPTH:
            return path
        subs = raw.get("sections") if isinstance(raw, dict) else None
        if isinstance(subs, list):
            stack.extend((f"{path}.sections[{i}]", r, depth + 1) for i, r in enumerate(subs))
    return None


def _parse(data: Any) -> tuple[Template | None, list[Problem]]:
    c = _Collector()
    if not isinstance(data, dict):
        c.add("", "a template must be a mapping at the top level")
        return None, c.problems
    known = {"id", "title", "version", "scope", "source", "description", "rectification_days",
             "parameters", "scoring", "levels", "certificates", "sections"}
    for k in sorted(set(data) - known):
        c.add(k, f"unknown template key {k!r}")
    tid: Any = data.get("id")  # YAML input: checked here, the Template is built only without problems
    if not isinstance(tid, str) or not _ID_RE.match(tid):
        c.add("id", f"template id {tid!r} must be lowercase letters, digits and '-'")
    title = _text(c, data, "title", "")
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        c.add("version", f"version must be a whole number ≥ 1, not {version!r}")
        version = 1
    scope: Any = data.get("scope")
    if scope not in SCOPES:
        c.add("scope", f"scope {scope!r} is not one of {', '.join(SCOPES)}")
    rdays = data.get("rectification_days", 30)
    if not isinstance(rdays, int) or isinstance(rdays, bool) or rdays < 1:
        c.add("rectification_days", f"rectification_days must be a whole number ≥ 1, not {rdays!r}")
        rdays = 30

    params: dict[str, Parameter] = {}
    raw_params = data.get("parameters") or []
    if not isinstance(raw_params, list):
        c.add("parameters", "parameters must be a list")
        raw_params = []
    for i, p in enumerate(raw_params):
        pp = f"parameters[{i}]"
        if not isinstance(p, dict):
            c.add(pp, "a parameter must be a mapping")
            continue
        name = p.get("name")
        choices = p.get("choices")
        if not isinstance(name, str) or not _NAME_RE.match(name):
            c.add(f"{pp}.name", f"parameter name {name!r} must be a lowercase identifier")
            continue
        if name in params:
            c.add(f"{pp}.name", f"duplicate parameter {name!r}")
        if not isinstance(choices, list) or not choices or not all(isinstance(x, str) for x in choices):
            c.add(f"{pp}.choices", "choices must be a non-empty list of text values")
            continue
        default: Any = p.get("default", choices[0])
        if default not in choices:
            c.add(f"{pp}.default", f"default {default!r} is not one of the choices")
        labels = p.get("choice_labels") or {}
        if not isinstance(labels, dict):
            c.add(f"{pp}.choice_labels", "choice_labels must be a mapping")
            labels = {}
        params[name] = Parameter(name=name, label=str(p.get("label") or name), choices=tuple(choices),
                                 default=default, choice_labels={str(k): str(v) for k, v in labels.items()})

    scoring = data.get("scoring") or {}
    if not isinstance(scoring, dict):
        c.add("scoring", "scoring must be a mapping")
        scoring = {}
    partial = scoring.get("partial_fraction", DEFAULT_PARTIAL_FRACTION)
    if not _is_number(partial) or not 0 <= partial <= 1:
        c.add("scoring.partial_fraction", f"partial_fraction must be between 0 and 1, not {partial!r}")
        partial = DEFAULT_PARTIAL_FRACTION
    gfr = _fractions(c, scoring.get("grade_fractions"), "scoring.grade_fractions", GRADES) or dict(DEFAULT_GRADE_FRACTIONS)
    tfr = _fractions(c, scoring.get("tier_fractions"), "scoring.tier_fractions", TIERS) or dict(DEFAULT_TIER_FRACTIONS)

    levels: list[Level] = []
    raw_levels = data.get("levels")
    if not isinstance(raw_levels, list) or not raw_levels:
        c.add("levels", "levels must be a non-empty list, highest first")
        raw_levels = []
    for i, lv in enumerate(raw_levels):
        lp = f"levels[{i}]"
        if not isinstance(lv, dict) or not isinstance(lv.get("name"), str):
            c.add(lp, "a level needs name, label and min_percent")
            continue
        mp: Any = lv.get("min_percent")
        if not _is_number(mp) or not 0 <= mp <= 100:
            c.add(f"{lp}.min_percent", f"min_percent must be between 0 and 100, not {mp!r}")
            continue
        if levels and mp >= levels[-1].min_percent:
            c.add(f"{lp}.min_percent", "levels must be listed highest first with falling min_percent")
        if any(x.name == lv["name"] for x in levels):
            c.add(f"{lp}.name", f"duplicate level {lv['name']!r}")
        levels.append(Level(name=lv["name"], label=str(lv.get("label") or lv["name"]), min_percent=float(mp)))
    if levels and levels[-1].min_percent != 0:
        c.add(f"levels[{len(levels) - 1}].min_percent", "the lowest level must start at 0")

    certs: list[CertificateRule] = []
    for i, cr in enumerate(data.get("certificates") or []):
        cp = f"certificates[{i}]"
        if not isinstance(cr, dict) or not isinstance(cr.get("title"), str) or not cr["title"].strip():
            c.add(cp, "a certificate rule needs a title")
            continue
        lvls = cr.get("levels")
        if not isinstance(lvls, list) or not lvls:
            c.add(f"{cp}.levels", "levels must list the level names that earn the certificate")
            continue
        for name in lvls:
            if name not in {lv.name for lv in levels}:
                c.add(f"{cp}.levels", f"unknown level {name!r}")
        certs.append(CertificateRule(title=cr["title"].strip(), levels=tuple(lvls)))

    raw_sections = data.get("sections")
    sections: list[Section] = []
    if not isinstance(raw_sections, list) or not raw_sections:
        c.add("sections", "sections must be a non-empty list")
    elif (deep := too_deep_sections(raw_sections)) is not None:
        c.add(deep, f"sections nested more than {MAX_SECTION_DEPTH} deep (the limit is {MAX_SECTION_DEPTH})")
    else:
        ctx = {"params": params, "grade_fractions": gfr, "tier_fractions": tfr}
        codes: dict[str, str] = {}
        for i, r in enumerate(raw_sections):
            s = _parse_section(c, r, f"sections[{i}]", ctx, codes)
            if s is not None:
                sections.append(s)
        all_items = {it.code: it for s in sections for it in s.walk_items()}
        for it in all_items.values():
            target = all_items.get(it.scored_by) if it.scored_by else None
            if it.scored_by and (target is None or not target.counts or target.code == it.code):
                c.add(codes.get(it.code, it.code) + ".scored_by",
                      f"scored_by {it.scored_by!r} must name another item of this template that is scored")
        if sections and not any(it.scored for s in sections for it in s.walk_items()):
            c.add("sections", "the template has no scored item")
    if c.problems:
        return None, c.problems
    return Template(
        id=tid, title=title, version=version, scope=scope, sections=tuple(sections),
        levels=tuple(levels), parameters=tuple(params.values()), certificates=tuple(certs),
        partial_fraction=float(partial), grade_fractions=gfr, tier_fractions=tfr,
        rectification_days=rdays, source=str(data.get("source") or ""),
        description=str(data.get("description") or ""),
    ), []


def validate_template(data: Any) -> list[Problem]:
    """Every problem in a template's data; empty when it is usable."""
    return _parse(data)[1]


def parse_template(data: Any) -> Template:
    """Build a Template from plain data, or raise TemplateError listing every fault."""
    tpl, problems = _parse(data)
    if problems:
        raise TemplateError(problems)
    assert tpl is not None
    return tpl
