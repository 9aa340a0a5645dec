"""Which rows a transaction wrote, and their seals (civdesk.domain.seals), for the audit chain.

Every table is covered except the audit log itself (chained on its own), the login throttle
(written on every failed login, no one's data) and SQLite's and the migrations' bookkeeping, so
a table another part of CivDesk adds later is covered without anyone remembering to.

CivDesk's own connection carries TEMP triggers that note each written row's key in a TEMP table;
a program editing the file (sqlite3 and the like) has no such triggers, so its edits reach no
seal and ``check`` names them. Keys are the table's primary key as a JSON array (``[57]``,
``["ui.language"]``, ``[3, 2]``): never a bare rowid of a table without an INTEGER PRIMARY KEY,
which VACUUM may renumber.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..domain.seals import parse_default, seal

NOT_COVERED = frozenset({"audit", "login_failures", "_sqlite_migrations"})
TOUCHED = "temp.civdesk_touched"


@dataclass(frozen=True)
class Table:
    name: str
    cols: tuple[str, ...]
    pk: tuple[str, ...]  # ("rowid",) for a table without a declared primary key
    defaults: dict[str, Any]
    where: str = ""  # rows of the table that are covered (all when empty)

    def key_sql(self, ref: str) -> str:
        return "json_array(" + ", ".join(f"{ref}.{_q(c)}" for c in self.pk) + ")"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# The schema itself (tables, indexes and, above all, the triggers that freeze signed records and
# keep the audit log append-only): only migrations change it, and they seal it again. rootpage is
# left out (VACUUM moves it), and so are SQLite's own objects.
SCHEMA = Table(
    "sqlite_master",
    ("type", "name", "tbl_name", "sql"),
    ("type", "name"),
    {},
    where="name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
)


def covered(conn: sqlite3.Connection) -> dict[str, Table]:
    """Every covered table by name, and the schema (``sqlite_master``, sealed by migrations).
    Virtual tables and their shadow tables are left out: the search index (inspection_search) is
    derived from sealed rows by triggers, and SQLite allows no triggers on a virtual table."""
    names = sorted(r[1] for r in conn.execute("PRAGMA main.table_list") if r[2] == "table")
    out = {}
    for name in names:
        if name in NOT_COVERED or name.startswith("sqlite_"):
            continue
        info = conn.execute(f"PRAGMA main.table_info({_q(name)})").fetchall()
        cols = tuple(r[1] for r in info)
        pk = tuple(r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5])) or ("rowid",)
        out[name] = Table(name, cols, pk, {r[1]: parse_default(r[4]) for r in info})
    out[SCHEMA.name] = SCHEMA
    return out


def install(conn: sqlite3.Connection, tables: dict[str, Table]) -> None:
    """The TEMP table and triggers of this connection (they vanish with it)."""
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {TOUCHED} (tbl TEXT NOT NULL, key TEXT NOT NULL, "
        "PRIMARY KEY (tbl, key)) WITHOUT ROWID"
    )
    for t in tables.values():
        if t is SCHEMA:
            continue  # no triggers on the schema: migrations seal it as a whole
        lit = "'" + t.name.replace("'", "''") + "'"
        for op, refs in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            # NOT EXISTS rather than OR IGNORE: an outer upsert's conflict rule overrides a trigger's.
            body = " ".join(
                f"INSERT INTO civdesk_touched SELECT {lit}, {t.key_sql(r)} WHERE NOT EXISTS "
                f"(SELECT 1 FROM civdesk_touched WHERE tbl = {lit} AND key = {t.key_sql(r)});"
                for r in refs
            )
            trigger = _q(f"civdesk_seal_{t.name}_{op.lower()}")
            conn.execute(
                f"CREATE TEMP TRIGGER IF NOT EXISTS {trigger} AFTER {op} ON main.{_q(t.name)} BEGIN {body} END"
            )


def take_touched(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """The keys written since the last call, by table; forgets them."""
    out: dict[str, list[str]] = {}
    for tbl, key in conn.execute(f"SELECT tbl, key FROM {TOUCHED} ORDER BY tbl, key"):
        out.setdefault(tbl, []).append(key)
    if out:
        # Not DELETE … RETURNING: SQLite then deletes row by row, ten times slower than this pair.
        conn.execute(f"DELETE FROM {TOUCHED}")
    return out


def has_touched(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute(f"SELECT EXISTS (SELECT 1 FROM {TOUCHED})").fetchone()[0])


_SELECTS: dict[tuple[str, tuple[str, ...], tuple[str, ...], str, str], str] = {}


def _select(t: Table, where: str = "") -> str:
    """The key and columns of ``t``'s covered rows, with an extra condition when given (the text
    is kept: each answer saved asks for it twice)."""
    key = (t.name, t.cols, t.pk, t.where, where)
    sql = _SELECTS.get(key)
    if sql is None:
        sql = _SELECTS[key] = _build_select(t, where)
    return sql


def _build_select(t: Table, where: str) -> str:
    conds = " AND ".join(f"({c})" for c in (t.where, where) if c)
    return (
        f"SELECT {t.key_sql(_q(t.name))}, "
        + ", ".join(_q(c) for c in t.cols)
        + f" FROM main.{_q(t.name)}"
        + (f" WHERE {conds}" if conds else "")
    )


def seals_of(conn: sqlite3.Connection, t: Table, keys: list[str]) -> dict[str, str | None]:
    """The seal of each row by key; None for a key whose row is gone (deleted)."""
    found: dict[str, str | None] = dict.fromkeys(keys)
    parsed = [json.loads(k) for k in keys]
    if len(t.pk) == 1:
        for i in range(0, len(parsed), 500):
            chunk = [p[0] for p in parsed[i : i + 500]]
            sql = _select(t, f"{_q(t.pk[0])} IN ({', '.join('?' * len(chunk))})")
            for row in conn.execute(sql, chunk):
                found[row[0]] = seal(row[1:])
    else:
        where = " AND ".join(f"{_q(c)} IS ?" for c in t.pk)
        for values in parsed:
            for row in conn.execute(_select(t, where), values):
                found[row[0]] = seal(row[1:])
    return found


def rows(conn: sqlite3.Connection, t: Table) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every row of ``t`` as (key, {column: value})."""
    for row in conn.execute(_select(t)):
        yield row[0], dict(zip(t.cols, row[1:]))


def all_keys(conn: sqlite3.Connection, t: Table) -> list[str]:
    return [r[0] for r in conn.execute(_select(t))]
