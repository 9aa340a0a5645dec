"""The in-app PDF preview: pages rendered by PDFium (pypdfium2), Save as…, Print through QPrintDialog.

QtPdf's QPdfView is not in the PySide6 wheels CivDesk installs (PySide6-Essentials, and 6.12's
Add-ons wheel has no QtPdf), so pages are rendered with pypdfium2 — the same PDFium engine QtPdf
wraps — into QImages shown in a scroll area. Printing draws the same page images at the printer's
resolution, so what prints is what the preview shows.

Use it from any screen: ``PdfPreview.show_document(rendered.pdf, "检查报告.pdf", parent=self)``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from .refusals import explain

PREVIEW_DPI = 96
ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
FIRST_PAGES = 2  # what a new preview window shows without scrolling (the first page and the next)
# PDFium is not thread-safe: a preview prepared on the runner's thread and one scrolled on the GUI
# thread take turns.
_PDFIUM = threading.Lock()


@dataclass
class Prepared:
    """What a preview needs before it shows, worked out on any thread (``prepare``): every page's
    size and the first pages drawn at the preview's resolution."""

    sizes: list[tuple[float, float]]
    images: dict[int, QImage] = field(default_factory=dict)


def prepare(pdf: bytes, pages: int = FIRST_PAGES, dpi: float = PREVIEW_DPI) -> Prepared:
    """The page sizes of ``pdf`` and its first ``pages`` pages drawn (QImage, not a pixmap, so the
    runner's thread may draw them while the window paints)."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        doc = pdfium.PdfDocument(pdf)
        try:
            sizes = [doc[i].get_size() for i in range(len(doc))]
            return Prepared(sizes, {i: _render_locked(doc, i, dpi) for i in range(min(pages, len(sizes)))})
        finally:
            doc.close()


def render_page(pdf: bytes, index: int, dpi: float) -> QImage:
    """Page ``index`` of ``pdf`` as an RGB QImage at ``dpi``."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        doc = pdfium.PdfDocument(pdf)
        try:
            return _render_locked(doc, index, dpi)
        finally:
            doc.close()


def _render(doc, index: int, dpi: float) -> QImage:
    with _PDFIUM:
        return _render_locked(doc, index, dpi)


def _render_locked(doc, index: int, dpi: float) -> QImage:
    pil = doc[index].render(scale=dpi / 72).to_pil().convert("RGB")
    data = pil.tobytes()
    return QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888).copy()


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    with _PDFIUM:
        doc = pdfium.PdfDocument(pdf)
        try:
            return len(doc)
        finally:
            doc.close()


class PdfPreview(QWidget):
    """Shows a PDF's pages one under the other, with zoom, Save as… and Print…."""

    saved = Signal(str)
    printed = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._pdf = b""
        self._name = "document.pdf"
        self._zoom = 1.0
        self.pages_label = QLabel()
        self.zoom_out = QPushButton(self.tr("缩小"))
        self.zoom_in = QPushButton(self.tr("放大"))
        self.save_button = QPushButton(self.tr("另存为…"))
        self.print_button = QPushButton(self.tr("打印…"))
        bar = QHBoxLayout()
        for w in (self.pages_label, self.zoom_out, self.zoom_in):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.save_button)
        bar.addWidget(self.print_button)
        self._pages = QWidget()
        self._pages_layout = QVBoxLayout(self._pages)
        self._pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self._pages)
        self.scroll.verticalScrollBar().valueChanged.connect(lambda _: self._draw_visible())
        self._doc = None
        self._sizes: list[tuple[float, float]] = []
        self._labels: list[QLabel] = []
        self._drawn: set[int] = set()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)
        self.zoom_in.clicked.connect(lambda: self.set_zoom(self._step(+1)))
        self.zoom_out.clicked.connect(lambda: self.set_zoom(self._step(-1)))
        self.save_button.clicked.connect(lambda: self.save_as())
        self.print_button.clicked.connect(lambda: self.print_dialog())
        self._set_enabled(False)

    # ------------------------------------------------------------------ content

    def load(self, pdf: bytes, name: str = "document.pdf", prepared: Prepared | None = None) -> None:
        """Show ``pdf``: one open document, the first page drawn at once, the others as they
        scroll into view (a 36-page report does not draw 36 pages before it shows). ``prepared``
        (``prepare`` on the runner's thread) brings the sizes and the first pages already drawn."""
        import pypdfium2 as pdfium

        self._close_doc()
        self._pdf, self._name = bytes(pdf), name
        with _PDFIUM:
            self._doc = pdfium.PdfDocument(self._pdf)
            self._count = len(self._doc)
            self._sizes = prepared.sizes if prepared else [self._doc[i].get_size() for i in range(self._count)]
        self.pages_label.setText(self.tr("共 %n 页", "", self._count))
        self._set_enabled(True)
        self._show_pages(prepared.images if prepared else {})

    def pdf(self) -> bytes:
        return self._pdf

    def page_count(self) -> int:
        return self._count if self._pdf else 0

    def page_image(self, index: int, dpi: float = PREVIEW_DPI) -> QImage:
        if self._doc is None and self._pdf:
            import pypdfium2 as pdfium

            with _PDFIUM:
                self._doc = pdfium.PdfDocument(self._pdf)  # reopened after the window was closed once
        return _render(self._doc, index, dpi)

    def _close_doc(self) -> None:
        if self._doc is not None:
            with _PDFIUM:
                self._doc.close()
            self._doc = None

    def drawn_pages(self) -> list[int]:
        """The pages drawn so far (the others are blank placeholders of their size)."""
        return sorted(self._drawn)

    def _set_enabled(self, on: bool) -> None:
        for w in (self.zoom_in, self.zoom_out, self.save_button, self.print_button):
            w.setEnabled(on)

    def _step(self, direction: int) -> float:
        i = min(range(len(ZOOMS)), key=lambda k: abs(ZOOMS[k] - self._zoom))
        return ZOOMS[max(0, min(len(ZOOMS) - 1, i + direction))]

    def set_zoom(self, zoom: float) -> None:
        self._zoom = zoom
        self._show_pages()

    def _show_pages(self, drawn: dict[int, QImage] | None = None) -> None:
        """A blank page of its size for each page; ``drawn``: pages already drawn at this zoom."""
        while self._pages_layout.count():
            item = self._pages_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._labels, self._drawn = [], set()
        scale = PREVIEW_DPI * self._zoom / 72
        # One rule for every page (a style sheet per label costs a style pass each: 36 of them).
        self._pages.setStyleSheet("QLabel#pdfPage { background: white; border: 1px solid #9ca3af; }")
        for width, height in self._sizes:
            label = QLabel()
            label.setObjectName("pdfPage")
            label.setFixedSize(round(width * scale), round(height * scale))
            self._pages_layout.addWidget(label)
            self._labels.append(label)
        for index, image in (drawn or {}).items():
            self._labels[index].setPixmap(QPixmap.fromImage(image))
            self._drawn.add(index)
        if self._labels and 0 not in self._drawn:
            self._draw(0)
        QTimer.singleShot(0, self, self._draw_visible)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._draw_visible)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self._draw_visible)

    def _draw(self, index: int) -> None:
        self._labels[index].setPixmap(QPixmap.fromImage(self.page_image(index, PREVIEW_DPI * self._zoom)))
        self._drawn.add(index)

    def _draw_visible(self) -> None:
        """Draw the pages within the visible area (and the one just below it)."""
        if not self._labels:
            return
        top = self.scroll.verticalScrollBar().value()
        bottom = top + self.scroll.viewport().height()
        for n, label in enumerate(self._labels):
            y = label.y()
            if y > bottom + label.height():
                break
            if n not in self._drawn and y + label.height() >= top:
                self._draw(n)

    # ------------------------------------------------------------------ actions

    def save_as(self, path: str | Path | None = None) -> Path | None:
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("另存为"), self._name, self.tr("PDF 文件 (*.pdf)"))
            if not chosen:
                return None
            path = chosen
        path = Path(path)
        try:
            path.write_bytes(self._pdf)
        except OSError as e:
            QMessageBox.warning(self, self.tr("无法保存"), explain(e))
            return None
        self.saved.emit(str(path))
        return path

    def print_dialog(self) -> bool:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._name)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self._count)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        first, last = printer.fromPage() or 1, printer.toPage() or self._count
        return self.print_to(printer, first, last)

    def print_to(self, printer: QPrinter, first: int = 1, last: int | None = None) -> bool:
        """Print pages ``first``…``last`` (1-based) on ``printer``, each fitted to the printable area."""
        last = last or self._count
        painter = QPainter()
        if not painter.begin(printer):
            return False
        dpi = min(printer.resolution(), 300)
        try:
            for n in range(first - 1, last):
                if n > first - 1:
                    printer.newPage()
                img = self.page_image(n, dpi)
                area = painter.viewport()
                size = img.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(area.x(), area.y(), size.width(), size.height()), img)
        finally:
            painter.end()
        self.printed.emit(last - first + 1)
        return True

    # ------------------------------------------------------------------ convenience

    @classmethod
    def show_document(
        cls, pdf: bytes, name: str, parent: QWidget | None = None, prepared: Prepared | None = None
    ) -> QDialog:
        """A non-modal window previewing ``pdf`` (kept alive by its parent)."""
        dialog = QDialog(parent)
        dialog.setWindowTitle(name)
        preview = cls(dialog)
        preview.load(pdf, name, prepared)
        dialog.finished.connect(lambda _: preview._close_doc())  # the one open document goes with the window
        QVBoxLayout(dialog).addWidget(preview)
        dialog.resize(900, 1000)
        dialog.show()
        return dialog
