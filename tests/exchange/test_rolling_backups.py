"""Rolling automatic backups (rules with dates; the service on a real home), the start-up probe
of a damaged database and the newest good backup it offers."""

from __future__ import annotations

import datetime as _dt
import errno
import sqlite3

import pytest

from civdesk.cli import main
from civdesk.domain import backups as rules
from civdesk.services import maintenance
from civdesk.services.errors import InputError
from civdesk.store import DB_NAME, Store

UTC = _dt.UTC
T0 = _dt.datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def test_due_rules():
    p = rules.Policy(every_hours=6)
    assert rules.is_due(None, T0, p)
    assert not rules.is_due(T0, T0 + _dt.timedelta(hours=5, minutes=59), p)
    assert rules.is_due(T0, T0 + _dt.timedelta(hours=6), p)
    assert rules.is_due(T0, T0 + _dt.timedelta(minutes=10), p, at_start=True)
    assert not rules.is_due(T0, T0 + _dt.timedelta(minutes=9), p, at_start=True)
    assert rules.is_due(T0, T0 - _dt.timedelta(hours=1), p)  # clock set back
    assert not rules.is_due(None, T0, rules.Policy(enabled=False))


def test_retention_keeps_last_ten_and_one_a_day_for_thirty_days():
    # Four backups a day for 60 days.
    times = [T0 - _dt.timedelta(days=d, hours=h) for d in range(60) for h in (0, 6, 12, 18)]
    drop = set(rules.to_delete(times, T0, rules.Policy()))
    keep = sorted(set(times) - drop, reverse=True)
    newest_ten = sorted(times, reverse=True)[:10]
    assert set(newest_ten) <= set(keep)
    days = {t.date() for t in keep}
    assert days == {(T0 - _dt.timedelta(days=d)).date() for d in range(30)}
    for day in days - {t.date() for t in newest_ten}:
        assert [t for t in keep if t.date() == day] == [max(t for t in times if t.date() == day)]
    assert len(keep) == 10 + 30 - len({t.date() for t in newest_ten})
    assert rules.to_delete(times[:5], T0, rules.Policy()) == []


def test_names_round_trip():
    name = rules.backup_name(T0)
    assert name == "civdesk-20261127-090000Z.db" and rules.parse_name(name) == T0
    assert rules.parse_name(rules.backup_name(T0, 2)) == T0
    assert rules.parse_name("civdesk.db") is None and rules.parse_name("civdesk-20261399-000000Z.db") is None


def test_auto_backup_at_start_then_every_n_hours_then_prunes(store):
    maintenance.set_backup_policy(store, every_hours=1, keep_last=3, keep_days=2)
    first = maintenance.auto_backup(store, at_start=True, now=T0)
    assert first.made and first.made.parent == store.home / "backups" and first.error is None
    assert maintenance.auto_backup(store, now=T0 + _dt.timedelta(minutes=30)).made is None
    made = [first.made]
    for h in range(1, 8):
        r = maintenance.auto_backup(store, now=T0 + _dt.timedelta(hours=h))
        made.append(r.made)
    left = [p for _, p in maintenance.list_backups(store.home)]
    assert left == made[::-1][:3]  # all on one day: the newest three
    with sqlite3.connect(f"file:{left[0]}?mode=ro", uri=True) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_policy_is_configurable_and_checked(store):
    assert maintenance.backup_policy(store) == rules.Policy()
    maintenance.set_backup_policy(store, every_hours=12, keep_last=5)
    assert maintenance.backup_policy(store) == rules.Policy(every_hours=12.0, keep_last=5)
    with pytest.raises(InputError, match="keep_last must be at least 1"):
        maintenance.set_backup_policy(store, keep_last=0)
    with pytest.raises(InputError, match="unknown backup setting"):
        maintenance.set_backup_policy(store, colour="red")
    maintenance.set_backup_policy(store, enabled=False)
    assert maintenance.auto_backup(store, at_start=True, now=T0).made is None


def test_failed_backup_is_reported_not_raised_and_leaves_no_part_file(store, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(maintenance.os, "fsync", full)
    r = maintenance.auto_backup(store, at_start=True, now=T0)
    assert r.made is None and r.error == "automatic backup failed: No space left on device"
    assert list((store.home / "backups").iterdir()) == []
    monkeypatch.undo()
    assert maintenance.auto_backup(store, at_start=True, now=T0).made is not None


def _damage(db_path, offset_pages=2):
    """Overwrite one page in the middle of the file with garbage (the header stays valid)."""
    with open(db_path, "r+b") as f:
        f.seek(4096 * offset_pages)
        f.write(b"\xde\xad\xbe\xef" * 1024)


def test_probe_and_newest_good_backup(store):
    home = store.home
    older = maintenance.auto_backup(store, at_start=True, now=T0).made
    newer = maintenance.auto_backup(store, now=T0 + _dt.timedelta(hours=7)).made
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    assert maintenance.probe(home) is None
    _damage(newer)
    assert maintenance.newest_good_backup(home) == older
    _damage(home / DB_NAME)
    problem = maintenance.probe(home)
    assert problem is not None and ("is damaged" in str(problem) or "cannot be read" in str(problem))
    # The CLI refuses a damaged home with exit 2 and one line; restore offers the good backup.
    kept = maintenance.restore(home, maintenance.newest_good_backup(home))
    assert kept.exists() and maintenance.probe(home) is None
    s = Store(home)
    assert maintenance.check(s) == []
    s.close()


def test_cli_on_a_home_whose_file_is_not_a_database(tmp_path, capsys):
    home = tmp_path / "home"
    home.mkdir()
    (home / DB_NAME).write_bytes(b"garbage" * 100)
    assert main(["--home", str(home), "--lang", "en", "inspections", "list"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is not a CivDesk database" in err
    assert (home / DB_NAME).read_bytes() == b"garbage" * 100
