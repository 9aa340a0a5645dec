"""Keeping a home healthy: ``check`` (integrity, audit chain, attachments), backup and restore."""

from __future__ import annotations

import datetime as _dt
import shutil
import sqlite3
from pathlib import Path

from ..domain.audit import first_broken
from ..store import DB_NAME, Store, StoreError
from ..store import attachments as files
from ..store.db import check_file
from .errors import InputError


def check(store: Store) -> list[str]:
    """Every problem found; an empty list means the home is sound."""
    problems = []
    rows = [r[0] for r in store.conn.execute("PRAGMA integrity_check")]
    if rows != ["ok"]:
        problems += [f"integrity: {r}" for r in rows[:10]]
    for table, rowid, parent, _ in store.conn.execute("PRAGMA foreign_key_check"):
        problems.append(f"foreign key: {table} row {rowid} points at a missing {parent}")
    broken = first_broken(store.audit_entries())
    if broken:
        problems.append(f"audit chain broken at entry {broken[0]}: {broken[1]}")
    from .signing import verify_frozen

    problems += verify_frozen(store)
    for (sha,) in store.conn.execute("SELECT DISTINCT sha256 FROM attachments"):
        if not files.verify(store.attachments_dir, sha):
            problems.append(f"attachment {sha[:12]}… is missing or altered")
    return problems


def backup(store: Store, dest: Path | str) -> Path:
    """A consistent copy of the database through SQLite's backup API (safe while CivDesk runs)."""
    dest = Path(dest)
    if dest.exists():
        raise InputError(f"{dest} already exists; choose a new file name")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    target = sqlite3.connect(tmp)
    try:
        store.conn.backup(target)
    finally:
        target.close()
    tmp.replace(dest)
    return dest


def _verify_backup(path: Path) -> None:
    try:
        check_file(path)
    except StoreError as e:
        raise InputError(str(e)) from None
    try:
        # Read-only and immutable: nothing (no -wal/-shm) is written beside a backup on a USB stick;
        # as_uri() escapes names holding '#' or '?'.
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise InputError(f"{path} is not a usable backup: {e}") from None
    if result != ["ok"]:
        raise InputError(f"{path} fails its integrity check: {result[0]}")
    if not {"inspections", "answers", "audit"} <= tables:
        raise InputError(f"{path} is not a CivDesk backup (no CivDesk tables)")


def restore(home: Path | str, src: Path | str) -> Path | None:
    """Replace the home's database with a checked backup; the replaced file is kept beside it.

    Call with no Store open on ``home``. Returns the path the old database was moved to.
    """
    home, src = Path(home), Path(src)
    if not src.is_file():
        raise InputError(f"{src}: no such file")
    _verify_backup(src)
    db = home / DB_NAME
    home.mkdir(parents=True, exist_ok=True)
    kept = None
    if db.exists():
        # Fold any WAL content into the old file before it is set aside.
        try:
            c = sqlite3.connect(db)
            c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            c.close()
        except sqlite3.DatabaseError:
            pass
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = home / f"{DB_NAME}.replaced-{stamp}"
        n = 1
        while kept.exists():  # a second restore within the same second must not overwrite the first
            n += 1
            kept = home / f"{DB_NAME}.replaced-{stamp}-{n}"
        db.replace(kept)
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    tmp = home / (DB_NAME + ".restoring")
    shutil.copyfile(src, tmp)
    tmp.replace(db)
    return kept
