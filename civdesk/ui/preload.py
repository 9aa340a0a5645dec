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
    status bar's sync and backups, the idle lock and the start-up checks (a no-op once loaded). The password check
    takes longer than this, so all of it is off the path to the first paint."""
    from ..services import dashboard, my_work  # noqa: F401
    from . import account, main_window, start_check  # noqa: F401
    from .dashboard import hub_figures, page  # noqa: F401
    from .settings import backups, sync_section  # noqa: F401
