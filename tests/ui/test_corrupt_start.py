"""A damaged civdesk.db at start: the dialog appears before anything opens the file, the file's bytes
stay exactly as they were, and choosing the newest good backup restores it (the damaged file kept)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from civdesk import services
from civdesk.services import accounts, maintenance
from civdesk.store import DB_NAME
from civdesk.ui.corrupt_dialog import CorruptDialog, check_home, open_checked
from tests.helpers.data import PASSWORD


def when_modal(callback, *, give_up_ms: int = 10_000) -> list:
    """Run ``callback(dialog)`` on the modal dialog once it shows; reject it after ``give_up_ms`` so a
    test can never hang on it. Returns the list the dialogs seen are appended to."""
    seen = []

    def poll():
        w = QApplication.activeModalWidget()
        if w is None:
            QTimer.singleShot(20, poll)
            return
        seen.append(w)
        callback(w)

    def give_up():
        w = QApplication.activeModalWidget()
        if w is not None:
            w.reject()

    QTimer.singleShot(0, poll)
    QTimer.singleShot(give_up_ms, give_up)
    return seen


def damage(path, page=3):
    """Garbage over one page in the middle; the header stays valid (only quick_check finds it)."""
    with open(path, "r+b") as f:
        f.seek(4096 * page)
        f.write(b"\xde\xad\xbe\xef" * 1024)


@pytest.fixture
def damaged_home(tmp_path):
    """A home with a user, an automatic backup, then its database damaged; returns (home, bytes)."""
    home = tmp_path / "home"
    store = services.open_home(home)
    accounts.create_user(store, by=None, name="admin", role="admin", password=PASSWORD)
    made = maintenance.auto_backup(store, at_start=True).made
    assert made is not None
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    damage(home / DB_NAME)
    assert maintenance.probe(home) is not None
    return home, (home / DB_NAME).read_bytes()


def test_damaged_database_at_start_offers_the_backup_and_restores_it(qtbot, damaged_home):
    home, original = damaged_home
    seen_bytes = []

    def choose_backup(dialog):
        assert isinstance(dialog, CorruptDialog)
        seen_bytes.append((home / DB_NAME).read_bytes())  # while the dialog is up: untouched
        assert dialog.restore_button.isVisible() and dialog.backup is not None
        assert "最近的完好备份" in dialog.offer.text() and dialog.backup.name in dialog.offer.text()
        dialog.restore_button.click()

    seen = when_modal(choose_backup)
    store = open_checked(home)
    assert len(seen) == 1 and seen_bytes == [original]
    assert store is not None
    try:
        assert accounts.has_users(store) and maintenance.check(store) == []
    finally:
        store.close()
    dialog = seen[0]
    assert dialog.kept is not None and dialog.kept.read_bytes() == original  # set aside, byte for byte
    assert maintenance.probe(home) is None


def test_quitting_leaves_the_damaged_file_exactly_as_it_was(qtbot, damaged_home):
    home, original = damaged_home
    before = sorted(p.name for p in home.iterdir())
    seen = when_modal(lambda dialog: dialog.quit_button.click())
    assert open_checked(home) is None
    assert len(seen) == 1
    assert (home / DB_NAME).read_bytes() == original
    assert not list(home.glob(f"{DB_NAME}.replaced-*"))
    assert sorted(p.name for p in home.iterdir() if not p.name.endswith(("-shm", "-wal"))) == [
        n for n in before if not n.endswith(("-shm", "-wal"))
    ]


def test_no_good_backup_offers_a_file_and_refuses_a_bad_one(qtbot, damaged_home, tmp_path):
    home, original = damaged_home
    for _, path in maintenance.list_backups(home):
        damage(path)
    dialog = check_home(home)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.backup is None and not dialog.restore_button.isVisible()
    assert "没有可用的自动备份" in dialog.offer.text()
    not_a_backup = tmp_path / "notes.db"
    not_a_backup.write_bytes(b"hello" * 100)
    assert not dialog.restore(not_a_backup)
    assert dialog.error.isVisible() and "无法从这个备份恢复" in dialog.error.text()
    assert (home / DB_NAME).read_bytes() == original and dialog.isVisible()


def test_a_sound_home_opens_without_a_dialog(qtbot, tmp_path):
    home = tmp_path / "fresh"
    assert check_home(home) is None
    store = open_checked(home)
    assert store is not None
    store.close()
    assert check_home(home) is None


def test_start_gui_restores_then_goes_on_to_login(qtbot, damaged_home):
    """The whole start: the dialog comes before anything opens the file; after the restore, login."""
    from civdesk.ui.app import start_gui
    from civdesk.ui.login import LoginDialog

    home, original = damaged_home
    seen, bytes_when_asked = [], []

    def answer(w):
        seen.append(type(w).__name__)
        if isinstance(w, CorruptDialog):
            bytes_when_asked.append((home / DB_NAME).read_bytes())
            w.restore_button.click()
        elif isinstance(w, LoginDialog):
            w.reject()  # the restored home has its users: the login is asked for; stop there
        if len(seen) < 2:
            QTimer.singleShot(20, poll)

    def poll():
        w = QApplication.activeModalWidget()
        if w is None or (seen and type(w).__name__ == seen[-1]):
            QTimer.singleShot(20, poll)
        else:
            answer(w)

    QTimer.singleShot(0, poll)
    QTimer.singleShot(10_000, lambda: QApplication.activeModalWidget() and QApplication.activeModalWidget().reject())
    assert start_gui(home, "zh") == 0
    assert seen == ["CorruptDialog", "LoginDialog"] and bytes_when_asked == [original]
    assert maintenance.probe(home) is None
    kept = [p for p in home.glob(f"{DB_NAME}.replaced-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and kept[0].read_bytes() == original
