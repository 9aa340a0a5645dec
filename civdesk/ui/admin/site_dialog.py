"""Adding or editing a site (被检单位): name, type, region, address and its managers."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from ...services import accounts
from ...services.admin_views import Directory, SiteView
from ...services.errors import InputError, NotAllowed, NotFound
from .. import labels, ops
from ..refusals import explain
from ..session import Session


class SiteDialog(QDialog):
    """Add (``site`` None) or edit a site; saves through ops on accept (the broadcast tells the pages)."""

    def __init__(self, session: Session, directory: Directory, site: SiteView | None = None, parent=None):
        super().__init__(parent)
        self.session = session
        self.site = site
        self.site_id: int | None = site.id if site else None
        self.setWindowTitle(self.tr("编辑被检单位") if site else self.tr("新增被检单位"))
        self.name = QLineEdit(site.name if site else "")
        self.kind = QComboBox()
        for k in accounts.SITE_KINDS:
            self.kind.addItem(labels.site_kind(k), k)
        self.region = QComboBox()
        for r in accounts.REGIONS:
            self.region.addItem(labels.region(r), r)
        self.address = QLineEdit(site.address if site else "")
        self.manager = QComboBox()
        self.manager.addItem(self.tr("（暂无）"), None)
        for u in directory.managers():
            self.manager.addItem(f"{u.display_name}（{u.name}）", u.id)
        if site:
            self.kind.setCurrentIndex(self.kind.findData(site.kind))
            self.region.setCurrentIndex(self.region.findData(site.region))
            self.manager.setCurrentIndex(max(0, self.manager.findData(site.manager_id)))
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
                self.session,
                site_id=self.site_id,
                name=name,
                kind=self.kind.currentData(),
                region=self.region.currentData(),
                address=self.address.text().strip(),
                manager_id=self.manager.currentData(),
                source=self,
            )
        except InputError as e:
            self.error.setText(explain(e))
            self.error.show()
            return
        except (NotFound, NotAllowed) as e:
            self.error.setText(self.tr("无法保存：{0}").format(explain(e)))
            self.error.show()
            return
        self.accept()
