"""空白检查表 from the screens: the templates page and the new-inspection dialog open the blank form
in the PDF preview; 另存为… through Qt's own (Chinese) file dialog writes a real PDF, read back."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog

from civdesk.services import templates
from civdesk.ui.pdf_preview import PdfPreview
from tests.helpers.signoff import click


def save_through_dialog(qtbot, preview: PdfPreview, path) -> list[str]:
    """Press 另存为…, type ``path`` into the file dialog and accept it; returns the dialog's button texts."""
    seen: list[str] = []

    def fill():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, fill)
            return
        box = dialog.findChild(QDialogButtonBox)
        seen.extend(b.text() for b in box.buttons())
        dialog.selectFile(str(path))
        dialog.accept()

    QTimer.singleShot(0, fill)
    with qtbot.waitSignal(preview.saved, timeout=10_000):
        click(qtbot, preview.save_button)
    return seen


def _read_back(path, tpl):
    data = path.read_bytes()
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(p.extract_text() or "" for p in reader.pages).replace(" ", "")
    assert tpl.title in text
    for item in tpl.items()[:3]:
        assert item.text[:10].replace(" ", "") in text  # the criteria, in Chinese, as text
    assert len(reader.pages) >= 2
    for page in reader.pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            desc = font.get_object()
            if desc.get("/Subtype") == "/Type0":
                desc = desc["/DescendantFonts"][0].get_object()
            fd = desc.get("/FontDescriptor")
            assert fd is None or any(k in fd.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return data


def test_blank_form_from_the_templates_page(qtbot, window, crew, tmp_path):
    window.show_page("templates")
    page = window.page("templates")
    page.load_template("toll-window")
    assert page.form_button.isVisible() and page.form_button.isEnabled()
    click(qtbot, page.form_button)
    qtbot.waitUntil(lambda: bool(page.form_previews) and page.form_previews[-1].isVisible(), timeout=60_000)
    dialog = page.form_previews[-1]
    assert dialog.windowTitle() == "空白检查表-收费站文明服务窗口建设检查表.pdf"
    preview = dialog.findChild(PdfPreview)
    assert preview.page_count() >= 2
    buttons = save_through_dialog(qtbot, preview, tmp_path / "空白表.pdf")
    assert "保存(&S)" in buttons or "保存" in buttons
    assert "取消" in buttons
    _read_back(tmp_path / "空白表.pdf", templates.latest(crew.store, "toll-window"))
    dialog.close()


def test_blank_form_from_the_new_inspection_dialog(qtbot, window, crew, tmp_path):
    dialog = window.new_inspection()
    qtbot.waitUntil(dialog.isVisible)
    dialog.template.setCurrentIndex(dialog.template.findData("civilized-city"))
    click(qtbot, dialog.form_button)
    preview_window = dialog.form_preview
    assert preview_window is not None and preview_window.parent() is window  # outlives the dialog
    preview = preview_window.findChild(PdfPreview)
    save_through_dialog(qtbot, preview, tmp_path / "city.pdf")
    _read_back(tmp_path / "city.pdf", templates.latest(crew.store, "civilized-city"))
    assert dialog.isVisible()  # still choosing: nothing was created
    dialog.reject()
    preview_window.close()
