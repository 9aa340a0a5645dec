"""The PDF preview widget: shows a CivDesk document's pages, saves it as is, prints every page."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from civdesk.services import documents
from civdesk.ui.pdf_preview import PdfPreview


def _ink(img) -> float:
    small = img.scaledToWidth(100)
    dark = sum(
        1 for y in range(small.height()) for x in range(small.width()) if small.pixelColor(x, y).lightness() < 200
    )
    return dark / (small.width() * small.height())


def test_preview_save_and_print(qtbot, store, tmp_path):
    form = documents.render_form(store, "civilized-unit")
    preview = PdfPreview()
    qtbot.addWidget(preview)
    assert not preview.save_button.isEnabled()
    preview.load(form.pdf, "空白检查表.pdf")
    n = len(PdfReader(io.BytesIO(form.pdf)).pages)
    assert preview.page_count() == n and f"共 {n} 页" == preview.pages_label.text()
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
    preview.load(documents.render_form(store, "civilized-unit").pdf)
    first = preview._pages_layout.itemAt(0).widget().pixmap().width()
    qtbot.mouseClick(preview.zoom_in, Qt.MouseButton.LeftButton)
    assert preview._pages_layout.itemAt(0).widget().pixmap().width() > first


def test_pages_are_drawn_as_they_scroll_into_view(qtbot):
    """A long document shows its first page at once and draws the others when scrolled to."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from civdesk.ui.pdf_preview import PdfPreview

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for n in range(36):
        c.setFont("Helvetica", 40)
        c.drawString(100, 400, f"page {n + 1}")
        c.showPage()
    c.save()
    dialog = PdfPreview.show_document(buf.getvalue(), "long.pdf")
    qtbot.addWidget(dialog)
    preview = dialog.findChild(PdfPreview)
    assert preview.page_count() == 36 and 0 in preview.drawn_pages()
    qtbot.waitUntil(lambda: len(preview.drawn_pages()) >= 1)
    qtbot.wait(50)
    assert len(preview.drawn_pages()) <= 3  # the visible pages only
    bar = preview.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: 35 in preview.drawn_pages())
    assert len(preview.drawn_pages()) <= 6
    assert _ink(preview.page_image(35, 40)) > 0.001


def test_a_preview_prepared_on_another_thread_shows_its_first_pages_drawn_there(qtbot, store):
    """As render_job.preview_later does it: the sizes and the first pages are drawn on the runner's
    thread, and the window shows those very images without drawing them again."""
    import threading

    from civdesk.ui.pdf_preview import FIRST_PAGES, prepare, render_page

    pdf = documents.render_form(store, "civilized-unit").pdf
    n = len(PdfReader(io.BytesIO(pdf)).pages)
    got = []
    worker = threading.Thread(target=lambda: got.append(prepare(pdf)))
    worker.start()
    worker.join()
    prepared = got[0]
    assert len(prepared.sizes) == n and sorted(prepared.images) == list(range(min(FIRST_PAGES, n)))
    assert prepared.images[0] == render_page(pdf, 0, 96)  # the same pixels the GUI thread would draw

    dialog = PdfPreview.show_document(pdf, "空白检查表.pdf", prepared=prepared)
    qtbot.addWidget(dialog)
    preview = dialog.findChild(PdfPreview)
    assert preview.page_count() == n and set(preview.drawn_pages()) >= set(prepared.images)
    shown = preview._labels[0].pixmap().toImage().convertToFormat(prepared.images[0].format())
    assert shown == prepared.images[0]
