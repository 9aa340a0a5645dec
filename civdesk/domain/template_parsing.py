"""Parsing and validating a checklist definition (plain data) into the template model
(domain/template.py), collecting every problem with its path. See docs/template-format.md."""

from __future__ import annotations

import math
import re
from typing import Any

from .template import (
    DEFAULT_GRADE_FRACTIONS,
    DEFAULT_PARTIAL_FRACTION,
    DEFAULT_TIER_FRACTIONS,
    GRADES,
    ITEM_TYPES,
    MAX_SECTION_DEPTH,
    METHODS,
    SCOPES,
    TIERS,
    UNSCORED_TYPES,
    Band,
    CertificateRule,
    Item,
    Level,
    Parameter,
    Problem,
    Section,
    Template,
    TemplateError,
    plain_number,
)
from .wording import changed_chars, is_correction

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_CODE_RE = re.compile(r"^[0-9A-Za-z]+([.-][0-9A-Za-z]+)*$")
_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]*$")


# --------------------------------------------------------------------------- parsing


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, code: str, /, **params: Any) -> None:
        self.problems.append(Problem(path, code, params))


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _text(c: _Collector, data: dict[str, Any], key: str, path: str, required: bool = True) -> str:
    v = data.get(key)
    if v is None:
        if required:
            c.add(path, "tproblem.missing", key=key)
        return ""
    if not isinstance(v, str):
        c.add(f"{path}.{key}", "tproblem.not_text", key=key, typename=type(v).__name__)
        return ""
    if required and not v.strip():
        c.add(f"{path}.{key}", "tproblem.empty", key=key)
    return v.strip()


def _source_words(c: _Collector, data: dict[str, Any], key: str, shown: str, path: str) -> str:
    """The source document's own words behind a corrected ``text``/``title`` (see domain.wording)."""
    if key not in data:
        return ""
    raw = data[key]
    if not isinstance(raw, str) or not raw.strip():
        c.add(f"{path}.{key}", "tproblem.source_words_not_text", key=key, raw=raw)
        return ""
    raw = raw.strip()
    if raw == shown:
        c.add(f"{path}.{key}", "tproblem.source_words_same", key=key)
    elif shown and not is_correction(raw, shown):
        c.add(f"{path}.{key}", "tproblem.source_words_rewritten", key=key, count=changed_chars(raw, shown))
    return raw


def _scored_by(c: _Collector, raw: dict[str, Any], path: str, typ: str, points: Any, veto: Any) -> str:
    """A measure that records a value whose condition another item scores (the cross-reference is
    checked once every item is known)."""
    other = raw.get("scored_by")
    if other is None:
        return ""
    if not isinstance(other, str) or not _CODE_RE.match(other):
        c.add(f"{path}.scored_by", "tproblem.scored_by_not_code", other=other)
        return ""
    if typ not in ("measure", "tiers"):
        c.add(f"{path}.scored_by", "tproblem.scored_by_wrong_type", typ=typ)
    if points or veto is True:
        c.add(f"{path}.scored_by", "tproblem.scored_by_points")
    return other


def _fractions(c: _Collector, raw: Any, path: str, allowed: tuple[str, ...]) -> dict[str, float] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not raw:
        c.add(path, "tproblem.fractions_not_mapping", choices="/".join(allowed))
        return None
    out = {}
    for k, v in raw.items():
        if k not in allowed:
            c.add(f"{path}.{k}", "tproblem.unknown_grade", k=k, choices=", ".join(allowed))
        elif not _is_number(v) or not 0 <= v <= 1:
            c.add(f"{path}.{k}", "tproblem.share_range", v=v)
        else:
            out[k] = float(v)
    return out


def _parse_bands(
    c: _Collector, raw: Any, path: str, allowed: tuple[str, ...], lo: float | None, hi: float | None
) -> tuple[Band, ...]:
    if not isinstance(raw, list) or not raw:
        c.add(path, "tproblem.bands_empty")
        return ()
    bands: list[Band] = []
    ok = True
    for i, b in enumerate(raw):
        bp = f"{path}[{i}]"
        if not isinstance(b, dict):
            c.add(bp, "tproblem.band_not_mapping")
            ok = False
            continue
        unknown = set(b) - {"grade", "gt", "ge", "lt", "le"}
        if unknown:
            c.add(bp, "tproblem.band_unknown_key", key=sorted(unknown)[0])
            ok = False
        grade = b.get("grade")
        if grade not in allowed:
            c.add(f"{bp}.grade", "tproblem.band_grade", grade=grade, choices=", ".join(allowed))
            ok = False
        bounds = {}
        for key in ("gt", "ge", "lt", "le"):
            if key in b:
                if not _is_number(b[key]):
                    c.add(f"{bp}.{key}", "tproblem.bound_not_number", value=b[key])
                    ok = False
                else:
                    bounds[key] = float(b[key])
        if ("gt" in bounds and "ge" in bounds) or ("lt" in bounds and "le" in bounds):
            c.add(bp, "tproblem.band_bounds")
            ok = False
            continue
        band = Band(grade=grade or "", **bounds)
        (low, li), (up, ui) = band.lower, band.upper
        if low > up or (low == up and not (li and ui)):
            c.add(bp, "tproblem.band_empty", band=band.describe())
            ok = False
        bands.append(band)
    if not ok:
        return tuple(bands)
    # Coverage: sorted by lower bound, each band must start exactly where the last ended.
    order = sorted(range(len(bands)), key=lambda i: (bands[i].lower[0], not bands[i].lower[1]))
    start = (-math.inf if lo is None else lo, True)
    end = (math.inf if hi is None else hi, True)
    prev_upper: tuple[float, bool] | None = None
    for _n, i in enumerate(order):
        band = bands[i]
        bp = f"{path}[{i}]"
        lower = band.lower
        if prev_upper is None:
            if lower[0] > start[0] or (lower[0] == start[0] and not lower[1] and start[0] != -math.inf):
                c.add(bp, "tproblem.gap_below", lower=plain_number(lower[0]))
        else:
            pu, pui = prev_upper
            if lower[0] < pu or (lower[0] == pu and lower[1] and pui):
                c.add(bp, "tproblem.band_overlaps", band=band.describe())
            elif lower[0] > pu:
                c.add(bp, "tproblem.gap_between", upper=plain_number(pu), lower=plain_number(lower[0]))
            elif not lower[1] and not pui:
                c.add(bp, "tproblem.gap_at", upper=plain_number(pu))
        prev_upper = band.upper
    if prev_upper is not None:
        u, ui = prev_upper
        if u < end[0] or (u == end[0] and not ui and end[0] != math.inf):
            c.add(f"{path}[{order[-1]}]", "tproblem.gap_above", upper=plain_number(u))
    return tuple(bands)


_ITEM_KEYS = {
    "code",
    "text",
    "type",
    "points",
    "guidance",
    "method",
    "required",
    "veto",
    "evidence",
    "unit",
    "min",
    "max",
    "bands",
    "bands_by",
    "band_variants",
    "partial_fraction",
    "grade_fractions",
    "tier_fractions",
    "per_violation",
    "source_text",
    "scored_by",
}


def _parse_item(
    c: _Collector,
    raw: Any,
    path: str,
    params: dict[str, Parameter],
    grade_fractions: dict[str, float],
    tier_fractions: dict[str, float],
) -> Item | None:
    if not isinstance(raw, dict):
        c.add(path, "tproblem.item_not_mapping")
        return None
    for k in sorted(set(raw) - _ITEM_KEYS):
        c.add(f"{path}.{k}", "tproblem.item_unknown_key", k=k)
    code = raw.get("code")
    if not isinstance(code, str) or not _CODE_RE.match(code):
        c.add(f"{path}.code", "tproblem.item_code", code=code)
        code = str(code)
    text = _text(c, raw, "text", path)
    typ = raw.get("type")
    if typ not in ITEM_TYPES:
        c.add(f"{path}.type", "tproblem.item_type", typ=typ, choices=", ".join(ITEM_TYPES))
        return None
    method = raw.get("method", "site_visit")
    if method not in METHODS:
        c.add(f"{path}.method", "tproblem.item_method", method=method, choices=", ".join(METHODS))
    points = raw.get("points", 0)
    if not _is_number(points):
        c.add(f"{path}.points", "tproblem.points_not_number", points=points)
        points = 0
    elif points < 0:
        c.add(f"{path}.points", "tproblem.points_negative", points=points)
    if typ in UNSCORED_TYPES and points:
        c.add(f"{path}.points", "tproblem.unscored_points", typ=typ)
    veto = raw.get("veto", False)
    required = raw.get("required", True)
    for key, val in (("veto", veto), ("required", required)):
        if not isinstance(val, bool):
            c.add(f"{path}.{key}", "tproblem.not_bool", key=key, val=val)
    if veto is True and typ in UNSCORED_TYPES:
        c.add(f"{path}.veto", "tproblem.unscored_veto", typ=typ)
    evidence = raw.get("evidence") or {}
    if not isinstance(evidence, dict) or set(evidence) - {"photo_on_fail", "note_on_fail"}:
        c.add(f"{path}.evidence", "tproblem.evidence_keys")
        evidence = {}

    lo: Any = raw.get("min")  # checked below: a finite number or None
    hi: Any = raw.get("max")
    for key, v in (("min", lo), ("max", hi)):
        if v is not None and not _is_number(v):
            c.add(f"{path}.{key}", "tproblem.not_number", key=key, v=v)
    lo = float(lo) if _is_number(lo) else None
    hi = float(hi) if _is_number(hi) else None
    if lo is not None and hi is not None and lo >= hi:
        c.add(path, "tproblem.min_max", lo=lo, hi=hi)

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
                c.add(f"{path}.bands_by", "tproblem.bands_by_unknown", bands_by=bands_by)
            raw_variants = raw.get("band_variants")
            if not isinstance(raw_variants, dict) or not raw_variants:
                c.add(f"{path}.band_variants", "tproblem.bands_by_variants")
            else:
                for value, vb in raw_variants.items():
                    vpath = f"{path}.band_variants.{value}"
                    if bands_by in params and value not in params[bands_by].choices:
                        c.add(vpath, "tproblem.variant_unknown_value", bands_by=bands_by, value=value)
                    variants[str(value)] = _parse_bands(c, vb, vpath, band_grades, lo, hi)
                if bands_by in params:
                    for choice in params[bands_by].choices:
                        if choice not in raw_variants:
                            c.add(f"{path}.band_variants", "tproblem.variant_missing", bands_by=bands_by, choice=choice)
            if "bands" in raw:
                c.add(f"{path}.bands", "tproblem.bands_both")
        elif typ == "measure" or "bands" in raw:
            bands = _parse_bands(c, raw.get("bands"), f"{path}.bands", band_grades, lo, hi)
        # Every grade a band can produce must be worth something defined.
        fractions = (item_tier_fr or tier_fractions) if typ == "tiers" else (item_grade_fr or grade_fractions)
        used = {b.grade for b in bands} | {b.grade for vb in variants.values() for b in vb}
        for g in sorted(used - set(fractions)):
            c.add(
                f"{path}.bands",
                "tproblem.grade_no_share",
                g=g,
                fractions="tier_fractions" if typ == "tiers" else "grade_fractions",
            )
    else:
        for key in ("bands", "bands_by", "band_variants"):
            if key in raw:
                c.add(f"{path}.{key}", "tproblem.takes_no", typ=typ, key=key)
    partial = raw.get("partial_fraction")
    if partial is not None and (not _is_number(partial) or not 0 <= partial <= 1):
        c.add(f"{path}.partial_fraction", "tproblem.partial_fraction", partial=partial)
        partial = None
    per_violation = raw.get("per_violation", 1)
    if not _is_number(per_violation) or per_violation <= 0:
        c.add(f"{path}.per_violation", "tproblem.per_violation", per_violation=per_violation)
        per_violation = 1
    return Item(
        code=code,
        text=text,
        type=typ,
        points=float(points) if _is_number(points) else 0.0,
        guidance=str(raw.get("guidance") or "").strip(),
        method=method,
        required=required is True,
        veto=veto is True,
        photo_on_fail=bool(evidence.get("photo_on_fail")),
        note_on_fail=bool(evidence.get("note_on_fail")),
        unit=str(raw.get("unit") or ""),
        min=lo,
        max=hi,
        bands=bands,
        bands_by=bands_by if variants else None,
        band_variants=variants,
        partial_fraction=float(partial) if partial is not None else None,
        grade_fractions=item_grade_fr,
        tier_fractions=item_tier_fr,
        per_violation=float(per_violation),
        source_text=_source_words(c, raw, "source_text", text, path),
        scored_by=_scored_by(c, raw, path, typ, points, veto),
    )


def _parse_section(c: _Collector, raw: Any, path: str, ctx: dict[str, Any], codes: dict[str, str]) -> Section | None:
    if not isinstance(raw, dict):
        c.add(path, "tproblem.section_not_mapping")
        return None
    for k in sorted(set(raw) - {"code", "title", "source_title", "items", "sections"}):
        c.add(f"{path}.{k}", "tproblem.section_unknown_key", k=k)
    code = raw.get("code")
    if not isinstance(code, str) or not _CODE_RE.match(code):
        c.add(f"{path}.code", "tproblem.section_code", code=code)
        code = str(code)
    elif code in codes:
        c.add(f"{path}.code", "tproblem.duplicate_code", code=code, first=codes[code])
    else:
        codes[code] = path
    title = _text(c, raw, "title", path)
    items = []
    raw_items = raw.get("items") or []
    raw_subs = raw.get("sections") or []
    if not isinstance(raw_items, list) or not isinstance(raw_subs, list):
        c.add(path, "tproblem.children_not_lists")
        return None
    if not raw_items and not raw_subs:
        c.add(path, "tproblem.section_no_items", code=code)
    for i, r in enumerate(raw_items):
        ipath = f"{path}.items[{i}]"
        it = _parse_item(c, r, ipath, **ctx)
        if it is None:
            continue
        if it.code in codes:
            c.add(f"{ipath}.code", "tproblem.duplicate_code", code=it.code, first=codes[it.code])
        else:
            codes[it.code] = ipath
        items.append(it)
    subs = [
        s
        for i, r in enumerate(raw_subs)
        if (s := _parse_section(c, r, f"{path}.sections[{i}]", ctx, codes)) is not None
    ]
    return Section(
        code=code,
        title=title,
        items=tuple(items),
        sections=tuple(subs),
        source_title=_source_words(c, raw, "source_title", title, path),
    )


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
        c.add("", "tproblem.not_mapping")
        return None, c.problems
    known = {
        "id",
        "title",
        "version",
        "scope",
        "source",
        "description",
        "rectification_days",
        "parameters",
        "scoring",
        "levels",
        "certificates",
        "sections",
    }
    for k in sorted(set(data) - known):
        c.add(k, "tproblem.unknown_key", k=k)
    tid: Any = data.get("id")  # YAML input: checked here, the Template is built only without problems
    if not isinstance(tid, str) or not _ID_RE.match(tid):
        c.add("id", "tproblem.template_id", tid=tid)
    title = _text(c, data, "title", "")
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        c.add("version", "tproblem.version", version=version)
        version = 1
    scope: Any = data.get("scope")
    if scope not in SCOPES:
        c.add("scope", "tproblem.scope", scope=scope, choices=", ".join(SCOPES))
    rdays = data.get("rectification_days", 30)
    if not isinstance(rdays, int) or isinstance(rdays, bool) or rdays < 1:
        c.add("rectification_days", "tproblem.rectification_days", rdays=rdays)
        rdays = 30

    params: dict[str, Parameter] = {}
    raw_params = data.get("parameters") or []
    if not isinstance(raw_params, list):
        c.add("parameters", "tproblem.parameters_not_list")
        raw_params = []
    for i, p in enumerate(raw_params):
        pp = f"parameters[{i}]"
        if not isinstance(p, dict):
            c.add(pp, "tproblem.parameter_not_mapping")
            continue
        name = p.get("name")
        choices = p.get("choices")
        if not isinstance(name, str) or not _NAME_RE.match(name):
            c.add(f"{pp}.name", "tproblem.parameter_name", name=name)
            continue
        if name in params:
            c.add(f"{pp}.name", "tproblem.parameter_duplicate", name=name)
        if not isinstance(choices, list) or not choices or not all(isinstance(x, str) for x in choices):
            c.add(f"{pp}.choices", "tproblem.choices")
            continue
        default: Any = p.get("default", choices[0])
        if default not in choices:
            c.add(f"{pp}.default", "tproblem.default_choice", default=default)
        labels = p.get("choice_labels") or {}
        if not isinstance(labels, dict):
            c.add(f"{pp}.choice_labels", "tproblem.choice_labels")
            labels = {}
        params[name] = Parameter(
            name=name,
            label=str(p.get("label") or name),
            choices=tuple(choices),
            default=default,
            choice_labels={str(k): str(v) for k, v in labels.items()},
        )

    scoring = data.get("scoring") or {}
    if not isinstance(scoring, dict):
        c.add("scoring", "tproblem.scoring_not_mapping")
        scoring = {}
    partial = scoring.get("partial_fraction", DEFAULT_PARTIAL_FRACTION)
    if not _is_number(partial) or not 0 <= partial <= 1:
        c.add("scoring.partial_fraction", "tproblem.partial_fraction", partial=partial)
        partial = DEFAULT_PARTIAL_FRACTION
    gfr = _fractions(c, scoring.get("grade_fractions"), "scoring.grade_fractions", GRADES) or dict(
        DEFAULT_GRADE_FRACTIONS
    )
    tfr = _fractions(c, scoring.get("tier_fractions"), "scoring.tier_fractions", TIERS) or dict(DEFAULT_TIER_FRACTIONS)

    levels: list[Level] = []
    raw_levels = data.get("levels")
    if not isinstance(raw_levels, list) or not raw_levels:
        c.add("levels", "tproblem.levels_empty")
        raw_levels = []
    for i, lv in enumerate(raw_levels):
        lp = f"levels[{i}]"
        if not isinstance(lv, dict) or not isinstance(lv.get("name"), str):
            c.add(lp, "tproblem.level_fields")
            continue
        mp: Any = lv.get("min_percent")
        if not _is_number(mp) or not 0 <= mp <= 100:
            c.add(f"{lp}.min_percent", "tproblem.min_percent_range", mp=mp)
            continue
        if levels and mp >= levels[-1].min_percent:
            c.add(f"{lp}.min_percent", "tproblem.levels_order")
        if any(x.name == lv["name"] for x in levels):
            c.add(f"{lp}.name", "tproblem.level_duplicate", name=lv["name"])
        levels.append(Level(name=lv["name"], label=str(lv.get("label") or lv["name"]), min_percent=float(mp)))
    if levels and levels[-1].min_percent != 0:
        c.add(f"levels[{len(levels) - 1}].min_percent", "tproblem.lowest_level")

    certs: list[CertificateRule] = []
    for i, cr in enumerate(data.get("certificates") or []):
        cp = f"certificates[{i}]"
        if not isinstance(cr, dict) or not isinstance(cr.get("title"), str) or not cr["title"].strip():
            c.add(cp, "tproblem.certificate_title")
            continue
        lvls = cr.get("levels")
        if not isinstance(lvls, list) or not lvls:
            c.add(f"{cp}.levels", "tproblem.certificate_levels")
            continue
        for name in lvls:
            if name not in {lv.name for lv in levels}:
                c.add(f"{cp}.levels", "tproblem.unknown_level", name=name)
        certs.append(CertificateRule(title=cr["title"].strip(), levels=tuple(lvls)))

    raw_sections = data.get("sections")
    sections: list[Section] = []
    if not isinstance(raw_sections, list) or not raw_sections:
        c.add("sections", "tproblem.sections_empty")
    elif (deep := too_deep_sections(raw_sections)) is not None:
        c.add(deep, "tproblem.too_deep", limit=MAX_SECTION_DEPTH)
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
                c.add(codes.get(it.code, it.code) + ".scored_by", "tproblem.scored_by_unknown", other=it.scored_by)
        if sections and not any(it.scored for s in sections for it in s.walk_items()):
            c.add("sections", "tproblem.no_scored_item")
    if c.problems:
        return None, c.problems
    return Template(
        id=tid,
        title=title,
        version=version,
        scope=scope,
        sections=tuple(sections),
        levels=tuple(levels),
        parameters=tuple(params.values()),
        certificates=tuple(certs),
        partial_fraction=float(partial),
        grade_fractions=gfr,
        tier_fractions=tfr,
        rectification_days=rdays,
        source=str(data.get("source") or ""),
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
