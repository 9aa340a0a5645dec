"""Limits on input: hostile templates, workbooks and answer files are refused quickly, in bounded
memory, with one line that names the limit (exit 2 in the CLI), and nothing changes.

The three memory bombs run in a child process whose address space is capped (RLIMIT_AS), as a
small office PC would cap it: a reader that expands them runs out of memory there, instead of
taking the test machine with it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from civdesk.cli import main
from civdesk.domain.template import MAX_SECTION_DEPTH
from civdesk.domain.template_parsing import validate_template
from civdesk.services import limits, templates
from civdesk.services.exchange import xlsx_guard
from civdesk.services.limits import LimitExceeded
from civdesk.services.templates import export_workbook
from tests.helpers import hostile_inputs as hostile

ROOT = Path(__file__).resolve().parents[2]
# Enough for CivDesk to read the largest built-in template (it needs about 100 MB of address
# space: Python, PyYAML, openpyxl, lxml); far too little for any of the bombs.
MEMORY_CAP = 256 * 2**20

LIMITED_READ = """
import resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
from civdesk.domain.template_parsing import validate_template
from civdesk.services import templates
from civdesk.services.errors import InputError
from civdesk.domain.template import TemplateError
started = time.monotonic()
try:
    problems = validate_template(templates.load_file(sys.argv[1]))
except (InputError, TemplateError) as e:
    print("REFUSED", round(time.monotonic() - started, 2), e)
    sys.exit(0)
print("READ", len(problems))
sys.exit(3)
"""


def read_under_cap(path: Path) -> tuple[int, str, str]:
    """Validate a template file as `templates validate` does, in a child capped at MEMORY_CAP."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    p = subprocess.run(
        [sys.executable, "-c", LIMITED_READ.format(cap=MEMORY_CAP), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    return p.returncode, p.stdout, p.stderr


BOMBS = [
    (hostile.yaml_alias_bomb, "bomb.yaml", r"more than 200,000 values once its YAML aliases are expanded"),
    (hostile.xlsx_far_cell, "far.xlsx", r"uses row 1,048,576, beyond the limit of 10,000 rows"),
    (
        hostile.xlsx_zip_bomb,
        "zip.xlsx",
        r"unpacks to 2,800\.\d MiB, over the limit of 32\.0 MiB \(a possible zip bomb\)",
    ),
    (hostile.xlsx_entity_bomb, "entity.xlsx", r"declares a DTD; workbooks with XML entity declarations are refused"),
]


@pytest.mark.parametrize("build, name, message", BOMBS, ids=[b[1] for b in BOMBS])
def test_memory_bomb_is_refused_quickly_within_a_memory_cap(tmp_path, build, name, message):
    path = build(tmp_path / name)
    assert path.stat().st_size < 3 * 2**20  # small on disk: the danger is in the reading
    started = time.monotonic()
    rc, out, err = read_under_cap(path)
    elapsed = time.monotonic() - started
    assert rc == 0, f"not refused cleanly (exit {rc}): {err[-400:]}"
    assert out.startswith("REFUSED") and re.search(message, out), out
    assert elapsed < 30, f"took {elapsed:.1f} s"


def test_the_largest_built_in_template_reads_under_the_same_cap(tmp_path, store):
    """The cap is no trick: real templates, as YAML and as a workbook, read fine under it."""
    city = ROOT / "resources" / "templates" / "civilized-city.yaml"
    rc, out, err = read_under_cap(city)
    assert (rc, out.strip()) == (3, "READ 0"), err[-400:]
    workbook = export_workbook(store, "civilized-city", tmp_path / "city.xlsx")
    rc, out, err = read_under_cap(workbook)
    assert (rc, out.strip()) == (3, "READ 0"), err[-400:]


# ------------------------------------------------------------------ the CLI: exit 2, one line, nothing changed


@pytest.fixture
def admin_home(tmp_path, monkeypatch):
    monkeypatch.delenv("CIVDESK_HOME", raising=False)
    home = tmp_path / "home"
    monkeypatch.setenv("CIVDESK_NEW_PASSWORD", "admin-pass-1")
    assert main(["--home", str(home), "users", "add", "admin", "--role", "admin"]) == 0
    monkeypatch.delenv("CIVDESK_NEW_PASSWORD")
    return home


def _templates_table(home: Path) -> list:
    import sqlite3

    with sqlite3.connect(home / "civdesk.db") as conn:
        return conn.execute("SELECT id, template_id, version, sha256 FROM templates ORDER BY id").fetchall()


def _deep_sections_xlsx(path: Path, depth: int = 500) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "template"
    ws.append(["key", "value"])
    for row in (["id", "deep"], ["title", "深"], ["version", 1], ["scope", "toll_station"]):
        ws.append(row)
    wb.create_sheet("parameters").append(["name", "label", "choices", "default", "choice_labels"])
    wb.create_sheet("certificates").append(["title", "levels"])
    wb.create_sheet("bands").append(["item", "variant", "grade", "gt", "ge", "lt", "le"])
    levels = wb.create_sheet("levels")
    levels.append(["name", "label", "min_percent"])
    levels.append(["pass", "达标", 0])
    sections = wb.create_sheet("sections")
    sections.append(["code", "parent", "title"])
    for d in range(depth):
        sections.append([f"S{d}", f"S{d - 1}" if d else None, f"第{d}层"])
    items = wb.create_sheet("items")
    items.append(["section", "code", "text", "type", "points"])
    items.append([f"S{depth - 1}", "1.1", "使用文明用语", "check", 2])
    wb.save(path)
    return path


CLI_CASES = [
    (hostile.yaml_alias_bomb, "bomb.yaml", "YAML aliases are expanded"),
    (lambda p: hostile.yaml_deep_sections(p, 500), "deep.yaml", "nested more than 40 deep (the limit is 40)"),
    (_deep_sections_xlsx, "deep.xlsx", f"sections nested more than {MAX_SECTION_DEPTH} deep"),
    (hostile.xlsx_far_cell, "far.xlsx", "beyond the limit of 10,000 rows"),
    (hostile.xlsx_zip_bomb, "zip.xlsx", "a possible zip bomb"),
    (hostile.xlsx_entity_bomb, "entity.xlsx", "a possible entity bomb"),
]


@pytest.mark.parametrize("build, name, words", CLI_CASES, ids=[c[1] for c in CLI_CASES])
def test_cli_import_of_a_hostile_template_exits_2_with_one_line(
    admin_home, tmp_path, capsys, monkeypatch, build, name, words
):
    path = build(tmp_path / name)
    before = _templates_table(admin_home)
    monkeypatch.setenv("CIVDESK_PASSWORD", "admin-pass-1")
    capsys.readouterr()
    started = time.monotonic()
    rc = main(["--home", str(admin_home), "--lang", "en", "templates", "import", str(path), "--user", "admin"])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.count("\n") == 1 and err.startswith("civdesk: ") and words in err, err
    assert "Traceback" not in err
    assert time.monotonic() - started < 20
    assert _templates_table(admin_home) == before


def test_cli_score_refuses_deep_answers_json(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("CIVDESK_HOME", raising=False)
    for depth in (41, 100_000):
        answers = hostile.deep_json(tmp_path / f"answers{depth}.json", depth)
        capsys.readouterr()
        rc = main(["--home", str(tmp_path / "home"), "--lang", "en", "score", "toll-window", str(answers)])
        err = capsys.readouterr().err
        assert (
            rc == 2
            and err == f"civdesk: answers{depth}.json: lists and mappings nested more than 40 deep (the limit is 40)\n"
        )


# ------------------------------------------------------------------ the readers themselves


def test_yaml_alias_budget_counts_aliases_and_keeps_ordinary_anchors():
    # The built-in city checklist shares one band list by anchor: well inside the budget.
    city = (ROOT / "resources" / "templates" / "civilized-city.yaml").read_text(encoding="utf-8")
    assert validate_template(limits.load_yaml(city, "city")) == []
    few = "base: &b [1, 2]\n" + "".join(f"k{i}: *b\n" for i in range(limits.YAML_MAX_ALIASES))
    assert len(limits.load_yaml(few, "few")) == limits.YAML_MAX_ALIASES + 1
    many = few + "one_more: *b\n"
    with pytest.raises(LimitExceeded, match=r"many: more than 100 YAML aliases \(\*name\); the limit is 100"):
        limits.load_yaml(many, "many")


def test_yaml_that_contains_itself_is_refused():
    with pytest.raises(LimitExceeded, match="refers to a list or mapping that contains it"):
        limits.load_yaml("a: &a [1, *a]\n", "loop.yaml")


def test_yaml_and_json_depth_limit_is_exact():
    ok, deep = limits.DATA_MAX_DEPTH, limits.DATA_MAX_DEPTH + 1
    assert limits.load_json("[" * ok + "]" * ok, "ok") is not None
    assert limits.load_yaml("[" * ok + "]" * ok, "ok") is not None
    for loader in (limits.load_json, limits.load_yaml):
        with pytest.raises(LimitExceeded, match="nested more than 40 deep"):
            loader("[" * deep + "]" * deep, "deep")


def test_template_file_size_limit(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * limits.TEXT_MAX_BYTES + "\n", encoding="utf-8")
    with pytest.raises(LimitExceeded, match=r"big.yaml: template file of 4\.0 MiB, over the limit of 4\.0 MiB"):
        templates.load_file(big)


def test_section_depth_limit_is_exact(mini_data):
    def nest(depth: int) -> dict:
        inner = {"code": f"S{depth}", "title": "最内层", "items": mini_data["sections"][0]["items"]}
        for d in range(depth - 1, 0, -1):
            inner = {"code": f"S{d}", "title": f"第{d}层", "sections": [inner]}
        return inner

    assert validate_template(dict(mini_data, sections=[nest(MAX_SECTION_DEPTH)] + mini_data["sections"][1:])) == []
    problems = validate_template(dict(mini_data, sections=[nest(MAX_SECTION_DEPTH + 1)]))
    assert [str(p) for p in problems] == [
        "sections[0]" + ".sections[0]" * MAX_SECTION_DEPTH + ": sections nested more than 8 deep (the limit is 8)"
    ]


def test_workbook_cell_budget_counts_real_cells(store, tmp_path, monkeypatch):
    workbook = export_workbook(store, "toll-window", tmp_path / "toll.xlsx")
    xlsx_guard.check_workbook(workbook)  # a real template is well inside the budget
    monkeypatch.setattr(xlsx_guard, "XLSX_MAX_CELLS", 50)
    with pytest.raises(LimitExceeded, match=r"toll.xlsx: more than 50 cells \(the limit is 50\)"):
        templates.load_file(workbook)


def test_workbook_with_a_false_dimension_record_reads_only_its_cells(store, tmp_path):
    """A sheet claiming A1:XFD1048576 while holding a few cells: openpyxl would pad every row to
    16,384 columns and yield a million rows; the dimension record is not believed."""
    workbook = export_workbook(store, "toll-collector-monthly", tmp_path / "monthly.xlsx")
    lied = tmp_path / "lied.xlsx"
    with zipfile.ZipFile(workbook) as src, zipfile.ZipFile(lied, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            raw = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                raw = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', raw)
            out.writestr(info, raw)
    assert b"XFD1048576" in zipfile.ZipFile(lied).read("xl/worksheets/sheet1.xml")
    started = time.monotonic()
    assert templates.load_file(lied) == templates.load_file(workbook)
    assert time.monotonic() - started < 5
