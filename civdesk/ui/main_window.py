"""The main window: side navigation, the screens, the walkthrough, and the status bar."""

from __future__ import annotations

import base64
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..services import accounts
from ..services.errors import NotAllowed, NotFound
from . import account, labels, warmup
from .exchange import menu as exchange_menu
from .session import Session

if TYPE_CHECKING:  # imported when first needed: start-up only builds the pages it shows
    from .inspections.new_inspection import NewInspectionDialog
    from .review.page import ReviewPage
    from .walkthrough.page import WalkthroughPage

log = logging.getLogger(__name__)
GEOMETRY_KEY = "ui.window_geometry"
SIDE_WIDTH = 176


class MainWindow(QMainWindow):
    """Pages in navigation order; the walkthrough is opened from them and shown under 检查."""

    closing = Signal()
    home_moved = Signal(str)  # Settings copied and verified the data here: the application switches

    def __init__(self, session: Session, *, resume: bool = True):
        super().__init__()
        self.session = session
        self.setWindowTitle(self.tr("CivDesk 文明创建检查台"))
        self.walkthrough: WalkthroughPage | None = None
        self.review: ReviewPage | None = None
        self.new_dialog: NewInspectionDialog | None = None
        self.refusal_box: QMessageBox | None = None

        # Pages are built the first time they are shown: start-up builds only the home page.
        self.pages: list[tuple[str, str]] = [
            ("home", self.tr("首页")),
            ("mywork", self.tr("我的待办")),  # its entry shows the count (update_work_count)
            ("inspections", self.tr("检查")),
            ("rectifications", self.tr("整改")),
            ("sites", self.tr("被检单位")),
            ("templates", self.tr("检查表")),
            ("settings", self.tr("设置")),
        ]
        if accounts.user_refusal(session.actor, "add") is None:  # the page exists to keep users
            self.pages.insert(-1, ("users", self.tr("用户")))
        self._built: dict[str, QWidget] = {}
        self.stack = QStackedWidget()
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(SIDE_WIDTH)
        self.nav.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        n = 0
        for key, text in self.pages:
            if key == "mywork":
                keys = "Ctrl+0"  # the other pages keep their Ctrl+1… numbers
            else:
                n += 1
                keys = f"Ctrl+{n}"
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, key)
            entry.setToolTip(keys)
            self.nav.addItem(entry)
            sc = QShortcut(QKeySequence(keys), self)
            sc.activated.connect(lambda key=key: self.show_page(key))
        self.nav.currentRowChanged.connect(self._nav_changed)

        side = QWidget()
        side.setObjectName("side")
        side.setFixedWidth(SIDE_WIDTH)
        side_box = QVBoxLayout(side)
        side_box.setContentsMargins(0, 0, 0, 0)
        side_box.setSpacing(0)
        name = QLabel(self.tr("文明创建检查台"))
        name.setObjectName("appName")
        name.setWordWrap(True)
        sub = QLabel("CivDesk")
        sub.setObjectName("appSub")
        side_box.addWidget(name)
        side_box.addWidget(sub)
        side_box.addWidget(self.nav, 1)
        central = QWidget()
        box = QHBoxLayout(central)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(side)
        box.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.exchange_actions = exchange_menu.install(self)  # 数据: import a bundle, export
        self.account_actions = account.install_menu(self)  # 账户: switch user, lock (app.Controller acts)

        user = QLabel(self.tr("用户：{0}（{1}）").format(session.display_name, labels.role(session.actor.role)))
        home = QLabel(self.tr("数据文件夹：{0}").format(session.store.home))
        home.setObjectName("muted")
        # Permanent, so a message (a refusal) never draws over it: a normal status-bar widget is hidden
        # for a message only if it was visible then, and a refusal can come before the window shows.
        user.setObjectName("signed-in")
        self.statusBar().addPermanentWidget(user)
        self.statusBar().addPermanentWidget(home)
        from .settings.sync_section import (  # 同步: last sync in the status bar, automatic sync
            SyncStatus,
            controller_for,
        )

        self.hub_sync = controller_for(session)
        self.statusBar().addPermanentWidget(SyncStatus(self.hub_sync))
        self.hub_sync.start_automatic()

        session.changed.connect(self.update_work_count)
        QTimer.singleShot(0, self._first_work_count)
        warmup.later()
        self._restore_geometry()
        self.show_page("home")
        if resume:
            self._resume()

    # ------------------------------------------------------------------ navigation

    def page(self, key: str) -> QWidget:
        """The page for a navigation key, built (and wired) on first use."""
        built = self._built.get(key)
        if built is not None:
            return built
        if key == "home":
            from .dashboard.page import DashboardPage

            built = DashboardPage(self.session)
            built.open_inspection.connect(self.open_inspection)
            built.filter_requested.connect(self.show_filtered)
            built.work_requested.connect(self.open_work)
            built.work_counted.connect(self._work_counted)
            built.next_steps.go.connect(self.show_page)
        elif key == "mywork":
            from .dashboard.my_work import MyWorkPage

            built = MyWorkPage(self.session)
            built.work_requested.connect(self.open_work)
        elif key == "inspections":
            from .inspections.page import InspectionsPage

            built = InspectionsPage(self.session)
            built.open_inspection.connect(self.open_inspection)
            built.new_requested.connect(self.new_inspection)
            built.review_requested.connect(self.open_review)
        elif key == "rectifications":
            from .rectifications.page import RectificationsPage

            built = RectificationsPage(self.session)
            built.open_review.connect(self.open_review)
            built.open_inspection.connect(self.open_inspection)
        elif key == "users":
            from .admin.users import UsersPage

            built = UsersPage(self.session)
        elif key == "sites":
            from .admin.sites import SitesPage

            built = SitesPage(self.session)
        elif key == "templates":
            from .templates.editor import TemplateEditorPage

            built = TemplateEditorPage(self.session)
        elif key == "settings":
            from .settings.page import SettingsPage

            built = SettingsPage(self.session)
            built.home_moved.connect(self.home_moved)
        else:
            raise KeyError(key)
        self._built[key] = built
        self.stack.addWidget(built)
        return built

    @property
    def home(self):
        return self.page("home")

    @property
    def inspections(self):
        return self.page("inspections")

    @property
    def sites(self):
        return self.page("sites")

    @property
    def settings(self):
        return self.page("settings")

    def current_key(self) -> str:
        page = self.stack.currentWidget()
        if page is self.walkthrough:
            return "walkthrough"
        if page is self.review:
            return "review"
        return next(k for k, p in self._built.items() if p is page)

    def show_page(self, key: str) -> bool:
        if self.walkthrough is not None and not self._leave_walkthrough():
            self._select_nav("inspections")
            return False
        self._drop_review()
        self.stack.setCurrentWidget(self.page(key))
        self._select_nav(key)
        return True

    def _select_nav(self, key: str) -> None:
        self.nav.blockSignals(True)
        self.nav.setCurrentRow([k for k, _ in self.pages].index(key))
        self.nav.blockSignals(False)

    def _nav_changed(self, row: int) -> None:
        if row >= 0:
            self.show_page(self.pages[row][0])

    def _show_state(self, state: str) -> None:
        if self.show_page("inspections"):
            self.inspections.set_state_filter(state)

    def show_filtered(self, filters: dict) -> None:
        """A dashboard figure clicked: the list behind it, filtered the same way."""
        if "rectifications" in filters:
            if self.show_page("rectifications"):
                self.page("rectifications").set_status_filter(filters["rectifications"])
        elif self.show_page("inspections"):
            self.inspections.set_filters(**filters)

    def update_work_count(self, change=None) -> None:
        """The 我的待办 entry's count: what waits on the signed-in person now (services.my_work),
        worked out on the operation runner (ui/dashboard/my_work.count_later)."""
        from .dashboard.my_work import count_later

        count_later(self)

    def _first_work_count(self) -> None:
        """Once the window is up: the count, unless the home page's figures (which list the same
        work) are being read already; two threads reading it at once would slow the first clicks."""
        home = self._built.get("home")
        if home is None or home.loading is None:
            self.update_work_count()

    def _work_counted(self, n: int) -> None:
        from .dashboard.my_work import show_count

        show_count(self, n)

    def open_work(self, work) -> None:
        """Open the place where a 我的待办 item is done."""
        if work.kind in ("draft", "returned"):
            self.open_inspection(work.inspection_id)
        elif work.kind in ("review", "sign"):
            self.open_review(work.inspection_id)
        elif self.show_page("rectifications"):
            self.page("rectifications").show_rectification(work.rect_id)

    # ------------------------------------------------------------------ walkthrough

    def open_inspection(self, inspection_id: int, item_code: str | None = None) -> WalkthroughPage | None:
        if not self._may_open(inspection_id):
            return None
        if self.walkthrough is not None and not self._leave_walkthrough():
            return None
        from .walkthrough.page import WalkthroughPage

        try:
            page = WalkthroughPage(self.session, inspection_id, item_code)
        except (NotFound, NotAllowed) as e:  # gone, or outside this person's scope
            self.refuse_open(inspection_id, e)
            return None
        self._drop_review()
        page.closed.connect(self._walkthrough_closed)
        page.review_requested.connect(self.open_review)
        self.walkthrough = page
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self._select_nav("inspections")
        page.card.focus_default()
        return page

    def _may_open(self, inspection_id: int) -> bool:
        """Asked before leaving the page shown: a refused inspection leaves everything as it was."""
        from ..services import views

        try:
            views.inspection_view(self.session.store, self.session.actor, inspection_id)
        except (NotFound, NotAllowed) as e:
            self.refuse_open(inspection_id, e)
            return False
        return True

    def refuse_open(self, inspection_id: int, e: Exception) -> QMessageBox:
        """An inspection that cannot be opened (outside this person's scope, or gone) — asked for by
        search, 我的待办, a link or the resume point — is said so, and nothing opens."""
        from .refusals import explain

        log.warning("cannot open inspection %s: %s", inspection_id, e)
        why = explain(e) if isinstance(e, NotAllowed) else self.tr("该检查不存在（可能已被删除）。")
        text = self.tr("不能打开检查 #{0}：{1}").format(inspection_id, why)
        self.statusBar().showMessage(text, 10_000)
        self.refusal_box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("无法打开检查"), text, QMessageBox.StandardButton.Ok, self
        )
        self.refusal_box.setWindowModality(Qt.WindowModality.WindowModal)
        self.refusal_box.open()  # not blocking: the window stays as it was
        return self.refusal_box

    def _leave_walkthrough(self) -> bool:
        """Close the open walkthrough (keeping its work); False if the user chose to stay."""
        if not self.walkthrough.leave():
            return False
        self._drop_walkthrough()
        return True

    def _walkthrough_closed(self) -> None:
        self._drop_walkthrough()
        self.stack.setCurrentWidget(self.page("inspections"))
        self._select_nav("inspections")

    def _drop_walkthrough(self) -> None:
        page, self.walkthrough = self.walkthrough, None
        if page is not None:
            page.closed.disconnect()
            self.session.changed.disconnect(page._on_changed)
            self.stack.removeWidget(page)
            page.deleteLater()

    # ------------------------------------------------------------------ review and sign-off

    def open_review(self, inspection_id: int) -> ReviewPage | None:
        """The review / sign-off page of an inspection, shown under 检查 like the walkthrough."""
        if not self._may_open(inspection_id):
            return None
        if self.walkthrough is not None and not self._leave_walkthrough():
            return None
        from .review.page import ReviewPage

        try:
            page = ReviewPage(self.session, inspection_id)
        except (NotFound, NotAllowed) as e:  # gone, or outside this person's scope
            self.refuse_open(inspection_id, e)
            return None
        self._drop_review()
        page.closed.connect(lambda: self.show_page("inspections"))
        page.open_walkthrough.connect(lambda iid, code: self.open_inspection(iid, code or None))
        self.review = page
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self._select_nav("inspections")
        return page

    def _drop_review(self) -> None:
        page, self.review = self.review, None
        if page is not None:
            self.session.changed.disconnect(page._on_changed)
            self.stack.removeWidget(page)
            page.deleteLater()

    def new_inspection(self) -> NewInspectionDialog:
        """Opens (window-modal, not blocking) and returns the dialog; accepting opens the walkthrough."""
        from .inspections.new_inspection import NewInspectionDialog

        self.new_dialog = NewInspectionDialog(self.session, self)
        self.new_dialog.accepted.connect(self._new_accepted)
        self.new_dialog.open()
        return self.new_dialog

    def _new_accepted(self) -> None:
        self.activateWindow()  # give the keyboard back to the window the dialog belonged to
        self.open_inspection(self.new_dialog.inspection_id)

    def _resume(self) -> None:
        point = self.session.resume_point()
        if not point:
            return
        from ..services import inspections as insp  # the scoring rules load with the first inspection opened

        try:
            insp.view(self.session.store, point.inspection_id)
        except NotFound:
            self.session.set_resume_point(None)
            return
        self.open_inspection(point.inspection_id, point.item_code)

    # ------------------------------------------------------------------ closing

    def _restore_geometry(self) -> None:
        raw = self.session.store.get_setting(GEOMETRY_KEY)
        if raw:
            self.restoreGeometry(QByteArray(base64.b64decode(raw)))
        else:
            self.resize(1366, 768)

    def settle(self) -> bool:
        """Before the window goes (closing, or the next person logging in): save typed input, ask
        about refused or unsaved input, keep the geometry. False when the user chose to stay."""
        page = self.walkthrough
        if page is not None and not page.flush() and not (page.pending and page.confirm_discard()):
            return False
        try:
            self.session.store.set_setting(GEOMETRY_KEY, base64.b64encode(bytes(self.saveGeometry())).decode())
        except Exception as e:
            log.warning("could not store the window geometry: %s", e)
        # The window goes: a sync in flight finishes (or times out) before the home closes or the
        # next person's session starts.
        self.hub_sync.stop()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.settle():
            event.ignore()
            return
        self.closing.emit()
        event.accept()
