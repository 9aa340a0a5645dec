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
    _remove_plain_key_file(store)
    return store


def _remove_plain_key_file(store: Store) -> None:
    """Delete the unencrypted document-signing key of earlier versions: PDFs are signed by their
    printer's own key now, and no private key may lie in the home folder in the clear. (Here,
    not in services.trust: opening a home at start must not load the signature libraries.)"""
    old = store.home / "keys" / "documents.pem"
    if old.exists():
        old.unlink()
        try:
            old.parent.rmdir()
        except OSError:
            pass  # the folder holds something else too (documents.crt): left as it is
