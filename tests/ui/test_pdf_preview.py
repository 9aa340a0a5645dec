"""The PDF preview widget: shows a CivDesk document's pages, saves it as is, prints every page."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from civdesk import reports
from civdesk.ui.pdf_preview import PdfPreview


def _ink(img) -> float:
    small = img.scaledToWidth(100)
    dark = sum(1 for y in range(small.height()) for x in range(small.width()) if small.pixelColor(x, y).lightness() < 200)
    return dark / (small.width() * small.height())


def test_preview_save_and_print(qtbot, store, tmp_path):
    form = reports.render_form(store, "civilized-unit")
    preview = PdfPreview()
    qtbot.addWidget(preview)
    assert not preview.save_button.isEnabled()
    preview.load(form.pdf, "空白检查表.pdf")
    n = len(PdfReader(io.BytesIO(form.pdf)).pages)
    assert preview.page_count() == n and "共 %d 页" % n == preview.pages_label.text()
    assert preview.save_button.isEnabled() and preview.print_button.isEnabled()
    assert _ink(preview.page_image(0, 40)) > 0.01
    preview.resize(700, 900)
    preview.show()
    preview.grab().save(str(tmp_path / "preview.png"))

    with qtbot.waitSignal(preview.saved, timeout=2000) as saved:
        preview.save_as(tmp_path / "copy.pdf")
    assert saved.args == [str(tmp_path / "copy.pdf")]
    assert (tmp_path / "copy.pdf").read_bytes() == form.pdf

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(150)
    with qtbot.waitSignal(preview.printed, timeout=20000) as printed:
        assert preview.print_to(printer)
    assert printed.args == [n]
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == n


def test_zoom_changes_page_size(qtbot, store):
    preview = PdfPreview()
    qtbot.addWidget(preview)
    preview.load(reports.render_form(store, "civilized-unit").pdf)
    first = preview._pages_layout.itemAt(0).widget().pixmap().width()
    qtbot.mouseClick(preview.zoom_in, Qt.MouseButton.LeftButton)
    assert preview._pages_layout.itemAt(0).widget().pixmap().width() > first
