"""The 整改 list's model: a window onto the rectifications query (status, site, owner, due date),
counted and paged by SQLite, each row's item text taken from the template cache."""

from __future__ import annotations

from collections.abc import Hashable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from ...services import rectifications
from ...services.rectifications import RectificationRow
from ..paged_model import PagedTableModel
from ..session import Session

OVERDUE_FG = QColor("#c62828")
COLUMNS = ("site", "inspection", "item", "owner", "due", "state", "note")


class RectificationsModel(PagedTableModel[RectificationRow]):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.query = rectifications.query()

    def headers(self) -> list[str]:
        return [
            self.tr("被检单位"),
            self.tr("检查"),
            self.tr("检查项"),
            self.tr("负责人"),
            self.tr("整改期限"),
            self.tr("状态"),
            self.tr("整改说明"),
        ]

    def state_text(self, r: RectificationRow) -> str:
        text = {
            "open": self.tr("待整改"),
            "done": self.tr("已整改"),
            "verified": self.tr("已验证"),
            "reopened": self.tr("重新整改"),
            "closed": self.tr("复查已关闭"),
        }.get(r.status, r.status)
        if r.overdue:
            text += self.tr("（逾期）")
        return text

    def load(self, query) -> None:
        self.query = query
        self.reset()

    def columns(self) -> int:
        return len(COLUMNS)

    def fetch_count(self) -> int:
        return rectifications.count(self.session.store, self.query)

    def fetch_page(self, offset: int, limit: int) -> list[RectificationRow]:
        return rectifications.page(self.session.store, self.query, offset, limit)

    def fetch_rows(self, keys) -> dict[Hashable, RectificationRow]:
        got = rectifications.rows_by_id(self.session.store, self.query, list(keys))
        return dict(got.items())

    def key(self, row: RectificationRow) -> int:
        return row.id

    def display(self, r: RectificationRow) -> tuple:
        return (
            r.site,
            f"#{r.inspection_id}",
            f"{r.item_code}  {r.item_text}",
            r.owner,
            r.due_date,
            self.state_text(r),
            r.done_note,
        )

    def extra_data(self, row: RectificationRow, column: int, role: int):
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.display(row)[column]
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue and COLUMNS[column] in ("due", "state"):
            return QBrush(OVERDUE_FG)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def inspection_ids(self) -> set[int]:
        return {r.inspection_id for r in self.rows}
