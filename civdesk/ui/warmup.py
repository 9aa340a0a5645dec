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
    screens_loaded.clear()

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
        else:
            screens_loaded.set()

    QTimer.singleShot(WARM_AFTER_MS, step)


# Set once later() is through its list: a background load that would import the same compiled
# modules waits for it (they are on that list to be initialised on the GUI thread, not beside it).
screens_loaded = threading.Event()
screens_loaded.set()  # no later() yet: nothing to wait for


YIELD_S = 0.002  # before each module a background load imports

# The threads inside gently(). Their pause is taken in an audit hook on the "import" event, which
# Python raises before it looks a module up, holding no lock: a meta-path finder is asked under
# the interpreter's global import lock, so a pause there held up every other thread's imports
# (the window waited 100–300 ms for a module of its own while the documents loaded).
_GENTLE: set[int] = set()
_hooked = False


BEAT_MS = 10  # the heartbeat's interval on the GUI thread
BUSY_S = 0.025  # no beat for this long: the GUI thread is at work (building a page, a query…)
HOLD_MAX_S = 0.25  # the longest a background import waits for the GUI thread to be free
_last_beat = [0.0]
_beating = [False]
_hold_timed_out = [0.0]  # when a hold last ran out: the GUI thread may be waiting on the runner


def _pause() -> None:
    """Before a background import: give the GIL away, and while a heartbeat runs and the GUI
    thread is at work, wait for it to finish (a page builds at full speed instead of sharing the
    interpreter with the import). Bounded: the GUI thread may itself be waiting for a module this
    thread is halfway through, and then holds would only add up, so after one runs out none are
    made for a second."""
    time.sleep(YIELD_S)
    if not _beating[0] or time.monotonic() - _hold_timed_out[0] < 1.0:
        return
    end = time.monotonic() + HOLD_MAX_S
    while time.monotonic() - _last_beat[0] > BUSY_S:
        if time.monotonic() > end:
            _hold_timed_out[0] = time.monotonic()
            return
        time.sleep(YIELD_S)


def _beat() -> None:
    _last_beat[0] = time.monotonic()


def heartbeat(owner) -> QTimer:
    """Start the GUI thread's heartbeat (a timer tied to ``owner``) that background imports wait
    on; ``stop_heartbeat`` ends it."""
    timer = QTimer(owner)
    timer.setInterval(BEAT_MS)
    timer.timeout.connect(_beat)
    # Gone with its owner (a window closed while the documents load): nothing beats any more.
    timer.destroyed.connect(lambda: _beating.__setitem__(0, False))
    _beat()
    _beating[0] = True
    timer.start()
    return timer


def stop_heartbeat(timer: QTimer) -> None:
    _beating[0] = False
    timer.stop()
    timer.deleteLater()


def _on_audit(event: str, args: tuple) -> None:
    if _GENTLE and event == "import" and threading.get_ident() in _GENTLE:
        _pause()


def gently(work):
    """Run ``work()`` (on a worker thread) with every module it imports preceded by a short sleep.

    An import holds the GIL for as long as a module's top level runs, and a library's first
    import runs hundreds of them back to back: loading ReportLab and pyHanko on the runner stalled
    the window for up to 0.5 s in a row. Yielding between modules leaves the GUI thread at most
    one module's time (≤ ~60 ms: a C extension's initialisation), at the price of a slower
    background load (~3 s instead of ~1 s). The audit hook stays (Python cannot remove one); it
    does nothing for a thread outside gently()."""
    global _hooked
    if not _hooked:
        sys.addaudithook(_on_audit)
        _hooked = True
    me = threading.get_ident()
    _GENTLE.add(me)
    try:
        return work()
    finally:
        _GENTLE.discard(me)
