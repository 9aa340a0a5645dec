"""What ``check`` finds in the data itself: rows edited, added or removed behind CivDesk's back
(against the seals in the audit chain, civdesk.domain.seals) and stored results that disagree
with the answers they were computed from.

Works on any connection to a CivDesk database, so ``restore`` checks a backup the same way
before it replaces anything.
"""

from __future__ import annotations

import json
import math
import sqlite3

from ..domain.seals import changed_columns
from ..store import seals as store_seals
from ..store import audit as audit_repo
from ..store import inspections as inspection_repo
from ..store import users as user_repo
from ..store.rows import as_dict

MAX_LISTED = 40
RESULT_STATES = ("submitted", "approved", "signed", "certified")


def _recorded(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[str | None, int, int]]:
    """(table, key) → (seal or None when removed, how many columns it covers, audit seq), the
    latest of each."""
    out: dict[tuple[str, str], tuple[str | None, int, int]] = {}
    for seq, raw in audit_repo.seals(conn):
        for tbl, part in json.loads(raw).items():
            n = part["c"]
            for key, value in part["r"].items():
                out[(tbl, key)] = (value, n, seq)
    return out


def _where(conn: sqlite3.Connection, table: str, key: str, row: dict | None) -> str:
    """The row in words: table and key, and what it belongs to when that helps a reader."""
    shown = json.loads(key)
    if table == store_seals.SCHEMA.name:
        return f"the schema's {shown[0]} {shown[1]}"
    text = f"{table} row {shown[0] if len(shown) == 1 else tuple(shown)}"
    extra = []
    if row:
        if row.get("inspection_id") is not None:
            uuid = inspection_repo.uuid_of(conn, row["inspection_id"])
            extra.append(f"inspection {uuid[:8] if uuid else row['inspection_id']}")
        if table == "inspections" and row.get("uuid"):
            extra.append(f"inspection {row['uuid'][:8]}")
        if row.get("item_code"):
            extra.append(f"item {row['item_code']}")
        if table == "users" and row.get("name"):
            extra.append(f"user {row['name']}")
        if row.get("user_id") is not None and table in ("user_sites", "signatures", "user_keys"):
            name = user_repo.login_name(conn, row["user_id"])
            extra.append(f"user {name if name else row['user_id']}")
    return text + (f" ({', '.join(extra)})" if extra else "")


def seal_problems(conn: sqlite3.Connection) -> list[str]:
    """Every covered row against the seal the audit chain last recorded for it."""
    if not audit_repo.has_seals(conn):
        return []  # a database from before seals (a backup made by an older CivDesk)
    recorded = _recorded(conn)
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    tables = store_seals.covered(conn)
    if audit_repo.is_empty(conn):
        del tables[store_seals.SCHEMA.name]  # a new home, nothing done yet: its schema is sealed with the first entry
    for name, t in tables.items():
        for key, row in store_seals.rows(conn, t):
            seen.add((name, key))
            rec = recorded.get((name, key))
            if rec is None or rec[0] is None:
                problems.append(f"{_where(conn, name, key, row)}: added outside CivDesk "
                                f"(no audit entry records it)")
                continue
            sealed = list(t.cols[:rec[1]]) + [f"column {i + 1}" for i in range(len(t.cols), rec[1])]
            cols = changed_columns(rec[0], sealed, row, t.defaults)
            if cols:
                problems.append(f"{_where(conn, name, key, row)}: {', '.join(cols)} changed outside CivDesk "
                                f"(audit entry {rec[2]} recorded it last)")
    for (name, key), (value, _, seq) in recorded.items():
        if value is not None and (name, key) not in seen:
            problems.append(f"{_where(conn, name, key, None)}: removed outside CivDesk "
                            f"(audit entry {seq} recorded it last)")
    return _capped(problems)


def _capped(problems: list[str]) -> list[str]:
    if len(problems) > MAX_LISTED:
        return problems[:MAX_LISTED] + [f"… and {len(problems) - MAX_LISTED} more rows changed outside CivDesk"]
    return problems


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-9)
    return a == b


def result_problems(store) -> list[str]:
    """Submitted results (score, maximum, percent, level, veto) recomputed from their answers."""
    from .inspections import view

    problems = []
    for found in inspection_repo.with_results(store.conn, RESULT_STATES):
        row = as_dict(found)
        try:
            r = view(store, row["id"]).result
        except (ValueError, LookupError, TypeError) as e:  # damaged answers or template: that is the finding
            problems.append(f"inspection {row['id']} ({row['uuid'][:8]}): its result cannot be recomputed: {e}")
            continue
        got = {"score": r.score, "max_score": r.max, "percent": r.percent, "level": r.level,
               "vetoed": int(r.vetoed)}
        wrong = [k for k, v in got.items() if not _same(row[k], v)]
        if wrong:
            stored = f"{row['score']:g}/{row['max_score']:g} {row['percent']}% {row['level_label']}" \
                     + (" 一票否决" if row["vetoed"] else "")
            computed = f"{r.score:g}/{r.max:g} {r.percent}% {r.level_label}" + (" 一票否决" if r.vetoed else "")
            problems.append(f"inspection {row['id']} ({row['uuid'][:8]}): the stored result ({stored}) disagrees "
                            f"with its answers ({computed}): {', '.join(wrong)}")
    return _capped(problems)
