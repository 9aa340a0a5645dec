"""Backups in the desktop app: the rolling automatic backup (at login, then checked on a timer),
its failure shown in the status bar, and the Backup section of Settings (policy, back up to a
file, restore from a backup).

A failed automatic backup never stops work: ``maintenance.auto_backup`` returns the error and the
status bar shows it until a later backup succeeds. Restoring replaces the database under the
running app, so the app closes its window and database first and quits afterwards; the next start
opens the restored data (the replaced file is kept beside it).
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...services import admin_views, maintenance
from ...services import settings as settings_service
from ...services.errors import InputError, NotAllowed
from ...store import Store, StoreError
from ..refusals import explain
from ..worker import Cancelled, Operation, app_runner, start_with_store

CHECK_INTERVAL_MS = 15 * 60 * 1000  # how often the timer asks whether a backup is due (the policy decides)


def tr(text: str) -> str:
    return QCoreApplication.translate("Backups", text)


def _local(at: _dt.datetime) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


def failure_text(error: str) -> str:
    reason = error.removeprefix("automatic backup failed: ")
    return tr("自动备份失败：{0}。CivDesk 照常工作；请检查磁盘空间，或在“设置”中备份到其他位置。").format(reason)


class BackupScheduler(QObject):
    """Runs ``auto_backup`` at start and whenever the timer finds one due; ``done`` reports each run."""

    done = Signal(object)  # maintenance.AutoBackup

    def __init__(self, store: Store, parent: QObject | None = None, *, interval_ms: int = CHECK_INTERVAL_MS):
        super().__init__(parent)
        self.store = store
        self.last: maintenance.AutoBackup | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        # On the runner: at 100,000 inspections a backup copies and checks ~600 MB.
        self.timer.timeout.connect(lambda: self.start_in_background(app_runner(), at_start=False))

    def start(self) -> maintenance.AutoBackup:
        result = self.run(at_start=True)
        self.timer.start()
        return result

    def start_in_background(self, runner, *, at_start: bool = True) -> None:
        """The backup (at start, or when the timer finds one due) on ``runner``'s worker thread
        (its own connection to the home), so the window paints while a large database is copied;
        the timer starts after the one at start."""
        home = self.store.home

        def work(op) -> maintenance.AutoBackup:
            store = Store(home, migrate=False)
            try:
                return _auto_backup(store, at_start=at_start)
            finally:
                store.close()

        def done(result: maintenance.AutoBackup) -> None:
            self._record(result)
            if not self.timer.isActive():
                self.timer.start()

        self.operation = runner.start(
            "backup", work, home=home, done=done, error=lambda e: done(_failed(e)), owner=self
        )

    def stop(self) -> None:
        self.timer.stop()

    def run(self, at_start: bool = False) -> maintenance.AutoBackup:
        return self._record(_auto_backup(self.store, at_start=at_start))

    def _record(self, result: maintenance.AutoBackup) -> maintenance.AutoBackup:
        if result.error or result.made or self.last is None or self.last.error:
            self.last = result
        self.done.emit(result)
        return result


def _failed(e: BaseException) -> maintenance.AutoBackup:
    return maintenance.AutoBackup(None, [], f"automatic backup failed: {e}")


def _auto_backup(store: Store, *, at_start: bool) -> maintenance.AutoBackup:
    try:
        return maintenance.auto_backup(store, at_start=at_start)
    except Exception as e:
        return _failed(e)


class BackupStatus(QLabel):
    """The status bar's word on automatic backups: hidden while they work, red when one failed."""

    def __init__(self, scheduler: BackupScheduler, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("saveFailed")
        self.hide()
        self.scheduler = scheduler
        scheduler.done.connect(self.show_result)
        if scheduler.last is not None:
            self.show_result(scheduler.last)

    def show_result(self, result: maintenance.AutoBackup) -> None:
        if result.error:
            reason = result.error.removeprefix("automatic backup failed: ")
            self.setText(tr("✗ 自动备份失败：{0}").format(reason))
            self.setToolTip(failure_text(result.error))
            self.show()
        elif result.made:
            self.hide()


def install_status(window: QMainWindow, scheduler: BackupScheduler) -> BackupStatus:
    """Put the backup status into ``window``'s status bar (and show the last result at once)."""
    bar = window.statusBar()
    label = BackupStatus(scheduler, bar)
    bar.addPermanentWidget(label)
    if scheduler.last is not None:
        label.show_result(scheduler.last)
    return label


# ------------------------------------------------------------------ settings: policy, backup, restore


class RestoreDialog(QDialog):
    """Choose a backup (the automatic ones, newest first, or a file) and confirm the restore."""

    def __init__(self, home: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("从备份恢复"))
        self.home = home
        self.backups = QComboBox()
        for at, path in maintenance.list_backups(home):
            self.backups.addItem(tr("{0}（自动备份）").format(_local(at)), str(path))
        self.pick = QPushButton(tr("选择文件…"))
        self.pick.clicked.connect(self._pick)
        row = QHBoxLayout()
        row.addWidget(self.backups, 1)
        row.addWidget(self.pick)
        warn = QLabel(
            tr(
                "恢复会用所选备份替换当前数据库：该备份之后的更改不在其中。当前数据库改名后保留在数据文件夹中。"
                "恢复后 CivDesk 会关闭，请重新启动。恢复前请关闭其他正在使用此数据文件夹的 CivDesk 窗口。"
            )
        )
        warn.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton(tr("恢复并关闭"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(self.backups.count() > 0)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(warn)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _pick(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            tr("选择备份文件"),
            str(maintenance.backup_dir(self.home)),
            tr("CivDesk 备份 (*.db *.sqlite);;所有文件 (*)"),
        )
        if chosen:
            self.set_file(Path(chosen))

    def set_file(self, path: Path) -> None:
        self.backups.insertItem(0, str(path), str(path))
        self.backups.setCurrentIndex(0)
        self.restore_button.setEnabled(True)

    def chosen(self) -> Path | None:
        data = self.backups.currentData()
        return Path(data) if data else None

    def _accept(self) -> None:
        path = self.chosen()
        try:
            if path is None:
                raise InputError("maintenance.choose_a_backup")
            maintenance.verify_backup(path)
        except InputError as e:
            self.error.setText(tr("这个备份不能使用：{0}").format(explain(e)))
            self.error.show()
            return
        self.accept()


class BackupBox(QGroupBox):
    """Settings → 备份: the automatic-backup policy, back up now, restore (admin only for the last)."""

    restored = Signal(object, object)  # source, where the replaced database was kept

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(tr("备份"), parent)
        self.session = session
        store = session.store
        admin = maintenance.backup_refusal(session.actor) is None  # may back up and restore by hand
        policy = maintenance.backup_policy(store)
        self.enabled = QCheckBox(tr("开启"))
        self.enabled.setChecked(policy.enabled)
        self.every = QDoubleSpinBox()
        self.every.setRange(0.5, 24 * 7)
        self.every.setDecimals(1)
        self.every.setSuffix(tr(" 小时"))
        self.every.setValue(policy.every_hours)
        self.keep_last = QSpinBox()
        self.keep_last.setRange(1, 1000)
        self.keep_last.setValue(policy.keep_last)
        self.keep_days = QSpinBox()
        self.keep_days.setRange(0, 3650)
        self.keep_days.setSuffix(tr(" 天"))
        self.keep_days.setValue(policy.keep_days)
        may_change = admin_views.settings_view(store, session.actor).can
        for name, w in (
            ("backup.enabled", self.enabled),
            ("backup.every_hours", self.every),
            ("backup.keep_last", self.keep_last),
            ("backup.keep_days", self.keep_days),
        ):
            w.setEnabled(may_change(name))
        self.enabled.toggled.connect(lambda on: self._set("backup.enabled", on))
        self.every.editingFinished.connect(lambda: self._set("backup.every_hours", self.every.value()))
        self.keep_last.editingFinished.connect(lambda: self._set("backup.keep_last", self.keep_last.value()))
        self.keep_days.editingFinished.connect(lambda: self._set("backup.keep_days", self.keep_days.value()))
        when = QHBoxLayout()
        for w in (self.enabled, QLabel(tr("间隔")), self.every):
            when.addWidget(w)
        when.addStretch(1)
        keep = QHBoxLayout()
        for w in (
            QLabel(tr("保留最近")),
            self.keep_last,
            QLabel(tr("份，以及")),
            self.keep_days,
            QLabel(tr("内每天一份")),
        ):
            keep.addWidget(w)
        keep.addStretch(1)
        policy_row = QVBoxLayout()
        policy_row.addLayout(when)
        policy_row.addLayout(keep)

        self.latest = QLabel()
        self.latest.setWordWrap(True)
        open_folder = QPushButton(tr("打开备份文件夹"))
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(maintenance.backup_dir(store.home))))
        )
        self.backup_button = QPushButton(tr("备份到文件…"))
        self.backup_button.clicked.connect(self.choose_backup_file)
        self.restore_button = QPushButton(tr("从备份恢复…"))
        self.restore_button.clicked.connect(self.choose_restore)
        self.backup_button.setEnabled(admin)
        self.restore_button.setEnabled(admin)
        if not admin:
            for b in (self.backup_button, self.restore_button):
                b.setToolTip(tr("仅管理员可以备份和恢复"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(open_folder)
        buttons.addStretch(1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

        form = QFormLayout(self)
        form.addRow(tr("自动备份"), policy_row)
        form.addRow(tr("最近备份"), self.latest)
        form.addRow("", buttons)
        form.addRow("", self.message)
        self.restore_dialog: RestoreDialog | None = None
        self.refresh()

    def refresh(self) -> None:
        """The policy as stored and the newest backup (after a change elsewhere, or a backup)."""
        policy = maintenance.backup_policy(self.session.store)
        for w, value in (
            (self.enabled, policy.enabled),
            (self.every, policy.every_hours),
            (self.keep_last, policy.keep_last),
            (self.keep_days, policy.keep_days),
        ):
            w.blockSignals(True)
            if isinstance(w, QCheckBox):
                w.setChecked(value)
            else:
                w.setValue(value)
            w.blockSignals(False)
        found = maintenance.list_backups(self.session.store.home)
        if found:
            self.latest.setText(
                tr("{0}（共 {1} 份，在 {2}）").format(
                    _local(found[0][0]), len(found), maintenance.backup_dir(self.session.store.home)
                )
            )
        else:
            self.latest.setText(tr("还没有自动备份"))

    def _say(self, text: str, ok: bool = True) -> None:
        self.message.setObjectName("fieldOk" if ok else "fieldError")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.show()

    def _set(self, name: str, value) -> None:
        """Through the settings service: checked, admin only, audited."""
        try:
            settings_service.set_value(self.session.store, self.session.actor, name, value)
        except (InputError, NotAllowed) as e:
            self._say(explain(e), ok=False)
            self.refresh()

    # ------------------------------------------------------------------ backup

    def choose_backup_file(self) -> None:
        name = f"civdesk-{_dt.datetime.now():%Y%m%d-%H%M}.db"
        chosen, _ = QFileDialog.getSaveFileName(self, tr("备份到"), str(Path.home() / name), tr("CivDesk 备份 (*.db)"))
        if chosen:
            self.backup_to(Path(chosen))

    def backup_to(self, dest: Path) -> Operation:
        """Back up to ``dest`` on the operation runner (its own connection to the home): copying
        the photos to a USB stick can take minutes the first time, and the database of 100,000
        inspections is ~600 MB. A window-modal progress dialog (shown after half a second) has
        取消, which stops at the next photo or step; the outcome is said in the box (``backed_up``)."""
        self.progress = QProgressDialog(tr("正在复制照片到备份文件夹…"), tr("取消"), 0, 0, self)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(500)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        runner = app_runner()

        def moved(op: Operation, done: int, total: int, what: str) -> None:
            if op is self.backup_operation:
                self.progress.setMaximum(total)
                self.progress.setValue(done)

        def ended(made: Path | None, error: BaseException | None) -> None:
            runner.progressed.disconnect(moved)
            self.backup_operation = None
            self.progress.reset()  # stops the timer that would show the dialog after 500 ms
            self.progress.hide()
            self.progress.deleteLater()
            self._backed_up(made, error)

        runner.progressed.connect(moved)
        self.backup_operation = start_with_store(
            "backup-to",
            self.session.store.home,
            lambda store, op: maintenance.backup_by(
                store, self.session.actor, dest, progress=lambda n, total: op.progress(n, total)
            ),
            done=lambda made: ended(made, None),
            error=lambda e: ended(None, e),
            owner=self,
        )
        self.progress.canceled.connect(self.backup_operation.cancel)
        return self.backup_operation

    def _backed_up(self, made: Path | None, error: BaseException | None) -> None:
        self.backed_up = made
        if made is None:
            self._say(
                tr("已取消备份：没有写入备份文件。")
                if isinstance(error, Cancelled)
                else tr("备份失败：{0}").format(explain(error)),
                ok=False,
            )
            return
        photos = maintenance.photos_beside(made)
        if photos.is_dir() and not made.resolve().is_relative_to(self.session.store.home.resolve()):
            self._say(tr("已备份到 {0}；照片在同一文件夹的 {1} 中，复制备份时请一并复制。").format(made, photos.name))
        else:
            self._say(tr("已备份到 {0}").format(made))

    # ------------------------------------------------------------------ restore

    def choose_restore(self) -> RestoreDialog:
        """Open (window-modal, not blocking) the restore dialog; accepting it restores."""
        self.restore_dialog = RestoreDialog(self.session.store.home, self)
        self.restore_dialog.accepted.connect(lambda: self.restore_from(self.restore_dialog.chosen()))
        self.restore_dialog.open()
        return self.restore_dialog

    def restore_from(self, src: Path) -> Path | None:
        """Close the window (committing the walkthrough) and the database, restore, then quit
        once the user has read the outcome (``self.quit``, the application's quit)."""
        try:
            maintenance.check_may_back_up(self.session.actor)
        except NotAllowed as e:
            self._say(explain(e), ok=False)
            return None
        window = self.window()
        if isinstance(window, QMainWindow) and window.isVisible() and not window.close():
            return None  # the user kept the window open (unsaved input)
        store = self.session.store
        home = store.home
        store.close()
        try:
            kept = maintenance.restore(home, src)
        except (InputError, OSError, StoreError) as e:
            self._tell(
                QMessageBox.Icon.Critical,
                tr("恢复失败"),
                tr("恢复失败：{0}\n当前数据库未被替换。请重新启动 CivDesk。").format(explain(e)),
            )
            return None
        self.restored.emit(src, kept)
        text = tr("已从备份恢复：{0}\n被替换的数据库保存为：{1}\n请重新启动 CivDesk。").format(src, kept)
        missing = maintenance.missing_photos(home)
        if missing:
            text += "\n" + tr("注意：有 {0} 张照片既不在本机，也不在备份旁的 {1} 文件夹中。").format(
                len(missing), maintenance.PHOTOS_DIR
            )
        self._tell(QMessageBox.Icon.Information if not missing else QMessageBox.Icon.Warning, tr("已恢复"), text)
        return kept

    def _tell(self, icon, title: str, text: str) -> None:
        """A closing word (not blocking); the application quits when it is dismissed."""
        self.outcome = QMessageBox(icon, title, text)
        self.outcome.finished.connect(lambda _: self.quit())
        self.outcome.open()

    def quit(self) -> None:
        # A method, not ``staticmethod(QCoreApplication.quit)``: wrapping a Qt function makes
        # PySide build the signatures of the whole module, which cost 50 ms at every start.
        QCoreApplication.quit()


__all__ = ["BackupBox", "BackupScheduler", "BackupStatus", "RestoreDialog", "install_status"]
