"""The main window's code, loaded while the login dialog checks the password.

Nothing the login dialog needs imports the main window, so the dialog appears sooner after
start. When the user presses Enter, ``services.accounts.authenticate`` computes the password
hash on a worker thread (hashlib.scrypt releases the GIL) and this import runs beside it: about
40 ms of loading the main window and its home page overlap the 50 ms password check instead of
following it. It reads no data, so it is the same for every user, right password or wrong.
"""

from __future__ import annotations


def main_window_code() -> None:
    """Import the main window and the page it opens on (a no-op once they are loaded)."""
    from . import main_window  # noqa: F401
    from .dashboard import page  # noqa: F401
