"""全组织: the office desk's dashboard tab with the figures the hub computed in PostgreSQL
(ranking by latest result, overdue rectifications, monthly trend), as fetched at the last sync,
so they show offline too. Only an office desk (enrolled for every site) has this tab."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...services import sync_state
from .. import labels


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().hide()
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


class HubFiguresView(QWidget):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.caption = QLabel()
        self.caption.setObjectName("muted")
        self.caption.setWordWrap(True)
        self.ranking = _table(
            [self.tr("名次"), self.tr("被检单位"), self.tr("得分率"), self.tr("等级"), self.tr("日期")]
        )
        self.overdue = _table([self.tr("被检单位"), self.tr("逾期整改"), self.tr("最早期限")])
        self.trend = _table([self.tr("月份"), self.tr("平均得分率"), self.tr("检查数")])
        inner = QTabWidget()
        inner.addTab(self.ranking, self.tr("最新结果排名"))
        inner.addTab(self.overdue, self.tr("逾期整改"))
        inner.addTab(self.trend, self.tr("月度趋势"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.caption)
        layout.addWidget(inner, 1)
        self.refresh()

    def refresh(self) -> None:
        f = sync_state.office_figures(self.session.store)
        if f is None:
            self.caption.setText(self.tr("还没有从同步服务器取得全组织的数据"))
            for t in (self.ranking, self.overdue, self.trend):
                t.setRowCount(0)
            return
        self.caption.setText(
            self.tr("全组织：{0} 个单位，{1} 份检查（同步服务器计算，{2} 更新）").format(
                f.sites, f.inspections, labels.local_time(f.at, labels.SHORT)
            )
        )
        self._fill(
            self.ranking,
            [
                [str(n), r.site, f"{r.percent:.1f}%", self.tr("一票否决") if r.vetoed else r.level, r.date]
                for n, r in enumerate(f.ranking, start=1)
            ],
        )
        self._fill(self.overdue, [[r.site, str(r.count), r.oldest_due] for r in f.overdue])
        self._fill(self.trend, [[r.month, f"{r.percent:.1f}%", str(r.count)] for r in f.trend])

    @staticmethod
    def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
        table.setRowCount(len(rows))
        for n, cells in enumerate(rows):
            for c, text in enumerate(cells):
                table.setItem(n, c, QTableWidgetItem(text))


def add_hub_tab(tabs: QTabWidget, session) -> HubFiguresView | None:
    """The 全组织 tab on an office desk's dashboard; None elsewhere."""
    if not sync_state.office_desk(session.store):
        return None
    view = HubFiguresView(session)
    tabs.addTab(view, QCoreApplication.translate("HubFiguresView", "全组织"))
    return view
