"""Templates as Excel workbooks (.xlsx), both ways, exactly: a pure converter between template data
and an openpyxl workbook. Opening, saving and storing are services.templates' (files within the
budget of xlsx_guard, written whole by xlsx_cells.save_workbook).

Sheets: ``template`` (key / value rows, nested keys dotted: ``scoring.grade_fractions.good``),
``parameters``, ``levels``, ``certificates``, ``sections`` (code, parent, title; row order is the
order), ``items`` (one row per criterion, its section's code first) and ``bands`` (item, variant of
the band parameter or empty, grade, gt/ge/lt/le). An empty cell is an absent key. Whole numbers
that are floats in the template (``1.0``) carry the number format ``0.0…`` so they come back as
floats: reading a written workbook gives back the very same template data, and so the same
content hash (an unchanged template imported from Excel is recognised as unchanged).
"""

from __future__ import annotations

import json
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from ..errors import InputError
from .xlsx_cells import append_row
from .xlsx_guard import sheet_rows

FLOAT_FORMAT = "0.0##############"
TEMPLATE_KEYS = ("id", "title", "version", "scope", "source", "description", "rectification_days")
SCORING_KEYS = ("partial_fraction", "grade_fractions", "tier_fractions")
ITEM_COLUMNS = (
    "section",
    "code",
    "text",
    "type",
    "points",
    "guidance",
    "method",
    "required",
    "veto",
    "photo_on_fail",
    "note_on_fail",
    "unit",
    "min",
    "max",
    "bands_by",
    "partial_fraction",
    "grade_fractions",
    "tier_fractions",
    "per_violation",
    "source_text",
    "scored_by",
)
SECTION_COLUMNS = ("code", "parent", "title", "source_title")
BAND_COLUMNS = ("item", "variant", "grade", "gt", "ge", "lt", "le")
JSON_COLUMNS = {"grade_fractions", "tier_fractions", "choices", "choice_labels"}
LIST_KEYS = ("parameters", "levels", "certificates")
SHEETS = ("template", "parameters", "levels", "certificates", "sections", "items", "bands")


# ------------------------------------------------------------------ writing


def _put(ws, row: list[Any]) -> None:
    for cell, value in zip(append_row(ws, row), row):
        if isinstance(value, float) and value.is_integer():
            cell.number_format = FLOAT_FORMAT


def _header(ws, cols) -> None:
    ws.append(list(cols))
    for c in ws[1]:
        c.font = Font(bold=True)
    ws.freeze_panes = "A2"


def _cell(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def to_workbook(data: dict) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "template"
    _header(ws, ("key", "value"))
    for k in TEMPLATE_KEYS:
        if k in data:
            _put(ws, [k, data[k]])
    for k, v in (data.get("scoring") or {}).items():
        if isinstance(v, dict):
            for g, share in v.items():
                _put(ws, [f"scoring.{k}.{g}", share])
        else:
            _put(ws, [f"scoring.{k}", v])
    if "scoring" in data and not data["scoring"]:
        _put(ws, ["scoring", "{}"])
    for k in LIST_KEYS:  # a list given but empty, which no row of its sheet can show
        if k in data and not data[k]:
            _put(ws, [k, "[]"])

    ws = wb.create_sheet("parameters")
    cols = ("name", "label", "choices", "default", "choice_labels")
    _header(ws, cols)
    for p in data.get("parameters") or []:
        _put(ws, [_cell(p[c]) if c in p else None for c in cols])

    ws = wb.create_sheet("levels")
    _header(ws, ("name", "label", "min_percent"))
    for lv in data.get("levels") or []:
        _put(ws, [lv.get("name"), lv.get("label"), lv.get("min_percent")])

    ws = wb.create_sheet("certificates")
    _header(ws, ("title", "levels"))
    for c in data.get("certificates") or []:
        _put(ws, [c.get("title"), ", ".join(c.get("levels") or [])])

    sections, items, bands = wb.create_sheet("sections"), wb.create_sheet("items"), wb.create_sheet("bands")
    _header(sections, SECTION_COLUMNS)
    _header(items, ITEM_COLUMNS)
    _header(bands, BAND_COLUMNS)

    def walk(sec: dict, parent: str | None) -> None:
        _put(sections, [sec.get("code"), parent, sec.get("title"), sec.get("source_title")])
        for it in sec.get("items") or []:
            ev = it.get("evidence") or {}
            row = []
            for c in ITEM_COLUMNS:
                if c == "section":
                    row.append(sec.get("code"))
                elif c in ("photo_on_fail", "note_on_fail"):
                    row.append(ev.get(c))
                else:
                    row.append(_cell(it.get(c)))
            _put(items, row)
            for b in it.get("bands") or []:
                _put(bands, [it.get("code"), None, *(b.get(c) for c in BAND_COLUMNS[2:])])
            for variant, vb in (it.get("band_variants") or {}).items():
                for b in vb:
                    _put(bands, [it.get("code"), variant, *(b.get(c) for c in BAND_COLUMNS[2:])])
        for sub in sec.get("sections") or []:
            walk(sub, sec.get("code"))

    for sec in data.get("sections") or []:
        walk(sec, None)
    for ws in wb.worksheets:
        ws.column_dimensions["A"].width = 16
    items.column_dimensions["C"].width = 60
    items.column_dimensions["F"].width = 40
    return wb


# ------------------------------------------------------------------ reading


def _value(cell) -> Any:
    v = cell.value
    if isinstance(v, int) and not isinstance(v, bool) and cell.number_format == FLOAT_FORMAT:
        return float(v)
    return v


def _rows(wb, name: str, path: str) -> tuple[list[str], list[list]]:
    if name not in wb.sheetnames:
        raise InputError("template_xlsx.no_sheet_template_workbook", path=path, name=name, join=", ".join(SHEETS))
    rows = [[_value(c) for c in r] for r in sheet_rows(wb[name])]
    if not rows:
        return [], []
    head = [str(h) if h is not None else "" for h in rows[0]]
    body = [r for r in rows[1:] if any(v is not None for v in r)]
    return head, body


def _records(wb, name: str, cols, path: str) -> list[dict]:
    head, body = _rows(wb, name, path)
    unknown = [h for h in head if h and h not in cols]
    if unknown:
        raise InputError("template_xlsx.sheet_has_unknown_column", path=path, name=name, value=unknown[0])
    out = []
    for r in body:
        rec = {}
        for h, v in zip(head, r):
            if h and v is not None:
                rec[h] = v
        out.append(rec)
    return out


def _json_cell(path: str, where: str, v: Any) -> Any:
    if not isinstance(v, str):
        return v
    try:
        return json.loads(v)
    except json.JSONDecodeError:
        raise InputError("template_xlsx.must_json_e_g", path=path, where=where) from None


def from_workbook(wb, path: str = "workbook") -> dict:
    """Template data from a workbook; InputError names ``path`` (the file's name, for the message),
    the sheet and the cell content that is wrong."""
    data: dict[str, Any] = {}
    for rec in _records(wb, "template", ("key", "value"), path):
        key, value = rec.get("key"), rec.get("value")
        if key is None:
            continue
        parts = str(key).split(".")
        if parts[0] == "scoring":
            scoring = data.setdefault("scoring", {})
            if len(parts) == 1:
                continue  # "scoring: {}"
            if len(parts) == 3:
                scoring.setdefault(parts[1], {})[parts[2]] = value
            else:
                scoring[parts[1]] = value
        elif key in TEMPLATE_KEYS:
            data[key] = value
        elif key in LIST_KEYS and value == "[]":
            data[key] = []
        else:
            raise InputError("template_xlsx.sheet_template_has_unknown", path=path, key=key)
    params = _records(wb, "parameters", ("name", "label", "choices", "default", "choice_labels"), path)
    if params:
        data["parameters"] = [
            {k: (_json_cell(path, f"parameters.{k}", v) if k in JSON_COLUMNS else v) for k, v in p.items()}
            for p in params
        ]
    levels = _records(wb, "levels", ("name", "label", "min_percent"), path)
    if levels:
        data["levels"] = levels
    certs = _records(wb, "certificates", ("title", "levels"), path)
    if certs:
        data["certificates"] = [
            dict(c, levels=[x.strip() for x in str(c.get("levels", "")).split(",") if x.strip()]) for c in certs
        ]

    band_rows = _records(wb, "bands", BAND_COLUMNS, path)
    bands: dict[str, list[dict]] = {}
    for b in band_rows:
        bands.setdefault(str(b.get("item")), []).append(b)
    items_by_section: dict[str, list[dict]] = {}
    for rec in _records(wb, "items", ITEM_COLUMNS, path):
        section = str(rec.pop("section", ""))
        item = {}
        evidence = {}
        for k, v in rec.items():
            if k in ("photo_on_fail", "note_on_fail"):
                evidence[k] = v
            elif k in JSON_COLUMNS:
                item[k] = _json_cell(path, f"items {rec.get('code')} {k}", v)
            else:
                item[k] = v
        if evidence:
            item["evidence"] = evidence
        for b in bands.pop(str(item.get("code")), []):
            band = {k: b[k] for k in BAND_COLUMNS[2:] if k in b}
            if b.get("variant") is None:
                item.setdefault("bands", []).append(band)
            else:
                item.setdefault("band_variants", {}).setdefault(str(b["variant"]), []).append(band)
        items_by_section.setdefault(section, []).append(item)
    if bands:
        raise InputError("template_xlsx.sheet_bands_names_item", path=path, next=next(iter(bands)))

    nodes: dict[str, dict] = {}
    roots: list[dict] = []
    for rec in _records(wb, "sections", SECTION_COLUMNS, path):
        code = str(rec.get("code"))
        node = {"code": code, "title": rec.get("title")}
        if rec.get("source_title") is not None:
            node["source_title"] = rec["source_title"]
        if code in items_by_section:
            node["items"] = items_by_section.pop(code)
        nodes[code] = node
        parent = rec.get("parent")
        if parent is None:
            roots.append(node)
        elif str(parent) in nodes:
            nodes[str(parent)].setdefault("sections", []).append(node)
        else:
            raise InputError("template_xlsx.section_names_parent_which", path=path, item_code=code, parent=parent)
    if items_by_section:
        raise InputError("template_xlsx.items_name_section_which", path=path, next=next(iter(items_by_section)))
    data["sections"] = roots
    return data
