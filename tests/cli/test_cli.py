"""The command line: JSON shapes, exit codes and one-line messages, on real home folders."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from civdesk.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.delenv("CIVDESK_HOME", raising=False)
    return tmp_path / "home"


ADMIN = ("--user", "admin")  # the demo's admin (password admin123)


def run(home, *argv, password=None, monkeypatch=None):
    if password is not None:
        os.environ["CIVDESK_PASSWORD"] = password
    try:
        return main(["--home", str(home), "--lang", "en", *argv])
    finally:
        os.environ.pop("CIVDESK_PASSWORD", None)


def score_json(home, tmp_path, capsys, template, answers, *extra):
    f = tmp_path / "answers.json"
    f.write_text(json.dumps({"answers": answers}), encoding="utf-8")
    capsys.readouterr()
    assert run(home, "score", template, str(f), "--json", *extra) == 0
    return json.loads(capsys.readouterr().out)


# Every banded criterion of the city checklist, exactly on and just past each bound.
# ">" is strict, "≥"/"≦" inclusive, as the source's wording says.
CITY_BOUNDS = [
    ("4.1.1", "east", 31.0001, "excellent"),
    ("4.1.1", "east", 31, "good"),
    ("4.1.1", "east", 28.0001, "good"),
    ("4.1.1", "east", 28, "pass"),
    ("4.1.1", "central", 31, "good"),
    ("4.1.1", "northeast", 28, "pass"),
    ("4.1.1", "west", 31, "excellent"),
    ("4.1.1", "west", 21.0001, "excellent"),
    ("4.1.1", "west", 21, "good"),
    ("4.1.1", "west", 18.0001, "good"),
    ("4.1.1", "west", 18, "pass"),
    ("4.2.1", "east", 8.01, "excellent"),
    ("4.2.1", "east", 8, "good"),
    ("4.2.1", "east", 6.01, "good"),
    ("4.2.1", "east", 6, "pass"),
    ("5.1.1", "east", 95.1, "excellent"),
    ("5.1.1", "east", 95, "good"),
    ("5.1.1", "east", 90.1, "good"),
    ("5.1.1", "east", 90, "pass"),
    ("2.2.2a", "east", 100, "pass"),
    ("2.2.2a", "east", 99.9, "fail"),
    ("2.2.2b", "east", 99, "pass"),
    ("2.2.2b", "east", 98.99, "fail"),
    ("2.2.3a", "east", 100, "pass"),
    ("2.2.3a", "east", 99.99, "fail"),
    ("2.2.3b", "east", 95, "pass"),
    ("2.2.3b", "east", 94.99, "fail"),
    ("5.4.2a", "east", 70, "pass"),
    ("5.4.2a", "east", 69.9, "fail"),
    ("6.1.3", "east", 100, "qualified"),
    ("6.1.3", "east", 99.9, "basic"),
    ("6.1.3", "east", 80, "basic"),
    ("6.1.3", "east", 79.9, "unqualified"),
    ("7.3.2a", "east", 1, "pass"),
    ("7.3.2a", "east", 0.99, "fail"),
    ("7.3.3a", "east", 5, "pass"),
    ("7.3.3a", "east", 4, "fail"),
    ("7.3.3b", "east", 1.09, "pass"),
    ("7.3.3b", "east", 1.08, "fail"),
]


@pytest.mark.parametrize("code,region,value,grade", CITY_BOUNDS)
def test_city_bands_exact_on_bounds(home, tmp_path, capsys, code, region, value, grade):
    out = score_json(home, tmp_path, capsys, "civilized-city", {code: value}, "--param", f"region={region}")
    item = next(i for i in out["items"] if i["code"] == code)
    assert item["grade"] == grade
    assert out["params"]["region"] == region


def test_score_json_shape_and_west_green_space(home, tmp_path, capsys):
    out = score_json(home, tmp_path, capsys, "civilized-city", {"4.1.1": 22, "1.1.1": "yes"}, "--param", "region=west")
    for key in ("score", "max", "percent", "level", "vetoed", "veto_items", "sections", "items", "unanswered"):
        assert key in out
    green = next(i for i in out["items"] if i["code"] == "4.1.1")
    assert (green["grade"], green["score"], green["max"]) == ("excellent", 4.0, 4.0)
    assert "4.1.1" not in out["unanswered"] and "1.1.2" in out["unanswered"]
    top = {s["code"]: s for s in out["sections"]}
    assert top["4"]["score"] == 4.0


def test_params_in_file_and_flag_overrides(home, tmp_path, capsys):
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"params": {"region": "west"}, "answers": {"4.1.1": 22}}), encoding="utf-8")
    assert run(home, "score", "civilized-city", str(f), "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["params"] == {"region": "west"}
    assert next(i for i in out["items"] if i["code"] == "4.1.1")["grade"] == "excellent"
    assert run(home, "score", "civilized-city", str(f), "--json", "--param", "region=east") == 0
    out = json.loads(capsys.readouterr().out)
    assert next(i for i in out["items"] if i["code"] == "4.1.1")["grade"] == "pass"


def test_unit_veto_dominates(home, tmp_path, capsys):
    from civdesk.services import open_home, templates

    tpl = templates.latest(open_home(home), "civilized-unit")
    answers = {i.code: "yes" for i in tpl.items() if i.type == "check"}
    veto = next(i.code for i in tpl.items() if i.veto)
    answers[veto] = "no"
    out = score_json(home, tmp_path, capsys, "civilized-unit", answers)
    assert out["vetoed"] is True
    assert out["level"] == "veto" and out["level_label"] == "一票否决"
    assert out["veto_items"] == [veto]
    assert out["percent"] > 90  # the rest is excellent, yet the result is vetoed
    assert out["certificates"] == []


@pytest.mark.parametrize(
    "answers,fragment",
    [
        ({"4.1.1": "abc"}, "'abc' is not a number"),
        ({"4.1.1": "31,5"}, "decimal separator"),
        ({"1.1.1": "maybe"}, "'maybe' is not one of yes, partial, no, na"),
        ({"9.9.9": "yes"}, "unknown item code '9.9.9'"),
        ({"4.1.1": 120}, "above the maximum"),
    ],
)
def test_score_bad_answers_exit_2(home, tmp_path, capsys, answers, fragment):
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"answers": answers}), encoding="utf-8")
    assert run(home, "score", "civilized-city", str(f)) == 2
    err = capsys.readouterr().err
    assert fragment in err and err.count("\n") == 1


def test_score_bad_region_and_bad_json(home, tmp_path, capsys):
    f = tmp_path / "a.json"
    f.write_text("{not json", encoding="utf-8")
    assert run(home, "score", "civilized-city", str(f)) == 2
    assert "not valid JSON" in capsys.readouterr().err
    f.write_text("{}", encoding="utf-8")
    assert run(home, "score", "civilized-city", str(f), "--param", "region=south") == 2
    assert "region='south'" in capsys.readouterr().err


# ----------------------------------------------------------------------------- templates


def test_templates_list_and_show(home, capsys):
    assert run(home, "templates", "list", "--json") == 0
    ids = {t["id"] for t in json.loads(capsys.readouterr().out)}
    assert {"toll-window", "civilized-city", "civilized-unit"} <= ids
    assert run(home, "templates", "show", "toll-window") == 0
    out = capsys.readouterr().out
    assert "收费站文明服务窗口" in out
    assert "4.3.3 (check, 1 point) 公开投诉电话" in out  # the corrected wording is what is shown
    assert "原文更正（9 处" in out and "4.3.3 检查项：“开投拆电话”→“开投诉电话”" in out
    assert "      原文：公开投拆电话" in out


def test_templates_show_json_lists_every_correction(home, capsys):
    assert run(home, "templates", "show", "civilized-city", "--json") == 0
    d = json.loads(capsys.readouterr().out)
    assert [(c["code"], c["field"]) for c in d["corrections"]] == [
        ("1.4.1", "text"),
        ("2.3", "title"),
        ("3.1.2", "text"),
        ("5.3.3", "text"),
        ("5.4.3", "text"),
    ]
    first = d["corrections"][0]
    assert first["changes"] == [{"source": "义务鲜血、", "corrected": "义务献血、"}]
    assert "义务鲜血" in first["source"] and first["corrected"] == next(
        i["text"] for i in d["items"] if i["code"] == "1.4.1"
    )
    items = {i["code"]: i for i in d["items"]}
    assert items["1.4.1"]["source_text"] == first["source"]
    assert items["5.4.2a"]["scored_by"] == "5.4.2" and items["5.4.2a"]["points"] == 0
    assert run(home, "templates", "show", "toll-collector-monthly", "--json") == 0
    assert json.loads(capsys.readouterr().out)["corrections"] == []


def test_validate_reports_path_and_writes_nothing(home, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: t\ntitle: T\nscope: city\nlevels: [{name: a, label: A, min_percent: 0}]\n"
        "sections:\n  - code: '1'\n    title: S\n    items:\n"
        "      - {code: '1.1', text: x, type: measure, points: 1, bands: [{grade: good, gt: 5}, {grade: pass, lt: 5}]}\n",
        encoding="utf-8",
    )
    assert run(home, "templates", "validate", str(bad)) == 2
    err = capsys.readouterr().err
    assert "sections[0].items[0].bands[0]" in err and "5 itself falls in no band" in err
    assert not home.exists()  # validate never opens the home


def test_import_needs_admin_and_makes_a_new_version(home, tmp_path, capsys):
    from civdesk.services import accounts, open_home

    store = open_home(home)
    accounts.create_user(store, by=None, name="boss", role="admin", password="secret-pass")
    store.close()
    src = (ROOT / "resources/templates/toll-window.yaml").read_text(encoding="utf-8")
    changed = tmp_path / "tw.yaml"
    changed.write_text(
        src.replace("title: 收费站文明服务窗口建设检查表", "title: 收费站文明服务窗口建设检查表（2027版）", 1),
        encoding="utf-8",
    )
    assert run(home, "templates", "import", str(changed), "--user", "boss", password="wrong-pass") == 2
    assert "wrong user name or password" in capsys.readouterr().err
    assert run(home, "templates", "import", str(changed), "--user", "boss", "--json", password="secret-pass") == 0
    builtin_version = int(src.split("\nversion: ")[1].split("\n")[0])
    assert json.loads(capsys.readouterr().out)["version"] == builtin_version + 1
    assert run(home, "templates", "list", "--json") == 0
    tw = next(t for t in json.loads(capsys.readouterr().out) if t["id"] == "toll-window")
    assert tw["version"] == builtin_version + 1 and tw["title"].endswith("（2027版）")
    # The same file again changes nothing.
    assert run(home, "templates", "import", str(changed), "--user", "boss", password="secret-pass") == 0
    assert "unchanged" in capsys.readouterr().out
    # Reopening the home does not bring the built-in file back as a newer version.
    assert run(home, "templates", "list", "--json") == 0
    tw = next(t for t in json.loads(capsys.readouterr().out) if t["id"] == "toll-window")
    assert tw["version"] == builtin_version + 1


# ----------------------------------------------------------------------------- workflow through the CLI


def test_inspection_walk_through_cli(home, tmp_path, capsys):
    assert run(home, "demo") == 0
    assert "inspector1" in capsys.readouterr().out
    assert (
        run(
            home,
            "inspections",
            "new",
            "--template",
            "civilized-city",
            "--site",
            "成都北收费站",
            "--kind",
            "inspection",
            "--user",
            "inspector1",
            "--json",
            password="inspect123",
        )
        == 0
    )
    new = json.loads(capsys.readouterr().out)
    iid = str(new["id"])
    assert (
        run(home, "answer", iid, "4.1.1", "22", "--note", "实测 22%", "--user", "inspector1", password="inspect123")
        == 0
    )
    assert capsys.readouterr().out == "saved 4.1.1 = 22.0\n"
    assert run(home, "inspections", "show", iid, "--json", "--user", "inspector1", password="inspect123") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["params"] == {"region": "west"}  # defaulted from the site
    assert shown["answers"]["4.1.1"] == 22.0 and shown["notes"]["4.1.1"] == "实测 22%"
    green = next(i for i in shown["result"]["items"] if i["code"] == "4.1.1")
    assert green["grade"] == "excellent"

    before = _counts(home)
    for argv, fragment in [
        (("answer", iid, "4.1.1", "abc"), "'abc' is not a number"),
        (("answer", iid, "4.1.1", "31,5"), "decimal separator"),
        (("answer", iid, "9.9", "yes"), "has no item '9.9'"),
        (("answer", iid, "1.1.1", "excellent"), "is not one of yes, partial, no, na"),
        (("answer", "99999", "1.1.1", "yes"), "no inspection '99999'"),
    ]:
        assert run(home, *argv, "--user", "inspector1", password="inspect123") == 2
        assert fragment in capsys.readouterr().err
    assert _counts(home) == before  # nothing written

    # Submitting with unanswered items is refused with the list.
    assert run(home, "inspections", "submit", iid, "--user", "inspector1", password="inspect123") == 2
    assert "1.1.1 unanswered" in capsys.readouterr().err
    # Another inspector cannot answer it; a manager cannot approve a draft.
    assert run(home, "answer", iid, "1.1.1", "yes", "--user", "inspector2", password="inspect123") == 2
    assert "only the author" in capsys.readouterr().err


def _counts(home: Path) -> tuple:
    conn = sqlite3.connect(home / "civdesk.db")
    try:
        return tuple(
            conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("answers", "audit", "attachments", "inspections")
        )
    finally:
        conn.close()


def test_demo_fills_every_state_and_refuses_twice(home, capsys):
    assert run(home, "demo", "--json") == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["sites"] >= 8 and summary["inspections"] >= 12
    assert all(summary["states"][s] > 0 for s in ("draft", "submitted", "returned", "approved"))
    roles = {u["role"] for u in summary["users"]}
    assert roles == {"admin", "inspector", "manager", "staff"}
    assert run(home, "inspections", "list", "--json", "--user", "admin", password="admin123") == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["template_id"] for r in rows} >= {"toll-window", "civilized-city", "civilized-unit"}
    # Reading acts as a person: without --user nobody's scope applies, so it is refused, nothing printed.
    for argv in (("inspections", "list"), ("inspections", "show", "1"), ("excel", "rectifications", "-o", "r.xlsx")):
        assert run(home, *argv) == 2
        out = capsys.readouterr()
        assert out.out == "" and out.err == "civdesk: this command acts as a user: give --user NAME\n"
    regions = {r["region"] for r in json.loads(_out(home, capsys, "sites", "list", "--json"))}
    assert len(regions) >= 2
    assert run(home, "demo") == 2
    assert "already has users" in capsys.readouterr().err
    assert run(home, "check") == 0


def _out(home, capsys, *argv):
    capsys.readouterr()
    assert run(home, *argv) == 0
    return capsys.readouterr().out


# ----------------------------------------------------------------------------- damaged databases


@pytest.mark.parametrize("damage", ["not_sqlite", "truncated"])
def test_damaged_database_exit_2_and_untouched(home, capsys, damage):
    if damage == "not_sqlite":
        home.mkdir(parents=True)
        (home / "civdesk.db").write_bytes(b"this is a spreadsheet, not a database\n" * 100)
    else:
        assert run(home, "demo") == 0
        db = home / "civdesk.db"
        conn = sqlite3.connect(db)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        for suffix in ("-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        data = db.read_bytes()
        db.write_bytes(data[: len(data) // 2])
    db = home / "civdesk.db"
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    capsys.readouterr()
    assert run(home, "inspections", "list") == 2
    err = capsys.readouterr().err
    assert str(db) in err and ("not an SQLite file" in err or "truncated" in err)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    assert not Path(str(db) + "-wal").exists()


def test_check_detects_tampering_exit_1(home, capsys):
    assert run(home, "demo") == 0
    conn = sqlite3.connect(home / "civdesk.db")
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute(
        "UPDATE audit SET detail = replace(detail, 'yes', 'no') WHERE seq = "
        "(SELECT MIN(seq) FROM audit WHERE action = 'answer')"
    )
    seq = conn.execute("SELECT MIN(seq) FROM audit WHERE action = 'answer'").fetchone()[0]
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert run(home, "check") == 1
    assert f"audit chain broken at entry {seq}" in capsys.readouterr().out


def test_backup_and_restore(home, tmp_path, capsys):
    assert run(home, "demo") == 0
    backup = tmp_path / "b.db"
    # A station manager may not carry the whole home away: refused by the service, nothing written.
    assert run(home, "backup", "-o", str(backup), "--user", "mgr_km", password="manager123") == 2
    assert "only an admin backs up or restores by hand" in capsys.readouterr().err and not backup.exists()
    assert run(home, "backup", "-o", str(backup), *ADMIN, password="admin123") == 0
    assert run(home, "backup", "-o", str(backup), *ADMIN, password="admin123") == 2  # never overwrites
    conn = sqlite3.connect(home / "civdesk.db")
    n = conn.execute("SELECT COUNT(*) FROM inspections").fetchone()[0]
    n_answers = conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM answers WHERE inspection_id IN (SELECT id FROM inspections WHERE state = 'draft')")
    conn.commit()
    assert conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0] < n_answers
    conn.close()
    capsys.readouterr()
    assert run(home, "restore", str(backup), "--json", *ADMIN, password="admin123") == 0
    kept = json.loads(capsys.readouterr().out)["kept"]
    assert Path(kept).exists()
    conn = sqlite3.connect(home / "civdesk.db")
    assert conn.execute("SELECT COUNT(*) FROM inspections").fetchone()[0] == n
    assert conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == n_answers
    conn.close()
    junk = tmp_path / "junk.db"
    junk.write_text("nope")
    assert run(home, "restore", str(junk), *ADMIN, password="admin123") == 2
    assert "not a CivDesk database" in capsys.readouterr().err


def test_a_usb_backup_restores_onto_a_new_machine_with_its_photos(home, tmp_path, capsys):
    assert run(home, "demo") == 0
    conn = sqlite3.connect(home / "civdesk.db")
    photos = {r[0] for r in conn.execute("SELECT sha256 FROM attachments")}
    conn.close()
    assert photos  # the demo has photo evidence
    capsys.readouterr()
    usb = tmp_path / "usb" / "b.db"
    assert run(home, "backup", "-o", str(usb), *ADMIN, password="admin123") == 0
    assert f"its photos are in {usb.parent / 'civdesk-photos'}" in capsys.readouterr().out
    new = tmp_path / "new-laptop"
    assert run(new, "restore", str(usb), "--json", *ADMIN, password="admin123") == 0
    assert json.loads(capsys.readouterr().out)["photos_missing"] == 0
    assert run(new, "check") == 0
    # Without the photo folder the restore still works, and says what it could not bring.
    shutil.rmtree(usb.parent / "civdesk-photos")
    other = tmp_path / "another-laptop"
    assert run(other, "restore", str(usb), *ADMIN, password="admin123") == 0
    assert f"{len(photos)} photo(s) it names are in neither this home nor" in capsys.readouterr().out
    assert run(other, "check") == 1


def test_installed_entry_point_version_and_exit_codes(tmp_path):
    env = dict(os.environ, CIVDESK_HOME=str(tmp_path / "h"))
    out = subprocess.run([sys.executable, "-m", "civdesk", "--version"], capture_output=True, text=True, env=env)
    assert out.returncode == 0 and out.stdout.startswith("civdesk ")
    bad = subprocess.run(
        [sys.executable, "-m", "civdesk", "inspections", "list", "--state", "nope"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert bad.returncode == 2
    acting = subprocess.run(
        [sys.executable, "-m", "civdesk", "answer", "1", "1.1", "yes", "--user", "x"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert acting.returncode == 2 and "CIVDESK_PASSWORD" in acting.stderr


def test_users_first_admin_then_admin_adds_manager(home, capsys, monkeypatch):
    monkeypatch.setenv("CIVDESK_NEW_PASSWORD", "first-admin-pw")
    assert run(home, "users", "add", "boss", "--role", "admin") == 0
    capsys.readouterr()
    # From now on adding a user needs an admin to act.
    assert run(home, "users", "add", "wang", "--role", "manager", "--site", "1") == 2
    assert "give --user NAME" in capsys.readouterr().err
    assert (
        run(
            home,
            "sites",
            "add",
            "收费站A",
            "--kind",
            "toll_station",
            "--region",
            "west",
            "--user",
            "boss",
            password="first-admin-pw",
        )
        == 0
    )
    monkeypatch.setenv("CIVDESK_NEW_PASSWORD", "short")
    assert (
        run(
            home,
            "users",
            "add",
            "wang",
            "--role",
            "manager",
            "--site",
            "收费站A",
            "--user",
            "boss",
            password="first-admin-pw",
        )
        == 2
    )
    assert "at least 8 characters" in capsys.readouterr().err
    monkeypatch.setenv("CIVDESK_NEW_PASSWORD", "manager-pw-1")
    assert (
        run(
            home,
            "users",
            "add",
            "wang",
            "--role",
            "manager",
            "--site",
            "收费站A",
            "--display-name",
            "王站长",
            "--user",
            "boss",
            password="first-admin-pw",
        )
        == 0
    )
    capsys.readouterr()
    assert run(home, "users", "list", "--json") == 0
    users = {u["name"]: u for u in json.loads(capsys.readouterr().out)}
    assert users["wang"]["role"] == "manager" and users["wang"]["sites"] == ["收费站A"]
    assert users["wang"]["display_name"] == "王站长"
    conn = sqlite3.connect(home / "civdesk.db")
    hashes = [r[0] for r in conn.execute("SELECT password_hash FROM users")]
    conn.close()
    assert all(h.startswith("scrypt$") and "manager-pw-1" not in h for h in hashes)
