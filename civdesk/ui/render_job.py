"""Documents rendered off the GUI thread: the PDF is made on the operation runner's thread with
that thread's own connection to the home, with its first pages drawn there too, and the preview
window opens when it is ready, so a 36-page report never freezes the window while it is drawn."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from ..store import Store
from .pdf_preview import PdfPreview, prepare
from .worker import Operation, app_runner


def preview_later(
    parent: QWidget,
    home,
    render: Callable[[Store], Any],
    name: str,
    *,
    shown: Callable[[object], None] | None = None,
    failed: Callable[[BaseException], None] | None = None,
) -> Operation:
    """Run ``render(store)`` (returning something with ``.pdf``) on the runner; then open the
    preview under ``parent`` and pass the dialog to ``shown``; an error goes to ``failed``."""

    def work(op: Operation):
        store = Store(home, migrate=False)
        try:
            rendered = render(store)
        finally:
            store.close()
        return rendered, prepare(rendered.pdf)  # the first pages drawn here too, not on the GUI thread

    def done(result) -> None:
        rendered, prepared = result
        dialog = PdfPreview.show_document(rendered.pdf, name, parent, prepared)
        if shown:
            shown(dialog)

    return app_runner().start("render", work, home=home, done=done, error=failed, owner=parent)
