"""Shared set-up for CivDesk's read-only lists: whole rows selected, no in-place editing."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget


def read_only_rows(
    view: QAbstractItemView,
    *,
    selection: QAbstractItemView.SelectionMode = QAbstractItemView.SelectionMode.SingleSelection,
    stripes: bool = True,
) -> None:
    """Rows are picked whole and never edited in place (changes go through dialogs and services)."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(selection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(stripes)


def plain_table(headers: list[str]) -> QTableWidget:
    """A small read-only table of whole rows, its last column stretched, no wrapping."""
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    read_only_rows(t, stripes=False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setStretchLastSection(True)
    t.setWordWrap(False)
    return t
