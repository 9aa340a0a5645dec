"""Opening CivDesk's SQLite database: checks before touching the file, pragmas, migrations, writes.

Durability, chosen on purpose: WAL journal with ``synchronous=FULL``. WAL lets the list screens
read while an answer is written; FULL makes every commit reach the disk before CivDesk reports
an answer saved, so not even a power cut on a station PC loses an acknowledged answer (NORMAL
would only survive a crash of CivDesk itself). The cost is one fsync per save, measured in
benchmarks/bench_store.py.

Every write goes through ``Store.write()`` (BEGIN IMMEDIATE: the write lock is taken up front, so
two CivDesk processes on one home wait for each other instead of failing half-way).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ..domain.audit import GENESIS, canonical_json, entry_hash
from ..domain.errors import CivDeskError
from . import attachments, modes, seals
from .version import SCHEMA_VERSION

if TYPE_CHECKING:  # sqlite-utils is imported on first use (start-up time)
    from sqlite_utils import Database

DB_NAME = "civdesk.db"
BUSY_TIMEOUT_MS = 5000
_MAGIC = b"SQLite format 3\x00"


class StoreError(CivDeskError, RuntimeError):
    """The database cannot be used; the message says which file and why."""


def now() -> str:
    """UTC timestamp with microseconds, the one time format stored everywhere."""
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="microseconds")


def check_file(path: Path) -> None:
    """Refuse a file that is not an SQLite database or is cut short, without writing to it."""
    if not path.exists():
        return
    size = path.stat().st_size
    if size == 0:
        return  # an empty file is a fresh database
    with open(path, "rb") as f:
        header = f.read(100)
    if len(header) < 100 or not header.startswith(_MAGIC):
        raise StoreError("db.civdesk_database_sqlite_file", path=path)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The in-header size is valid when the "version-valid-for" number matches the change counter,
    # and only without WAL content: a checkpoint cut short (power cut, SIGKILL) may have written the
    # new first page before the file grew; the WAL still holds every page and SQLite completes it.
    wal = path.with_name(path.name + "-wal")
    wal_content = wal.exists() and wal.stat().st_size > 0
    if header[92:96] == header[24:28] and pages and size < pages * page_size and not wal_content:
        raise StoreError("db.truncated_bytes_header_says", path=path, size=size, value=pages * page_size)


class Store:
    """One home folder: the database file, content-addressed attachments and backups."""

    def __init__(self, home: Path | str, *, migrate: bool = True):
        self.home = Path(home)
        self.path = self.home / DB_NAME
        check_file(self.path)
        self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not self.path.exists() and modes.ACTIVE:
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))  # SQLite gives its WAL the same mode
        modes.tighten(self.home, DB_NAME)
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=True)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as e:
            raise StoreError("db.cannot_opened", path=self.path, e=e) from None
        if mode.lower() != "wal":
            raise StoreError("db.could_switch_wal_journal", path=self.path, mode=mode)
        self._conn = conn
        self._db: Database | None = None
        self._pending: list[dict[str, Any]] = []
        self._writing = False
        self._tables: dict[str, seals.Table] = {}
        self._schema_unsealed = False
        # Why writes are refused for now (None: they are not): the start-up check of a large
        # database still running after the window showed (services/startup_check.py).
        self.writes_held: str | None = None
        # PRAGMA user_version says which schema the file has; only when it is behind do we load
        # sqlite-utils and the migrations (which keeps ~100 ms of imports off every start).
        if migrate and conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            from .schema import SCHEMA_MIGRATIONS

            try:
                pending = SCHEMA_MIGRATIONS.pending(self.db)
                if pending:
                    before = seals.covered(conn)
                    was_sealing = self._audit_has_seal()
                    if was_sealing:
                        seals.install(conn, before)  # rows a migration rewrites are sealed with it
                    # Under the write lock: a second CivDesk starting on the same home at the same
                    # moment waits, then finds nothing pending (each migration nests as a savepoint).
                    conn.execute("BEGIN IMMEDIATE")
                    try:
                        if SCHEMA_MIGRATIONS.pending(self.db):
                            SCHEMA_MIGRATIONS.apply(self.db)
                            self._seal_migration(before, was_sealing, [m.name for m in pending])
                        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                    except BaseException:
                        if conn.in_transaction:
                            conn.execute("ROLLBACK")
                        raise
                    conn.execute("COMMIT")
                else:
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            except sqlite3.DatabaseError as e:
                conn.close()
                raise StoreError("db.cannot_used", path=self.path, e=e) from None
        if self._audit_has_seal():
            self._tables = seals.covered(conn)
            seals.install(conn, self._tables)
            # A new home's schema is sealed with its first entry (its first user, its checklists),
            # so the log of a new home starts with what someone did, not with bookkeeping.
            self._schema_unsealed = not conn.execute("SELECT EXISTS (SELECT 1 FROM audit)").fetchone()[0]

    def _audit_has_seal(self) -> bool:
        return any(r[1] == "seal" for r in self._conn.execute("PRAGMA main.table_info(audit)"))

    def _seal_migration(self, before: dict[str, Any], was_sealing: bool, names: list[str]) -> None:
        """Seal what the migrations wrote: every row the first time a home is sealed (its
        baseline), else the rows of tables the migrations added and the rows they rewrote."""
        after = seals.covered(self._conn)
        self._tables = after
        if not was_sealing:
            touched = {t: seals.all_keys(self._conn, after[t]) for t in after}
        else:
            touched = seals.take_touched(self._conn)
            for t in after:
                if t not in before or after[t].cols[: len(before[t].cols)] != before[t].cols or t == seals.SCHEMA.name:
                    touched[t] = seals.all_keys(self._conn, after[t])  # new, or rebuilt in another order
        touched = {t: keys for t, keys in touched.items() if keys and t in after}
        if (
            set(touched) <= {seals.SCHEMA.name}
            and not self._conn.execute("SELECT EXISTS (SELECT 1 FROM audit)").fetchone()[0]
        ):
            return  # a new, empty home: its schema is sealed with its first entry
        if touched:
            self._pending = [
                self._entry(None, "schema.migrate", "home", None, {"migrations": names, "baseline": not was_sealing})
            ]
            self._flush(touched)

    @property
    def db(self) -> Database:
        """The sqlite-utils view of the connection (imported on first use)."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self._conn)
        return self._db

    @property
    def conn(self) -> sqlite3.Connection:
        return self._conn

    @property
    def attachments_dir(self) -> Path:
        return self.home / attachments.ROOT_NAME

    def close(self) -> None:
        """Close; rows written outside ``write()`` (autocommit) are sealed first."""
        try:
            if self._tables and not self.conn.in_transaction and seals.has_touched(self.conn):
                with self.write():
                    pass
        except sqlite3.Error:
            pass  # a damaged or read-only file: nothing more can be recorded
        self.conn.close()
        self.closed = True

    closed = False  # set by close(): work finished on another thread after that is dropped

    # ------------------------------------------------------------------ reads and writes

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql, params)
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def one(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Any = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; nested calls join the outer one.

        Its audit entries are appended at commit, the last one carrying the seals of every row
        the transaction wrote (a transaction that wrote rows without an entry gets one)."""
        conn = self.conn
        if conn.in_transaction:
            yield conn
            return
        if self.writes_held is not None:
            raise StoreError(self.writes_held)
        conn.execute("BEGIN IMMEDIATE")
        self._writing, self._pending = True, []
        try:
            yield conn
            self._flush(seals.take_touched(conn) if self._tables else {})
        except BaseException:
            self._pending = []
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            self._writing = False
        conn.execute("COMMIT")

    def insert(self, table: str, row: dict[str, Any]) -> int:
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cur = self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(row.values()))
        return cast(int, cur.lastrowid)  # set by every INSERT

    def update(self, table: str, pk: int, changes: dict[str, Any]) -> None:
        sets = ", ".join(f"{k} = ?" for k in changes)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*changes.values(), pk))

    # ------------------------------------------------------------------ audit chain

    def audit(self, user_id: int | None, action: str, entity: str, entity_id: Any, detail: dict[str, Any]) -> None:
        """Append one hash-chained audit entry (at commit); must run inside ``write()``."""
        assert self.conn.in_transaction, "audit entries are written with the change they record"
        self._pending.append(self._entry(user_id, action, entity, entity_id, detail))
        if not self._writing:  # a transaction not opened by write(): no commit hook, append now
            self._flush(seals.take_touched(self.conn) if self._tables else {})

    @staticmethod
    def _entry(user_id: int | None, action: str, entity: str, entity_id: Any, detail: dict[str, Any]) -> dict[str, Any]:
        return {
            "at": now(),
            "user_id": user_id,
            "action": action,
            "entity": entity,
            "entity_id": None if entity_id is None else str(entity_id),
            "detail": canonical_json(detail),
        }

    SEALS_PER_ENTRY = 2000

    def _flush(self, touched: dict[str, list[str]]) -> None:
        """Append the pending entries; the seals of ``touched`` go on the last (and, past
        SEALS_PER_ENTRY rows, on further ``data.seal`` entries)."""
        if self._schema_unsealed and (touched or self._pending):
            touched = {**touched, seals.SCHEMA.name: seals.all_keys(self.conn, seals.SCHEMA)}
            self._schema_unsealed = False
        chunks: list[dict[str, Any]] = []
        size = self.SEALS_PER_ENTRY
        for tbl, keys in touched.items():
            t = self._tables[tbl]
            found = seals.seals_of(self.conn, t, keys)
            for key in keys:
                if not chunks or size >= self.SEALS_PER_ENTRY:
                    chunks.append({})
                    size = 0
                # "c": how many of the table's columns (in declared order) the seals cover; a
                # migration only appends columns, and one that rebuilds a table reseals it.
                chunks[-1].setdefault(tbl, {"c": len(t.cols), "r": {}})["r"][key] = found[key]
                size += 1
        entries, self._pending = self._pending, []
        if chunks and not entries:
            entries = [self._entry(None, "data.seal", "data", None, {"tables": sorted(touched)})]
        while len(chunks) > 1:  # the first chunks on entries of their own, the last on the entry
            entries.insert(
                len(entries) - 1,
                dict(self._entry(None, "data.seal", "data", None, {"tables": sorted(chunks[0])}), seal=chunks.pop(0)),
            )
        if chunks:
            entries[-1] = dict(entries[-1], seal=chunks[0])
        for e in entries:
            self._append(e)

    def _append(self, entry: dict[str, Any]) -> None:
        last = self.conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        entry = dict(entry, seq=(last[0] + 1) if last else 1, prev_hash=last[1] if last else GENESIS)
        if entry.get("seal") is not None:
            entry["seal"] = canonical_json(entry["seal"])
        else:
            entry.pop("seal", None)
        entry["hash"] = entry_hash(entry)
        self.insert("audit", entry)

    def audit_entries(self) -> Iterator[dict[str, Any]]:
        seal = ", seal" if self._tables else ""
        cur = self.conn.execute(
            f"SELECT seq, at, user_id, action, entity, entity_id, detail, prev_hash, hash{seal} FROM audit ORDER BY seq"
        )
        cols = [c[0] for c in cur.description]
        for row in cur:
            yield dict(zip(cols, row))

    # ------------------------------------------------------------------ settings

    def get_setting(self, key: str, default: Any = None) -> Any:
        raw = self.scalar("SELECT value FROM settings WHERE key = ?", (key,))
        return default if raw is None else json.loads(raw)

    def set_setting(self, key: str, value: Any) -> None:
        with self.write():
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )


def default_home() -> Path:
    """--home, else CIVDESK_HOME, else where Settings moved the data folder to (a one-line file in
    the platform's config folder), else the platform's user data folder."""
    env = os.environ.get("CIVDESK_HOME")
    if env:
        return Path(env)
    from platformdirs import user_config_dir, user_data_dir

    pointer = Path(user_config_dir("CivDesk", appauthor=False)) / "home-location.txt"
    try:
        moved = pointer.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        moved = ""
    if moved and (Path(moved) / DB_NAME).is_file():
        return Path(moved)
    return Path(user_data_dir("CivDesk", appauthor=False))
