"""The red line under a dialog's fields that says what is wrong (style: ``#fieldError``), shared by
the login, password and lock dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def error_label() -> QLabel:
    """A hidden, word-wrapped error line; ``show_error`` fills and shows it."""
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.hide()
    return label


def show_error(label: QLabel, text: str) -> None:
    """``text`` on the line, or the line hidden when ``text`` is empty."""
    label.setText(text)
    label.setVisible(bool(text))
