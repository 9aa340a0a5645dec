"""A table model that is a window onto a query rather than a copy of its result.

On reset it reads the count and the first page; the view asks for more as it scrolls
(canFetchMore/fetchMore, one page at a time); a change re-reads only the rows it names and
updates them in place, or takes out those that no longer pass the filters. The model holds the rows
as read (dicts, or a service's frozen dataclasses) and the display strings, worked out the first
time a row is painted (a reset on every keystroke of a search formats the few rows on screen, not
the whole page), so painting reads no database.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
# Plain ints: the view asks data() some 1,500 times a paint (every cell, every role), so the
# roles are compared without going through the enum each time.
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
Row = TypeVar("Row")  # what a subclass's rows are: dicts, or a service's frozen dataclass


class PagedTableModel(QAbstractTableModel, Generic[Row]):
    """Subclasses say how to read (``fetch_count``, ``fetch_page``, ``fetch_rows``) and show
    (``display``, ``columns``) a row; this class does the paging and the updating."""

    PAGE = 200
    KEY_ROLE = Qt.ItemDataRole.UserRole
    # The roles ``extra_data`` answers (None: it is asked every role); the others are None at once.
    EXTRA_ROLES: frozenset[int] | None = None

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Row] = []
        self._display: list[tuple | None] = []  # None: not painted yet
        self.total = 0
        self.capped = False  # the count stopped at a cap: there are more rows than ``total``

    # ------------------------------------------------------------------ for subclasses

    def columns(self) -> int:
        raise NotImplementedError

    def fetch_count(self) -> int | tuple[int, bool]:
        """The number of rows, or (a count up to a cap, True when there are more)."""
        raise NotImplementedError

    def fetch_page(self, offset: int, limit: int) -> list[Row]:
        raise NotImplementedError

    def fetch_rows(self, keys: Sequence[Hashable]) -> dict[Hashable, Row]:
        """The rows of ``keys`` that still pass the filters (the others are left out)."""
        raise NotImplementedError

    def display(self, row: Row) -> tuple:
        raise NotImplementedError

    def key(self, row: Row) -> Hashable:
        return row["id"]  # type: ignore[index]  # dict rows; dataclass rows say their own key

    # ------------------------------------------------------------------ paging

    def reset(self) -> None:
        """Read the count and the first page again (filters or sort changed)."""
        total = self.fetch_count()
        total, capped = total if isinstance(total, tuple) else (total, False)
        rows = self.fetch_page(0, self.PAGE) if total else []
        self.beginResetModel()
        self.rows = rows
        self._display = [None] * len(rows)
        self.total, self.capped = max(total, len(rows)), capped
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and (len(self.rows) < self.total or self.capped)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        more = self.fetch_page(len(self.rows), self.PAGE)
        if len(more) < self.PAGE and self.capped:
            self.capped = False  # the end is in sight: the count is now exact
            self.total = len(self.rows) + len(more)
        if not more:
            self.total = len(self.rows)  # rows went away since the count
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self.rows += more
        self._display += [None] * len(more)
        self.total = max(self.total, len(self.rows))
        self.endInsertRows()

    def fetch_to(self, row: int) -> None:
        """Read pages until ``row`` is loaded (or there are no more)."""
        while row >= len(self.rows) and self.canFetchMore():
            before = len(self.rows)
            self.fetchMore()
            if len(self.rows) == before:
                break

    def row_of(self, key: Hashable) -> int | None:
        """The loaded row of ``key`` (None: not loaded or not in the list)."""
        return next((n for n, r in enumerate(self.rows) if self.key(r) == key), None)

    # ------------------------------------------------------------------ changes

    def refresh_keys(self, keys: Sequence[Hashable]) -> None:
        """Re-read the loaded rows of ``keys``: changed ones are updated in place, ones that no
        longer pass the filters are taken out. Rows not loaded yet are read when scrolled to."""
        wanted = set(keys)
        loaded = [(n, self.key(r)) for n, r in enumerate(self.rows) if self.key(r) in wanted]
        if not loaded:
            return
        got = self.fetch_rows([k for _, k in loaded])
        last = self.columnCount() - 1
        for n, k in reversed(loaded):  # from the bottom, so removals keep the other indexes
            if k in got:
                self.rows[n] = got[k]
                self._display[n] = None
                self.dataChanged.emit(self.index(n, 0), self.index(n, last))
            else:
                self.beginRemoveRows(QModelIndex(), n, n)
                del self.rows[n]
                del self._display[n]
                self.total -= 1
                self.endRemoveRows()

    # ------------------------------------------------------------------ Qt's model interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.columns()

    def data(self, index: Index, role: int = DISPLAY):
        if role == DISPLAY:
            n = index.row()
            if n < 0:
                return None
            shown = self._display[n]
            if shown is None:
                shown = self._display[n] = self.display(self.rows[n])
            return shown[index.column()]
        if role == self.KEY_ROLE:
            return self.key(self.rows[index.row()]) if index.isValid() else None
        if (self.EXTRA_ROLES is not None and role not in self.EXTRA_ROLES) or not index.isValid():
            return None
        return self.extra_data(self.rows[index.row()], index.column(), role)

    def extra_data(self, row: Row, column: int, role: int):
        """Roles other than display and key (colours, alignment, tooltips)."""
        return None
