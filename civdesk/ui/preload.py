"""The main window's code, loaded while the login dialog checks the password.

Nothing the login dialog needs imports the main window, so the dialog appears sooner after
start. When the user presses Enter, ``services.accounts.authenticate`` computes the password
hash on a worker thread (hashlib.scrypt releases the GIL) and this import runs beside it: some
35 ms of loading the main window, its home page and their services overlap the 60 ms password
check instead of following it. It reads no data, so it is the same for every user, right password or wrong.
"""

from __future__ import annotations


def main_window_code() -> None:
    """Import the main window, the page it opens on and the code of that page's figures, the
    status bar's sync and the start-up checks (a no-op once they are loaded). The password check
    takes longer than this, so all of it is off the path to the first paint."""
    from ..services import dashboard, my_work  # noqa: F401
    from . import main_window, start_check  # noqa: F401
    from .dashboard import hub_figures, page  # noqa: F401
    from .settings import sync_section  # noqa: F401


# The screens a person opens next, in the order they usually do, each after the larger pieces it
# is built on. Loading a screen's code cost 10–40 ms (opening the first inspection spent more on
# it than on building its page), so it loads while the window sits idle after start, one
# module a tick, each a pause of at most some 20 ms.
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
)
WARM_AFTER_MS = 150  # the first paint is done by then (the window shows some 60 ms after it is made)
WARM_GAP_MS = 5  # between two imports: the window paints and takes input in between


def next_screens_later(owner, modules: tuple[str, ...] = NEXT_SCREENS) -> None:
    """Import ``modules`` on the GUI thread, one per timer tick, starting WARM_AFTER_MS from now;
    stops with ``owner`` (a QObject). Not on a worker thread: an import holds the GIL all the same,
    and Qt classes are best first touched on the thread that uses them."""
    import importlib
    import sys

    from PySide6.QtCore import QTimer

    pending = list(modules)

    def step() -> None:
        while pending:
            name = pending.pop(0)
            if name not in sys.modules:
                importlib.import_module(name)
                break
        if pending:
            QTimer.singleShot(WARM_GAP_MS, owner, step)

    QTimer.singleShot(WARM_AFTER_MS, owner, step)
