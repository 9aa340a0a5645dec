"""Starting the desktop application: font, language, first run, login, the main window.

``run_gui(home, lang)`` is what ``civdesk`` (no subcommand) and ``civdesk-gui`` call.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import __version__, services
from ..domain.workflow import Actor
from ..resources import resource
from ..services import accounts
from ..services import settings as settings_service
from ..store import Store, StoreError, default_home, lock
from . import fonts, i18n, preload, theme
from .corrupt_dialog import open_checked
from .login import FirstRunDialog, LoginDialog
from .preferences import Prefs
from .refusals import explain
from .session import Session
from .worker import app_runner

if TYPE_CHECKING:  # loaded beside the password check (preload.py), not before the login dialog
    from .account import LockDialog
    from .main_window import MainWindow


GIL_SWITCH_S = 0.001


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication with CivDesk's name, font and style (created once per process)."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    # Python work on the runner's thread (figures, a document, an import) and the GUI thread share
    # the GIL. Each time the GUI thread comes back from Qt it waits up to the switch interval for
    # the GIL, and a page build makes hundreds of such calls: at the default 5 ms a page that
    # takes 60 ms alone took up to 0.7 s beside the home page's figures. 1 ms keeps that wait short.
    sys.setswitchinterval(GIL_SWITCH_S)
    app.setApplicationName("CivDesk")
    app.setApplicationDisplayName("CivDesk")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("CivDesk")
    app.setWindowIcon(QIcon(str(resource("icons", "civdesk.png"))))  # read when first drawn
    fonts.install(app)
    app.setStyleSheet(theme.sheet())  # style.SHEET and the rules of the newer screens; light until prefs say
    return app


def _backups(store: Store, owner: QObject):
    """The automatic backups' scheduler (its module loads beside the password check: preload)."""
    from .settings.backups import BackupScheduler

    return BackupScheduler(store, owner)


class Controller(QObject):
    """Owns the session and the main window; rebuilds the window when the language changes or the
    next person logs in (注销 / 切换用户, the lock: account.py)."""

    def __init__(self, store: Store, actor: Actor, prefs: Prefs, lang: str):
        from .account import IdleWatch

        super().__init__()
        self.store = store
        self.prefs = prefs
        self.lang = lang
        self.session = Session(store, actor, prefs)
        self.window: MainWindow | None = None
        self.backups = _backups(store, self)  # started after login (start_gui)
        self.held: lock.Hold | None = None  # this process's mark on the home (store.lock)
        self.login: LoginDialog | None = None  # asking for the next person (switch user)
        self.lock_dialog: LockDialog | None = None
        self._hidden: list = []  # the locked session's windows, shown again on unlock
        self.idle = IdleWatch(self)
        self.idle.idle.connect(self.lock)
        self.idle.set_minutes(prefs.get("ui.lock_minutes"))
        self.runner = app_runner()  # the application's one runner of long operations
        prefs.changed.connect(self._pref_changed)

    def show(self, *, resume: bool = True, geometry=None, page: str | None = None) -> MainWindow:
        from .main_window import MainWindow
        from .settings.backups import install_status

        self.window = MainWindow(self.session, resume=resume)
        install_status(self.window, self.backups)
        self.window.home_moved.connect(self.switch_home)
        self.window.account_actions["switch"].triggered.connect(self.switch_user)
        self.window.account_actions["lock"].triggered.connect(self.lock)
        if geometry is not None:
            self.window.restoreGeometry(geometry)
        if page:
            self.window.show_page(page)
        self.window.show()
        return self.window

    # ------------------------------------------------------------------ the next person

    def switch_user(self) -> bool:
        """注销 / 切换用户: settle this session's window (it may ask), close it, ask who is next."""
        if self.window is None or not self.window.settle():
            return False
        self._end_session()
        return True

    def lock(self) -> None:
        """Hide the session's windows as they are behind the lock dialog. Postponed while a
        dialog is modal (it may be in the middle of a question)."""
        if self.window is None or self.lock_dialog is not None or self.login is not None:
            return
        if QApplication.activeModalWidget() is not None:
            self.idle.set_minutes(self.prefs.get("ui.lock_minutes"))
            return
        page = self.window.walkthrough
        unsaved = page.keep_for_later() if page is not None else ""
        from .account import LockDialog

        self._hidden = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        for w in self._hidden:
            w.hide()
        self.lock_dialog = LockDialog(self.session, unsaved)
        self.lock_dialog.unlocked.connect(self._unlocked)
        self.lock_dialog.switch.connect(self._switch_from_lock)
        self.lock_dialog.show()

    def _unlocked(self) -> None:
        self.lock_dialog.deleteLater()
        self.lock_dialog = None
        for w in self._hidden:
            w.show()
        self._hidden = []
        self.window.activateWindow()
        self.idle.set_minutes(self.prefs.get("ui.lock_minutes"))

    def _switch_from_lock(self) -> None:
        self.lock_dialog.deleteLater()
        self.lock_dialog = None
        self._hidden = []
        if self.window.walkthrough is not None:
            self.window.walkthrough.pending.clear()  # said on the lock screen and confirmed there
        self._end_session()

    def _end_session(self) -> None:
        """Close every window of the session and ask for the next person's login."""
        app = QApplication.instance()
        app.setQuitOnLastWindowClosed(False)  # no window is left while the login dialog opens
        old, self.window = self.window, None
        name = self.session.display_name
        for w in QApplication.topLevelWidgets():
            if w is not old and w.isVisible():
                w.hide()
        old.hide()
        old.hub_sync.stop()  # settled already when switching; after a lock it may still be syncing
        old.deleteLater()
        self.idle.timer.stop()
        self.login = LoginDialog(self.store, hint=app.translate("app", "{0} 已注销。请下一位用户登录。").format(name))
        self.login.accepted.connect(self._next_logged_in)
        self.login.rejected.connect(app.quit)
        self.login.open()

    def _next_logged_in(self) -> None:
        actor, self.login = self.login.actor, None
        self.session = Session(self.store, actor, self.prefs)
        self.show()
        QApplication.instance().setQuitOnLastWindowClosed(True)
        self.idle.set_minutes(self.prefs.get("ui.lock_minutes"))

    def start_background_work(self) -> None:
        """What follows the window rather than preceding it: a large database's full check (writes
        wait for it: start_check.py), then the automatic backup at start; and what documents need
        loaded (the PDF fonts prepared once per machine, ~10 s, where none are shipped) so the
        first print does not wait."""
        from . import start_check

        start_check.check_then(self, lambda: self.backups.start_in_background(self.runner))
        warm_documents_later(self.runner, self)

    def reopen_after_restore(self) -> None:
        """The check after start found the database damaged and a backup was restored in its
        place: open it and ask for the login again (the restored users are the ones that count)."""
        app = QApplication.instance()
        app.setQuitOnLastWindowClosed(False)  # no window is left while the login dialog opens
        self.store = services.open_home(self.store.home)
        self.prefs.store = self.store
        self.backups = _backups(self.store, self)
        self.login = LoginDialog(self.store, hint=app.translate("app", "已从备份恢复数据。请重新登录。"))
        self.login.accepted.connect(self._next_logged_in)
        self.login.rejected.connect(app.quit)
        self.login.open()

    def wait_background_work(self, timeout: float | None = None) -> None:
        self.runner.wait_all(timeout)

    def _pref_changed(self, key: str) -> None:
        if key == "ui.language":
            # Rebuilt after the current event: the combo box that changed it belongs to the old window.
            QTimer.singleShot(0, self.switch_language)
        elif key == "ui.lock_minutes":
            self.idle.set_minutes(self.prefs.get(key))
        elif key in ("ui.theme", "ui.font_scale"):
            theme.apply(QApplication.instance(), self.prefs.get("ui.theme"), self.prefs.get("ui.font_scale"))

    def switch_home(self, path: str) -> None:
        """Settings copied and verified the data at ``path``: reopen it there, rebuild the window."""
        QTimer.singleShot(0, lambda: self._switch_home(Path(path)))

    def _switch_home(self, path: Path) -> None:
        old = self.window
        if old is not None and old.walkthrough is not None and not old.walkthrough.leave():
            return
        was_default = self.store.home.resolve() == default_home().resolve()
        held = lock.hold(path)
        store = services.open_home(path)
        if self.held is not None:
            self.held.release()
        self.held = held
        self.backups.stop()
        previous, self.store = self.store, store
        self.prefs.store = store
        self.session = Session(store, self.session.actor, self.prefs)
        self.backups = _backups(store, self)
        if old is not None:
            old.hide()
            old.hub_sync.stop()  # the sync of the home being left ends before its store closes
            old.deleteLater()
        previous.close()
        if was_default:
            settings_service.remember_home(path)  # the next start without --home opens it too
        self.show(resume=False).show_page("settings")
        self.backups.start()

    def switch_language(self) -> None:
        self.lang = i18n.install(self.prefs.get("ui.language"))
        old = self.window
        geometry = old.saveGeometry() if old else None
        if old is not None:
            if old.walkthrough is not None and not old.walkthrough.leave():
                return
            old.hide()
            old.deleteLater()
        self.show(resume=False, geometry=geometry, page="settings")


def warm_documents_later(runner, owner: QObject) -> None:
    """A moment after the window (the thread would otherwise take the CPU from its first paint),
    the fonts, ReportLab and pyHanko load on ``runner`` (~1 s, the window painting meanwhile), so
    the first print costs what a later one does."""
    from . import start_check, warmup

    def start() -> None:
        beat = warmup.heartbeat(owner)
        runner.start(
            "documents",
            _warm_documents,
            owner=owner,
            done=lambda _: warmup.stop_heartbeat(beat),
            error=lambda _: warmup.stop_heartbeat(beat),
        )

    QTimer.singleShot(start_check.AFTER_SHOWN_MS, owner, start)


def _warm_documents(op) -> None:
    from ..services import documents
    from . import warmup

    warmup.screens_loaded.wait(timeout=10)
    warmup.gently(documents.warm)


def choose_language(cli_lang: str | None, prefs: Prefs) -> str:
    """--lang for this run, else the saved preference, else Chinese."""
    return i18n.normalize(cli_lang) or prefs.get("ui.language") or i18n.DEFAULT


def start_gui(home: Path, lang: str | None = None) -> Controller | int:
    """Everything before the event loop: open the home, language, first run, login, main window.
    Returns the controller with its window shown, or the exit code when the user stopped."""
    app = make_app()
    i18n.install(i18n.normalize(lang) or i18n.DEFAULT)
    try:
        store = open_checked(home)  # a damaged database is probed (read-only) and offered a backup first
    except (StoreError, OSError) as e:
        QMessageBox.critical(None, app.translate("app", "无法打开数据"), explain(e))
        return 1
    if store is None:
        return 1  # the user quit the damaged-database dialog: nothing was written
    try:
        held = lock.hold(home)  # a restore from another process waits until this window closes
    except StoreError as e:
        store.close()
        QMessageBox.critical(None, app.translate("app", "无法打开数据"), explain(e))
        return 1
    started = _sign_in(app, store, lang)
    if isinstance(started, int):
        held.release()
        return started
    started.held = held
    return started


def _sign_in(app: QApplication, store: Store, lang: str | None) -> Controller | int:
    """First run, login (and a new password when an admin reset it), then the main window."""
    prefs = Prefs(store)
    i18n.install(choose_language(lang, prefs))
    theme.apply(app, prefs.get("ui.theme"), prefs.get("ui.font_scale"))
    hint, user = "", ""
    if not accounts.has_users(store):
        first = FirstRunDialog(store)
        if not first.exec():
            store.close()
            return 0
        if first.demo_filled:
            user = "inspector1"
            hint = app.translate(
                "app",
                "已载入演示数据。演示账户：admin / admin123（管理员），"
                "inspector1 / inspect123（检查员），mgr_hzd / manager123（站长）。",
            )
        else:
            user = first.name.text().strip()
    login = LoginDialog(store, hint=hint, user=user)
    if not login.exec() or login.actor is None:
        store.close()
        return 0
    controller = Controller(store, login.actor, prefs, choose_language(lang, prefs))
    controller.show()
    # The rolling backup at start, on a worker once the window is up; a failure shows in the status bar.
    controller.start_background_work()
    return controller


def run_gui(home: Path, lang: str | None = None) -> int:
    """The desktop application from start to exit; returns the process exit code."""
    started = start_gui(home, lang)
    if isinstance(started, int):
        return started
    try:
        return QApplication.instance().exec()
    finally:
        started.store.close()
        started.held.release()


def smoke_gui(home: Path, lang: str | None, user: str, password: str, seconds: float = 2.0) -> int:
    """Open the real main window for ``seconds`` and close it cleanly (checks a packaged build).

    It logs in like anyone else (user and password), so it opens nothing a person could not.
    """
    from PySide6.QtCore import QTimer

    app = make_app()
    i18n.install(i18n.normalize(lang) or i18n.DEFAULT)
    store = open_checked(home)
    if store is None:
        return 1
    try:
        prefs = Prefs(store)
        actor = accounts.authenticate(store, user, password, meanwhile=preload.main_window_code)
        controller = Controller(store, actor, prefs, choose_language(lang, prefs))
        window = controller.show(resume=False)
        # What the window says, so a packaged build's test sees which translation it loaded.
        pages = " · ".join(window.nav.item(n).text() for n in range(window.nav.count()))
        print(f"smoke: {window.windowTitle()} | {pages}", flush=True)
        QTimer.singleShot(int(seconds * 1000), window.close)
        QTimer.singleShot(int(seconds * 1000) + 50, app.quit)
        code = app.exec()
        return code
    finally:
        store.close()
