"""我的待办 (My work): everything waiting on the signed-in person, from services.my_work.

A page of its own in the side navigation, whose entry carries the count (``nav_label``), and the
same rows in the dashboard's tab. Activating a row opens the place where the work is done: the
walkthrough for a draft or returned inspection, review and sign-off for a review or a signature,
the rectification list for a rectification to work or verify (``work_requested``).
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

if TYPE_CHECKING:  # the service (and the rectification rules behind it) loads on the runner's thread
    from ...services.my_work import WorkItem
from .. import labels
from ..lazy import LazyPage
from ..session import Session
from ..tables import plain_table
from ..worker import start_with_store

OVERDUE_FG = QColor("#c62828")
ITEM_ROLE = Qt.ItemDataRole.UserRole


def tr(text: str) -> str:
    return QCoreApplication.translate("my_work", text)


def count_later(window) -> None:
    """Set the 我的待办 entry's count of ``window`` (a MainWindow) from the runner's thread: for an
    inspector of a province it reads a thousand rows (~100 ms), which an answer saved must not
    wait for. A count asked for while one runs is worked out once more when it ends."""
    if getattr(window, "work_count", None) is not None:
        window.work_count_again = True
        return
    actor = window.session.actor

    def done(n) -> None:
        window.work_count = None
        if isinstance(n, int):
            show_count(window, n)
        if getattr(window, "work_count_again", False):
            window.work_count_again = False
            count_later(window)

    window.work_count = start_with_store(
        "work-count",
        window.session.store.home,
        lambda store, op: _service().count(store, actor),
        done=done,
        error=done,
        owner=window,
    )


def show_count(window, n: int) -> None:
    """The 我的待办 entry of ``window`` (a MainWindow) says ``n``."""
    window.nav.item([k for k, _ in window.pages].index("mywork")).setText(nav_label(n))


def kind_label(kind: str) -> str:
    return {
        "draft": tr("继续填写草稿"),
        "returned": tr("修改退回的检查"),
        "review": tr("审核"),
        "sign": tr("签署"),
        "rectify": tr("整改"),
        "verify": tr("验证整改"),
    }.get(kind, kind)


def nav_label(n: int) -> str:
    return tr("我的待办（{0}）").format(n)


def cells(w: WorkItem, today: _dt.date | None = None) -> list[str]:
    """What a row shows: the work, the site, what it is about, its state, and the due date."""
    what = w.template_title if w.item_code is None else tr("{0} 第 {1} 项").format(w.template_title, w.item_code)
    state = labels.rect_state(w.state) if w.rect_id is not None else labels.state(w.state)
    due = w.due_date or ""
    if w.overdue:
        days = ((today or _dt.date.today()) - _dt.date.fromisoformat(w.due_date)).days
        due = tr("{0}（逾期 {1} 天）").format(w.due_date, days)
    return [kind_label(w.kind), w.site, f"#{w.inspection_id} {what}", state, due]


def headers() -> list[str]:
    return [tr("待办"), tr("被检单位"), tr("内容"), tr("状态"), tr("期限")]


def fill(table: QTableWidget, items: list[WorkItem]) -> None:
    table.setRowCount(len(items))
    for n, w in enumerate(items):
        for c, text in enumerate(cells(w)):
            cell = QTableWidgetItem(text)
            cell.setData(ITEM_ROLE, w)
            if w.overdue:
                cell.setForeground(QBrush(OVERDUE_FG))
            table.setItem(n, c, cell)


def make_table() -> QTableWidget:
    t = plain_table(headers())
    for col, width in enumerate((110, 150, 300, 80)):
        t.horizontalHeader().resizeSection(col, width)
    return t


class MyWorkPage(LazyPage, QWidget):
    work_requested = Signal(object)  # WorkItem

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.items: list[WorkItem] = []
        title = QLabel(self.tr("我的待办"))
        title.setObjectName("pageTitle")
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        self.table = make_table()
        self.table.itemActivated.connect(self._activated)
        self.table.itemDoubleClicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.listen(session)

    def refresh(self) -> None:
        self.items = _service().my_work(self.session.store, self.session.actor)
        fill(self.table, self.items)
        overdue = sum(1 for w in self.items if w.overdue)
        if not self.items:
            self.summary.setText(self.tr("没有等您处理的事项。"))
        elif overdue:
            self.summary.setText(
                self.tr("{0} 项等您处理，其中 {1} 项已逾期（排在最前）。双击或回车打开。").format(
                    len(self.items), overdue
                )
            )
        else:
            self.summary.setText(self.tr("{0} 项等您处理。双击或回车打开。").format(len(self.items)))

    def _activated(self, cell: QTableWidgetItem) -> None:
        self.work_requested.emit(cell.data(ITEM_ROLE))


def _service():
    from ...services import my_work

    return my_work
