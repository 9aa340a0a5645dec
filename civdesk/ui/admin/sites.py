"""Sites (被检单位): the list; adding or editing one is site_dialog.py."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...services import admin_views
from ...services.admin_views import SiteView
from .. import labels
from ..dashboard.next_steps import empty_sites_hint
from ..lazy import LazyPage
from ..session import Change, Session
from ..tables import read_only_rows
from .site_dialog import SiteDialog

ID_ROLE = Qt.ItemDataRole.UserRole


class SitesPage(LazyPage, QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.dialog: SiteDialog | None = None
        title = QLabel(self.tr("被检单位"))
        title.setObjectName("pageTitle")
        self.directory = admin_views.directory(session.store, session.actor)
        may_add = self.directory.can("add_site")
        self.add_button = QPushButton(self.tr("新增…"))
        self.add_button.setObjectName("primary")
        self.edit_button = QPushButton(self.tr("编辑…"))
        self.add_button.setVisible(may_add)
        self.edit_button.setVisible(self.directory.can("edit_site"))
        self.add_button.clicked.connect(lambda: self.open_dialog(None))
        self.edit_button.clicked.connect(self._edit_current)
        hint = QLabel("" if may_add else self.tr("只有管理员可以新增或修改被检单位。"))
        hint.setObjectName("muted")
        self.model = QStandardItemModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        read_only_rows(self.view)
        self.view.setSortingEnabled(True)
        self.view.doubleClicked.connect(lambda _: self._edit_current())
        self.view.activated.connect(lambda _: self._edit_current())
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(hint)
        top.addWidget(self.edit_button)
        top.addWidget(self.add_button)
        self.empty = QLabel(empty_sites_hint(session.actor))
        self.empty.setObjectName("fieldHint")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        self.reload()  # built when first shown: read now
        self.listen(session)

    def refresh(self) -> None:
        self.model.clear()
        self.model.setHorizontalHeaderLabels(
            [self.tr("名称"), self.tr("类型"), self.tr("地区"), self.tr("地址"), self.tr("负责人")]
        )
        self.directory = admin_views.directory(self.session.store, self.session.actor)
        for s in self.directory.sites:
            cells = [s.name, labels.site_kind(s.kind), labels.region(s.region), s.address, "、".join(s.managers)]
            row = [QStandardItem(c) for c in cells]
            row[0].setData(s.id, ID_ROLE)
            self.model.appendRow(row)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.empty.setVisible(self.model.rowCount() == 0)

    def site_ids(self) -> list[int]:
        return [self.model.item(r, 0).data(ID_ROLE) for r in range(self.model.rowCount())]

    def _edit_current(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        site = self.directory.site(self.model.item(index.row(), 0).data(ID_ROLE))
        if site.can("edit"):
            self.open_dialog(site)

    def open_dialog(self, site: SiteView | None) -> SiteDialog:
        """Opens (window-modal, not blocking) and returns the dialog."""
        self.dialog = SiteDialog(self.session, self.directory, site, self)
        self.dialog.open()
        return self.dialog

    def affected(self, change: Change) -> bool:
        return change.users or change.sites
