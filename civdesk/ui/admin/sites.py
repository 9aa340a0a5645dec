"""Sites (被检单位): the list, and adding or editing one (name, type, region, address, manager)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...services import accounts
from ...services.errors import InputError, NotFound
from .. import labels, ops
from ..refusals import explain
from ..session import Change, Session
from ..dashboard.next_steps import empty_sites_hint
from ..tables import read_only_rows

ID_ROLE = Qt.ItemDataRole.UserRole


class SiteDialog(QDialog):
    """Add (``site`` None) or edit a site; saves through ops on accept."""

    saved = Signal(int)

    def __init__(self, session: Session, site: dict | None = None, parent=None):
        super().__init__(parent)
        self.session = session
        self.site = site
        self.site_id: int | None = site["id"] if site else None
        self.setWindowTitle(self.tr("编辑被检单位") if site else self.tr("新增被检单位"))
        self.name = QLineEdit(site["name"] if site else "")
        self.kind = QComboBox()
        for k in accounts.SITE_KINDS:
            self.kind.addItem(labels.site_kind(k), k)
        self.region = QComboBox()
        for r in accounts.REGIONS:
            self.region.addItem(labels.region(r), r)
        self.address = QLineEdit(site["address"] if site else "")
        self.manager = QComboBox()
        self.manager.addItem(self.tr("（暂无）"), None)
        for u in accounts.list_users(session.store):
            if u["role"] == "manager" and u["active"]:
                self.manager.addItem(f"{u['display_name']}（{u['name']}）", u["id"])
        if site:
            self.kind.setCurrentIndex(self.kind.findData(site["kind"]))
            self.region.setCurrentIndex(self.region.findData(site["region"]))
            self.manager.setCurrentIndex(max(0, self.manager.findData(
                accounts.site_manager_id(session.store, site["id"]))))
        form = QFormLayout()
        form.addRow(self.tr("名称"), self.name)
        form.addRow(self.tr("类型"), self.kind)
        form.addRow(self.tr("地区"), self.region)
        form.addRow(self.tr("地址"), self.address)
        form.addRow(self.tr("负责人（站长）"), self.manager)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def _save(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.error.setText(self.tr("名称不能为空。"))
            self.error.show()
            self.name.setFocus()
            return
        try:
            self.site_id = ops.save_site(
                self.session, site_id=self.site_id, name=name, kind=self.kind.currentData(),
                region=self.region.currentData(), address=self.address.text().strip(),
                manager_id=self.manager.currentData(), source=self)
        except InputError as e:
            self.error.setText(explain(e))
            self.error.show()
            return
        except (NotFound, PermissionError) as e:
            self.error.setText(self.tr("无法保存：{0}").format(explain(e)))
            self.error.show()
            return
        self.saved.emit(self.site_id)
        self.accept()


class SitesPage(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.dialog: SiteDialog | None = None
        title = QLabel(self.tr("被检单位"))
        title.setObjectName("pageTitle")
        admin = session.actor.role == "admin"
        self.add_button = QPushButton(self.tr("新增…"))
        self.add_button.setObjectName("primary")
        self.edit_button = QPushButton(self.tr("编辑…"))
        self.add_button.setVisible(admin)
        self.edit_button.setVisible(admin)
        self.add_button.clicked.connect(lambda: self.open_dialog(None))
        self.edit_button.clicked.connect(self._edit_current)
        hint = QLabel("" if admin else self.tr("只有管理员可以新增或修改被检单位。"))
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
        self.refresh()
        session.changed.connect(self._on_changed)

    def refresh(self) -> None:
        self.model.clear()
        self.model.setHorizontalHeaderLabels(
            [self.tr("名称"), self.tr("类型"), self.tr("地区"), self.tr("地址"), self.tr("负责人")])
        for s in accounts.list_sites(self.session.store):
            cells = [s["name"], labels.site_kind(s["kind"]), labels.region(s["region"]), s["address"],
                     "、".join(s["managers"])]
            row = [QStandardItem(c) for c in cells]
            row[0].setData(s["id"], ID_ROLE)
            self.model.appendRow(row)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.empty.setVisible(self.model.rowCount() == 0)

    def site_ids(self) -> list[int]:
        return [self.model.item(r, 0).data(ID_ROLE) for r in range(self.model.rowCount())]

    def _edit_current(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid() or self.session.actor.role != "admin":
            return
        sid = self.model.item(index.row(), 0).data(ID_ROLE)
        self.open_dialog(accounts.get_site(self.session.store, sid))

    def open_dialog(self, site: dict | None) -> SiteDialog:
        """Opens (window-modal, not blocking) and returns the dialog."""
        self.dialog = SiteDialog(self.session, site, self)
        self.dialog.open()
        return self.dialog

    def _on_changed(self, change: Change) -> None:
        if change.sites or change.users:
            self.refresh()
