"""The evidence dialog of a rectification: a note and photos, when the site's manager marks it done
or an inspector asks for it again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (QDialog, QFileDialog, QHBoxLayout, QLabel, QListView, QListWidget, QListWidgetItem,
                               QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from ..walkthrough.evidence import image_suffixes, thumbnail

THUMB = 64


class EvidenceDialog(QDialog):
    """A note (required) and, when ``photos``, evidence photos: marking done, or reopening."""

    def __init__(self, title: str, prompt: str, *, photos: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.paths: list[Path] = []
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(prompt)
        self.note.setFixedHeight(90)
        self.photo_list = QListWidget()
        self.photo_list.setViewMode(QListView.ViewMode.IconMode)
        self.photo_list.setIconSize(QSize(THUMB, THUMB))
        self.photo_list.setFixedHeight(THUMB + 40)
        self.add_button = QPushButton(self.tr("添加照片…"))
        self.add_button.clicked.connect(self.choose_photos)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.ok_button = QPushButton(self.tr("确定"))
        self.ok_button.setObjectName("primary")
        cancel = QPushButton(self.tr("取消"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        layout.addWidget(self.note)
        if photos:
            row = QHBoxLayout()
            row.addWidget(QLabel(self.tr("整改后照片")))
            row.addStretch(1)
            row.addWidget(self.add_button)
            layout.addLayout(row)
            layout.addWidget(self.photo_list)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(480)

    def text(self) -> str:
        return self.note.toPlainText().strip()

    def add_photos(self, paths: list[Path | str]) -> None:
        for p in map(Path, paths):
            self.paths.append(p)
            self.photo_list.addItem(QListWidgetItem(QIcon(thumbnail(str(p), THUMB)), p.name))

    def choose_photos(self) -> None:
        patterns = " ".join(f"*.{s}" for s in sorted(image_suffixes()))
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("选择照片"), "", self.tr("图片 ({0})").format(patterns))
        self.add_photos(names)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
