"""Home files readable by their owner only (POSIX): folders 0700, files 0600.

The database holds password hashes, signing keys and every answer; the home folder being 0700
already keeps other local users out, and files are 0600 as well so a copy or a loosened folder
does not open them. Existing homes are tightened when CivDesk opens them. On Windows the user
profile's ACLs do this job and nothing here runs.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

ACTIVE = os.name == "posix"
SUBFOLDERS = ("attachments", "backups", "keys", "locks")


def _loose(path: Path) -> bool:
    return bool(stat.S_IMODE(path.stat().st_mode) & 0o077)


def private_file(path: Path | str) -> None:
    if ACTIVE:
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass  # a FAT-formatted USB stick has no modes to set


def private_folder(path: Path | str) -> None:
    if ACTIVE:
        try:
            os.chmod(path, 0o700)
        except OSError:
            pass


def tighten(home: Path, db_name: str) -> None:
    """The home folder, its database files and its subfolders; a subfolder that was open to
    others has everything beneath it tightened once (later files are made private)."""
    if not ACTIVE or not home.is_dir():
        return
    if _loose(home):
        private_folder(home)
    for suffix in ("", "-wal", "-shm"):
        p = home / (db_name + suffix)
        if p.exists() and _loose(p):
            private_file(p)
    for name in SUBFOLDERS:
        folder = home / name
        if not folder.is_dir() or not _loose(folder):
            continue
        for root, _dirs, names in os.walk(folder):
            private_folder(root)
            for n in names:
                private_file(Path(root) / n)
