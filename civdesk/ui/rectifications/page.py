"""Rectifications (整改): the list filtered by status, site, owner and due date; the site's manager
marks one done with evidence (note, photos); an inspector (or another manager of the site) verifies
it or asks for it again; "复查" starts the re-inspection of an inspection's open items; the
整改通知书 prints through the preview.

``today`` (None: the real date) is what "overdue" is computed against; tests set it.
"""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain import scope as _scope
from ...services import documents, rectifications, review, views
from ...services.errors import InputError, NotAllowed, NotFound
from ...services.rectifications import RectificationRow
from ..forms import DetailCard
from ..lazy import LazyPage
from ..pdf_preview import PdfPreview
from ..refusals import explain
from ..review import signoff_ops
from ..session import Change, Session
from ..tables import read_only_rows
from ..walkthrough.evidence import thumbnail
from .evidence_dialog import THUMB, EvidenceDialog
from .model import RectificationsModel

NO_DATE = QDate(2000, 1, 1)


class RectificationsPage(LazyPage, QWidget):
    open_review = Signal(int)  # inspection id
    open_inspection = Signal(int)  # a new re-inspection, to walk

    def __init__(self, session: Session, parent: QWidget | None = None, *, today: _dt.date | None = None):
        super().__init__(parent)
        self.session = session
        self.today = today
        self.dialog: EvidenceDialog | None = None
        self.previews: list = []
        self._build()
        self._fill_choices()
        self.listen(session)

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        title = QLabel(self.tr("整改"))
        title.setObjectName("pageTitle")
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        self.notice_button = QPushButton(self.tr("整改通知书…"))
        self.notice_button.clicked.connect(self.show_notice)
        self.reinspect_button = QPushButton(self.tr("复查"))
        self.reinspect_button.setToolTip(self.tr("对所选整改所属检查的未完成整改项发起复查"))
        self.reinspect_button.clicked.connect(self.reinspect)
        sites = [s.id for s in views.sites_in_scope(self.session.store, self.session.actor)]
        self.reinspect_button.setVisible("reinspection" in views.startable_kinds(self.session.actor, sites))
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.count_label)
        top.addWidget(self.notice_button)
        top.addWidget(self.reinspect_button)

        self.status = QComboBox()
        self.status.addItem(self.tr("全部状态"), None)
        for code, text in (
            ("open", self.tr("待整改")),
            ("overdue", self.tr("已逾期")),
            ("done", self.tr("已整改")),
            ("verified", self.tr("已验证")),
            ("reopened", self.tr("重新整改")),
            ("closed", self.tr("复查已关闭")),
        ):
            self.status.addItem(text, code)
        self.site = QComboBox()
        self.owner = QComboBox()
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.due.setMinimumDate(NO_DATE)
        self.due.setSpecialValueText(self.tr("不限"))
        self.due.setDate(NO_DATE)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("状态")))
        filters.addWidget(self.status)
        filters.addWidget(QLabel(self.tr("被检单位")))
        filters.addWidget(self.site, 1)
        filters.addWidget(QLabel(self.tr("负责人")))
        filters.addWidget(self.owner, 1)
        filters.addWidget(QLabel(self.tr("期限不晚于")))
        filters.addWidget(self.due)
        for combo in (self.status, self.site, self.owner):
            combo.currentIndexChanged.connect(self.refresh)
        self.due.dateChanged.connect(self.refresh)

        self.model = RectificationsModel(self.session, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        read_only_rows(self.table)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        for column, width in enumerate((124, 52, 260, 76, 92, 150, 150)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.table.doubleClicked.connect(lambda _: self._open_review())

        self.detail = self._build_detail()
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([820, 340])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

    def _build_detail(self) -> QWidget:
        card = DetailCard(320)
        box = card.box
        self.message, self.item_title = card.message, card.item_title
        self.show_message = card.show_message
        self.item_title.setObjectName("itemText")
        self.item_info = QLabel()
        self.item_info.setWordWrap(True)
        self.item_info.setObjectName("muted")
        self.photos = QListWidget()
        self.photos.setViewMode(QListView.ViewMode.IconMode)
        self.photos.setIconSize(QSize(THUMB, THUMB))
        self.photos.setFixedHeight(THUMB + 40)
        self.done_button = QPushButton(self.tr("标记已整改…"))
        self.done_button.setObjectName("primary")
        self.done_button.clicked.connect(self.mark_done)
        self.verify_button = QPushButton(self.tr("验证通过"))
        self.verify_button.setObjectName("primary")
        self.verify_button.clicked.connect(self.verify)
        self.reopen_button = QPushButton(self.tr("要求重新整改…"))
        self.reopen_button.clicked.connect(self.reopen)
        self.review_button = QPushButton(self.tr("查看检查"))
        self.review_button.clicked.connect(self._open_review)
        buttons = QHBoxLayout()
        for b in (self.done_button, self.verify_button, self.reopen_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.hint = QLabel()
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        box.addWidget(self.item_info)
        box.addWidget(self.photos)
        box.addLayout(buttons)
        box.addWidget(self.hint)
        box.addWidget(self.review_button, 0, Qt.AlignmentFlag.AlignLeft)
        box.addStretch(1)
        return card

    def _fill_choices(self) -> None:
        store, actor = self.session.store, self.session.actor
        sites = views.sites_in_scope(store, actor)
        current = self.site.currentData()
        if current is None:
            current = _scope.home_site(actor)  # a manager starts on their own station
        self.site.blockSignals(True)
        self.site.clear()
        self.site.addItem(self.tr("全部被检单位"), None)
        for s in sites:
            self.site.addItem(s.name, s.id)
        self.site.setCurrentIndex(max(0, self.site.findData(current)))
        self.site.blockSignals(False)

    # ------------------------------------------------------------------ loading

    @property
    def shown(self) -> list[RectificationRow]:
        """The rows read so far (the first page, more as the list scrolls)."""
        return self.model.rows

    def current_query(self):
        due = self.due.date()
        return rectifications.query(
            status=self.status.currentData(),
            site_id=self.site.currentData(),
            owner_id=self.owner.currentData(),
            today=self.today,
            due_until=due.toString("yyyy-MM-dd") if due != NO_DATE else None,
            site_ids=_scope.sites(self.session.actor),
        )

    def _fill_owners(self) -> None:
        owner = self.owner.currentData()
        self.owner.blockSignals(True)
        self.owner.clear()
        self.owner.addItem(self.tr("全部负责人"), None)
        for name, uid in rectifications.owners(self.session.store):
            self.owner.addItem(name, uid)
        self.owner.setCurrentIndex(max(0, self.owner.findData(owner)))
        self.owner.blockSignals(False)

    def refresh(self) -> None:
        selected = self.current()
        self._fill_owners()
        self.model.load(self.current_query())
        self.count_label.setText(self.tr("共 {0} 项").format(self.model.total))
        if self.model.rows:
            row = self.model.row_of(selected.id) if selected else None
            self.select_row(row or 0)
        self.mark_loaded()
        self._show_detail()

    def _refresh_current(self, rect_id: int | None = None) -> None:
        """This page changed one rectification: re-read its row only (it may leave the filter)."""
        if rect_id is None:
            current = self.current()
            rect_id = current.id if current else None
        if rect_id is not None:
            self.model.refresh_keys([rect_id])
        self.count_label.setText(self.tr("共 {0} 项").format(self.model.total))
        self._show_detail()

    def select_row(self, row: int) -> None:
        self.table.setCurrentIndex(self.model.index(row, 0))

    def state_text(self, r: RectificationRow) -> str:
        return self.model.state_text(r)

    def current(self) -> RectificationRow | None:
        row = self.table.currentIndex().row()
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def select(self, rect_id: int) -> None:
        row = self.model.row_of(rect_id)
        while row is None and self.model.canFetchMore():
            self.model.fetchMore()
            row = self.model.row_of(rect_id)
        if row is not None:
            self.select_row(row)

    def show_rectification(self, rect_id: int) -> None:
        """Clear the filters and select one rectification (opened from 我的待办)."""
        for combo in (self.status, self.site, self.owner):
            combo.setCurrentIndex(0)
        self.due.setDate(NO_DATE)
        self.refresh()
        self.select(rect_id)  # read page by page until it is loaded

    # ------------------------------------------------------------------ what the user may do

    def access(self, r: RectificationRow) -> views.RectificationView:
        """The rectification as the signed-in person sees it: what they may do with it now."""
        return views.rectification_view(self.session.store, self.session.actor, r.id)

    def _show_detail(self) -> None:
        r = self.current()
        for w in (self.done_button, self.verify_button, self.reopen_button, self.review_button, self.photos):
            w.setVisible(False)
        self.notice_button.setEnabled(r is not None)
        self.reinspect_button.setEnabled(False)
        if r is None:
            self.item_title.setText(self.tr("没有符合条件的整改项。"))
            self.item_info.setText("")
            self.hint.setText("")
            return
        self.item_title.setText(f"{r.item_code}  {r.item_text}")
        info = [
            self.tr("被检单位：{0}").format(r.site),
            self.tr("负责人：{0}　整改期限：{1}").format(r.owner or self.tr("（无站长）"), r.due_date),
            self.tr("状态：{0}").format(self.state_text(r)),
        ]
        if r.done_note:
            info.append(self.tr("整改说明：{0}").format(r.done_note))
        self.item_info.setText("\n".join(info))
        self.photos.clear()
        for path in review.evidence_paths(self.session.store, list(r.evidence)):
            self.photos.addItem(QListWidgetItem(QIcon(thumbnail(path, THUMB)), ""))
        self.photos.setVisible(bool(r.evidence))
        access = self.access(r)
        self.done_button.setVisible(access.can("done"))
        self.verify_button.setVisible(access.can("verify"))
        self.reopen_button.setVisible(access.can("reopen"))
        self.review_button.setVisible(True)
        self.reinspect_button.setEnabled(access.can("reinspect"))
        self.reinspect_button.setToolTip(
            self.tr("对所选整改所属检查的未完成整改项发起复查")
            if access.can("reinspect")
            else explain(access.why_not("reinspect"))
        )
        hints = {
            "open": self.tr("等待被检单位站长整改并提交证据。"),
            "reopened": self.tr("需重新整改并再次提交证据。"),
            "done": self.tr("等待检查员验证。"),
            "verified": self.tr("整改已验证。"),
        }
        self.hint.setText("" if access.allowed & {"done", "verify", "reopen"} else hints.get(access.state, ""))

    # ------------------------------------------------------------------ actions

    def _act(self, action, done_text: str) -> bool:
        try:
            action()
        except (NotAllowed, InputError, NotFound) as e:
            self.show_message(explain(e))
            return False
        self._refresh_current()
        self.show_message(done_text, ok=True)
        return True

    def _ask(self, title: str, prompt: str, photos: bool, act, done_text: str) -> EvidenceDialog | None:
        """Opens (window-modal, not blocking) the evidence dialog for the selected rectification; OK
        runs ``act(row, dialog)``: a refusal stays in the dialog, success closes it."""
        r = self.current()
        if r is None:
            return None
        dialog = self.dialog = EvidenceDialog(title.format(r.item_code), prompt, photos=photos, parent=self)

        def confirmed() -> None:
            try:
                act(r, dialog)
            except (NotAllowed, InputError, NotFound) as e:
                dialog.show_error(explain(e))
                return
            dialog.accept()
            self._refresh_current(r.id)
            self.show_message(done_text, ok=True)

        dialog.ok_button.clicked.connect(confirmed)
        dialog.open()
        return dialog

    def mark_done(self) -> EvidenceDialog | None:
        """The evidence dialog; OK marks the selected rectification done."""
        return self._ask(
            self.tr("标记已整改：{0}"),
            self.tr("整改说明（做了什么，何时完成）"),
            True,
            lambda r, d: signoff_ops.mark_done(
                self.session, rect_id=r.id, inspection_id=r.inspection_id, note=d.text(), photos=d.paths, source=self
            ),
            self.tr("已标记为已整改，等待验证。"),
        )

    def verify(self) -> bool:
        r = self.current()
        return r is not None and self._act(
            lambda: signoff_ops.verify(self.session, rect_id=r.id, inspection_id=r.inspection_id, source=self),
            self.tr("整改已验证。"),
        )

    def reopen(self) -> EvidenceDialog | None:
        """The reason dialog; OK asks for the selected rectification again."""
        return self._ask(
            self.tr("要求重新整改：{0}"),
            self.tr("原因（哪里还不符合要求）"),
            False,
            lambda r, d: signoff_ops.reopen(
                self.session, rect_id=r.id, inspection_id=r.inspection_id, reason=d.text(), source=self
            ),
            self.tr("已要求重新整改。"),
        )

    def reinspect(self) -> int | None:
        r = self.current()
        if r is None:
            return None
        try:
            iid = signoff_ops.new_reinspection(self.session, follows_id=r.inspection_id, source=self)
        except (NotAllowed, InputError, NotFound) as e:
            self.show_message(explain(e))
            return None
        self.show_message(self.tr("已创建复查 #{0}。").format(iid), ok=True)
        self.open_inspection.emit(iid)
        return iid

    def show_notice(self):
        r = self.current()
        if r is None:
            return None
        try:
            rendered = documents.render_notice(
                self.session.store, r.inspection_id, by=self.session.actor, today=self.today
            )
        except (NotAllowed, InputError, NotFound, documents.DocumentError) as e:
            self.show_message(explain(e))
            return None
        dialog = PdfPreview.show_document(rendered.pdf, self.tr("整改通知书-{0}.pdf").format(r.site), self)
        self.previews.append(dialog)
        return dialog

    def _open_review(self) -> None:
        r = self.current()
        if r is not None:
            self.open_review.emit(r.inspection_id)

    # ------------------------------------------------------------------ other screens' changes

    def set_status_filter(self, status: str | None) -> None:
        """Show the rectifications of one status (a dashboard figure clicked through)."""
        self.status.setCurrentIndex(max(0, self.status.findData(status)))

    def affected(self, change: Change):
        """Sites or people changed: reload (choices too); inspections changed: re-read their loaded rows."""
        if change.sites:
            self._fill_choices()  # at once, as a filter the user may be choosing from
        if change.source is self:
            return False
        if change.sites or change.users:
            return True
        return change.inspections

    def refresh_rows(self, keys) -> None:
        ids = [r.id for r in self.model.rows if r.inspection_id in keys]
        self.model.refresh_keys(ids)
        self.count_label.setText(self.tr("共 {0} 项").format(self.model.total))
        self._show_detail()
