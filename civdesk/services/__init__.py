"""CivDesk's use cases: one function per thing a user does, with permissions, transactions, audit.

The GUI (civdesk/ui) and the command line (civdesk/cli/) both call these and nothing below.
"""

from __future__ import annotations

from pathlib import Path

from ..store import Store
from . import templates


def open_home(home: Path | str) -> Store:
    """Open (or create) a home folder's database and make sure the built-in checklists are there."""
    store = Store(home)
    templates.install_builtin(store)
    from . import trust

    trust.remove_plain_key_file(store)
    return store
