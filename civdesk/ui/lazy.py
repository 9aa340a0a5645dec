"""The one base for pages that refresh from the database when shown, and at once on a change while
visible: a hidden page only remembers that it is out of date (refreshing every page on every change
would make each answer saved in the walkthrough cost as much as all the lists together).

Every page of the main window uses it. A page says which changes concern it (``affected``): all of
it (reloaded when next seen), some rows of it (re-read at once when it is loaded, ``refresh_rows``),
or nothing. A page never hears about a change from another page's widgets, only from the
``Session.changed`` broadcast (ops.py).
"""

from __future__ import annotations

from collections.abc import Collection

from .session import Change, Session


class LazyPage:
    """Mixin for a QWidget page with ``refresh()`` (read everything it shows). Call ``listen`` once
    built; override ``affected`` (default: every change from elsewhere reloads the page) and, for
    pages that re-read single rows, ``refresh_rows``."""

    _dirty = True

    def listen(self, session: Session) -> None:
        session.changed.connect(self._on_changed)

    def affected(self, change: Change) -> bool | Collection:
        """True: the whole page is out of date; a collection of keys: only those rows; False: nothing."""
        return change.source is not self

    def refresh_rows(self, keys: Collection) -> None:
        self.mark_dirty()

    def _on_changed(self, change: Change) -> None:
        what = self.affected(change)
        if what is True:
            self.mark_dirty()
        elif what and not self._dirty:
            self.refresh_rows(what)

    def mark_dirty(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.reload()

    def mark_loaded(self) -> None:
        """The page loaded itself (a filter changed): it is up to date."""
        self._dirty = False

    def reload(self) -> None:
        self._dirty = False
        self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.reload()
