"""设置 (settings): one form built from civdesk/settings_schema.py — a field per setting, chosen by
its type, with the schema's description as the label and its help below.

Values are checked and stored by services.settings (organisation-wide settings by an admin only;
others see them read-only). After a change ``session.prefs.changed(name)`` tells the application
(language, theme and font scale apply at once). The seal image is previewed on a checkerboard so
its transparency shows; moving the data folder copies, verifies, then asks the application to
switch (``home_moved``). The backup settings appear in the Backup box (backups.py), which also
backs up to a file and restores.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ... import __version__
from ... import settings_schema as schema
from ...services import admin_views
from ...services import settings as service
from ...services.errors import InputError, NotAllowed
from .. import i18n, labels
from ..refusals import explain
from .backups import BackupBox
from .trust_box import TrustBox

PREVIEW = QSize(112, 112)


def tr_schema(text: str) -> str:
    return QCoreApplication.translate(schema.CONTEXT, text) if text else ""


def choice_label(s: schema.Setting, value: Any) -> str:
    if s.name == "default_region":
        return labels.region(value)
    if s.name == "ui.font_scale":
        return f"{round(value * 100)}%"
    text = schema.CHOICE_LABELS.get(value)
    return tr_schema(text) if text and value not in ("zh_CN", "en") else (text or str(value))


def checkerboard(size: QSize, cell: int = 8) -> QPixmap:
    pm = QPixmap(size)
    pm.fill(QColor("#ffffff"))
    p = QPainter(pm)
    for y in range(0, size.height(), cell):
        for x in range(0, size.width(), cell):
            if (x // cell + y // cell) % 2:
                p.fillRect(x, y, cell, cell, QColor("#d9dde3"))
    p.end()
    return pm


def with_buttons(shown: QWidget, actions: list[tuple[str, Callable[[], object]]], *, beside: bool) -> QWidget:
    """A setting's value as ``shown`` with its action buttons: stacked beside it (``beside``) or in
    a row below it."""
    w = QWidget()
    outer = QHBoxLayout(w) if beside else QVBoxLayout(w)
    outer.setContentsMargins(0, 0, 0, 0)
    buttons = QVBoxLayout() if beside else QHBoxLayout()
    for text, slot in actions:
        button = QPushButton(text)
        button.clicked.connect(slot)
        buttons.addWidget(button)
    buttons.addStretch(1)
    outer.addWidget(shown)
    outer.addLayout(buttons)
    if beside:
        outer.addStretch(1)
    return w


class SettingsPage(QWidget):
    home_moved = Signal(str)  # the new data folder, verified; the application switches to it

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.view = admin_views.settings_view(session.store, session.actor)
        self.fields: dict[str, QWidget] = {}
        self._loading = False

        title = QLabel(self.tr("设置"))
        title.setObjectName("pageTitle")
        self.message = QLabel()
        self.message.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addWidget(self.message, 1)

        boxes = {}
        for key, text in schema.GROUPS.items():
            box = QGroupBox(tr_schema(text))
            QFormLayout(box).setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            boxes[key] = box
        # The rolling-backup settings are shown by the Backup box (policy, back up now, restore),
        # which reads and writes the same schema keys.
        self.backups = BackupBox(session)
        self.trust = TrustBox(session)
        self.fields.update(
            {
                "backup.enabled": self.backups.enabled,
                "backup.every_hours": self.backups.every,
                "backup.keep_last": self.backups.keep_last,
                "backup.keep_days": self.backups.keep_days,
            }
        )
        for s in schema.SCHEMA:
            if s.name not in self.fields:
                self._add_row(boxes[s.group].layout(), s)
        data_form: QFormLayout = boxes["data"].layout()
        data_form.addRow(self.tr("数据库"), QLabel(str(session.store.path.name)))
        data_form.addRow(self.tr("版本"), QLabel(f"CivDesk {__version__}"))

        columns = QHBoxLayout()
        for group_keys in (("organisation", "inspection"), ("interface", "data")):
            col = QVBoxLayout()
            for k in group_keys:
                col.addWidget(boxes[k])
            if "data" in group_keys:
                col.addWidget(self.backups)
                from .sync_section import SyncBox

                self.sync_box = SyncBox(session)
                col.addWidget(self.sync_box)
            else:
                col.addWidget(self.trust)
            col.addStretch(1)
            columns.addLayout(col, 1)
        body = QWidget()
        body.setLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        if not self.view.all_changeable:
            note = QLabel(self.tr("单位、证书、数据与备份的设置只有管理员可以修改。"))
            note.setObjectName("muted")
            layout.addWidget(note)
        layout.addWidget(scroll, 1)
        self.load()

    @property
    def language(self) -> QComboBox:
        return self.fields["ui.language"]

    # ------------------------------------------------------------------ building

    def _add_row(self, form: QFormLayout, s: schema.Setting) -> None:
        widget = self._widget(s)
        widget.setObjectName(f"setting_{s.name}")
        self.fields[s.name] = widget
        if not self.view.can(s.name):
            widget.setEnabled(False)
            widget.setToolTip(self.tr("仅管理员可修改"))
        if s.type == "bool":
            form.addRow("", widget)
        else:
            form.addRow(tr_schema(s.description), widget)
        if s.help:
            hint = QLabel(tr_schema(s.help))
            hint.setObjectName("settingHelp")
            hint.setWordWrap(True)
            form.addRow("", hint)
            if s.name == "seal_image":
                self.seal_hint = hint

    def _widget(self, s: schema.Setting) -> QWidget:
        if s.type == "bool":
            box = QCheckBox(tr_schema(s.description))
            box.toggled.connect(lambda on, s=s: self._changed(s, on))
            return box
        if s.choices:
            combo = QComboBox()
            combo.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            combo.setMinimumWidth(180)
            for value in s.choices:
                combo.addItem(choice_label(s, value), value)
            combo.currentIndexChanged.connect(lambda _i, s=s, c=combo: self._changed(s, c.currentData()))
            return combo
        if s.type == "int":
            spin = QSpinBox()
            spin.setRange(int(s.minimum or 0), int(s.maximum or 10**6))
            spin.valueChanged.connect(lambda v, s=s: self._changed(s, v))
            return spin
        if s.type == "float":
            spin = QDoubleSpinBox()
            spin.setRange(s.minimum or 0, s.maximum or 10**6)
            spin.setDecimals(1)
            spin.valueChanged.connect(lambda v, s=s: self._changed(s, float(v)))
            return spin
        if s.type == "image":
            return self._seal_widget()
        if s.type == "folder":
            return self._folder_widget()
        edit = QLineEdit()
        edit.editingFinished.connect(lambda s=s, e=edit: self._changed(s, e.text().strip()))
        return edit

    def _seal_widget(self) -> QWidget:
        self.seal_preview = QLabel()
        self.seal_preview.setObjectName("sealPreview")
        self.seal_preview.setFixedSize(PREVIEW)
        self.seal_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return with_buttons(
            self.seal_preview,
            [(self.tr("选择图片…"), self._seal_dialog), (self.tr("清除"), self.clear_seal)],
            beside=True,
        )

    def _folder_widget(self) -> QWidget:
        self.home_label = QLabel(str(self.session.store.home))
        self.home_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.home_label.setWordWrap(True)
        return with_buttons(
            self.home_label,
            [
                (self.tr("打开"), lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.session.store.home)))),
                (self.tr("移动到…"), self._move_dialog),
            ],
            beside=False,
        )

    # ------------------------------------------------------------------ showing values

    def load(self) -> None:
        self._loading = True
        try:
            store = self.session.store
            for s in schema.SCHEMA:
                if s.name.startswith("backup."):
                    continue  # the Backup box shows its own
                w = self.fields[s.name]
                value = service.get(store, s.name)
                if s.name == "ui.language":
                    value = i18n.current()
                if isinstance(w, QCheckBox):
                    w.setChecked(bool(value))
                elif isinstance(w, QComboBox):
                    w.setCurrentIndex(max(0, w.findData(value)))
                elif isinstance(w, (QSpinBox, QDoubleSpinBox)):
                    w.setValue(value)
                elif isinstance(w, QLineEdit):
                    w.setText(str(value))
            self._show_seal()
            self.backups.refresh()
        finally:
            self._loading = False

    def _show_seal(self) -> None:
        pm = checkerboard(PREVIEW)
        path = service.seal_path(self.session.store)
        hint = tr_schema(schema.setting("seal_image").help)
        if path is not None:
            seal = QPixmap(str(path))
            if not seal.isNull():
                p = QPainter(pm)
                scaled = seal.scaled(
                    PREVIEW - QSize(8, 8),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
                p.drawPixmap((PREVIEW.width() - scaled.width()) // 2, (PREVIEW.height() - scaled.height()) // 2, scaled)
                p.end()
                if not service.has_transparency(path):
                    hint = self.tr("这张图片没有透明背景，盖在证书上会遮住底纹；建议换成透明背景的 PNG。")
        else:
            p = QPainter(pm)
            p.drawText(pm.rect(), int(Qt.AlignmentFlag.AlignCenter), self.tr("未设置"))
            p.end()
        self.seal_preview.setPixmap(pm)
        if hasattr(self, "seal_hint"):
            self.seal_hint.setText(hint)

    def _say(self, text: str, ok: bool = True) -> None:
        self.message.setText(text)
        self.message.setObjectName("fieldOk" if ok else "fieldError")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    # ------------------------------------------------------------------ changing

    def _changed(self, s: schema.Setting, value: Any) -> None:
        if self._loading:
            return
        prefs = self.session.prefs
        if s.name == "ui.language" and service.get(self.session.store, s.name) == value and value != i18n.current():
            prefs.changed.emit(s.name)  # --lang overrode the saved choice for this run
            return
        if service.get(self.session.store, s.name) == value:
            return
        try:
            service.set_value(self.session.store, self.session.actor, s.name, value)
        except (InputError, NotAllowed) as e:
            self._say(explain(e), ok=False)
            self.load()
            return
        self._say(self.tr("已保存：{0}").format(tr_schema(s.description)))
        prefs.changed.emit(s.name)

    def set_seal(self, path: Path | str) -> bool:
        try:
            service.set_seal_image(self.session.store, self.session.actor, path)
        except (InputError, NotAllowed, OSError) as e:
            self._say(explain(e), ok=False)
            return False
        self._show_seal()
        self._say(self.tr("公章图片已更新"))
        self.session.prefs.changed.emit("seal_image")
        return True

    def clear_seal(self) -> None:
        try:
            service.clear_seal_image(self.session.store, self.session.actor)
        except NotAllowed as e:
            self._say(explain(e), ok=False)
            return
        self._show_seal()

    def _seal_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择公章图片"), "", self.tr("PNG 图片 (*.png)"))
        if path:
            self.set_seal(path)

    def move_data_folder(self, dest: Path | str) -> bool:
        """Copy and verify the home at ``dest``, then ask the application to switch to it."""
        try:
            moved = service.move_home(self.session.store, self.session.actor, dest)
        except (InputError, NotAllowed) as e:
            self._say(self.tr("未移动：{0}").format(explain(e)), ok=False)
            return False
        self._say(self.tr("数据已复制并核对无误：{0}").format(moved))
        self.home_moved.emit(str(moved))
        return True

    def _move_dialog(self) -> None:
        dest = QFileDialog.getExistingDirectory(self, self.tr("选择新的数据文件夹（须为空）"))
        if not dest:
            return
        answer = QMessageBox.question(
            self,
            self.tr("移动数据文件夹"),
            self.tr("把全部数据复制到\n{0}\n核对无误后切换过去？原文件夹会保留，不会删除。").format(dest),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.move_data_folder(dest)
