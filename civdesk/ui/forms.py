"""Building blocks the screens share, so that a side card or a small dialog looks and behaves the
same everywhere:

- ``DetailCard``: the card beside a list (review, 整改) — a message line for what an action did or
  why it was refused, an optional heading, and the current item's title; the caller adds the rest
  to ``box``.
- ``FormDialog``: a small dialog — the caller fills ``body``, an error line under it, 取消 and an OK
  button (``ok_button``, whose ``clicked`` is the caller's to connect); ``show_error`` says what is
  wrong and keeps the dialog open.
- ``set_message``: one label as an error (red) or a confirmation (green), hidden when empty.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


def message_line() -> QLabel:
    """A word-wrapped line for a message, hidden until there is one."""
    label = QLabel()
    label.setWordWrap(True)
    label.hide()
    return label


def error_line() -> QLabel:
    """A message line styled as an error (``fieldError``)."""
    label = message_line()
    label.setObjectName("fieldError")
    return label


def set_message(label: QLabel, text: str, ok: bool = False) -> None:
    """Show ``text`` in ``label`` as a confirmation (``ok``) or an error; empty hides it."""
    label.setObjectName("fieldOk" if ok else "fieldError")
    label.style().unpolish(label)
    label.style().polish(label)
    label.setText(text)
    label.setVisible(bool(text))


class DetailCard(QFrame):
    """The card beside a list: ``message``, then ``heading`` (if given) and ``item_title``; the caller
    adds the rest to ``box``."""

    def __init__(self, min_width: int, heading: QWidget | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.setMinimumWidth(min_width)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(14, 10, 14, 10)
        self.message = message_line()
        self.item_title = QLabel()
        self.item_title.setWordWrap(True)
        self.item_title.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.box.addWidget(self.message)
        if heading is not None:
            self.box.addWidget(heading)
        self.box.addWidget(self.item_title)

    def show_message(self, text: str, ok: bool = False) -> None:
        set_message(self.message, text, ok)


class FormDialog(QDialog):
    """``body`` (filled by the caller), an error line, then 取消 and ``ok_button`` labelled ``ok_text``."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None, *, min_width: int = 460):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.body = QVBoxLayout()
        self.error = error_line()
        self.ok_button = QPushButton(ok_text)
        self.ok_button.setObjectName("primary")
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.body)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(min_width)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
