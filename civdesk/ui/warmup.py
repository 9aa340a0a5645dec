"""The code of the screens a person opens next, loaded while the main window sits idle after start.

Opening the first inspection spent more on importing its code than on building its page; a
module a timer tick after the first paint, each a pause of some 20 ms at most, takes that off
the first open. (The main window's own code loads beside the password check: preload.py.)
"""

from __future__ import annotations

import importlib
import sys
import threading
import time

from PySide6.QtCore import QTimer

# In the order a person usually opens the screens, each after the larger pieces it is built on
# (a screen's code is 10–40 ms in one piece).
NEXT_SCREENS = (
    "civdesk.ui.inspections.page",
    "civdesk.domain.template",
    "civdesk.domain.scoring",
    "civdesk.services.views",
    "civdesk.services.inspections",
    "civdesk.ui.walkthrough.page",
    "civdesk.reports.content",
    "civdesk.services.documents",
    "civdesk.ui.rectifications.page",
    "civdesk.ui.review.page",
    *(
        # The document libraries' compiled modules (each 1–15 ms here, alone). Loaded on the
        # runner beside a busy window (documents.warm, a first signature), a C extension's
        # initialisation holds the GIL: the signature library's core held it for 0.6–1.3 s.
        "cryptography.hazmat.bindings._rust",
        "lxml.etree",
        "PIL._imaging",
        "uharfbuzz._harfbuzz",
        "fontTools.misc.bezierTools",
        "multidict._multidict",
        "_decimal",
        "unicodedata",
    ),
)
WARM_AFTER_MS = 150  # the first paint is done by then (the window shows some 60 ms after it is made)
WARM_GAP_MS = 5  # between two imports: the window paints and takes input in between


def later(modules: tuple[str, ...] = NEXT_SCREENS) -> None:
    """Import ``modules`` on the GUI thread, one per timer tick, starting WARM_AFTER_MS from now.
    Not on a worker thread: an import holds the GIL all the same, and Qt classes are best first
    touched on the thread that uses them. Tied to no window (modules outlive it), and holding
    none: a window closed meanwhile goes as it would."""
    pending = list(modules)

    def step() -> None:
        while pending:
            name = pending.pop(0)
            if name not in sys.modules:
                try:
                    importlib.import_module(name)
                except ImportError:  # a library's module of another version; nothing to warm
                    continue
                break
        if pending:
            QTimer.singleShot(WARM_GAP_MS, step)

    QTimer.singleShot(WARM_AFTER_MS, step)


YIELD_S = 0.002  # between two modules imported off the GUI thread


class _Yielding:
    """A meta-path finder that finds nothing: it only gives the GIL away for a moment before
    each module the given thread imports."""

    def __init__(self, ident: int):
        self.ident = ident

    def find_spec(self, name, path, target=None):
        if threading.get_ident() == self.ident:
            time.sleep(YIELD_S)
        return None


def gently(work):
    """Run ``work()`` (on a worker thread) with every module it imports preceded by a short sleep.

    An import holds the GIL for as long as a module's top level runs, and a library's first
    import runs hundreds of them back to back: loading ReportLab and pyHanko on the runner stalled
    the window for up to 0.5 s in a row. Yielding between modules leaves the GUI thread at most
    one module's time (≤ ~60 ms: a C extension's initialisation), at the price of a slower
    background load (~3 s instead of ~1 s)."""
    finder = _Yielding(threading.get_ident())
    sys.meta_path.insert(0, finder)
    try:
        return work()
    finally:
        sys.meta_path.remove(finder)
