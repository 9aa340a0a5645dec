"""Damage at start, precisely: restoring over a damaged database never writes to it (no checkpoint folds
a WAL into it; the WAL is kept beside the set-aside file), a restore that cannot copy the backup puts the
old file back, and a checkpoint cut short (recoverable from its WAL) is not mistaken for damage."""

from __future__ import annotations

import errno
import shutil

import pytest

from civdesk import services
from civdesk.services import accounts, maintenance
from civdesk.store import DB_NAME


def _damage(path, page):
    with open(path, "r+b") as f:
        f.seek(4096 * page)
        f.write(b"\xde\xad\xbe\xef" * 1024)


@pytest.fixture
def crashed_home(tmp_path):
    """A home copied while CivDesk had it open (as after a power cut): the WAL still holds commits."""
    live = tmp_path / "live"
    store = services.open_home(live)
    accounts.create_user(store, by=None, name="admin", role="admin", password="password-123")
    backup = maintenance.backup(store, tmp_path / "good.db")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    accounts.create_user(store, by=accounts.actor(store, 1), name="later", role="inspector", password="password-123")
    home = tmp_path / "home"
    home.mkdir()
    for name in (DB_NAME, DB_NAME + "-wal"):
        shutil.copyfile(live / name, home / name)
    store.close()
    assert (home / (DB_NAME + "-wal")).stat().st_size > 0
    return home, backup


def test_restore_over_a_damaged_file_keeps_it_and_its_wal_byte_for_byte(crashed_home):
    home, backup = crashed_home
    pages = (home / DB_NAME).stat().st_size // 4096
    _damage(home / DB_NAME, pages // 2)
    assert maintenance.probe(home) is not None
    db_bytes = (home / DB_NAME).read_bytes()
    wal_bytes = (home / (DB_NAME + "-wal")).read_bytes()
    kept = maintenance.restore(home, backup)
    assert kept.read_bytes() == db_bytes
    assert (home / (kept.name + "-wal")).read_bytes() == wal_bytes  # paired with the kept file by name
    assert maintenance.probe(home) is None


def test_a_restore_that_cannot_copy_puts_the_old_file_back(tmp_path, monkeypatch):
    home = tmp_path / "home"
    store = services.open_home(home)
    accounts.create_user(store, by=None, name="admin", role="admin", password="password-123")
    backup = maintenance.backup(store, tmp_path / "good.db")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    before = (home / DB_NAME).read_bytes()

    def full(src, dst, **kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(maintenance.shutil, "copyfile", full)
    with pytest.raises(OSError):
        maintenance.restore(home, backup)
    assert (home / DB_NAME).read_bytes() == before
    assert not list(home.glob(f"{DB_NAME}.replaced-*")) and not (home / (DB_NAME + ".restoring")).exists()


def test_a_checkpoint_cut_short_is_not_damage(tmp_path):
    """Killed while a checkpoint copied the WAL into the file: page 1 (the new size) written, the file
    not yet grown. SQLite completes it from the WAL, so the start-up probe must not call it damaged
    (that would offer to replace a sound database with an older backup)."""
    import sqlite3

    from civdesk.store import Store

    live, snap, full, torn = (tmp_path / n for n in ("live", "snap", "full", "torn"))
    store = services.open_home(live)
    accounts.create_user(store, by=None, name="admin", role="admin", password="password-123")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.conn.execute("PRAGMA wal_autocheckpoint = 0")
    by = accounts.actor(store, 1)
    for n in range(40):
        accounts.create_user(
            store, by=by, name=f"user{n}", role="inspector", password="password-123", display_name="检查员" * 200
        )
    for d in (snap, full, torn):
        d.mkdir()
    for name in (DB_NAME, DB_NAME + "-wal"):  # the files as a power cut would leave them
        shutil.copyfile(live / name, snap / name)
        shutil.copyfile(live / name, full / name)
    store.close()
    c = sqlite3.connect(full / DB_NAME)
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    c.close()
    old, new = (snap / DB_NAME).read_bytes(), (full / DB_NAME).read_bytes()
    page = int.from_bytes(new[16:18], "big")
    assert len(new) > len(old)
    (torn / DB_NAME).write_bytes(new[:page] + old[page:])
    shutil.copyfile(snap / (DB_NAME + "-wal"), torn / (DB_NAME + "-wal"))

    assert maintenance.probe(torn) is None
    s = Store(torn)
    try:
        assert s.scalar("SELECT COUNT(*) FROM users") == 41 and maintenance.check(s) == []
    finally:
        s.close()
