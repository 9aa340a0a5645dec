"""空白检查表 from the screens: the templates page and the new-inspection dialog open the blank
printable form of a checklist in the PDF preview (另存为…, 打印…), rendered by the same form
renderer as ``civdesk form``. The first document on a machine prepares the Chinese fonts (a few
seconds, once), so the wait cursor shows meanwhile."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from ..refusals import explain
from ..session import Session


def tr(text: str) -> str:
    return QCoreApplication.translate("BlankForm", text)


def button_text() -> str:
    return tr("空白检查表…")


def open_blank_form(session: Session, template_id: str, parent: QWidget) -> QDialog | None:
    """The blank form of the latest version of ``template_id`` in a preview window, or None (the
    reason shown) when it cannot be rendered."""
    from ...reports.fonts import FontError
    from ...services import documents
    from ...services.errors import NotFound
    from ..pdf_preview import PdfPreview

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        rendered = documents.render_form(session.store, template_id)
    except (documents.DocumentError, FontError, NotFound, OSError) as e:
        QApplication.restoreOverrideCursor()
        QMessageBox.warning(parent, tr("无法生成空白检查表"), explain(e))
        return None
    QApplication.restoreOverrideCursor()
    title = getattr(rendered.doc, "title", template_id)
    return PdfPreview.show_document(rendered.pdf, tr("空白检查表-{0}.pdf").format(title), parent)
