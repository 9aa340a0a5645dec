"""Home files for their owner only (POSIX): folders 0700, files 0600 — the database and its WAL,
photos, backups inside and outside the home, the lock folder; an older, open home is tightened
when CivDesk opens it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from civdesk import services
from civdesk.services import accounts, maintenance
from civdesk.store import attachments
from tests.helpers.data import picture_bytes

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def everything(home: Path) -> list[Path]:
    return [home, *sorted(home.rglob("*"))]


def open_to_others(home: Path) -> list[str]:
    return [f"{p} {mode(p):o}" for p in everything(home) if mode(p) & 0o077]


def test_a_new_home_is_private(tmp_path):
    old = os.umask(0o022)  # a usual desktop umask: files 0644 unless CivDesk says otherwise
    try:
        home = tmp_path / "home"
        s = services.open_home(home)
        accounts.create_user(s, by=None, name="admin", role="admin", password="long-enough-1")
        attachments.put_bytes(s.attachments_dir, picture_bytes())
        maintenance.auto_backup(s, at_start=True)
        from civdesk.store import lock

        held = lock.hold(home)
        assert (home / "civdesk.db-wal").exists()
        assert open_to_others(home) == []
        assert mode(home) == 0o700 and mode(home / "civdesk.db") == 0o600
        assert mode(home / "civdesk.db-wal") == 0o600
        outside = maintenance.backup(s, tmp_path / "usb" / "b.db")
        assert mode(outside) == 0o600
        held.release()
        s.close()
    finally:
        os.umask(old)


def test_an_existing_open_home_is_tightened_when_opened(tmp_path):
    home = tmp_path / "home"
    s = services.open_home(home)
    attachments.put_bytes(s.attachments_dir, picture_bytes())
    maintenance.auto_backup(s, at_start=True)
    s.close()
    (home / "keys").mkdir()
    (home / "keys" / "documents.pem").write_text("-----BEGIN PRIVATE KEY-----\n")
    for p in everything(home):  # as an older CivDesk left it
        os.chmod(p, 0o755 if p.is_dir() else 0o644)
    assert len(open_to_others(home)) > 5

    s = services.open_home(home)
    try:
        assert open_to_others(home) == []
    finally:
        s.close()
