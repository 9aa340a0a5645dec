"""The command line refuses what it must: acting without a password, damaged databases (nothing
written, not even by ``backup``), a user whose password an admin reset; ``check`` exits 1 on
damage."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from civdesk import services
from civdesk.cli import main
from civdesk.services import accounts, maintenance, password_cost
from civdesk.services import inspections as insp
from tests.helpers.data import PASSWORD


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A home with an admin, an inspector, a site with its manager and staff, and an answered draft."""
    monkeypatch.delenv("CIVDESK_HOME", raising=False)
    monkeypatch.delenv("CIVDESK_PASSWORD", raising=False)
    monkeypatch.setattr(password_cost, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    h = tmp_path / "home"
    s = services.open_home(h)
    admin = accounts.actor(s, accounts.create_user(s, by=None, name="admin", role="admin", password=PASSWORD))
    site = accounts.create_site(s, by=admin, name="收费站A", kind="toll_station", region="east")
    inspector = accounts.actor(
        s, accounts.create_user(s, by=admin, name="inspector", role="inspector", password=PASSWORD)
    )
    accounts.create_user(s, by=admin, name="staff_a", role="staff", password=PASSWORD, site_ids=[site])
    iid = insp.new_inspection(s, inspector, template_id="toll-window", site_id=site, kind="inspection")
    insp.answer(s, inspector, iid, insp.view(s, iid).template.items()[0].code, "yes", note="良好")
    s.close()
    return h


def run(home, *argv, password=None, new_password=None):
    env = {"CIVDESK_PASSWORD": password, "CIVDESK_NEW_PASSWORD": new_password}
    for k, v in env.items():
        if v is not None:
            os.environ[k] = v
    try:
        return main(["--home", str(home), "--lang", "en", *argv])
    finally:
        for k in env:
            os.environ.pop(k, None)


def _audit_head(home: Path):
    conn = sqlite3.connect(home / "civdesk.db")
    try:
        return conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    finally:
        conn.close()


def damaged_line(home: Path, line: str) -> bool:
    """The probe's one line: a page that fails quick_check, or a file SQLite cannot read at all."""
    db = home / "civdesk.db"
    return line.startswith((f"{db} is damaged: ", f"{db} cannot be read: "))


def files(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# ------------------------------------------------------------------ no unauthenticated acting commands


@pytest.mark.parametrize("argv", [("backup", "-o", "{tmp}/b.db"), ("restore", "{tmp}/b.db")])
def test_backup_and_restore_need_an_admin(home, tmp_path, capsys, argv):
    argv = [a.format(tmp=tmp_path) for a in argv]
    if argv[0] == "restore":
        s = services.open_home(home)
        maintenance.backup(s, tmp_path / "b.db")
        s.close()
    head = _audit_head(home)
    capsys.readouterr()
    assert run(home, *argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["civdesk: this command acts as a user: give --user NAME"] or err == [
        "civdesk: restore acts as an admin: give --user NAME"
    ]
    assert run(home, *argv, "--user", "admin", password="wrong-password") == 2
    assert capsys.readouterr().err.strip() == "civdesk: wrong user name or password"
    assert run(home, *argv, "--user", "inspector", password=PASSWORD) == 2
    assert capsys.readouterr().err.strip() == (
        "civdesk: only an admin backs up or restores by hand: a backup holds every user, key and inspection"
        if argv[0] == "backup"  # the maintenance service's own rule, as in 设置
        else f"civdesk: only an admin may run {argv[0]}; inspector is inspector"
    )
    if argv[0] == "restore":  # nothing replaced, nothing recorded (a failed login only counts itself)
        assert _audit_head(home) == head and not list(home.glob("civdesk.db.replaced-*"))
    else:
        assert not (tmp_path / "b.db").exists()
    assert run(home, *argv, "--user", "admin", password=PASSWORD) == 0


def test_templates_validate_reads_the_file_only(tmp_path, capsys):
    import yaml

    from tests.helpers.data import MINI

    f = tmp_path / "t.yaml"
    f.write_text(yaml.safe_dump(MINI, allow_unicode=True), encoding="utf-8")
    home = tmp_path / "never-made"
    assert run(home, "templates", "validate", str(f)) == 0
    assert not home.exists()  # no home opened, nothing written: it needs no login


# ------------------------------------------------------------------ damaged database


def _damage(home: Path) -> None:
    db = home / "civdesk.db"
    conn = sqlite3.connect(db)
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    table_pages = [
        r[0]
        for r in conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name IN ('users', 'answers', 'audit')"
        )
    ]
    conn.close()
    data = bytearray(db.read_bytes())
    for n in table_pages:  # three pages zeroed, as a failing disk does
        data[(n - 1) * page : n * page] = bytes(page)
    db.write_bytes(bytes(data))
    assert maintenance.probe(home) is not None


@pytest.mark.parametrize(
    "argv",
    [
        ("inspections", "list"),
        ("users", "list"),
        ("answer", "1", "1.1", "no", "--user", "inspector"),
        ("sites", "add", "新站", "--user", "admin"),
        ("backup", "-o", "{tmp}/usb/b.db", "--user", "admin"),
        ("export", "1", "-o", "{tmp}/x.civpack", "--user", "inspector"),
    ],
)
def test_a_damaged_database_is_refused_untouched(home, tmp_path, capsys, argv):
    _damage(home)
    before = files(home)
    capsys.readouterr()
    assert run(home, *[a.format(tmp=tmp_path) for a in argv], password=PASSWORD) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and damaged_line(home, err[0].removeprefix("civdesk: "))
    assert files(home) == before  # not a byte written, no -wal beside it
    assert not (tmp_path / "usb").exists() and not (tmp_path / "x.civpack").exists()


def test_check_exits_1_on_a_damaged_database(home, capsys):
    _damage(home)
    before = files(home)
    capsys.readouterr()
    assert run(home, "check") == 1
    out = capsys.readouterr().out.strip()
    assert damaged_line(home, out)
    assert files(home) == before


def test_backup_refuses_a_damaged_database_even_from_an_open_store(home, tmp_path):
    """The GUI's backup runs on a Store opened before the damage: the copy is checked."""
    s = services.open_home(home)
    try:
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db = home / "civdesk.db"
        page = s.scalar("PRAGMA page_size")
        root = s.scalar("SELECT rootpage FROM sqlite_master WHERE name = 'answers'")
        with open(db, "r+b") as f:
            f.seek((root - 1) * page)
            f.write(bytes(page))
        with pytest.raises((maintenance.InputError, sqlite3.DatabaseError)):
            maintenance.backup(s, tmp_path / "usb" / "b.db")
    finally:
        s.close()
    assert not (tmp_path / "usb" / "b.db").exists() and not list((tmp_path / "usb").glob("*.part"))


# ------------------------------------------------------------------ a password an admin reset


def test_a_reset_password_must_be_changed_before_acting(home, capsys):
    s = services.open_home(home)
    admin = accounts.authenticate(s, "admin", PASSWORD)
    staff = accounts.user_by_name(s, "staff_a")["id"]
    accounts.reset_password(s, by=admin, user_id=staff, new_password="from-the-admin")
    s.close()
    capsys.readouterr()
    argv = (
        "inspections",
        "new",
        "--template",
        "toll-window",
        "--site",
        "收费站A",
        "--kind",
        "self",
        "--user",
        "staff_a",
    )
    assert run(home, *argv, password="from-the-admin") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "civdesk: user 'staff_a' must change the password an admin reset before acting: civdesk users "
        "passwd --user staff_a (CIVDESK_PASSWORD: the reset password, CIVDESK_NEW_PASSWORD: the new one)"
    ]
    assert (
        run(home, "users", "passwd", "--user", "staff_a", password="from-the-admin", new_password="from-the-admin") == 2
    )
    assert "must differ" in capsys.readouterr().err
    assert (
        run(home, "users", "passwd", "--user", "staff_a", password="from-the-admin", new_password="only-i-know-1") == 0
    )
    assert run(home, *argv, password="from-the-admin") == 2
    assert run(home, *argv, password="only-i-know-1") == 0
    assert run(home, "check") == 0
