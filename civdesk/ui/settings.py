"""Interface preferences as one declarative schema, stored in the home's settings table, and the
Settings screen that edits them.

Each ``Pref`` names its key, type, default and a description; ``Prefs.changed(key)`` tells the
application (e.g. to switch the interface language at once).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QPushButton, QVBoxLayout, QWidget)

from .. import __version__
from ..store import Store


@dataclass(frozen=True)
class Pref:
    key: str
    type: type
    default: Any
    description: str  # translatable (context "Prefs")
    choices: tuple = ()


SCHEMA: tuple[Pref, ...] = (
    Pref("ui.language", str, "zh_CN", QT_TRANSLATE_NOOP("Prefs", "界面语言"), ("zh_CN", "en")),
    Pref("ui.auto_advance", bool, False, QT_TRANSLATE_NOOP("Prefs", "作答后自动跳到下一项")),
)
LANGUAGE_NAMES = {"zh_CN": "中文（简体）", "en": "English"}


class Prefs(QObject):
    """Typed access to the preferences in SCHEMA; unknown keys are a programming error."""

    changed = Signal(str)

    def __init__(self, store: Store, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self._schema = {p.key: p for p in SCHEMA}

    def get(self, key: str) -> Any:
        pref = self._schema[key]
        value = self.store.get_setting(key, pref.default)
        if not isinstance(value, pref.type) or (pref.choices and value not in pref.choices):
            return pref.default
        return value

    def set(self, key: str, value: Any) -> None:
        pref = self._schema[key]
        if not isinstance(value, pref.type) or (pref.choices and value not in pref.choices):
            raise ValueError(f"{key}: {value!r} is not a valid value")
        if value == self.get(key):
            return
        self.store.set_setting(key, value)
        self.changed.emit(key)


def describe(key: str) -> str:
    pref = next(p for p in SCHEMA if p.key == key)
    return QCoreApplication.translate("Prefs", pref.description)


class SettingsPage(QWidget):
    """Language, walkthrough behaviour, where the data lives, and the version."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        prefs = session.prefs
        title = QLabel(self.tr("设置"))
        title.setObjectName("pageTitle")

        self.language = QComboBox()
        for code in ("zh_CN", "en"):
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(self.language.findData(prefs.get("ui.language")))
        self.language.currentIndexChanged.connect(
            lambda: prefs.set("ui.language", self.language.currentData()))
        self.auto_advance = QCheckBox(describe("ui.auto_advance"))
        self.auto_advance.setChecked(prefs.get("ui.auto_advance"))
        self.auto_advance.toggled.connect(lambda on: prefs.set("ui.auto_advance", on))

        ui_box = QGroupBox(self.tr("界面"))
        form = QFormLayout(ui_box)
        form.addRow(describe("ui.language"), self.language)
        form.addRow("", self.auto_advance)
        hint = QLabel(self.tr("切换语言后界面立即刷新；检查表内容（检查项、章节）保持原文。"))
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        form.addRow("", hint)

        data_box = QGroupBox(self.tr("数据"))
        data_form = QFormLayout(data_box)
        self.home_label = QLabel(str(session.store.home))
        self.home_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.home_label.setWordWrap(True)
        open_home = QPushButton(self.tr("打开数据文件夹"))
        open_home.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(session.store.home))))
        row = QHBoxLayout()
        row.addWidget(self.home_label, 1)
        row.addWidget(open_home)
        data_form.addRow(self.tr("数据文件夹"), row)
        data_form.addRow(self.tr("数据库"), QLabel(str(session.store.path.name)))
        data_form.addRow(self.tr("版本"), QLabel(f"CivDesk {__version__}"))

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(ui_box)
        layout.addWidget(data_box)
        layout.addStretch(1)
