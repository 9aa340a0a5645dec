"""Faults and neighbours: a full disk in the middle of a save or an import leaves nothing
half-written and a retry succeeds; an import killed with SIGKILL leaves the home either unchanged
or fully imported; two (three) CivDesk processes on one home work side by side safely."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import civdesk
from civdesk import services
from civdesk.services import exchange, inspections, maintenance
from civdesk.store import Store
from civdesk.store import attachments as files
from tests.helpers.data import picture_bytes
from tests.helpers.exchange import home_dump, login, snapshot

WORKER = Path(__file__).with_name("exchange_worker.py")


def _env():
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1")
    root = str(Path(civdesk.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def spawn(*args):
    return subprocess.Popen(
        [sys.executable, str(WORKER), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=_env(),
        text=True,
    )


def kill_now(p) -> None:
    """SIGKILL, as a power cut or kill -9 would stop it, and reap it."""
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=30)
    p.stdout.close()
    p.stderr.close()


def _disk_full(store):
    """From now on the database cannot grow: what SQLite reports on a full disk (SQLITE_FULL)."""
    pages = store.scalar("PRAGMA page_count")
    store.conn.execute(f"PRAGMA max_page_count = {pages}")


def _disk_free(store):
    store.conn.execute("PRAGMA max_page_count = 1073741823")


def test_answer_on_a_full_disk_fails_whole_and_succeeds_on_retry(people, mini):
    s = people.store
    iid = inspections.new_inspection(s, people.inspector, template_id="mini", site_id=people.site_a, kind="inspection")
    audit_before = s.scalar("SELECT COUNT(*) FROM audit")
    _disk_full(s)
    with pytest.raises(Exception, match="database or disk is full"):
        inspections.answer(s, people.inspector, iid, "1.1", "no", note="长说明" * 4000)
    assert s.scalar("SELECT COUNT(*) FROM answers WHERE inspection_id = ?", (iid,)) == 0
    assert s.scalar("SELECT COUNT(*) FROM audit") == audit_before and not s.conn.in_transaction
    _disk_free(s)
    saved = inspections.answer(s, people.inspector, iid, "1.1", "no", note="长说明" * 4000)
    assert saved.note == "长说明" * 4000
    assert maintenance.check(s) == []


def test_photo_on_a_full_disk_leaves_no_row_and_no_stray_file(people, mini, tmp_path, monkeypatch):
    s = people.store
    iid = inspections.new_inspection(s, people.inspector, template_id="mini", site_id=people.site_a, kind="inspection")
    photo = tmp_path / "现场.png"
    photo.write_bytes(picture_bytes("PNG", size=(200, 150)))
    real_fsync = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        inspections.attach_photo(s, people.inspector, iid, "1.1", photo)
    assert inspections.photos(s, iid) == []
    assert [p for p in s.attachments_dir.rglob("*") if p.is_file()] == []
    monkeypatch.setattr(files.os, "fsync", real_fsync)
    inspections.attach_photo(s, people.inspector, iid, "1.1", photo)
    assert len(inspections.photos(s, iid)) == 1 and maintenance.check(s) == []


def test_import_on_a_full_disk_changes_nothing_then_succeeds(demo_a, home_b, bundle_few):
    before = snapshot(home_b.home)
    _disk_full(home_b)
    with pytest.raises(Exception, match="database or disk is full"):
        exchange.import_bundle(home_b, bundle_few, by=None)
    assert snapshot(home_b.home) == before  # the photo files it wrote first were taken back
    _disk_free(home_b)
    assert exchange.import_bundle(home_b, bundle_few, by=None).counts()["added"] == 3


def test_import_refused_when_free_space_is_short(demo_a, home_b, bundle_few, monkeypatch):
    before = snapshot(home_b.home)
    monkeypatch.setattr(exchange.importing.shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(10**9, 10**9, 1000))
    with pytest.raises(exchange.BundleRefused, match="not enough free space"):
        exchange.import_bundle(home_b, bundle_few, by=None)
    assert snapshot(home_b.home) == before


def test_import_killed_at_random_moments_is_all_or_nothing(home_a, tmp_path):
    bundle = tmp_path / "all.civpack"
    ids = [r[0] for r in home_a.conn.execute("SELECT id FROM inspections")]
    exchange.export_bundle(home_a, ids, bundle, by=login(home_a, "admin"), password="admin123")
    expected = home_dump(home_a)
    pristine = tmp_path / "pristine"
    services.open_home(pristine).close()
    # Calibrate on this machine, now: how long an uninterrupted import takes. Kills then land
    # anywhere from the start to a little past the end, so both sides of the commit are hit even
    # when the machine is slow or busy; the first and last rounds pin the two extremes.
    calib = tmp_path / "calibrate"
    shutil.copytree(pristine, calib)
    p = spawn("import", calib, bundle)
    assert p.stdout.readline().strip() == "START"
    t0 = time.monotonic()
    _out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    full = time.monotonic() - t0
    rng = random.Random(6)
    outcomes = []
    rounds = 20
    for n in range(rounds):
        home = tmp_path / f"B{n}"
        shutil.copytree(pristine, home)
        p = spawn("import", home, bundle)
        started = time.monotonic()
        assert p.stdout.readline().strip() == "START"  # the home is open; the import begins
        delay = 0.0 if n == 0 else full * 2 if n == rounds - 1 else rng.uniform(0.0, full * 1.2)
        time.sleep(delay)
        kill_now(p)
        s = Store(home)
        try:
            assert [r[0] for r in s.conn.execute("PRAGMA integrity_check")] == ["ok"]
            assert maintenance.check(s) == []
            got = home_dump(s)
            if got:
                assert got == expected, f"round {n}: a partial import after {time.monotonic() - started:.2f} s"
                outcomes.append("imported")
            else:
                assert s.scalar("SELECT COUNT(*) FROM users") == 0 and s.scalar("SELECT COUNT(*) FROM sites") == 0
                outcomes.append("unchanged")
        finally:
            s.close()
    assert set(outcomes) == {"imported", "unchanged"}, outcomes  # both sides of the commit were hit


def test_two_processes_write_and_a_third_imports_on_one_home(demo_a, home_a, tmp_path):
    """Two writers answering and an import of 50 inspections (35 new to it), all at once on one home."""
    bundle = tmp_path / "all.civpack"
    exchange.export_bundle(
        home_a,
        [r[0] for r in home_a.conn.execute("SELECT id FROM inspections")],
        bundle,
        by=login(home_a, "admin"),
        password="admin123",
    )
    drafts = [
        r[0]
        for r in demo_a.conn.execute(
            "SELECT id FROM inspections WHERE state = 'draft' AND kind = 'inspection' ORDER BY id"
        )
    ][:2]
    home = demo_a.home
    demo_a.close()
    procs = [spawn("answers", home, iid, 40) for iid in drafts] + [spawn("import", home, bundle)]
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        outs.append(out)
    assert all(o.count("SAVED") == 40 for o in outs[:2]) and "DONE 35" in outs[2]
    s = Store(home)
    try:
        assert maintenance.check(s) == []
        for iid in drafts:
            notes = {r[0] for r in s.conn.execute("SELECT note FROM answers WHERE inspection_id = ?", (iid,))}
            assert f"进程{iid}-39" in notes
            assert (
                s.scalar(
                    "SELECT COUNT(*) FROM audit WHERE action = 'answer' AND entity_id = ? AND detail LIKE ?",
                    (str(iid), "%进程%"),
                )
                == 40
            )
        assert s.scalar("SELECT COUNT(*) FROM inspections") == 15 + 35
    finally:
        s.close()


def test_three_processes_opening_a_new_home_at_once(tmp_path):
    home = tmp_path / "fresh"
    procs = [spawn("open", home) for _ in range(3)]
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        assert out.startswith("READY")
    s = Store(home)
    try:
        assert s.scalar("SELECT COUNT(*) FROM templates") == len(services.templates.builtin_files())
        assert maintenance.check(s) == []
    finally:
        s.close()
