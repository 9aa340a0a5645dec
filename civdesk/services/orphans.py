"""Files a home holds that nothing needs: what a process killed mid-write leaves behind.

CivDesk writes every file whole or not at all (a temporary name, then a rename), and puts a photo's
file in place before the transaction that names it. A process killed at the wrong moment (kill -9,
a power cut, during an import above all) therefore leaves two kinds of orphan, never a damaged
record:

- temporary files: ``attachments/**/.tmp-*`` (and ``*.sweeping``, of an interrupted sweep),
  ``*.part`` in the home and in ``backups/``, and the ``.restoring`` folder of an interrupted restore;
- photo files that no record names: not the database, not any backup in ``backups/`` and not a
  database set aside by a restore (``civdesk.db.replaced-*``), since restoring one of those must
  find its photos.

Only files untouched for ORPHAN_AGE count, so a CivDesk writing right now is never disturbed (a
photo file that an import finds already present is touched, see store.attachments.put_bytes).
``civdesk check`` reports both kinds and removes the temporary files; ``civdesk check --sweep``
also removes the unnamed photo files. Removal holds the database's write lock and moves each file
aside before looking at it once more, so a photo that a concurrent import has just started to use
is put back.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..messages import Line
from ..store import DB_NAME, Store
from ..store import attachments as files
from ..store import inspections as inspection_repo
from ..store import rectifications as rect_repo
from .maintenance import BACKUP_DIR

ORPHAN_AGE = 15 * 60  # seconds: far longer than writing any one file takes
_SHA = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class Orphans:
    temporary: list[Path] = field(default_factory=list)  # interrupted writes
    unnamed: list[Path] = field(default_factory=list)  # photo files no record or backup names
    removed: list[Path] = field(default_factory=list)

    @property
    def unnamed_bytes(self) -> int:
        return sum(_size(p) for p in self.unnamed)

    def lines(self, swept: bool) -> list[Line]:
        """What was found or swept, each worded in the reader's language (messages.word)."""
        out = []
        if self.temporary:
            done = sum(1 for p in self.temporary if p in self.removed)
            out.append(Line("health.orphans_temporary_removed", done=done, count=len(self.temporary)))
        if self.unnamed:
            mib = self.unnamed_bytes / 2**20
            if swept:
                done = sum(1 for p in self.unnamed if p in self.removed)
                out.append(Line("health.orphans_photos_removed", done=done, count=len(self.unnamed), mib=f"{mib:,.1f}"))
            else:
                out.append(Line("health.orphans_photos_found", count=len(self.unnamed), mib=f"{mib:,.1f}"))
        return out


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError:
        return 0


def _old(p: Path, now: float) -> bool:
    try:
        return now - p.lstat().st_mtime >= ORPHAN_AGE
    except OSError:
        return False


def _temporary(home: Path, now: float) -> list[Path]:
    found = list((home / files.ROOT_NAME).glob("*/.tmp-*")) + list((home / files.ROOT_NAME).glob("*/*.sweeping"))
    found += list(home.glob("*.part")) + list((home / BACKUP_DIR).glob("*.part"))
    if (home / ".restoring").exists():
        found.append(home / ".restoring")
    return sorted(p for p in found if _old(p, now))


def _shas(conn: sqlite3.Connection) -> set[str]:
    """Every photo the database names: attachments and rectification evidence."""
    names = set(inspection_repo.attachment_shas(conn))
    for raw in rect_repo.all_evidence(conn):
        with contextlib.suppress(ValueError, TypeError):
            names.update(s for s in json.loads(raw) if isinstance(s, str))
    return names


def _kept_databases(home: Path) -> list[Path]:
    """Databases whose photos must stay: automatic backups and those set aside by a restore."""
    kept = [p for p in (home / BACKUP_DIR).glob("*") if p.is_file() and not p.name.endswith((".part", "-wal", "-shm"))]
    kept += [p for p in home.glob(f"{DB_NAME}.replaced-*") if not p.name.endswith(("-wal", "-shm"))]
    return sorted(kept)


def _named(store: Store) -> set[str] | None:
    """Every photo named by the database or a kept database; None when one of those cannot be read
    (then no photo counts as unnamed: better to keep a stray file than lose one a backup needs)."""
    names = _shas(store.conn)
    for db in _kept_databases(store.home):
        try:
            uri = f"{db.resolve().as_uri()}?mode=ro&immutable=1"
            with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
                names |= _shas(conn)
        except sqlite3.DatabaseError:
            return None
    return names


def find(store: Store, *, now: float | None = None) -> Orphans:
    """The orphans of ``store``'s home (nothing is removed)."""
    now = time.time() if now is None else now
    found = Orphans(temporary=_temporary(store.home, now))
    named = _named(store)
    if named is None:
        return found
    root = store.attachments_dir
    for p in sorted(root.glob("*/*")):
        if _SHA.match(p.name) and p.parent.name == p.name[:2] and p.name not in named and _old(p, now):
            found.unnamed.append(p)
    return found


def sweep(store: Store, *, photos: bool, now: float | None = None) -> Orphans:
    """Find the orphans and remove the temporary ones (and, with ``photos``, the unnamed photo
    files), under the database's write lock so that no import commits meanwhile."""
    now = time.time() if now is None else now
    with store.write():
        found = find(store, now=now)
        for p in found.temporary:
            with contextlib.suppress(OSError):
                shutil.rmtree(p) if p.is_dir() else p.unlink()
                found.removed.append(p)
        if photos:
            named = _named(store) or set()
            for p in found.unnamed:
                if _remove_photo(p, named, now):
                    found.removed.append(p)
    return found


def _remove_photo(p: Path, named: set[str], now: float) -> bool:
    aside = p.with_name(p.name + ".sweeping")
    try:
        os.replace(p, aside)
    except OSError:
        return False
    # A writer that found the file present just before it was moved touched it: it stays.
    if p.name in named or not _old(aside, now):
        if not p.exists():
            os.replace(aside, p)
        else:
            aside.unlink(missing_ok=True)
        return False
    aside.unlink(missing_ok=True)
    return True
