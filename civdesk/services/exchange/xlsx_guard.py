"""Opening an Excel workbook made elsewhere, within a budget.

An .xlsx is a zip of XML parts, and both layers can be turned against the reader: a 3 MB zip
that unpacks to gigabytes, a single cell at XFD1048576 that makes a reader fill in seventeen
billion empty ones, an XML part that declares entities expanding to gigabytes. Before openpyxl
sees a workbook, ``check_workbook`` reads it once as a stream, in constant memory: the file size,
the members' declared sizes (Python's zip reader never returns more than a member declares), every
XML part (no DTD or entity declarations at all; a bounded number of elements) and every cell
reference (rows, columns and cells within the budget). ``open_workbook`` then opens it in
openpyxl's read-only mode, which keeps no sheet in memory, and ``sheet_rows`` ignores the sheet's
own (untrusted) dimension record.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.parsers import expat

from ..errors import InputError
from ..limits import LimitExceeded, mib

XLSX_MAX_BYTES = 20 * 2**20  # the workbook file
XLSX_MAX_MEMBERS = 500  # parts inside the zip
XLSX_MAX_UNPACKED = 32 * 2**20  # all parts together, unpacked (a 300-item template: about 0.3 MiB)
XLSX_MAX_ELEMENTS = 300_000  # XML elements in all parts (a 300-item template: about 10,000)
XLSX_MAX_CELLS = 100_000  # cells with a reference, all sheets
XLSX_MAX_ROWS = 10_000  # highest row number on any sheet
XLSX_MAX_COLUMNS = 64  # highest column on any sheet (BL); a template sheet uses 19
CHUNK = 64 * 1024

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


def _column(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


class _Budget:
    def __init__(self, name: str):
        self.name = name
        self.elements = self.cells = 0

    def refuse(self, code: str, **params) -> LimitExceeded:
        return LimitExceeded("xlsx_guard.in_file", name=self.name, detail=LimitExceeded(code, **params))


def _scan_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> None:
    """Stream one XML part through expat, counting; raises LimitExceeded at the first excess."""
    sheet = info.filename.startswith("xl/worksheets/")
    state = {"row": 0, "col": 0}
    parser = expat.ParserCreate(namespace_separator=" ")

    def doctype(*_):
        raise budget.refuse("xlsx_guard.part_declares_dtd_workbooks", filename=info.filename)

    def start(name: str, attrs: dict) -> None:
        budget.elements += 1
        if budget.elements > XLSX_MAX_ELEMENTS:
            raise budget.refuse("xlsx_guard.more_than_xml_elements", xlsx_max_elements=XLSX_MAX_ELEMENTS)
        if not sheet:
            return
        local = name.rsplit(" ", 1)[-1]
        if local == "row":
            r = attrs.get("r")
            state["row"] = int(r) if r and r.isdigit() else state["row"] + 1
            state["col"] = 0
            _check_place(budget, info.filename, state["row"], 1)
        elif local == "c":
            budget.cells += 1
            if budget.cells > XLSX_MAX_CELLS:
                raise budget.refuse("xlsx_guard.more_than_cells_limit", xlsx_max_cells=XLSX_MAX_CELLS)
            m = _REF.match(attrs.get("r") or "")
            if m:
                state["col"], row = _column(m.group(1)), int(m.group(2))
            else:
                state["col"], row = state["col"] + 1, state["row"]
            _check_place(budget, info.filename, row, state["col"])

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = start
    try:
        with zf.open(info) as f:
            while chunk := f.read(CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as e:
        raise InputError(
            "xlsx_guard.part_well_formed_xml",
            name=budget.name,
            filename=info.filename,
            errorstring=expat.ErrorString(e.code),
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as e:
        raise InputError("xlsx_guard.part_damaged", name=budget.name, filename=info.filename, e=e) from None


def _check_place(budget: _Budget, part: str, row: int, col: int) -> None:
    if row > XLSX_MAX_ROWS:
        raise budget.refuse("xlsx_guard.uses_row_beyond_limit", part=part, row=row, xlsx_max_rows=XLSX_MAX_ROWS)
    if col > XLSX_MAX_COLUMNS:
        raise budget.refuse(
            "xlsx_guard.uses_column_beyond_limit", part=part, col=col, xlsx_max_columns=XLSX_MAX_COLUMNS
        )


def check_workbook(path: Path | str) -> None:
    """Refuse a workbook beyond the budget (LimitExceeded) or not a workbook (InputError),
    having read it once in constant memory."""
    path = Path(path)
    budget = _Budget(path.name)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("xlsx_guard.no_such_file", path=path) from None
    if size > XLSX_MAX_BYTES:
        raise budget.refuse("xlsx_guard.over_limit_workbook", mib=mib(size), mib2=mib(XLSX_MAX_BYTES))
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InputError("xlsx_guard.excel_workbook_zip_file", path=path) from None
    except OSError as e:
        raise InputError("xlsx_guard.cannot_read", path=path, reason=e) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > XLSX_MAX_MEMBERS:
            raise budget.refuse("xlsx_guard.parts_over_limit", count=len(infos), xlsx_max_members=XLSX_MAX_MEMBERS)
        unpacked = sum(i.file_size for i in infos)
        if unpacked > XLSX_MAX_UNPACKED:
            raise budget.refuse(
                "xlsx_guard.unpacks_over_limit_possible", mib=mib(unpacked), mib2=mib(XLSX_MAX_UNPACKED)
            )
        for info in infos:
            if info.filename.endswith((".xml", ".rels", ".vml")):
                _scan_part(zf, info, budget)


def open_workbook(path: Path | str) -> Any:
    """The workbook, checked first, in openpyxl's read-only mode (values, not formulas); the
    caller closes it (``wb.close()``)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_workbook(path)
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise InputError("xlsx_guard.excel_workbook", path=path, e=e) from None


def sheet_rows(ws) -> Iterator[tuple]:
    """The rows of a read-only sheet as stored, each as long as its last cell: the sheet's own
    dimension record is ignored, so a false one cannot make openpyxl pad every row to it."""
    ws.reset_dimensions()
    return ws.iter_rows()
