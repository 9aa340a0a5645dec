"""Cells CivDesk writes into Excel workbooks: text stays text; and the workbook file written whole.

A note, a site name or a criterion typed as ``=HYPERLINK(…)`` or ``+cmd|…`` must never become a live
formula in a workbook someone opens later (formula injection). openpyxl turns any string that
starts with ``=`` into a formula; Excel and other spreadsheets also act on ``+ - @`` and on a
leading tab or carriage return when a cell is edited or the sheet is saved as CSV. Such strings are
written as plain text cells marked "quote prefix" (Excel's own marker for "this is text", shown as
a leading apostrophe in the formula bar); the value itself is unchanged.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell) -> None:
    """Keep a string cell that a spreadsheet could read as a formula a plain string."""
    value = cell.value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def append_row(ws, values: Iterable[Any]) -> tuple:
    """``ws.append(values)`` with every string cell kept as text; returns the row's cells."""
    ws.append(list(values))
    cells = ws[ws.max_row]
    for cell in cells:
        as_text(cell)
    return cells


def save_workbook(wb, dest: Path | str) -> Path:
    """Write atomically: a full workbook under ``dest`` or nothing (no half file on a full disk)."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    os.close(fd)
    try:
        wb.save(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return dest
