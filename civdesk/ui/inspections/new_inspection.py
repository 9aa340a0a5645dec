"""The "new inspection" dialog: checklist, site, kind, and the checklist's parameters (the region
defaults from the chosen site)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from ...domain import scope
from ...services import accounts, listing, templates, views
from .. import labels, ops
from ..refusals import explain
from ..session import Session
from ..templates import blank_form


class NewInspectionDialog(QDialog):
    """Creates the inspection through ops on accept; ``inspection_id`` holds the new id."""

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.inspection_id: int | None = None
        self.setWindowTitle(self.tr("新建检查"))
        store, actor = session.store, session.actor
        self.template = QComboBox()
        for t in templates.list_templates(store):
            self.template.addItem(self.tr("{0}（{1} 项）").format(t.title, t.items), t.id)
        self.site = QComboBox()
        self._sites = accounts.list_sites(store, session.actor)
        self.kind = QComboBox()
        for k in views.startable_kinds(actor, [s.id for s in self._sites]):
            self.kind.addItem(labels.kind(k), k)
        self.follows = QComboBox()
        self.follows_label = QLabel(self.tr("复查的检查"))
        self.form = QFormLayout()
        self.form.addRow(self.tr("检查表"), self.template)
        self.form.addRow(self.tr("被检单位"), self.site)
        self.form.addRow(self.tr("类型"), self.kind)
        self.form.addRow(self.follows_label, self.follows)
        self.param_boxes: dict[str, QComboBox] = {}
        self.param_rows: list[int] = []
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("开始检查"))
        self.form_button = buttons.addButton(blank_form.button_text(), QDialogButtonBox.ButtonRole.ActionRole)
        self.form_button.setToolTip(self.tr("预览、保存或打印所选检查表的空白表，用于纸面记录"))
        self.form_button.setAutoDefault(False)
        self.form_button.clicked.connect(self.show_blank_form)
        self.form_button.setEnabled(self.template.count() > 0)
        self.form_preview = None
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.template.currentIndexChanged.connect(self._template_changed)
        self.site.currentIndexChanged.connect(self._site_changed)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._template_changed()
        self.template.setFocus()

    def _template_changed(self) -> None:
        tid = self.template.currentData()
        tpl = templates.latest(self.session.store, tid) if tid else None
        current = self.site.currentData()
        self.site.blockSignals(True)
        self.site.clear()
        kind = self.kind.currentData()
        sites = [s for s in self._sites if kind is None or views.may_start(self.session.actor, kind, s.id)]
        # A checklist is written for one kind of site; offer the others only when none matches.
        matching = [s for s in sites if tpl is not None and s.kind == tpl.scope]
        for s in matching or sites:
            self.site.addItem(
                self.tr("{0}（{1} · {2}）").format(s.name, labels.site_kind(s.kind), labels.region(s.region)), s.id
            )
        self.site.setCurrentIndex(max(0, self.site.findData(current)))
        self.site.blockSignals(False)
        for row in reversed(self.param_rows):
            self.form.removeRow(row)
        self.param_rows.clear()
        self.param_boxes.clear()
        for p in tpl.parameters if tpl else ():
            box = QComboBox()
            for choice in p.choices:
                text = (
                    labels.region(choice)
                    if p.name == "region"
                    else labels.data_label(p.choice_labels.get(choice, choice))
                )
                box.addItem(text, choice)
            box.setCurrentIndex(box.findData(p.default))
            self.param_boxes[p.name] = box
            self.form.addRow(labels.data_label(p.label), box)
            self.param_rows.append(self.form.rowCount() - 1)
        self._site_changed()

    def _site_changed(self) -> None:
        sid = self.site.currentData()
        site = next((s for s in self._sites if s.id == sid), None)
        if site is not None and "region" in self.param_boxes:
            box = self.param_boxes["region"]
            box.setCurrentIndex(max(0, box.findData(site.region)))
        self._kind_changed()

    def _kind_changed(self) -> None:
        reinspection = self.kind.currentData() == "reinspection"
        self.follows.clear()
        if reinspection and self.site.currentData() is not None and self.template.currentData() is not None:
            query = listing.inspection_query(
                site_id=self.site.currentData(),
                template_id=self.template.currentData(),
                site_ids=scope.sites(self.session.actor),
            )
            for r in listing.headings(self.session.store, query).values():
                if r.state != "draft":
                    self.follows.addItem(f"#{r.id} {r.created_at[:10]} {labels.state(r.state)}", r.id)
        self.follows.setVisible(reinspection)
        self.follows_label.setVisible(reinspection)

    def show_blank_form(self):
        """The chosen checklist's blank form, in a preview that outlives this dialog."""
        tid = self.template.currentData()
        if tid is None:
            return None
        self.form_preview = blank_form.open_blank_form(self.session, tid, self.parentWidget() or self)
        return self.form_preview

    def params(self) -> dict[str, str]:
        return {name: box.currentData() for name, box in self.param_boxes.items()}

    def _create(self) -> None:
        if self.template.currentData() is None or self.site.currentData() is None or self.kind.currentData() is None:
            self.error.setText(self.tr("请选择检查表、被检单位和类型。"))
            self.error.show()
            return
        follows = self.follows.currentData() if self.kind.currentData() == "reinspection" else None
        if self.kind.currentData() == "reinspection" and follows is None:
            self.error.setText(self.tr("复查需要选择一次已提交的检查。"))
            self.error.show()
            return
        try:
            self.inspection_id = ops.new_inspection(
                self.session,
                template_id=self.template.currentData(),
                site_id=self.site.currentData(),
                kind=self.kind.currentData(),
                params=self.params(),
                follows_id=follows,
                source=self,
            )
        except Exception as e:
            self.error.setText(self.tr("无法新建检查：{0}").format(explain(e)))
            self.error.show()
            return
        self.accept()
