"""Excel: results and rectification lists say exactly what the home holds; templates go to .xlsx
and back unchanged (every built-in checklist), and an unchanged workbook imports as unchanged."""

from __future__ import annotations

import datetime as _dt
import errno

import pytest
from openpyxl import load_workbook

from civdesk.cli import main
from civdesk.domain.audit import canonical_json
from civdesk.domain.errors import NotAllowed
from civdesk.services import inspections, rectifications, templates
from civdesk.services.errors import InputError
from civdesk.services.exchange import excel
from tests.helpers.data import picture_bytes


@pytest.mark.parametrize("path", templates.builtin_files(), ids=lambda p: p.stem)
def test_builtin_template_round_trip_is_exact(path, tmp_path):
    data = templates.load_file(path)
    out = templates.write_workbook(data, tmp_path / f"{path.stem}.xlsx")
    back = templates.load_file(out)  # .xlsx goes through template_xlsx
    assert canonical_json(back) == canonical_json(data)
    assert templates.content_digest(back) == templates.content_digest(data)
    wb = load_workbook(out)
    assert wb.sheetnames == ["template", "parameters", "levels", "certificates", "sections", "items", "bands"]


def test_small_template_round_trip_and_import(people, mini, mini_data, tmp_path):
    s = people.store
    out = templates.export_workbook(s, "mini", tmp_path / "mini.xlsx")
    assert canonical_json(templates.load_file(out)) == canonical_json(dict(mini_data, version=1))
    assert templates.import_file(s, out, by=people.admin) == (mini, 1, False)
    # An edit in Excel (a criterion's points) becomes the next version.
    wb = load_workbook(out)
    ws = wb["items"]
    head = [c.value for c in ws[1]]
    ws.cell(row=2, column=head.index("points") + 1, value=12)
    wb.save(out)
    _pk, version, created = templates.import_file(s, out, by=people.admin)
    assert (version, created) == (2, True) and templates.latest(s, "mini").item("1.1").points == 12
    with pytest.raises(NotAllowed):
        templates.import_file(s, out, by=people.inspector)


def test_template_workbook_faults_are_named(people, mini, tmp_path):
    out = templates.export_workbook(people.store, "mini", tmp_path / "mini.xlsx")
    wb = load_workbook(out)
    del wb["bands"]
    wb.save(tmp_path / "nobands.xlsx")
    with pytest.raises(InputError, match=r"no sheet 'bands'"):
        templates.load_file(tmp_path / "nobands.xlsx")
    (tmp_path / "text.xlsx").write_text("not excel")
    with pytest.raises(InputError, match=r"text\.xlsx: not an Excel workbook"):
        templates.load_file(tmp_path / "text.xlsx")
    wb = load_workbook(out)
    wb["items"].cell(row=2, column=1, value="9")
    wb.save(tmp_path / "orphan.xlsx")
    with pytest.raises(InputError, match="which sheet 'sections' lacks"):
        templates.load_file(tmp_path / "orphan.xlsx")


def _filled(people, mini):
    s = people.store
    iid = inspections.new_inspection(s, people.inspector, template_id="mini", site_id=people.site_a, kind="inspection")
    inspections.answer(s, people.inspector, iid, "1.1", "no", note="未使用文明用语 <b>&")
    photo = s.home / "p.png"
    photo.write_bytes(picture_bytes("PNG"))
    inspections.attach_photo(s, people.inspector, iid, "1.1", photo)
    inspections.answer(s, people.inspector, iid, "1.2", "good")
    inspections.answer(s, people.inspector, iid, "2.1", 29.5)
    inspections.answer(s, people.inspector, iid, "2.2", "yes")
    inspections.submit(s, people.inspector, iid, today=_dt.date(2026, 3, 1))
    return iid


def test_results_workbook(people, mini, tmp_path):
    iid = _filled(people, mini)
    other = inspections.new_inspection(
        people.store, people.inspector, template_id="mini", site_id=people.site_a, kind="inspection"
    )
    out = excel.export_inspections(people.store, [iid, other], tmp_path / "r.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "1 收费站A", "2 收费站A"]
    summary = [[c.value for c in row] for row in wb["汇总"].iter_rows()]
    assert summary[0] == list(excel.SUMMARY_COLUMNS)
    v = inspections.view(people.store, iid)
    assert summary[1][1:8] == ["收费站A", "小型检查表", 1, "检查", "已提交", "inspector", None]
    assert summary[1][10:16] == [v.result.score, v.result.max, v.result.percent, v.result.level_label, "否", "1.1"]
    items = [[c.value for c in row] for row in wb["1 收费站A"].iter_rows()]
    assert items[0] == list(excel.ITEM_COLUMNS)
    assert [r[0] for r in items[1:]] == ["1.1", "1.2", "2.1", "2.2", "2.3"]
    assert items[1][:12] == [
        "1.1",
        "服务",
        "使用文明用语",
        "符合性",
        "不符合",
        "不符合",
        0,
        10,
        "是",
        None,
        "未使用文明用语 <b>&",
        1,
    ]
    assert items[3][4:8] == ["29.5%（良好）", "良好", 8, 10]


def test_rectification_workbook(people, mini, tmp_path):
    iid = _filled(people, mini)
    r = rectifications.list_rectifications(people.store, inspection_id=iid)[0]
    rectifications.mark_done(people.store, people.manager_a, r.id, "已培训")
    out = excel.export_rectifications(people.store, tmp_path / "z.xlsx", today=_dt.date(2026, 6, 1))
    rows = [[c.value for c in row] for row in load_workbook(out)["整改清单"].iter_rows()]
    assert rows[0] == list(excel.RECT_COLUMNS)
    assert rows[1][:10] == [
        "收费站A",
        r.inspection_uuid[:8],
        "mini",
        "1.1",
        "使用文明用语",
        "manager_a",
        "2026-03-21",
        "已整改",
        "是",
        "已培训",
    ]


def test_excel_write_failure_leaves_no_file(people, mini, tmp_path, monkeypatch):
    iid = _filled(people, mini)

    def full(self, filename):
        with open(filename, "wb") as f:
            f.write(b"PK half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("openpyxl.Workbook.save", full)
    with pytest.raises(OSError):
        excel.export_inspections(people.store, [iid], tmp_path / "out" / "r.xlsx")
    assert list((tmp_path / "out").iterdir()) == []


def test_cli_excel_commands(demo_a, tmp_path, capsys, monkeypatch):
    home = demo_a.home
    demo_a.close()
    monkeypatch.setenv("CIVDESK_PASSWORD", "admin123")  # the demo's admin
    assert (
        main(["--home", str(home), "excel", "results", "1", "2", "-o", str(tmp_path / "r.xlsx"), "--user", "admin"])
        == 0
    )
    assert (
        main(["--home", str(home), "excel", "rectifications", "-o", str(tmp_path / "z.xlsx"), "--user", "admin"]) == 0
    )
    assert main(["--home", str(home), "excel", "template", "toll-window", "-o", str(tmp_path / "t.xlsx")]) == 0
    assert main(["--home", str(home), "templates", "validate", str(tmp_path / "t.xlsx")]) == 0
    assert load_workbook(tmp_path / "r.xlsx").sheetnames[0] == "汇总"
    assert main(["--home", str(home), "--lang", "en", "excel", "template", "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "excel template needs one template id" in capsys.readouterr().err
