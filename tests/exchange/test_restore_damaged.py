"""Restoring over a damaged database never writes to it: no checkpoint folds a WAL into it, the WAL is
kept beside the set-aside file, and a restore that cannot copy the backup puts the old file back."""

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
