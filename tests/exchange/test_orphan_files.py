"""Orphan files: an import killed with SIGKILL after it wrote photo files and before its transaction
committed leaves those files and nothing else; `civdesk check` names them (and removes temporary
files), `civdesk check --sweep` removes them, and the import then succeeds. Photo files that a
backup still names, or that a CivDesk is writing right now, are never swept."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from test_faults_processes import kill_now, spawn

from civdesk import services
from civdesk.cli import main
from civdesk.services import exchange, inspections, maintenance, orphans
from civdesk.store import Store
from civdesk.store import attachments as files
from tests.helpers.data import picture_bytes
from tests.helpers.exchange import home_dump, login

HOUR_AGO = time.time() - 3600


def photo_files(home: Path) -> list[Path]:
    return sorted(p for p in (home / files.ROOT_NAME).glob("*/*") if p.is_file())


def named_files(home: Path) -> list[Path]:
    """Photo files under their hash (not the temporary name a file has while it is written)."""
    return [p for p in photo_files(home) if not p.name.startswith(".tmp-")]


def age(paths, when: float = HOUR_AGO) -> None:
    """As if the files had been left an hour ago (orphans count only once nothing touched them
    for orphans.ORPHAN_AGE)."""
    for p in paths:
        os.utime(p, (when, when))


def check(home: Path, capsys, *extra) -> tuple[int, str]:
    capsys.readouterr()
    rc = main(["--home", str(home), "--lang", "en", "check", *extra])
    return rc, capsys.readouterr().out


def killed_import(tmp_path: Path, bundle: Path) -> Path:
    """A new home into which an import of ``bundle`` was killed while it wrote photo files."""
    for attempt in range(10):
        home = tmp_path / f"B{attempt}"
        services.open_home(home).close()
        p = spawn("import", home, bundle)
        assert p.stdout.readline().strip() == "START"
        deadline = time.monotonic() + 60
        while len(named_files(home)) < 3 and p.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        kill_now(p)
        s = Store(home)
        try:
            committed = s.scalar("SELECT COUNT(*) FROM inspections")
        finally:
            s.close()
        if named_files(home) and not committed:
            return home
    pytest.fail("the import always finished before it could be killed among its photo files")


def test_import_killed_among_its_photos_leaves_orphans_that_check_finds_and_sweeps(home_a, tmp_path, capsys):
    bundle = tmp_path / "all.civpack"
    ids = [r[0] for r in home_a.conn.execute("SELECT id FROM inspections")]
    exchange.export_bundle(home_a, ids, bundle, by=login(home_a, "admin"), password="admin123")
    home = killed_import(tmp_path, bundle)
    left = photo_files(home)
    s = Store(home)
    try:
        assert maintenance.check(s) == []  # nothing damaged: the records are as before the import
        assert s.scalar("SELECT COUNT(*) FROM attachments") == 0
        assert orphans.find(s).unnamed == []  # just written: could be an import at work
    finally:
        s.close()

    age(left)
    rc, out = check(home, capsys)
    named = named_files(home)
    assert rc == 0 and f"{len(named)} photo file(s)" in out and "`civdesk check --sweep` removes them" in out
    assert photo_files(home) == named  # reported and kept; a temporary file (if the kill left one) is gone

    rc, out = check(home, capsys, "--sweep")
    assert rc == 0 and f"removed {len(named)} of {len(named)} photo file(s)" in out
    assert photo_files(home) == []
    rc, out = check(home, capsys)
    assert rc == 0 and out.startswith("ok: ") and out.count("\n") == 1  # nothing left to report

    s = services.open_home(home)
    try:
        assert exchange.import_bundle(s, bundle, by=None).counts()["added"] == len(ids)
        assert home_dump(s) == home_dump(home_a)
        assert maintenance.check(s) == [] and orphans.find(s, now=time.time() + 3600).unnamed == []
    finally:
        s.close()


def _with_photo(people, mini, tmp_path) -> tuple[int, str]:
    s = people.store
    iid = inspections.new_inspection(s, people.inspector, template_id="mini", site_id=people.site_a, kind="inspection")
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(picture_bytes())
    aid = inspections.attach_photo(s, people.inspector, iid, "1.1", photo)
    return aid, s.scalar("SELECT sha256 FROM attachments WHERE id = ?", (aid,))


def test_a_photo_a_backup_still_names_is_never_swept(people, mini, tmp_path):
    s = people.store
    aid, sha = _with_photo(people, mini, tmp_path)
    maintenance.backup(s, maintenance.backup_dir(s.home) / "before-removal.db")
    inspections.remove_photo(s, people.inspector, aid)
    age(photo_files(s.home))
    assert orphans.sweep(s, photos=True).removed == []
    assert files.verify(s.attachments_dir, sha)
    # Without the backup the file is an orphan.
    (maintenance.backup_dir(s.home) / "before-removal.db").unlink()
    found = orphans.sweep(s, photos=True)
    assert [p.name for p in found.removed] == [sha] and not files.path_for(s.attachments_dir, sha).exists()


def test_a_photo_being_written_again_is_kept(people, mini, tmp_path):
    """An import that finds a photo file already present touches it before its transaction: a
    sweep at that moment leaves it."""
    s = people.store
    aid, sha = _with_photo(people, mini, tmp_path)
    inspections.remove_photo(s, people.inspector, aid)
    age(photo_files(s.home))
    assert [p.name for p in orphans.find(s).unnamed] == [sha]
    data = files.path_for(s.attachments_dir, sha).read_bytes()
    assert files.put_bytes(s.attachments_dir, data) == sha  # what an import does first
    assert orphans.sweep(s, photos=True).removed == []
    assert files.verify(s.attachments_dir, sha)


def test_old_temporary_files_are_removed_fresh_ones_kept(people, tmp_path, capsys):
    s = people.store
    (s.attachments_dir / "ab").mkdir(parents=True, exist_ok=True)
    old_tmp, new_tmp = s.attachments_dir / "ab" / ".tmp-old", s.attachments_dir / "ab" / ".tmp-new"
    part = maintenance.backup_dir(s.home) / "auto.db.part"
    part.parent.mkdir(exist_ok=True)
    for p in (old_tmp, new_tmp, part):
        p.write_bytes(b"half a file")
    age([old_tmp, part])
    rc, out = check(s.home, capsys)
    assert rc == 0 and "removed 2 of 2 temporary file(s) left by an interrupted write" in out
    assert not old_tmp.exists() and not part.exists() and new_tmp.exists()
