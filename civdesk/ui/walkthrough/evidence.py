"""Evidence on an item card: the note (说明) and photos (thumbnails, file dialog, drag-and-drop)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QImageReader, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from ...services.inspections import PhotoFile

THUMB = 96


def image_suffixes() -> set[str]:
    return {bytes(f).decode().lower() for f in QImageReader.supportedImageFormats()}


def image_paths(mime: QMimeData) -> list[Path]:
    """Local image files carried by a drag (file manager, camera import window…)."""
    if not mime.hasUrls():
        return []
    suffixes = image_suffixes()
    out = []
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.is_file() and path.suffix.lower().lstrip(".") in suffixes:
                out.append(path)
    return out


def thumbnail(path: str, size: int = THUMB) -> QPixmap:
    """A small pixmap read at reduced size (a 12-megapixel photo is never decoded in full)."""
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    full = reader.size()
    if full.isValid() and (full.width() > size or full.height() > size):
        reader.setScaledSize(full.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.lightGray)
        return pixmap
    return QPixmap.fromImage(image)


class NoteEditor(QPlainTextEdit):
    """The note of the current item; saved a moment after typing stops and when leaving the item.
    Escape hands the keyboard back to the card."""

    committed = Signal(str)
    escaped = Signal()
    DELAY_MS = 700

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("note")
        self.setTabChangesFocus(True)
        self.setMaximumHeight(90)
        self.setPlaceholderText(self.tr("说明 / 备注：现场情况、不符合的原因（Ctrl+N）"))
        self.saved_text = ""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(self.DELAY_MS)
        self.timer.timeout.connect(self.commit)
        self.textChanged.connect(self._typed)
        self._loading = False

    def _typed(self) -> None:
        if not self._loading:
            self.timer.start()

    def set_note(self, text: str, *, saved: str | None = None) -> None:
        self.saved_text = text if saved is None else saved
        self._loading = True
        self.setPlainText(text)
        self._loading = False

    def commit(self) -> None:
        self.timer.stop()
        if self.toPlainText() != self.saved_text:
            self.committed.emit(self.toPlainText())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.commit()
            self.escaped.emit()
            return
        super().keyPressEvent(event)


class PhotoViewer(QDialog):
    """One photo at full size (scaled down to fit the screen)."""

    def __init__(self, path: str, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        pixmap = QPixmap(path)
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None and (pixmap.width() > screen.width() * 0.9 or pixmap.height() > screen.height() * 0.9):
            pixmap = pixmap.scaled(
                int(screen.width() * 0.9),
                int(screen.height() * 0.85),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        self.image = QLabel()
        self.image.setPixmap(pixmap)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        self.resize(min(pixmap.width() + 40, 1200), min(pixmap.height() + 40, 900))


class PhotoStrip(QWidget):
    """Thumbnails of the item's photos with add (file dialog or drop), view and remove."""

    files_chosen = Signal(list)  # list[Path]
    remove_requested = Signal(int)  # attachment id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName("photos")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 24, THUMB + 30))
        self.list.setMovement(QListView.Movement.Static)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setWrapping(False)
        self.list.setFixedHeight(THUMB + 44)
        self.list.setAcceptDrops(False)  # drops are handled by the card around it
        self.list.itemDoubleClicked.connect(self._open)
        self.list.installEventFilter(self)
        self.empty = QLabel(self.tr("暂无照片。可点“添加照片”（Ctrl+I），或把照片文件拖到此卡片上。"))
        self.empty.setObjectName("muted")
        self.add_button = QPushButton(self.tr("添加照片…"))
        self.add_button.setToolTip("Ctrl+I")
        self.view_button = QPushButton(self.tr("查看"))
        self.remove_button = QPushButton(self.tr("删除"))
        self.add_button.clicked.connect(self.choose_files)
        self.view_button.clicked.connect(lambda: self._open(self.list.currentItem()))
        self.remove_button.clicked.connect(self._remove_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.view_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.empty)
        layout.addWidget(self.list)
        self._thumbs: dict[str, QIcon] = {}
        self.viewer: PhotoViewer | None = None
        self.set_photos([])

    def set_photos(self, rows: list[PhotoFile]) -> None:
        self.list.clear()
        for row in rows:
            icon = self._thumbs.get(row.sha256)
            if icon is None:
                icon = self._thumbs[row.sha256] = QIcon(thumbnail(row.path))
            item = QListWidgetItem(icon, row.filename)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, row.path)
            item.setToolTip(f"{row.filename}  ({row.size // 1024 or 1} KB)")
            self.list.addItem(item)
        has = bool(rows)
        self.list.setVisible(has)
        self.empty.setVisible(not has)
        self.view_button.setEnabled(has)
        self.remove_button.setEnabled(has and self.add_button.isEnabled())
        if has:
            self.list.setCurrentRow(self.list.count() - 1)

    def set_editable(self, editable: bool) -> None:
        self.add_button.setEnabled(editable)
        self.remove_button.setEnabled(editable and self.list.count() > 0)

    def count(self) -> int:
        return self.list.count()

    def choose_files(self) -> None:
        if not self.add_button.isEnabled():
            return
        patterns = " ".join(f"*.{s}" for s in sorted(image_suffixes()))
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("选择照片"), "", self.tr("图片 ({0})").format(patterns))
        if names:
            self.files_chosen.emit([Path(n) for n in names])

    def _open(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.viewer = PhotoViewer(item.data(Qt.ItemDataRole.UserRole + 1), item.text(), self.window())
        self.viewer.show()

    def _remove_current(self) -> None:
        item = self.list.currentItem()
        if item is not None and self.remove_button.isEnabled():
            self.remove_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    def eventFilter(self, obj, event) -> bool:
        if obj is self.list and event.type() == event.Type.KeyPress:
            if event.key() == Qt.Key.Key_Delete:
                self._remove_current()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._open(self.list.currentItem())  # and not also "next item" on the card around
                return True
        return super().eventFilter(obj, event)
