"""Pages that refresh from the database when shown, and right away on a change while visible: a
hidden page only remembers that it is out of date (refreshing every page on every change would
make each answer saved in the walkthrough cost as much as all the lists together)."""

from __future__ import annotations


class RefreshWhenShown:
    """Mixin for a QWidget with ``refresh()``. ``session.changed`` connects to ``_on_changed``
    (every change counts) or to a page's own handler that calls ``mark_dirty`` for the changes
    it shows."""

    _dirty = True

    def mark_dirty(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def _on_changed(self, change) -> None:
        self.mark_dirty()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()
