"""首页 (dashboard): where every site stands.

Counts by state; each site's latest result and level with its trend; the chosen site's scores
over time (QPainter chart); overdue rectifications; sites with no inspection for N months; the
user's own open work. Every figure clicks through: ``filter_requested`` carries the filter the
matching list applies (``{"state": …}``, ``{"site_id": …}``, ``{"rectifications": "overdue"}``),
``open_inspection`` an inspection to open. The figures come from services.dashboard (its
docstring defines them) in a few queries, so the screen opens at once on a big home.
"""

from __future__ import annotations

import datetime as _dt
import logging
import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.answer_text import number as fmt_number  # not the walkthrough's editors: the start path
from ...domain.workflow import STATES
from ...services import settings as settings_service
from ...services.errors import InputError, NotAllowed
from .. import labels
from ..lazy import LazyPage
from ..session import Session
from ..tables import plain_table
from ..worker import Operation, start_with_store
from . import my_work as my_work_ui
from .next_steps import NextStepsCard
from .score_chart import ScoreChart, paint_sparkline

if TYPE_CHECKING:
    from ...services import dashboard as figures

log = logging.getLogger(__name__)
ID_ROLE = Qt.ItemDataRole.UserRole
SITE_COLUMNS = ("site", "percent", "level", "template", "date", "trend")
WORK_ROWS = 50


class Tile(QFrame):
    """A figure with its caption; click, Enter or Space asks for the list behind it."""

    clicked = Signal()

    def __init__(self, caption: str, key: str):
        super().__init__()
        self.key = key
        self.setObjectName("tile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.number = QLabel("0")
        self.number.setObjectName("tileNumber")
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)

    def set_value(self, n: int, warn: bool = False) -> None:
        self.number.setText(str(n))
        name = "tileNumberWarn" if warn and n else "tileNumber"
        if self.number.objectName() != name:
            self.number.setObjectName(name)
            self.number.style().unpolish(self.number)
            self.number.style().polish(self.number)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


class SiteModel(QAbstractTableModel):
    """One row per site: latest result, level, template, date, and the trend (drawn by a delegate)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.sites: list[figures.SiteStatus] = []
        self._rows: list[tuple] = []

    def set_sites(self, sites: list[figures.SiteStatus]) -> None:
        self.beginResetModel()
        self.sites = sites
        self._rows = [self._display(s) for s in sites]
        self.endResetModel()

    def _display(self, s: figures.SiteStatus) -> tuple:
        p = s.latest
        if p is None:
            return (s.name, "—", "", "", "", "")
        level = labels.level("veto") if p.vetoed else labels.data_label(p.level_label or "")
        return (s.name, f"{fmt_number(p.percent)}%", level, p.template_title, p.submitted_at[:10], "")

    def headers(self) -> list[str]:
        return [
            self.tr("被检单位"),
            self.tr("最新得分率"),
            self.tr("等级"),
            self.tr("检查表"),
            self.tr("提交日期"),
            self.tr("历次得分"),
        ]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.sites)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(SITE_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        s = self.sites[index.row()]
        col = SITE_COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == ID_ROLE:
            return s.site_id
        if role == Qt.ItemDataRole.ForegroundRole and col == "level" and s.latest and s.latest.vetoed:
            return QColor("#c62828")
        if role == Qt.ItemDataRole.TextAlignmentRole and col == "percent":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            n = s.count
            return self.tr("{0}：{1} 次检查结果。双击查看该单位的检查").format(s.name, n)
        return None


class TrendDelegate(QStyledItemDelegate):
    def paint(self, painter, option, index) -> None:
        super().paint(painter, option, index)
        # Read from the model itself: a Python list through a QVariant costs a copy per paint.
        model = index.model()
        try:  # a site's last results are read when its row is painted (only visible rows are)
            series = model.sites[index.row()].recent if isinstance(model, SiteModel) else None
        except sqlite3.ProgrammingError:
            series = None  # the home was closed under a window still painting: no line to draw
        if series:
            r = QRectF(option.rect).adjusted(6, 5, -6, -5)
            selected = bool(option.state & QStyle.StateFlag.State_Selected)
            role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
            paint_sparkline(painter, r, series, option.palette.color(role))


class DashboardPage(LazyPage, QWidget):
    open_inspection = Signal(int)
    show_state = Signal(str)  # kept for the main window's first wiring
    filter_requested = Signal(dict)  # the filter a list applies: state / site_id / rectifications
    work_requested = Signal(object)  # a 我的待办 row (services.my_work.WorkItem) to open
    work_counted = Signal(int)  # the figures brought 我的待办 along: how many wait on this person

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.data: figures.Dashboard | None = None
        self.loading: Operation | None = None  # the figures being read on the runner (reload)
        self._load_again = False
        self.chosen_site: int | None = None
        # The grey line of every result, kept while nothing changed (figures.trend_key): worked out
        # again on each visit, it had the runner read 100,000 results while the page painted.
        self._trend: list | None = None
        self._trend_key: tuple | None = None
        self._trend_running: tuple | None = None  # the key of the trend being worked out

        title = QLabel(self.tr("首页"))
        title.setObjectName("pageTitle")
        greeting = QLabel(self.tr("{0}（{1}），您好。").format(session.display_name, labels.role(session.actor.role)))
        greeting.setObjectName("muted")
        self.stale_months = QSpinBox()
        self.stale_months.setRange(1, 60)
        self.stale_months.setSuffix(self.tr(" 个月"))
        self.stale_months.setValue(settings_service.get(session.store, "dashboard.stale_months"))
        self.stale_months.setToolTip(self.tr("超过这么多个月没有检查的被检单位列为“久未检查”"))
        self.stale_months.valueChanged.connect(self._stale_changed)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(greeting)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("久未检查：超过")))
        top.addWidget(self.stale_months)

        self.tiles: dict[str, Tile] = {}
        tiles = QHBoxLayout()
        tiles.setSpacing(6)
        for state in STATES:
            tile = Tile(labels.state(state), state)
            tile.clicked.connect(lambda s=state: self._state_clicked(s))
            self.tiles[state] = tile
            tiles.addWidget(tile)
        self.tiles["overdue"] = Tile(self.tr("逾期整改"), "overdue")
        self.tiles["overdue"].clicked.connect(lambda: self.filter_requested.emit({"rectifications": "overdue"}))
        self.tiles["stale"] = Tile(self.tr("久未检查的单位"), "stale")
        self.tiles["stale"].clicked.connect(lambda: self.tabs.setCurrentWidget(self.stale_table))
        for key in ("overdue", "stale"):
            tiles.addWidget(self.tiles[key])

        self.site_model = SiteModel(self)
        self.site_view = QTableView()
        self.site_view.setModel(self.site_model)
        self.site_view.setItemDelegateForColumn(SITE_COLUMNS.index("trend"), TrendDelegate(self.site_view))
        self.site_view.verticalHeader().hide()
        self.site_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.site_view.verticalHeader().setDefaultSectionSize(30)
        self.site_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.site_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.site_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.site_view.setWordWrap(False)
        header = self.site_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in zip(range(len(SITE_COLUMNS)), (150, 84, 74, 170, 88, 120)):
            header.resizeSection(col, width)
        header.setStretchLastSection(True)
        self.site_view.selectionModel().currentRowChanged.connect(lambda cur, _: self._choose_site(cur.row()))
        self.site_view.activated.connect(lambda index: self._site_list(index.row()))
        self.site_view.doubleClicked.connect(lambda index: self._site_list(index.row()))
        self.site_button = QPushButton(self.tr("查看该单位的检查"))
        self.site_button.clicked.connect(lambda: self._site_list(self.site_view.currentIndex().row()))
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.sites_title = self._caption(self.tr("各单位最新结果（检查，不含自评和复查）"))
        head.addWidget(self.sites_title, 1)
        head.addWidget(self.site_button)
        lv.addLayout(head)
        lv.addWidget(self.site_view, 1)

        self.chart_title = self._caption("")
        self.chart = ScoreChart()
        self.chart.point_clicked.connect(self.open_inspection)

        self.overdue_table = plain_table([self.tr("被检单位"), self.tr("检查项"), self.tr("整改期限"), self.tr("逾期")])
        self.stale_table = plain_table([self.tr("被检单位"), self.tr("上次检查"), self.tr("地区")])
        self.work_table = my_work_ui.make_table()
        self.overdue_table.itemActivated.connect(lambda c: self.open_inspection.emit(c.data(ID_ROLE)))
        self.overdue_table.itemDoubleClicked.connect(lambda c: self.open_inspection.emit(c.data(ID_ROLE)))
        self.stale_table.itemActivated.connect(lambda c: self.filter_requested.emit({"site_id": c.data(ID_ROLE)}))
        self.stale_table.itemDoubleClicked.connect(lambda c: self.filter_requested.emit({"site_id": c.data(ID_ROLE)}))
        self.work_table.itemActivated.connect(lambda c: self.work_requested.emit(c.data(my_work_ui.ITEM_ROLE)))
        self.work_table.itemDoubleClicked.connect(lambda c: self.work_requested.emit(c.data(my_work_ui.ITEM_ROLE)))
        for t, widths in (
            (self.overdue_table, (130, 70, 92)),
            (self.stale_table, (150, 100)),
            (self.work_table, (90, 110, 150, 60)),
        ):
            for col, w in enumerate(widths):
                t.horizontalHeader().resizeSection(col, w)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.overdue_table, self.tr("逾期整改"))
        self.tabs.addTab(self.stale_table, self.tr("久未检查"))
        self.tabs.addTab(self.work_table, self.tr("我的待办"))
        from .hub_figures import add_hub_tab

        self.hub_view = add_hub_tab(self.tabs, session)  # an office desk: the hub's figures

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.chart_title)
        rv.addWidget(self.chart, 5)
        rv.addWidget(self.tabs, 4)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 11)
        split.setStretchFactor(1, 9)
        split.setChildrenCollapsible(False)

        self.next_steps = NextStepsCard(session)  # a new desk: what to set up first
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.next_steps)
        layout.addLayout(tiles)
        layout.addWidget(split, 1)
        self.listen(session)

    def _caption(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("breadcrumb")
        return label

    # ------------------------------------------------------------------ filling

    def refresh(self) -> None:
        """Read the figures now (on this thread) and show them."""
        figures = _figures()
        self._show(
            figures.summary(
                self.session.store, self.session.actor, stale_months=self.stale_months.value(), with_trend=False
            )
        )

    def reload(self) -> None:
        """Shown, or out of date while shown: the figures are read on the runner's thread (at
        100,000 inspections that takes a few hundred milliseconds the window would otherwise
        freeze for, the first paint at start included) and shown when they arrive; the page
        keeps the figures it had meanwhile. A change while they are read reads them once more."""
        self._dirty = False
        if self.loading is not None:
            self._load_again = True
            return
        actor, months = self.session.actor, self.stale_months.value()
        figures = _figures()

        def done(d: figures.Dashboard) -> None:
            self.loading = None
            if self.session.store.closed:
                return  # the home was closed meanwhile (another opened, the application quitting)
            if self._load_again:
                self._load_again = False
                self.reload()
            else:
                self._show(figures.attach(d, self.session.store))

        self.loading = start_with_store(
            "dashboard",
            self.session.store.home,
            lambda store, op: figures.summary(store, actor, stale_months=months, with_trend=False),
            done=done,
            error=self._not_loaded,
            owner=self,
        )

    def _not_loaded(self, e: BaseException) -> None:
        log.warning("the dashboard's figures could not be read: %s", e)
        self.loading = None
        if self._load_again:
            self._load_again = False
            self.reload()

    def _show(self, d: figures.Dashboard) -> None:
        figures = _figures()
        store = self.session.store
        self.data = d
        key = figures.trend_key(store, self.session.actor)
        if key == self._trend_key and self._trend is not None:
            d.trend = self._trend
        elif key != self._trend_running:  # one worked out at a time for the same data
            self._start_trend(key)
        for state, n in d.counts.items():
            self.tiles[state].set_value(n, warn=state == "returned")
        self.tiles["overdue"].set_value(d.overdue_count, warn=True)
        self.tiles["stale"].set_value(len(d.stale_sites), warn=True)
        self.sites_title.setText(self.tr("各单位最新结果（检查，不含自评和复查）：{0} 个单位").format(len(d.sites)))
        self.site_model.set_sites(d.sites)
        row = next((n for n, s in enumerate(d.sites) if s.site_id == self.chosen_site), None)
        if row is None:
            row = next((n for n, s in enumerate(d.sites) if s.latest is not None), 0 if d.sites else None)
        if row is not None:
            if self.site_view.currentIndex().row() != row:
                self.site_view.selectRow(row)  # shows the chart through currentRowChanged
            else:
                self._choose_site(row)
        else:
            self._choose_site(-1)

        self._fill(
            self.overdue_table,
            [
                (
                    r.inspection_id,
                    [
                        r.site,
                        r.item_code,
                        r.due_date,
                        self.tr("{0} 天").format((d.today - _dt.date.fromisoformat(r.due_date)).days),
                    ],
                )
                for r in d.overdue
            ],
        )
        self._fill(
            self.stale_table,
            [
                (
                    s.site_id,
                    [s.name, s.last_visit[:10] if s.last_visit else self.tr("从未检查"), labels.region(s.region)],
                )
                for s in d.stale_sites
            ],
        )
        # The tab shows the most urgent; its title counts them all, the 我的待办 page lists them all.
        my_work_ui.fill(self.work_table, d.my_work[:WORK_ROWS])
        self.work_counted.emit(len(d.my_work))
        self.tabs.setTabText(0, self.tr("逾期整改（{0}）").format(d.overdue_count))
        self.tabs.setTabText(1, self.tr("久未检查（{0}）").format(len(d.stale_sites)))
        self.tabs.setTabText(2, self.tr("我的待办（{0}）").format(len(d.my_work)))
        if self.hub_view is not None:
            self.hub_view.refresh()

    def _fill(self, table: QTableWidget, rows: list[tuple[int, list[str]]]) -> None:
        table.setRowCount(len(rows))
        for n, (key, cells) in enumerate(rows):
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(ID_ROLE, key)
                table.setItem(n, c, cell)

    def _on_changed(self, change) -> None:
        self._trend_key = None  # an import may change results without moving the key
        super()._on_changed(change)

    def _start_trend(self, key: tuple) -> None:
        """The grey line reads every result: worked out on the runner's thread, drawn when ready."""
        actor = self.session.actor
        self._trend_running = key
        self.trend_operation = start_with_store(
            "dashboard-trend",
            self.session.store.home,
            lambda store, op: _figures().trend(store, actor),
            done=lambda t: self._trend_ready(t, key),
            error=lambda e: setattr(self, "_trend_running", None),
            owner=self,
        )

    def _trend_ready(self, trend: list, key: tuple | None = None) -> None:
        self._trend, self._trend_key = trend, key
        if self._trend_running == key:
            self._trend_running = None
        if self.data is not None:
            self.data.trend = trend
            self.chart.set_data(self.chart.series, [trend], self.chart.empty_text)

    def _choose_site(self, row: int) -> None:
        d = self.data
        if d is None or not 0 <= row < len(d.sites):
            self.chart_title.setText(self.tr("得分趋势"))
            self.chart.set_data([], [], self.tr("还没有已提交的检查"))
            return
        site = d.sites[row]
        self.chosen_site = site.site_id
        self.chart_title.setText(
            self.tr("得分趋势：{0}（{1} 次检查；灰线为全部单位月均）").format(site.name, site.count)
        )
        self.chart.set_data(site.series, [d.trend], self.tr("该单位还没有已提交的检查"))

    # ------------------------------------------------------------------ click-through

    def _state_clicked(self, state: str) -> None:
        self.show_state.emit(state)
        self.filter_requested.emit({"state": state})

    def _site_list(self, row: int) -> None:
        if self.data is not None and 0 <= row < len(self.data.sites):
            self.filter_requested.emit({"site_id": self.data.sites[row].site_id})

    def _stale_changed(self, months: int) -> None:
        try:
            settings_service.set_value(self.session.store, self.session.actor, "dashboard.stale_months", months)
        except (InputError, NotAllowed):
            pass  # not remembered, but this session still shows the figure for the chosen months
        self.reload()


def _figures():
    """services.dashboard, loaded when the figures are first read (on the runner's thread at start),
    not with the page's code: that loads beside the password check, and the scoring rules behind the
    figures would make it outlast the check."""
    from ...services import dashboard

    return dashboard
