"""Table rows that fit on a page, whatever their text.

ReportLab moves a table row to the next page whole; a row taller than a page (a note of thousands
of characters, a review comment, a criterion of a hostile template) cannot go anywhere and the
whole document fails with LayoutError — for ever, once the inspection is signed and frozen. So
before a table is built, every row taller than ROW_MAX_HEIGHT is cut into continuation rows: each
cell's paragraphs are split (ReportLab's own ``split``, at a line) into pieces of at most that
height, and the table's style commands are stretched over the new rows. Short rows are left as
they are, so ordinary documents do not change at all.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

ROW_MAX_HEIGHT = 60 * mm  # under a quarter of an A4 page's text frame: a page break always finds a row boundary
H_PADDING = 12  # ReportLab's default left + right cell padding (the most any CivDesk table uses)
V_PADDING = 8


def fit_rows(
    rows: list[list[Any]], widths: list[float], cmds: list[tuple], *, max_height: float = ROW_MAX_HEIGHT
) -> tuple[list[list[Any]], list[tuple]]:
    """(rows, style commands) with every too-tall row cut into continuation rows."""
    spanned = _row_spans(cmds, len(rows), len(widths))
    out: list[list[Any]] = []
    spans: list[tuple[int, int]] = []  # original row → (first, last) new row
    for r, row in enumerate(rows):
        cell_widths = list(widths)
        for c0, c1 in spanned.get(r, ()):  # a cell spanning columns is as wide as they are together
            cell_widths[c0] = sum(widths[c0 : c1 + 1])
        pieces = _cut(row, cell_widths, max_height)
        spans.append((len(out), len(out) + len(pieces) - 1))
        out += pieces
    if len(out) == len(rows):
        return rows, list(cmds)
    return out, [new for cmd in cmds for new in _stretch(cmd, spans, len(rows))]


def _row_spans(cmds: list[tuple], n_rows: int, n_cols: int) -> dict[int, list[tuple[int, int]]]:
    """Cells spanning columns within one row: row → [(first column, last column)]."""
    out: dict[int, list[tuple[int, int]]] = {}
    for cmd in cmds:
        if cmd[0] == "SPAN":
            (c0, r0), (c1, r1) = cmd[1], cmd[2]
            r0, r1 = r0 % n_rows, r1 % n_rows
            if r0 == r1:
                out.setdefault(r0, []).append((c0 % n_cols, c1 % n_cols))
    return out


def _cut(row: list[Any], widths: list[float], max_height: float) -> list[list[Any]]:
    columns = [_segments(cell, w - H_PADDING, max_height - V_PADDING) for cell, w in zip(row, widths)]
    n = max(len(c) for c in columns)
    if n == 1:
        return [row]
    return [[col[k] if k < len(col) else "" for col in columns] for k in range(n)]


def _segments(cell: Any, width: float, limit: float) -> list[Any]:
    """The cell's content as pieces of at most ``limit`` points high (one piece when it fits)."""
    if isinstance(cell, Flowable):
        flows = [cell]
    elif isinstance(cell, (list, tuple)) and all(isinstance(f, Flowable) for f in cell):
        flows = list(cell)
    else:
        return [cell]  # text or empty: one line at most
    pieces: list[list[Flowable]] = []
    current: list[Flowable] = []
    used = 0.0
    queue = list(flows)
    while queue:
        f = queue.pop(0)
        _, h = f.wrap(width, limit)
        if used + h <= limit:
            current.append(f)
            used += h
            continue
        parts = f.split(width, limit - used)
        if len(parts) >= 2:
            current.append(parts[0])
            queue[:0] = parts[1:]
        elif not current:  # nothing splits it, even alone on a fresh piece: keep it whole
            current.append(f)
        else:
            queue.insert(0, f)  # try again at the top of the next piece
        pieces.append(current)
        current, used = [], 0.0
    if current or not pieces:
        pieces.append(current)
    if len(pieces) == 1:
        return [cell]
    return pieces


def _stretch(cmd: tuple, spans: list[tuple[int, int]], n_rows: int) -> list[tuple]:
    """A style command over original rows, over the rows they became (negative indices count from
    the end and keep meaning the same rows). A cell spanning columns of one row spans them in each
    of its continuation rows (one span over all of them would be one cell again, too tall)."""
    if len(cmd) < 3 or not (isinstance(cmd[1], tuple) and isinstance(cmd[2], tuple)):
        return [cmd]
    (c0, r0), (c1, r1) = cmd[1], cmd[2]
    if cmd[0] == "SPAN" and r0 % n_rows == r1 % n_rows:
        first, last = spans[r0 % n_rows]
        return [("SPAN", (c0, k), (c1, k)) for k in range(first, last + 1)]
    start = spans[r0][0] if r0 >= 0 else r0
    end = spans[r1][1] if r1 >= 0 else r1
    return [(cmd[0], (c0, start), (c1, end), *cmd[3:])]
