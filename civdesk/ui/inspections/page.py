"""The inspections list: a table model over the service's SQL-filtered rows, with filters, search,
sort and "new inspection". Built for 10,000 rows: filtering happens in SQL, the model only holds
plain tuples, and the view never measures row contents (fixed row heights, fixed column widths).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain import scope as _scope
from ...domain.answer_text import number as fmt_number  # not the walkthrough's editors: the start path
from ...domain.workflow import STATES
from ...services import accounts, listing, templates
from .. import labels
from ..dashboard.next_steps import new_inspection_note
from ..lazy import LazyPage
from ..paged_model import PagedTableModel
from ..session import Change, Session

NO_DATE = QDate(2000, 1, 1)
COUNT_CAP = 10_000  # beyond it the list says "10000+": counting a search found everywhere is not free
COLUMNS = ("number", "site", "template", "kind", "state", "percent", "level", "author", "created", "updated")


class InspectionsModel(PagedTableModel):
    """A window onto ``services.listing``'s query: filters, search and sort in SQL, a page at a
    time; display strings worked out once per row read."""

    ID_ROLE = PagedTableModel.KEY_ROLE
    EXTRA_ROLES = frozenset(
        int(r) for r in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole)
    )

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.filters: dict[str, Any] = {}
        self._sort = (COLUMNS.index("created"), Qt.SortOrder.DescendingOrder)
        self.query = listing.inspection_query()
        self.ready = False  # set by the page once built: the view's sort set-up reads nothing
        self._headers: list[str] | None = None

    def headers(self) -> list[str]:
        return [
            self.tr("编号"),
            self.tr("被检单位"),
            self.tr("检查表"),
            self.tr("类型"),
            self.tr("状态"),
            self.tr("得分率"),
            self.tr("等级"),
            self.tr("检查人"),
            self.tr("创建时间"),
            self.tr("更新时间"),
        ]

    def load(self, **filters: Any) -> None:
        self.filters = {k: v for k, v in filters.items() if v not in (None, "")}
        column, order = self._sort
        self.query = listing.inspection_query(
            **self.filters,
            site_ids=_scope.sites(self.session.actor),
            sort=COLUMNS[column],
            descending=order == Qt.SortOrder.DescendingOrder,
        )
        self.reset()

    def reload(self) -> None:
        self.load(**self.filters)

    def columns(self) -> int:
        return len(COLUMNS)

    def fetch_count(self) -> tuple[int, bool]:
        return listing.count_capped(self.session.store, self.query, COUNT_CAP)

    def fetch_page(self, offset: int, limit: int) -> list[dict]:
        return listing.page(self.session.store, self.query, offset, limit)

    def fetch_rows(self, keys) -> dict:
        return listing.rows_by_id(self.session.store, self.query, list(keys))

    def display(self, r: dict) -> tuple:
        level = ""
        if r.get("vetoed"):
            level = labels.level("veto")
        elif r.get("level_label") or r.get("level"):
            level = labels.data_label(r.get("level_label") or labels.level(r["level"]))
        return (
            str(r["id"]),
            r["site"],
            f"{r['template_title']} v{r['template_version']}",
            labels.kind(r["kind"]),
            labels.state(r["state"]),
            "" if r["percent"] is None else f"{fmt_number(r['percent'])}%",
            level,
            r["author"],
            labels.local_time(r["created_at"]),
            labels.local_time(r["updated_at"]),
        )

    def extra_data(self, row: dict, column: int, role: int):
        name = COLUMNS[column]
        if role == Qt.ItemDataRole.ForegroundRole:
            if name == "level" and row.get("vetoed"):
                return QBrush(QColor("#c62828"))
            if name == "state" and row["state"] == "returned":
                return QBrush(QColor("#b26a00"))
        if role == Qt.ItemDataRole.TextAlignmentRole and name in ("number", "percent"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and name == "number":
            return row["uuid"]
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if self._headers is None:
                self._headers = self.headers()  # asked on every paint of the header
            return self._headers[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted by SQLite on an index (empty cells first in ascending order, last in descending)."""
        self._sort = (column, order)
        if self.ready:
            self.reload()

    def inspection_id(self, row: int) -> int:
        return self.rows[row]["id"]


class InspectionsPage(LazyPage, QWidget):
    open_inspection = Signal(int)
    new_requested = Signal()
    review_requested = Signal(int)  # the review / sign-off page of an inspection

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        title = QLabel(self.tr("检查"))
        title.setObjectName("pageTitle")
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索：被检单位、检查表、检查人、编号"))
        self.search.setClearButtonEnabled(True)
        self.state = QComboBox()
        self.state.addItem(self.tr("全部状态"), None)
        for s in STATES:
            self.state.addItem(labels.state(s), s)
        self.site = QComboBox()
        self.template = QComboBox()
        self.since = self._date_edit()
        self.until = self._date_edit()
        self.new_button = QPushButton(self.tr("新建检查…"))
        self.new_button.setObjectName("primary")
        self.new_button.setToolTip("Ctrl+N")
        self.new_button.clicked.connect(self.new_requested)
        self.new_note = QLabel()  # why 新建检查 is not offered to this user, if it is not
        self.new_note.setObjectName("muted")
        self.new_note.setWordWrap(True)
        self.new_note.hide()  # said (and 新建检查 offered) by refresh, when the page is first shown
        self.open_button = QPushButton(self.tr("打开"))
        self.open_button.clicked.connect(self._open_current)
        self.review_button = QPushButton(self.tr("审核 / 签署…"))
        self.review_button.clicked.connect(self._review_current)
        self.export_button = QPushButton(self.tr("导出…"))
        self.export_button.setToolTip(self.tr("把选中的检查导出为交换包或 Excel（可按住 Ctrl 或 Shift 多选）"))
        self.export_button.clicked.connect(self.export_selected)
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.state)
        filters.addWidget(self.site, 1)
        filters.addWidget(self.template, 1)
        filters.addWidget(QLabel(self.tr("从")))
        filters.addWidget(self.since)
        filters.addWidget(QLabel(self.tr("到")))
        filters.addWidget(self.until)

        self.model = InspectionsModel(session, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # several to export
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSortIndicator(COLUMNS.index("created"), Qt.SortOrder.DescendingOrder)
        self.view.setSortingEnabled(True)
        self.model.ready = True  # the first page is read once, when the page is first shown
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(28)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in zip(range(len(COLUMNS)), (56, 150, 236, 104, 92, 70, 84, 90, 130, 130)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda index: self.open_inspection.emit(self.model.inspection_id(index.row())))
        self.view.activated.connect(lambda index: self.open_inspection.emit(self.model.inspection_id(index.row())))

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.count_label)
        top.addWidget(self.open_button)
        top.addWidget(self.review_button)
        top.addWidget(self.export_button)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.new_note)
        layout.addWidget(self.view, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filters)
        for combo in (self.state, self.site, self.template):
            combo.currentIndexChanged.connect(self.apply_filters)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(self.apply_filters)
        sc = QShortcut(QKeySequence("Ctrl+N"), self)
        sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        sc.activated.connect(lambda: self.new_button.isVisible() and self.new_requested.emit())
        self.listen(session)  # the choices, the note and the first page are read when first shown

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(self.tr("不限"))
        edit.setDate(NO_DATE)
        return edit

    def _fill_choices(self) -> None:
        store = self.session.store
        for combo, first, entries in (
            (
                self.site,
                self.tr("全部被检单位"),
                [(s.name, s.id) for s in accounts.list_sites(store, self.session.actor)],
            ),
            (self.template, self.tr("全部检查表"), [(t.title, t.id) for t in templates.list_templates(store)]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for text, data in entries:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def set_state_filter(self, state: str | None) -> None:
        self.state.setCurrentIndex(max(0, self.state.findData(state)))
        self.apply_filters()

    def set_filters(
        self,
        *,
        state: str | None = None,
        site_id: int | None = None,
        template_id: str | None = None,
        search: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> None:
        """Show exactly these filters, the others cleared (a dashboard figure clicked through)."""
        self._fill_choices()
        for combo, value in ((self.state, state), (self.site, site_id), (self.template, template_id)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.setText(search or "")
        self.search.blockSignals(False)
        for edit, value in ((self.since, since), (self.until, until)):
            edit.blockSignals(True)
            edit.setDate(QDate.fromString(value, "yyyy-MM-dd") if value else NO_DATE)
            edit.blockSignals(False)
        self.apply_filters()

    def current_filters(self) -> dict[str, Any]:
        since, until = self.since.date(), self.until.date()
        return {
            "state": self.state.currentData(),
            "site_id": self.site.currentData(),
            "template_id": self.template.currentData(),
            "search": self.search.text().strip() or None,
            "since": since.toString("yyyy-MM-dd") if since != NO_DATE else None,
            "until": until.toString("yyyy-MM-dd") if until != NO_DATE else None,
        }

    def apply_filters(self) -> None:
        self._search_timer.stop()
        self.model.load(**self.current_filters())
        self._show_count()
        self.mark_loaded()

    def _show_count(self) -> None:
        if self.model.capped:
            self.count_label.setText(self.tr("超过 {0} 条").format(self.model.total))
        else:
            self.count_label.setText(self.tr("共 {0} 条").format(self.model.total))

    def refresh(self) -> None:
        self._fill_choices()
        self._offer_new()
        self.apply_filters()

    def _review_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.review_requested.emit(self.model.inspection_id(index.row()))

    def selected_ids(self) -> list[int]:
        """The inspections selected in the table, in the order shown."""
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [self.model.inspection_id(r) for r in rows]

    def export_selected(self):
        """Open (window-modal, not blocking) the export dialog for the selected inspections."""
        from ..exchange.export_dialog import ExportDialog

        self.export_dialog = ExportDialog(self.session, self.selected_ids(), self)
        self.export_dialog.open()
        return self.export_dialog

    def _open_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.open_inspection.emit(self.model.inspection_id(index.row()))

    def _offer_new(self) -> None:
        note = new_inspection_note(self.session.store, self.session.actor)
        self.new_button.setVisible(not note)
        self.new_note.setText(note)
        self.new_note.setVisible(bool(note))

    def affected(self, change: Change):
        """A new inspection, a renamed site or a changed checklist reloads the list (and its choices);
        changed inspections re-read only their own rows (an answer saved does not reload 100,000)."""
        if change.sites or change.templates or change.new_inspection:
            return True
        return change.inspections

    def refresh_rows(self, keys) -> None:
        self.model.refresh_keys(sorted(keys))
        self._show_count()
