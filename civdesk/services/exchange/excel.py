"""Excel exports of results: selected inspections (a summary sheet and one sheet per inspection
with every item) and the rectification list. Written atomically (xlsx_cells.save_workbook).

Templates to and from Excel live in civdesk.services.exchange.template_xlsx.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ...domain.answer_text import answer_label, answer_text, type_label
from ...domain.workflow import KIND_LABELS, STATE_LABELS, Actor
from ...store import Store
from ...store import answers as answer_repo
from ...store import inspections as inspection_repo
from ...store import sites as site_repo
from ...store import users as user_repo
from .. import inspections, rectifications
from ..errors import InputError
from .xlsx_cells import append_row, save_workbook

RECT_STATES = {"open": "待整改", "done": "已整改", "verified": "已验证", "reopened": "重新整改"}
SUMMARY_COLUMNS = (
    "编号",
    "被检单位",
    "检查表",
    "版本",
    "类型",
    "状态",
    "检查人",
    "审核人",
    "创建时间",
    "提交时间",
    "得分",
    "满分",
    "得分率(%)",
    "等级",
    "一票否决",
    "不合格项",
    "未作答",
)
ITEM_COLUMNS = (
    "编号",
    "章节",
    "检查项",
    "类型",
    "作答",
    "结果",
    "得分",
    "满分",
    "不合格",
    "一票否决项",
    "说明",
    "照片",
    "作答人",
    "作答时间",
)
RECT_COLUMNS = (
    "被检单位",
    "检查编号",
    "检查表",
    "检查项",
    "检查项内容",
    "责任人",
    "期限",
    "状态",
    "逾期",
    "整改说明",
    "整改时间",
    "验证时间",
    "复查关闭",
)
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_HEAD_FILL = PatternFill("solid", fgColor="DDE6F0")


def _clean(v):
    """Cell-safe value: text without the control characters Excel refuses."""
    return _CONTROL.sub("", v) if isinstance(v, str) else v


def _sheet(wb: Workbook, title: str, columns, widths: dict[int, int] | None = None):
    ws = wb.create_sheet(title)
    ws.append(list(columns))
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = _HEAD_FILL
    ws.freeze_panes = "A2"
    for i, w in (widths or {}).items():
        ws.column_dimensions[get_column_letter(i)].width = w
    return ws


def _sheet_title(used: set[str], base: str) -> str:
    base = _BAD_SHEET.sub("_", base).strip("'")[:28] or "检查"
    title, n = base, 1
    while title.lower() in used:
        n += 1
        title = f"{base[:26]}-{n}"
    used.add(title.lower())
    return title


def inspection_rows(store: Store, inspection_id: int) -> tuple[dict, list[list]]:
    """(summary row, item rows) of one inspection: the data the workbook shows, testable as such."""
    v = inspections.view(store, inspection_id)
    r = v.result
    people = user_repo.display_names(store.conn)
    row = v.row
    summary = {
        "编号": row["uuid"],
        "被检单位": site_repo.site_name(store.conn, row["site_id"]),
        "检查表": v.template.title,
        "版本": v.template.version,
        "类型": KIND_LABELS.get(row["kind"], row["kind"]),
        "状态": STATE_LABELS.get(row["state"], row["state"]),
        "检查人": people.get(row["author_id"], ""),
        "审核人": people.get(row["reviewer_id"], ""),
        "创建时间": row["created_at"][:19],
        "提交时间": (row["submitted_at"] or "")[:19],
        "得分": r.score,
        "满分": r.max,
        "得分率(%)": r.percent,
        "等级": r.level_label,
        "一票否决": "是" if r.vetoed else "否",
        "不合格项": ", ".join(r.failed_items),
        "未作答": len(r.unanswered),
    }
    answered: dict[str, tuple[int, str]] = {
        code: (who, at) for code, who, at in answer_repo.answer_times(store.conn, inspection_id)
    }
    results = {i.code: i for i in r.items}
    section_of = {it.code: sec.title for sec in v.template.all_sections() for it in sec.items}
    items = []
    for it in v.template.items():
        res = results.get(it.code)
        who, at = answered.get(it.code, (0, ""))  # 0: no user has that id
        items.append(
            [
                it.code,
                section_of.get(it.code, ""),
                it.text,
                type_label(it.type),
                answer_text(it, res.value, res.grade) if res and res.answered else "",
                answer_label(res.grade) if res and res.grade else "",
                res.score if res and it.scored and res.answered else None,
                res.max if res and it.scored else None,
                "是" if res and res.failed else "",
                "是" if it.veto else "",
                v.notes.get(it.code, ""),
                v.photo_counts.get(it.code, 0) or None,
                people.get(who, ""),
                (at or "")[:19],
            ]
        )
    return summary, items


def export_inspections(store: Store, inspection_ids: list[int], dest: Path | str, *, by: Actor | None = None) -> Path:
    """汇总 sheet (one row per inspection) and one sheet per inspection with all its items;
    OutOfScope (nothing written) when one of them is of a site outside ``by``'s scope."""
    if not inspection_ids:
        raise InputError("excel.choose_at_least_one")
    for iid in inspection_ids:
        inspections.view_for(store, by, iid)
    wb = Workbook()
    wb.remove(wb.active)
    summary = _sheet(wb, "汇总", SUMMARY_COLUMNS, {1: 38, 2: 20, 3: 30, 16: 30})
    used = {"汇总"}
    for n, iid in enumerate(inspection_ids, 1):
        head, items = inspection_rows(store, iid)
        append_row(summary, [_clean(head[c]) for c in SUMMARY_COLUMNS])
        title = _sheet_title(used, f"{n} {head['被检单位']}")
        ws = _sheet(wb, title, ITEM_COLUMNS, {2: 18, 3: 60, 11: 40})
        for row in items:
            append_row(ws, [_clean(v) for v in row])
        for row in ws.iter_rows(min_row=2, min_col=3, max_col=3):
            row[0].alignment = Alignment(wrap_text=True, vertical="top")
        summary.cell(row=n + 1, column=1).hyperlink = f"#'{title}'!A1"
    return save_workbook(wb, dest)


def export_rectifications(
    store: Store,
    dest: Path | str,
    *,
    status: str | None = None,
    site_id: int | None = None,
    today: _dt.date | None = None,
    by: Actor | None = None,
) -> Path:
    """整改清单: every rectification matching the filter (as the Rectifications screen lists them),
    of the sites in ``by``'s scope."""
    rows = rectifications.list_rectifications(store, status=status, site_id=site_id, today=today, scope=by)
    wb = Workbook()
    wb.remove(wb.active)
    ws = _sheet(wb, "整改清单", RECT_COLUMNS, {1: 20, 2: 12, 5: 60, 10: 40})
    texts: dict[int, dict[str, str]] = {}
    closed = inspection_repo.uuids_by_id(store.conn)
    for r in rows:
        iid = r.inspection_id
        if iid not in texts:
            v = inspections.view(store, iid)
            texts[iid] = {it.code: it.text for it in v.template.items()}
        append_row(
            ws,
            [
                _clean(x)
                for x in (
                    r.site,
                    r.inspection_uuid[:8],
                    r.template_id,
                    r.item_code,
                    texts[iid].get(r.item_code, ""),
                    r.owner,
                    r.due_date,
                    RECT_STATES.get(r.state, r.state),
                    "是" if r.overdue else "",
                    r.done_note,
                    (r.done_at or "")[:19],
                    (r.verified_at or "")[:19],
                    closed.get(r.closed_by, "")[:8] if r.closed_by else "",
                )
            ],
        )
    return save_workbook(wb, dest)


__all__ = ["export_inspections", "export_rectifications", "inspection_rows"]
