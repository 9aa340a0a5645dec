"""Backups in the app: a failed automatic backup is shown in the status bar (and cleared by the next
good one); Settings backs up to a file, changes the policy, and restores a backup (the window and
database closed first, the replaced file kept)."""

from __future__ import annotations

import errno
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog, QPushButton

from civdesk.services import accounts, maintenance
from civdesk.services.errors import NotFound
from civdesk.store import DB_NAME
from civdesk.ui.session import Session
from civdesk.ui.settings.backups import BackupBox, BackupScheduler, install_status
from civdesk.ui.worker import app_runner
from tests.helpers.data import PASSWORD


def _full(fd):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_failed_automatic_backup_shows_in_the_status_bar(qtbot, window, crew, monkeypatch):
    monkeypatch.setattr(maintenance.os, "fsync", _full)
    scheduler = BackupScheduler(crew.store, window)
    label = install_status(window, scheduler)
    result = scheduler.start()
    assert result.error and result.made is None
    assert label.isVisible() and "自动备份失败" in label.text() and "No space left on device" in label.text()
    assert "CivDesk 照常工作" in label.toolTip()  # and what to do about it
    assert scheduler.timer.isActive()  # later backups are still tried
    assert maintenance.list_backups(crew.store.home) == []  # no half backup left behind

    monkeypatch.undo()
    scheduler.timer.timeout.emit()  # the timer's next look (on the runner): due (none yet), made, cleared
    qtbot.waitUntil(lambda: scheduler.last.made is not None, timeout=10_000)
    assert not label.isVisible()


def test_the_status_of_a_new_window_shows_the_last_failure(qtbot, window, crew, monkeypatch):
    """After a language switch the window is rebuilt; a standing failure is shown again at once."""
    monkeypatch.setattr(maintenance.os, "fsync", _full)
    scheduler = BackupScheduler(crew.store)
    scheduler.start()
    scheduler.stop()
    label = install_status(window, scheduler)
    assert label.isVisible() and "No space left" in label.toolTip()


def backup(qtbot, box, dest):
    """Back up through the box and wait for the runner: the file made, or None."""
    box.backup_to(dest)
    qtbot.waitUntil(lambda: box.backup_operation is None, timeout=20_000)
    return box.backed_up


@pytest.fixture
def admin_box(qtbot, crew):
    box = BackupBox(Session(crew.store, crew.admin))
    qtbot.addWidget(box)
    box.show()
    return box


def _with_a_photo(crew, make_photo) -> str:
    from civdesk.services import inspections

    iid = inspections.new_inspection(
        crew.store, crew.inspector, template_id="toll-window", site_id=crew.site["east"], kind="inspection"
    )
    code = inspections.view(crew.store, iid).template.items()[0].code
    inspections.attach_photo(crew.store, crew.inspector, iid, code, make_photo())
    return inspections.photos(crew.store, iid)[0].sha256


def test_settings_backup_to_a_file_and_policy(qtbot, admin_box, crew, tmp_path, make_photo):
    digest = _with_a_photo(crew, make_photo)
    dest = tmp_path / "usb" / "备份.db"
    assert backup(qtbot, admin_box, dest) == dest
    maintenance.verify_backup(dest)
    assert str(dest) in admin_box.message.text()
    assert "照片在同一文件夹的 civdesk-photos 中" in admin_box.message.text()
    assert (tmp_path / "usb" / "civdesk-photos" / digest[:2] / digest).exists()
    qtbot.wait(700)  # past the progress dialog's 500 ms: a finished backup leaves no dialog popping up
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
    assert backup(qtbot, admin_box, dest) is None and f"“{dest}”已存在，请换一个文件名" in admin_box.message.text()

    admin_box.keep_last.clear()
    qtbot.keyClicks(admin_box.keep_last, "25")
    qtbot.keyClick(admin_box.keep_last, Qt.Key.Key_Return)
    qtbot.mouseClick(admin_box.enabled, Qt.MouseButton.LeftButton, pos=admin_box.enabled.rect().center())
    policy = maintenance.backup_policy(crew.store)
    assert policy.keep_last == 25 and policy.enabled is False


def test_non_admins_see_but_cannot_back_up_or_restore(qtbot, crew):
    box = BackupBox(Session(crew.store, crew.inspector))
    qtbot.addWidget(box)
    assert not box.backup_button.isEnabled() and not box.restore_button.isEnabled()
    assert not box.keep_last.isEnabled()


def test_settings_restore_closes_the_window_restores_and_keeps_the_replaced_file(qtbot, crew, tmp_path, make_photo):
    from civdesk.ui.main_window import MainWindow

    store = crew.store
    digest = _with_a_photo(crew, make_photo)
    made = maintenance.auto_backup(store, at_start=True).made
    (store.attachments_dir / digest[:2] / digest).unlink()  # lost since: the restore says so
    accounts.create_user(store, by=crew.admin, name="after_backup", role="inspector", password="password-123")
    win = MainWindow(Session(store, crew.admin), resume=False)
    qtbot.addWidget(win)
    win.show()
    box = BackupBox(Session(store, crew.admin), win.settings)  # as Settings holds it
    quits = []
    box.quit = lambda: quits.append(True)

    dialog = box.choose_restore()
    assert dialog.isVisible() and dialog.chosen() == made
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: box.outcome.isVisible())
    assert not win.isVisible()
    assert "已从备份恢复" in box.outcome.text()
    assert "有 1 张照片既不在本机，也不在备份旁的 civdesk-photos 文件夹中" in box.outcome.text()
    replaced = list(store.home.glob(f"{DB_NAME}.replaced-*"))
    assert len(replaced) == 1 and replaced[0].name in box.outcome.text()
    box.outcome.accept()
    assert quits == [True]

    from civdesk import services

    again = services.open_home(store.home)  # the next start opens the restored data
    try:
        assert accounts.user_by_name(again, "admin") is not None
        with pytest.raises(NotFound):
            accounts.user_by_name(again, "after_backup")  # made after the backup: not in it
    finally:
        again.close()


def test_login_makes_the_start_backup_and_a_failure_shows_in_the_window(qtbot, crew, home, monkeypatch):
    """Through start_gui: login, main window, the automatic backup at start fails (full disk)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from civdesk.ui.app import start_gui

    crew.store.close()
    monkeypatch.setattr(maintenance.os, "fsync", _full)

    def login():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, login)
            return
        box.user.setText("inspector1")
        box.password.setText(PASSWORD)
        box.login_button.click()

    QTimer.singleShot(0, login)
    controller = start_gui(home, "zh")
    try:
        window = controller.window
        qtbot.addWidget(window)
        assert window.isVisible()  # the window is up before the backup at start has finished
        qtbot.waitUntil(lambda: controller.backups.last is not None, timeout=10_000)
        assert controller.backups.last.error and controller.backups.timer.isActive()
        assert any(w.isVisible() and "自动备份失败" in w.text() for w in window.statusBar().findChildren(QLabel))
        controller.backups.stop()
    finally:
        controller.store.close()


def test_cancelling_a_backup_while_photos_copy_writes_no_backup_file(qtbot, admin_box, crew, tmp_path, make_photo):
    """取消 pressed while the runner's thread is at the first photo (held there through a direct
    connection to the progress signal until the click is made): it stops before the second."""
    for n in range(3):
        _with_a_photo(crew, lambda n=n: make_photo(f"p{n}.png", f"#{n}0{n}0{n}0"))
    calls, reached, go = [], threading.Event(), threading.Event()

    def hold(op, done, total, what):  # on the runner's thread
        calls.append((done, total))
        if not reached.is_set():
            reached.set()
            go.wait(10)

    runner = app_runner()
    runner.progressed.connect(hold, Qt.ConnectionType.DirectConnection)
    dest = tmp_path / "usb" / "备份.db"
    audit_before = crew.store.scalar("SELECT COUNT(*) FROM audit")
    try:
        admin_box.backup_to(dest)
        qtbot.waitUntil(reached.is_set, timeout=10_000)
        qtbot.waitUntil(admin_box.progress.isVisible, timeout=10_000)  # shown after half a second
        cancel = next(b for b in admin_box.progress.findChildren(QPushButton) if b.text() == "取消")
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)  # 取消 while the first photo is copied
        go.set()
        qtbot.waitUntil(lambda: admin_box.backup_operation is None, timeout=10_000)
    finally:
        go.set()
        runner.progressed.disconnect(hold)
    assert admin_box.backed_up is None and calls == [(0, 3)]
    assert not dest.exists() and not dest.with_name(dest.name + ".part").exists()
    assert "已取消备份：没有写入备份文件" in admin_box.message.text()
    assert crew.store.scalar("SELECT COUNT(*) FROM audit") == audit_before  # the database unchanged
    # The photo copied before 取消 is kept (checked against its hash): the next backup skips it.
    assert len([p for p in (tmp_path / "usb" / "civdesk-photos").rglob("*") if p.is_file()]) == 1
    assert backup(qtbot, admin_box, dest) == dest  # the next try finishes, copying only the rest
    assert len([p for p in (tmp_path / "usb" / "civdesk-photos").rglob("*") if p.is_file()]) == 3
