"""Restore that cannot hide or lose anything: a cut log stays found after a backup+restore pair,
a backup with one flipped byte is refused before anything is replaced, and a home another
process holds (a real second process writing answers) is not restored under it."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from civdesk.cli import main
from civdesk.services import inspections as insp
from civdesk.services import maintenance
from civdesk.services.errors import InputError
from civdesk.store import DB_NAME, Store
from tests.helpers.data import PASSWORD
from tests.helpers.home import behind_civdesks_back, rolling_backup

ROOT = Path(__file__).resolve().parents[2]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_backup_and_restore_pair_does_not_launder_a_cut_log(people, home_with_data, tmp_path):
    s = people.store
    updated = s.scalar("SELECT updated_at FROM inspections WHERE id = ?", (home_with_data,))
    insp.answer(s, people.inspector, home_with_data, "1.2", "good")
    made = rolling_backup(s, minutes_ago=5)  # holds the entry about to be cut
    head = s.scalar("SELECT MAX(seq) FROM audit")
    with behind_civdesks_back(s) as c:  # the cut, done carefully: the entry and the row it sealed
        guard = c.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_no_delete'").fetchone()[0]
        c.execute("DROP TRIGGER audit_no_delete")
        c.execute("DELETE FROM audit WHERE seq = ?", (head,))
        c.execute("DELETE FROM answers WHERE inspection_id = ? AND item_code = '1.2'", (home_with_data,))
        c.execute("UPDATE inspections SET updated_at = ? WHERE id = ?", (updated, home_with_data))
        c.execute(guard)  # put back exactly as it was: the schema's seal cannot tell
    cut = [
        f"audit log: the backup {made.name} holds entries up to {head}, this log ends at {head - 1} "
        "(entries were removed)"
    ]
    assert maintenance.check(s) == cut
    # The laundering attempt: a backup of the cut data, restored over it.
    launder = maintenance.backup(s, tmp_path / "usb" / "cut.db")
    home = s.home
    s.close()
    maintenance.restore(home, launder)
    restored = Store(home)
    try:
        restore_seq = restored.scalar("SELECT MAX(seq) FROM audit")
        assert restored.scalar("SELECT action FROM audit WHERE seq = ?", (restore_seq,)) == "home.restore"
        problems = maintenance.check(restored)
        assert len(problems) == 1, problems
        assert problems[0].startswith(
            f"audit log: the backup {made.name} holds entries up to {head}, but the "
            f"database replaced by the restore of "
        )
        assert problems[0].endswith(
            f"(entry {restore_seq}) ended at {head - 1} (entries were removed before that restore)"
        )
    finally:
        restored.close()


def test_a_restore_of_an_older_backup_is_still_not_a_cut(people, home_with_data):
    """Going back on purpose drops later entries: the restore records what it replaced."""
    s = people.store
    older = rolling_backup(s, minutes_ago=120)
    insp.answer(s, people.inspector, home_with_data, "1.2", "good")
    rolling_backup(s, minutes_ago=60)
    home = s.home
    s.close()
    maintenance.restore(home, older)
    restored = Store(home)
    try:
        assert maintenance.check(restored) == []
    finally:
        restored.close()


def _flip(path: Path, needle: bytes) -> None:
    data = bytearray(path.read_bytes())
    at = data.index(needle)
    data[at] ^= 0x01  # one bit of one byte
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "needle, why",
    [
        ("地面不洁".encode(), "holds data changed outside CivDesk: answers row"),  # a note, inside a table
        (b"photo.add", "fails its audit chain at entry"),  # an audit entry (the log has no index by action)
        (b"the audit log is append-only", "holds data changed outside CivDesk: the schema's trigger"),  # a trigger
    ],
)
def test_a_backup_with_one_flipped_byte_is_refused_and_the_home_untouched(
    people, home_with_data, tmp_path, needle, why
):
    s = people.store
    copy = maintenance.backup(s, tmp_path / "usb" / "b.db")
    maintenance.verify_backup(copy)  # sound before the flip
    _flip(copy, needle)
    home = s.home
    s.close()
    before = sha(home / DB_NAME)
    with pytest.raises(InputError) as refused:
        maintenance.restore(home, copy)
    assert any(w in str(refused.value) for w in ((why,) if isinstance(why, str) else why)), refused.value
    assert sha(home / DB_NAME) == before
    assert not list(home.glob(f"{DB_NAME}.replaced-*"))


HOLDER = textwrap.dedent("""
    import sys
    from civdesk import services
    from civdesk.services import accounts, inspections
    from civdesk.store import lock

    home, iid, password = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    held = lock.hold(home)
    store = services.open_home(home)
    me = accounts.authenticate(store, "inspector", password)
    print("ready", flush=True)
    n = 0
    while not sys.stdin.readline().startswith("stop"):
        n += 1
        inspections.set_note(store, me, iid, "1.2", f"note {n}")
        print(f"saved {n}", flush=True)   # acknowledged: it must never be lost
    store.close()
    held.release()
""")


def test_restore_is_refused_while_another_process_holds_the_home(people, home_with_data, tmp_path):
    from civdesk.store import lock

    s = people.store
    copy = maintenance.backup(s, tmp_path / "usb" / "b.db")
    home = s.home
    s.close()
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(home), str(home_with_data), PASSWORD],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    try:
        assert child.stdout.readline().strip() == "ready"
        for _ in range(5):
            child.stdin.write("go\n")
            child.stdin.flush()
            child.stdout.readline()
        with pytest.raises(lock.HomeBusy) as refused:
            maintenance.restore(home, copy)
        assert f"is open in another CivDesk (process {child.pid})" in str(refused.value)
        os.environ["CIVDESK_PASSWORD"] = PASSWORD
        try:
            assert main(["--home", str(home), "--lang", "en", "restore", str(copy), "--user", "admin"]) == 2
        finally:
            os.environ.pop("CIVDESK_PASSWORD")
        for _ in range(5):  # the holder carries on writing, unharmed
            child.stdin.write("go\n")
            child.stdin.flush()
            last = child.stdout.readline().strip()
        child.stdin.write("stop\n")
        child.stdin.flush()
        assert child.wait(timeout=30) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdin.close()
        child.stdout.close()
    assert last == "saved 10"
    again = Store(home)
    try:
        assert (
            again.scalar("SELECT note FROM answers WHERE inspection_id = ? AND item_code = '1.2'", (home_with_data,))
            == "note 10"
        )
        assert maintenance.check(again) == []
    finally:
        again.close()
    assert not list(home.glob(f"{DB_NAME}.replaced-*"))
    # Once the holder has gone, the restore goes ahead.
    assert maintenance.restore(home, copy) is not None


def test_a_lock_left_by_a_dead_process_is_taken_over(people, home_with_data, tmp_path):
    from civdesk.store import lock

    s = people.store
    copy = maintenance.backup(s, tmp_path / "usb" / "b.db")
    home = s.home
    s.close()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    (home / lock.LOCK_DIR).mkdir(exist_ok=True)
    stale = home / lock.LOCK_DIR / f"{gone.pid}.pid"
    stale.write_text(f"{gone.pid}\n")
    (home / lock.LOCK_DIR / lock.RESTORING).write_text(f"{gone.pid}\n")  # a restore that died half-way
    assert maintenance.restore(home, copy) is not None
    assert not stale.exists() and not (home / lock.LOCK_DIR / lock.RESTORING).exists()


def test_opening_a_home_while_another_process_restores_it_is_refused(tmp_path, capsys):
    from civdesk.store import lock

    home = tmp_path / "home"
    restorer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        folder = home / lock.LOCK_DIR
        folder.mkdir(parents=True)
        (folder / lock.RESTORING).write_text(f"{restorer.pid}\n")
        assert main(["--home", str(home), "--lang", "en", "inspections", "list"]) == 2
        assert capsys.readouterr().err.strip() == (
            f"civdesk: {home} is being restored by process {restorer.pid}; try again when it has finished"
        )
        assert not (home / DB_NAME).exists()
    finally:
        restorer.kill()
        restorer.wait()
