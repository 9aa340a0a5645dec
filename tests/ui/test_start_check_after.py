"""A large database's full check runs after the window shows (services/startup_check.py): writes are
refused until it passes and the automatic backup waits for it; damage found then closes the window
with the file untouched and offers the backup, then the login again.

``FULL_BEFORE_BYTES`` is lowered to 0 so the small test home takes the large home's path; the
damage is put on a page the cheap check before the window does not read.
"""

from __future__ import annotations

import shutil

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication
from test_corrupt_start import PASSWORD, damage, when_modal

from civdesk import services
from civdesk.services import accounts, maintenance, startup_check
from civdesk.store import DB_NAME, StoreError
from civdesk.ui.app import Controller
from civdesk.ui.corrupt_dialog import CorruptDialog, open_checked
from civdesk.ui.login import LoginDialog
from civdesk.ui.preferences import Prefs


@pytest.fixture
def large(monkeypatch):
    monkeypatch.setattr(startup_check, "FULL_BEFORE_BYTES", 0)


def _home(tmp_path):
    home = tmp_path / "home"
    store = services.open_home(home)
    accounts.create_user(store, by=None, name="admin", role="admin", password=PASSWORD)
    assert maintenance.auto_backup(store, at_start=True).made is not None
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return home


def _damaged_past_the_cheap_check(tmp_path) -> tuple:
    """A home whose damage only the full check finds: the first page that passes the cheap check."""
    home = _home(tmp_path)
    pages = (home / DB_NAME).stat().st_size // 4096
    sound = tmp_path / "sound.db"
    shutil.copy(home / DB_NAME, sound)
    for page in range(2, pages):
        shutil.copy(sound, home / DB_NAME)
        damage(home / DB_NAME, page)
        if startup_check.probe_before(home) is None and maintenance.probe(home) is not None:
            return home, (home / DB_NAME).read_bytes()
    raise AssertionError("no page of the test home is missed by the cheap check")


def _start(home):
    """What start_gui does after the login dialog: open as checked, log in, show, start the work."""
    store = open_checked(home)
    prefs = Prefs(store)
    controller = Controller(store, accounts.authenticate(store, "admin", PASSWORD), prefs, "zh")
    controller.show(resume=False)
    controller.start_background_work()
    return controller


def test_a_sound_large_home_holds_writes_until_the_check_passes_then_backs_up(qtbot, large, tmp_path):
    home = _home(tmp_path)
    backups_before = len(maintenance.list_backups(home))
    controller = _start(home)
    store = controller.store
    try:
        assert controller.window.isVisible()
        assert "正在检查数据文件" in controller.window.statusBar().currentMessage()
        with pytest.raises(StoreError, match="still being checked"), store.write():
            pass
        qtbot.waitUntil(lambda: store.writes_held is None, timeout=10_000)
        assert controller.window.statusBar().currentMessage() == ""
        accounts.create_site(
            store, by=controller.session.actor, name="杭州东收费站", kind="toll_station", region="east", address="杭州"
        )
        assert store.scalar("SELECT COUNT(*) FROM sites WHERE name = '杭州东收费站'") == 1
        qtbot.waitUntil(lambda: controller.backups.last is not None, timeout=10_000)
        assert controller.backups.last.error is None
        assert len(maintenance.list_backups(home)) >= backups_before
    finally:
        controller.wait_background_work(10)
        controller.window.close()
        store.close()
        controller.held and controller.held.release()


def test_damage_found_after_the_window_closes_it_untouched_and_offers_the_backup(qtbot, large, tmp_path):
    home, original = _damaged_past_the_cheap_check(tmp_path)
    seen, bytes_when_asked = [], []

    def answer(dialog):
        seen.append(type(dialog).__name__)
        if isinstance(dialog, CorruptDialog):
            bytes_when_asked.append((home / DB_NAME).read_bytes())
            dialog.restore_button.click()
        elif isinstance(dialog, LoginDialog):
            dialog.rejected.disconnect()  # CivDesk quits on it; the test process goes on
            dialog.reject()

    controller = _start(home)
    window = controller.window
    assert window.isVisible()
    with pytest.raises(StoreError), controller.store.write():
        pass
    when_modal(answer)
    qtbot.waitUntil(lambda: "CorruptDialog" in seen, timeout=10_000)
    # The login follows the restore (the damaged-file dialog may still be closing meanwhile).
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), LoginDialog), timeout=10_000)
    answer(QApplication.activeModalWidget())
    try:
        assert seen == ["CorruptDialog", "LoginDialog"]
        assert bytes_when_asked == [original]  # nothing was written before the damage was found
        assert controller.window is None and not (shiboken6.isValid(window) and window.isVisible())
        kept = [p for p in home.glob(f"{DB_NAME}.replaced-*") if not p.name.endswith(("-wal", "-shm"))]
        assert len(kept) == 1 and kept[0].read_bytes() == original
        assert maintenance.probe(home) is None
        assert accounts.has_users(controller.store)  # the restored home, opened for the next login
    finally:
        controller.store.close()
        QApplication.instance().setQuitOnLastWindowClosed(True)
