"""The evidence dialog of a rectification: a note and photos, when the site's manager marks it done
or an inspector asks for it again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ..forms import FormDialog
from ..walkthrough.evidence import image_suffixes, thumbnail

THUMB = 64


class EvidenceDialog(FormDialog):
    """A note (required) and, when ``photos``, evidence photos: marking done, or reopening."""

    def __init__(self, title: str, prompt: str, *, photos: bool, parent: QWidget | None = None):
        super().__init__(title, self.tr("确定"), parent, min_width=480)
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
        self.body.addWidget(QLabel(prompt))
        self.body.addWidget(self.note)
        if photos:
            row = QHBoxLayout()
            row.addWidget(QLabel(self.tr("整改后照片")))
            row.addStretch(1)
            row.addWidget(self.add_button)
            self.body.addLayout(row)
            self.body.addWidget(self.photo_list)

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
