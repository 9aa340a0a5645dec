"""同步: the desk's side of the CivDesk Hub in the app.

``controller_for(session)`` is the one ``SyncController`` of a session: it runs enrolment and
syncs on a worker thread with its own database connection (offline work never waits for the
hub), syncs by itself every few minutes when the home is enrolled, and tells the screens what
arrived. ``SyncBox`` is the 同步 section of Settings (hub address, enrolment code, 同步 with
progress); ``SyncStatus`` shows the last sync's time and result in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from ...services import sync_state
from .. import labels

# The status-bar half of this module is built with every main window: what only the settings
# group or a finished sync needs (admin views, templates, ops and through it the inspections
# service) is imported where it is used, off the start-up path.

AUTO_SYNC_MINUTES = 5
FIRST_AUTO_SYNC_MS = 3000


class _Worker(QThread):
    """Runs ``task(store, progress)`` on its own connection to the home."""

    progressed = Signal(int, int, str)
    done = Signal(object)
    refused = Signal(str, bool)  # message, unreachable

    def __init__(self, home, task: Callable, parent: QObject | None = None):
        super().__init__(parent)
        self.home, self.task = home, task

    def run(self) -> None:
        from ...messages import describe
        from ...services import open_home
        from ...services.errors import InputError, NotAllowed
        from ...services.sync_client import HubUnreachable

        store = open_home(self.home)
        try:
            self.done.emit(self.task(store, lambda d, t, label: self.progressed.emit(d, t, label)))
        except HubUnreachable as e:
            self.refused.emit(describe(e), True)
        except (InputError, NotAllowed, OSError) as e:
            self.refused.emit(describe(e), False)
        finally:
            store.close()


class SyncController(QObject):
    started = Signal()
    progressed = Signal(int, int, str)
    finished = Signal(bool, str)  # ok, message
    enrolled = Signal(dict)
    published = Signal(list)  # "template@version" newly published

    def __init__(self, session, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.worker: _Worker | None = None
        self.automatic = False  # the main window turns automatic syncing on
        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_SYNC_MINUTES * 60_000)
        self.timer.timeout.connect(self.sync_now)
        self.first = QTimer(self)
        self.first.setSingleShot(True)
        self.first.setInterval(FIRST_AUTO_SYNC_MS)
        self.first.timeout.connect(self.sync_now)

    @property
    def enrolled_config(self) -> sync_state.Enrolment | None:
        return sync_state.enrolment(self.session.store)

    @property
    def busy(self) -> bool:
        return self.worker is not None and self.worker.isRunning()

    def start_automatic(self) -> None:
        """Sync by itself: soon after start, then every AUTO_SYNC_MINUTES (a hub that cannot be
        reached is noted in the status bar and tried again next time). Only an enrolled home."""
        self.automatic = True
        if self.enrolled_config is not None:
            self.timer.start()
            self.first.start()

    def stop(self) -> None:
        """No more automatic syncs; a sync in flight finishes (or times out) first."""
        self.automatic = False
        self.timer.stop()
        self.first.stop()
        self.wait()

    def _run(self, task: Callable, on_done: Callable[[object], None]) -> bool:
        if self.busy:
            return False
        self.worker = _Worker(self.session.store.home, task, self)
        self.worker.progressed.connect(self.progressed)
        self.worker.done.connect(on_done)
        self.worker.refused.connect(lambda message, _unreachable: self.finished.emit(False, message))
        self.started.emit()
        self.worker.start()
        return True

    def sync_now(self) -> bool:
        if self.enrolled_config is None:
            return False

        def task(store, progress):
            from ...services import sync

            return sync.sync(store, progress=progress)

        return self._run(task, self._synced)

    def enrol(self, url: str, code: str) -> bool:
        from ...services import trust

        root = trust.unlocked_root(self.session.store)  # the admin's, unlocked on this thread's Store
        who = self.session.actor

        def task(store, progress):
            from ...services import sync

            info = sync.enrol(store, url, code, root=root, by=who)
            sync.sync(store, progress=progress)
            return info

        def done(info) -> None:
            self.enrolled.emit(info)
            self._synced(None)
            if self.automatic:
                self.timer.start()

        return self._run(task, done)

    def publish(self, template_ids: list[str]) -> bool:
        """An office desk publishes the latest version of these templates to every desk."""
        who = self.session.actor

        def task(store, progress):
            from ...services import sync

            return sync.publish_templates(store, template_ids, by=who)

        def done(names) -> None:
            self.published.emit(list(names))
            self.finished.emit(True, "")

        return self._run(task, done)

    def _synced(self, report) -> None:
        last = sync_state.last_result(self.session.store)
        if report is None or report.changed:
            from .. import ops

            ops.announce_sync(self.session)
        self.finished.emit(bool(last and last.ok), last.message if last else "")

    def wait(self, ms: int = 60_000) -> None:
        if self.worker is not None:
            self.worker.wait(ms)


def controller_for(session) -> SyncController:
    ctl = getattr(session, "_hub_sync", None)
    if ctl is None:
        ctl = session._hub_sync = SyncController(session, session)
    return ctl


class SyncStatus(QLabel):
    """The status bar's last sync: time and result (hidden until the home is enrolled)."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("muted")
        controller.started.connect(lambda: self.setText(self.tr("正在同步…")))
        controller.finished.connect(lambda ok, message: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        store = self.controller.session.store
        self.setVisible(sync_state.enrolment(store) is not None)
        last = sync_state.last_result(store)
        if last is None:
            self.setText(self.tr("尚未同步"))
            self.setToolTip("")
            return
        when = labels.local_time(last.at, labels.SHORT)
        if last.ok:
            self.setText(self.tr("上次同步：{0} 成功").format(when))
        elif last.unreachable:
            self.setText(self.tr("上次同步：{0} 同步服务器无法连接").format(when))
        else:
            self.setText(self.tr("上次同步：{0} 被拒绝").format(when))
        self.setToolTip(last.message)


class SyncBox(QGroupBox):
    """Settings → 同步."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("同步"))
        self.session = session
        self.controller = controller_for(session)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://hub.example.cn:8470")
        self.code = QLineEdit()
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX")
        self.enrol_button = QPushButton(self.tr("加入"))
        self.enrol_button.clicked.connect(self._enrol)
        self.scope = QLabel()
        self.scope.setWordWrap(True)
        self.sync_button = QPushButton(self.tr("同步"))
        self.sync_button.clicked.connect(self.controller.sync_now)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.last = SyncStatus(self.controller)

        form = QFormLayout(self)
        form.addRow(self.tr("服务器地址"), self.url)
        code_row = QHBoxLayout()
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.enrol_button)
        form.addRow(self.tr("加入码"), code_row)
        form.addRow(self.tr("本机"), self.scope)
        sync_row = QHBoxLayout()
        sync_row.addWidget(self.sync_button)
        sync_row.addWidget(self.progress, 1)
        form.addRow("", sync_row)
        form.addRow(self.tr("上次同步"), self.last)
        form.addRow("", self.result)
        # An office desk publishes checklists to every desk (the latest version of the one chosen).
        self.template = QComboBox()
        self.publish_button = QPushButton(self.tr("发布"))
        self.publish_button.clicked.connect(self._publish)
        publish_row = QHBoxLayout()
        publish_row.addWidget(self.template, 1)
        publish_row.addWidget(self.publish_button)
        self.publish_label = QLabel(self.tr("发布检查表"))
        form.addRow(self.publish_label, publish_row)
        self.controller.published.connect(self._published)

        self.controller.started.connect(self._started)
        self.controller.progressed.connect(self._progressed)
        self.controller.finished.connect(self._finished)
        self.controller.enrolled.connect(lambda info: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        from ...services import admin_views, templates

        cfg = sync_state.enrolment(self.session.store)
        view = admin_views.settings_view(self.session.store, self.session.actor)
        may_enrol, may_publish = view.can("sync.enrol"), view.can("sync.publish")
        enrolled = cfg is not None
        self.url.setText(cfg.url if cfg else self.url.text())
        self.url.setReadOnly(not may_enrol)
        self.code.setEnabled(may_enrol)
        if enrolled:
            self.code.clear()  # used once; nothing to keep
        self.enrol_button.setEnabled(may_enrol and not self.controller.busy)
        self.sync_button.setEnabled(enrolled and not self.controller.busy)
        for w in (self.template, self.publish_button, self.publish_label):
            w.setVisible(may_publish)
        self.publish_button.setEnabled(may_publish and not self.controller.busy)
        if may_publish and self.template.count() == 0:
            for t in templates.list_templates(self.session.store):
                self.template.addItem(f"{t.title} ({t.id} v{t.version})", t.id)
        if not enrolled:
            self.scope.setText(self.tr("未加入同步服务器：填写服务器地址和加入码，点“加入”（管理员）"))
        elif cfg.office:
            self.scope.setText(self.tr("{0}：中心（全部单位）").format(cfg.desk))
        else:
            self.scope.setText(self.tr("{0}：{1}").format(cfg.desk, "、".join(cfg.sites)))
        self.last.refresh()

    def _enrol(self) -> None:
        url, code = self.url.text().strip(), self.code.text().strip()
        if not url or not code:
            self.result.setText(self.tr("请填写服务器地址和加入码"))
            return
        self.controller.enrol(url, code)

    def _publish(self) -> None:
        if self.template.currentData():
            self.controller.publish([self.template.currentData()])

    def _published(self, names: list) -> None:
        self.result.setText(self.tr("已发布：{0}").format("、".join(names)) if names else self.tr("这个版本已经发布过"))

    def _started(self) -> None:
        self.progress.setRange(0, 0)
        self.progress.show()
        self.result.setText(self.tr("正在同步…"))
        self.sync_button.setEnabled(False)
        self.enrol_button.setEnabled(False)

    def _progressed(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(self.tr("接收 %v/%m") if label == "pull" else self.tr("发送 %v/%m"))

    def _finished(self, ok: bool, message: str) -> None:
        self.progress.hide()
        self.controller.wait(5000)
        last = sync_state.last_result(self.session.store)
        if ok and not message:
            self.refresh()  # a publication: _published said what happened
            return
        if ok:
            pulled, pushed, conflicts = (last.pulled, last.pushed, last.conflicts) if last else (0, 0, 0)
            text = self.tr("同步完成：收到 {0} 条，发出 {1} 条").format(pulled, pushed)
            if conflicts:
                text += self.tr("；{0} 条冲突已保存在数据文件夹的 sync 目录，请用“导入”打开处理").format(conflicts)
            self.result.setText(text)
        else:
            self.result.setText(self.tr("同步未完成：{0}").format(message))
        self.refresh()
