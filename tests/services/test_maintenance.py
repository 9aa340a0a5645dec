"""``civdesk check``, backup and restore on real home folders."""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from pathlib import Path

import pytest

from civdesk import services
from civdesk.services import inspections as insp
from civdesk.services import maintenance, templates
from civdesk.services.errors import InputError
from civdesk.store import DB_NAME, Store
from tests.helpers.data import picture_bytes
from tests.helpers.home import behind_civdesks_back, rolling_backup


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(home):
    return {p.name: sha(p) for p in home.iterdir() if p.is_file()}


# Dropping the append-only trigger to edit the log changes the schema: check names that too.
DROPPED_GUARD = "the schema's trigger audit_no_update: removed outside CivDesk (audit entry 1 recorded it last)"


def answer_entry(store, code):
    return store.scalar("SELECT seq FROM audit WHERE action = 'answer' AND detail LIKE ?", (f'%"code":"{code}"%',))


# ------------------------------------------------------------------ check


def test_check_healthy_home(people, home_with_data):
    assert maintenance.check(people.store) == []


def test_check_names_an_audit_entry_edited_behind_civdesks_back(people, home_with_data):
    s = people.store
    seq = answer_entry(s, "1.1")
    with behind_civdesks_back(s) as c:
        c.execute("DROP TRIGGER audit_no_update")
        c.execute("UPDATE audit SET detail = ? WHERE seq = ?", ('{"code":"1.1","note":"地面不洁","value":"yes"}', seq))
    assert maintenance.check(s) == [
        f"audit chain broken at entry {seq}: its content does not match its hash",
        DROPPED_GUARD,
    ]


def test_check_names_a_deleted_audit_entry(people, home_with_data):
    s = people.store
    seq = answer_entry(s, "2.1")
    with behind_civdesks_back(s) as c:
        c.execute("DROP TRIGGER audit_no_delete")
        c.execute("DELETE FROM audit WHERE seq = ?", (seq,))
    found = maintenance.check(s)
    assert found[0] == f"audit chain broken at entry {seq + 1}: entry {seq} is missing (found {seq + 1})"
    # The entry also carried the seal of the answer it recorded: that row is now unaccounted for.
    assert any(p.startswith("answers row ") and "item 2.1" in p for p in found[1:])


def test_check_names_a_forged_audit_entry(people, home_with_data):
    s = people.store
    last = s.one("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
    with behind_civdesks_back(s) as c:  # inserting needs no trigger dropped: the chain catches it
        c.execute(
            "INSERT INTO audit (seq, at, user_id, action, entity, entity_id, detail, prev_hash, hash) "
            "VALUES (?, '2024-01-01T00:00:00+00:00', 1, 'answer', 'inspection', '1', '{}', ?, ?)",
            (last["seq"] + 1, last["hash"], "f" * 64),
        )
    assert maintenance.check(s) == [
        f"audit chain broken at entry {last['seq'] + 1}: its content does not match its hash"
    ]


def test_check_finds_entries_cut_off_the_end_of_the_log_since_a_backup(people, home_with_data):
    s = people.store
    made = rolling_backup(s, minutes_ago=5)
    head = s.scalar("SELECT MAX(seq) FROM audit")
    insp.answer(s, people.inspector, home_with_data, "1.2", "good")
    with behind_civdesks_back(s) as c:  # the chain alone cannot see this: what is left is a valid chain
        c.execute("DROP TRIGGER audit_no_delete")
        c.execute("DELETE FROM audit WHERE seq >= ?", (head - 1,))
    from civdesk.domain.audit import first_broken

    assert first_broken(s.audit_entries()) is None
    found = maintenance.check(s)
    assert found[0] == (
        f"audit log: the backup {made.name} holds entries up to {head}, "
        f"this log ends at {head - 2} (entries were removed)"
    )
    # The cut entries took the seals of the rows they recorded with them: those rows are named too.
    assert found[1:] and all("outside CivDesk" in p for p in found[1:])


def test_check_finds_the_end_of_the_log_rewritten_since_a_backup(people, home_with_data):
    from civdesk.domain.audit import entry_hash

    s = people.store
    made = rolling_backup(s, minutes_ago=5)
    last = s.one("SELECT * FROM audit ORDER BY seq DESC LIMIT 1")
    forged = dict(last, detail='{"note":"一切正常"}')
    forged["hash"] = entry_hash(forged)  # rewritten with a correct hash: the chain stays valid
    with behind_civdesks_back(s) as c:
        c.execute("DROP TRIGGER audit_no_update")
        c.execute(
            "UPDATE audit SET detail = ?, hash = ? WHERE seq = ?", (forged["detail"], forged["hash"], last["seq"])
        )
    assert maintenance.check(s) == [
        f"audit log: entry {last['seq']} differs from the backup {made.name} (the log was rewritten)",
        DROPPED_GUARD,
    ]


def test_a_restore_is_not_mistaken_for_a_cut_log_but_later_cuts_are_found(people, home_with_data):
    s = people.store
    older = rolling_backup(s, minutes_ago=120)
    insp.answer(s, people.inspector, home_with_data, "1.2", "good")
    rolling_backup(s, minutes_ago=60)  # holds entries the restore below goes back before
    home = s.home
    s.close()
    maintenance.restore(home, older)
    restored = Store(home)
    try:
        assert maintenance.check(restored) == []
        entries = list(restored.audit_entries())
        assert entries[-1]["action"] == "home.restore" and f'"from":"{older.name}"' in entries[-1]["detail"]
        after = maintenance.backup(restored, maintenance.backup_dir(home) / rules_name(minutes_ahead=1))
        with behind_civdesks_back(restored) as c:
            c.execute("DROP TRIGGER audit_no_delete")
            c.execute("DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit)")
        found = [p.split(" holds")[0] for p in maintenance.check(restored)]
        assert f"audit log: the backup {after.name}" in found
    finally:
        restored.close()


def rules_name(minutes_ahead: float) -> str:
    import datetime as _dt

    from civdesk.domain import backups as rules

    return rules.backup_name(_dt.datetime.now(_dt.UTC) + _dt.timedelta(minutes=minutes_ahead))


def test_check_finds_altered_and_missing_attachments(people, home_with_data):
    s = people.store
    digest = insp.photos(s, home_with_data, "1.1")[0].sha256
    path = s.attachments_dir / digest[:2] / digest
    path.write_bytes(b"a different photo")
    assert maintenance.check(s) == [f"attachment {digest[:12]}… is missing or altered"]
    path.unlink()
    assert maintenance.check(s) == [f"attachment {digest[:12]}… is missing or altered"]


def test_check_finds_broken_foreign_keys(people, home_with_data):
    s = people.store
    with behind_civdesks_back(s) as c:  # foreign keys are off on a plain connection
        cur = c.execute(
            "INSERT INTO comments (inspection_id, user_id, kind, text, at) "
            "VALUES (999, 1, 'comment', '孤儿', '2024-01-01')"
        )
        rowid = cur.lastrowid
    assert maintenance.check(s) == [
        f"foreign key: comments row {rowid} points at a missing inspections",
        f"comments row {rowid} (inspection 999): added outside CivDesk (no audit entry records it)",
    ]


def test_new_home_with_builtin_templates_is_healthy_and_reopens_unchanged(store):
    builtin = store.query("SELECT id, template_id, version, sha256 FROM templates WHERE builtin = 1 ORDER BY id")
    assert len(builtin) == len(templates.builtin_files()) >= 3
    assert maintenance.check(store) == []
    home, audit = store.home, store.scalar("SELECT COUNT(*) FROM audit")
    store.close()
    again = services.open_home(home)
    try:  # installing the built-ins again stores no new version and writes no audit entry
        assert again.query("SELECT id, template_id, version, sha256 FROM templates ORDER BY id") == builtin
        assert again.scalar("SELECT COUNT(*) FROM audit") == audit
    finally:
        again.close()


# ------------------------------------------------------------------ backup and restore


def table_rows(conn, table):
    return conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()


def test_backup_then_restore_round_trip(people, home_with_data, tmp_path):
    s = people.store
    home = s.home
    dest = maintenance.backup(s, tmp_path / "backups" / "b1.db")
    assert dest == tmp_path / "backups" / "b1.db"
    assert not (tmp_path / "backups" / "b1.db.part").exists()
    at_backup = {t: table_rows(s.conn, t) for t in ("inspections", "answers", "attachments", "audit", "users")}
    # Work continues after the backup …
    later = insp.new_inspection(s, people.inspector, template_id="mini", site_id=people.site_b, kind="inspection")
    insp.answer(s, people.inspector, later, "1.1", "yes")
    s.close()

    kept = maintenance.restore(home, dest)

    assert kept is not None and kept.parent == home and kept.name.startswith(f"{DB_NAME}.replaced-")
    with contextlib.closing(sqlite3.connect(f"file:{kept}?mode=ro", uri=True)) as old:
        assert old.execute("SELECT COUNT(*) FROM inspections").fetchone()[0] == 2  # the replaced file is whole
    restored = Store(home)
    try:
        now_rows = {t: table_rows(restored.conn, t) for t in at_backup}
        # Everything as it was at the backup, plus one audit entry recording the restore itself.
        assert now_rows["audit"][:-1] == at_backup["audit"]
        assert now_rows["audit"][-1][3:5] == ("home.restore", "home") and now_rows["audit"][-1][2] is None
        assert {t: rows for t, rows in now_rows.items() if t != "audit"} == {
            t: rows for t, rows in at_backup.items() if t != "audit"
        }
        assert restored.scalar("SELECT COUNT(*) FROM inspections WHERE id = ?", (later,)) == 0
        assert maintenance.check(restored) == []
    finally:
        restored.close()


def test_backup_refuses_to_overwrite(people, home_with_data, tmp_path):
    dest = tmp_path / "b.db"
    dest.write_bytes(b"keep me")
    with pytest.raises(InputError, match="already exists; choose a new file name"):
        maintenance.backup(people.store, dest)
    assert dest.read_bytes() == b"keep me"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"not a database at all\n" * 20, "is not a CivDesk database (not an SQLite file)"),
        (b"", "is not a CivDesk backup (no CivDesk tables)"),
    ],
)
def test_restore_refuses_a_non_backup_and_leaves_home_untouched(people, home_with_data, tmp_path, content, message):
    s = people.store
    home = s.home
    s.close()
    before = snapshot(home)
    src = tmp_path / "photo-album.db"
    src.write_bytes(content)
    with pytest.raises(InputError) as err:
        maintenance.restore(home, src)
    assert message in str(err.value) and str(src) in str(err.value)
    assert snapshot(home) == before
    assert src.read_bytes() == content


def test_restore_refuses_an_sqlite_file_that_is_not_civdesk(people, home_with_data, tmp_path):
    home = people.store.home
    people.store.close()
    before = snapshot(home)
    src = tmp_path / "other.db"
    with contextlib.closing(sqlite3.connect(src)) as c:
        c.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
        c.commit()
    with pytest.raises(InputError, match=r"other\.db is not a CivDesk backup \(no CivDesk tables\)"):
        maintenance.restore(home, src)
    assert snapshot(home) == before


def test_restore_refuses_a_truncated_backup(people, home_with_data, tmp_path):
    s = people.store
    for n in range(40):  # enough pages that half the file loses some
        insp.answer(s, people.inspector, home_with_data, "1.2", ["good", "pass"][n % 2], note="说明" * 200)
    dest = maintenance.backup(s, tmp_path / "b.db")
    home = s.home
    s.close()
    data = dest.read_bytes()
    dest.write_bytes(data[: len(data) // 2])
    before = snapshot(home)
    with pytest.raises(InputError, match="is truncated"):
        maintenance.restore(home, dest)
    assert snapshot(home) == before


def test_restore_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"nothing\.db: no such file"):
        maintenance.restore(tmp_path / "home", tmp_path / "nothing.db")


def test_two_restores_keep_both_replaced_databases(people, home_with_data, tmp_path):
    s = people.store
    home = s.home
    b1 = maintenance.backup(s, tmp_path / "b1.db")
    s.close()
    original = sha(home / DB_NAME)
    kept1 = maintenance.restore(home, b1)
    kept2 = maintenance.restore(home, b1)  # within the same second as the first
    assert kept1 != kept2
    assert kept1.exists() and kept2.exists()
    assert sha(kept1) == original


def test_restore_reads_the_backup_without_writing_beside_it(people, home_with_data, tmp_path):
    """A backup on a USB stick (maybe write-protected) is only read: no -wal/-shm appear beside it."""
    stick = tmp_path / "usb"
    b = maintenance.backup(people.store, stick / "备份 #1.db")
    home = people.store.home
    people.store.close()
    before = snapshot(stick)
    maintenance.restore(home, b)
    assert snapshot(stick) == before
    assert sorted(p.name for p in stick.iterdir()) == ["civdesk-photos", "备份 #1.db"]  # the photos, read too


# ------------------------------------------------------------------ photos travel with a backup


def _photo_files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_backup_outside_the_home_takes_the_photos_once(people, home_with_data, tmp_path):
    s = people.store
    usb = tmp_path / "usb"
    digest = insp.photos(s, home_with_data)[0].sha256
    first = maintenance.backup(s, usb / "monday.db")
    photos = maintenance.photos_beside(first)
    assert photos == usb / maintenance.PHOTOS_DIR
    assert _photo_files(photos) == [f"{digest[:2]}/{digest}"]
    assert sha(photos / digest[:2] / digest) == digest
    stamp = (photos / digest[:2] / digest).stat().st_mtime_ns
    second = insp.new_inspection(s, people.inspector, template_id="mini", site_id=people.site_a, kind="inspection")
    other = tmp_path / "other.png"
    other.write_bytes(picture_bytes("PNG", (10, 200, 10)))
    insp.attach_photo(s, people.inspector, second, "1.1", other)
    maintenance.backup(s, usb / "tuesday.db")
    assert _photo_files(photos) == sorted([f"{digest[:2]}/{digest}", f"{sha(other)[:2]}/{sha(other)}"])
    assert (photos / digest[:2] / digest).stat().st_mtime_ns == stamp  # already there: not copied again


def test_rolling_backups_inside_the_home_copy_no_photos(people, home_with_data):
    s = people.store
    made = maintenance.backup(s, maintenance.backup_dir(s.home) / "b.db")
    assert made.exists() and not maintenance.photos_beside(made).exists()


def test_a_lost_home_comes_back_with_its_photos_from_the_usb_backup(people, home_with_data, tmp_path):
    s = people.store
    dest = maintenance.backup(s, tmp_path / "usb" / "b.db")
    new_home = tmp_path / "new-laptop"  # the old laptop is gone: nothing but the USB stick
    assert maintenance.restore(new_home, dest) is None
    assert maintenance.missing_photos(new_home) == []
    restored = Store(new_home)
    try:
        assert maintenance.check(restored) == []
        path = insp.photos(restored, home_with_data)[0].path
        assert sha(Path(path)) == insp.photos(restored, home_with_data)[0].sha256
    finally:
        restored.close()


def test_photos_neither_here_nor_beside_the_backup_are_named(people, home_with_data, tmp_path):
    s = people.store
    digest = insp.photos(s, home_with_data)[0].sha256
    dest = maintenance.backup(s, tmp_path / "usb" / "b.db")
    (maintenance.photos_beside(dest) / digest[:2] / digest).write_bytes(b"a stick that went bad")
    new_home = tmp_path / "new-laptop"
    maintenance.restore(new_home, dest)
    assert maintenance.missing_photos(new_home) == [digest]  # the damaged copy was not taken
    assert not (new_home / "attachments" / digest[:2] / digest).exists()


def test_a_full_disk_while_copying_photos_leaves_no_backup_file(people, home_with_data, tmp_path, monkeypatch):
    import errno

    from civdesk.store import attachments as files

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        maintenance.backup(people.store, tmp_path / "usb" / "b.db")
    assert not (tmp_path / "usb" / "b.db").exists() and not (tmp_path / "usb" / "b.db.part").exists()


def test_the_start_probe_reads_a_home_whose_path_holds_uri_characters(tmp_path):
    home = tmp_path / "数据 #1?"  # '#' and '?' would cut a hand-built file: URI short
    Store(home).close()
    assert maintenance.probe(home) is None
    assert list(tmp_path.iterdir()) == [home]  # it read the real file, and made no other
    (home / DB_NAME).write_bytes((home / DB_NAME).read_bytes()[:1000])
    assert "truncated" in str(maintenance.probe(home))


@pytest.mark.parametrize("who", ["inspector", "manager_a", "staff_a"])
def test_only_an_admin_backs_up_by_hand_and_a_refusal_writes_nothing(people, tmp_path, who):
    from civdesk.domain.errors import NotAllowed

    dest = tmp_path / "stick" / "b.db"
    with pytest.raises(NotAllowed) as refused:
        maintenance.backup_by(people.store, getattr(people, who), dest)
    assert refused.value.code == "maintenance.only_admin_backs_up"
    assert not (tmp_path / "stick").exists()  # not even the folder, nor the photos beside it
    with pytest.raises(NotAllowed):
        maintenance.check_may_back_up(getattr(people, who))  # restoring by hand asks the same


def test_an_admin_backs_up_by_hand(people, tmp_path):
    made = maintenance.backup_by(people.store, people.admin, tmp_path / "b.db")
    assert made.is_file() and sqlite3.connect(made).execute("SELECT COUNT(*) FROM users").fetchone()[0] >= 1
