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
from ..messages import Line
from ..store import audit as audit_repo
from ..store import inspections as inspection_repo
from ..store import seals as store_seals
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


def _where(conn: sqlite3.Connection, table: str, key: str, row: dict | None) -> Line:
    """The row in words: table and key, and what it belongs to when that helps a reader."""
    shown = json.loads(key)
    if table == store_seals.SCHEMA.name:
        return Line("health.schema_part", what=shown[0], name=shown[1])
    where = Line("health.row", table=table, key=shown[0] if len(shown) == 1 else str(tuple(shown)))
    extra = []
    if row:
        if row.get("inspection_id") is not None:
            uuid = inspection_repo.uuid_of(conn, row["inspection_id"])
            extra.append(Line("health.of_inspection", uuid=uuid[:8] if uuid else row["inspection_id"]))
        if table == "inspections" and row.get("uuid"):
            extra.append(Line("health.of_inspection", uuid=row["uuid"][:8]))
        if row.get("item_code"):
            extra.append(Line("health.of_item", code=row["item_code"]))
        if table == "users" and row.get("name"):
            extra.append(Line("health.of_user", name=row["name"]))
        if row.get("user_id") is not None and table in ("user_sites", "signatures", "user_keys"):
            name = user_repo.login_name(conn, row["user_id"])
            extra.append(Line("health.of_user", name=name if name else row["user_id"]))
    if not extra:
        return where
    of = extra[0]
    for more in extra[1:]:
        of = Line("health.and", first=of, then=more)
    return Line("health.row_of", row=where, of=of)


def seal_problems(conn: sqlite3.Connection) -> list[Line]:
    """Every covered row against the seal the audit chain last recorded for it."""
    if not audit_repo.has_seals(conn):
        return []  # a database from before seals (a backup made by an older CivDesk)
    recorded = _recorded(conn)
    problems: list[Line] = []
    seen: set[tuple[str, str]] = set()
    tables = store_seals.covered(conn)
    if audit_repo.is_empty(conn):
        del tables[store_seals.SCHEMA.name]  # a new home, nothing done yet: its schema is sealed with the first entry
    for name, t in tables.items():
        for key, row in store_seals.rows(conn, t):
            seen.add((name, key))
            rec = recorded.get((name, key))
            if rec is None or rec[0] is None:
                problems.append(Line("health.row_added", where=_where(conn, name, key, row)))
                continue
            sealed = list(t.cols[: rec[1]]) + [f"column {i + 1}" for i in range(len(t.cols), rec[1])]
            cols = changed_columns(rec[0], sealed, row, t.defaults)
            if cols:
                problems.append(
                    Line(
                        "health.row_changed", where=_where(conn, name, key, row), columns=", ".join(cols), entry=rec[2]
                    )
                )
    for (name, key), (value, _, seq) in recorded.items():
        if value is not None and (name, key) not in seen:
            problems.append(Line("health.row_removed", where=_where(conn, name, key, None), entry=seq))
    return _capped(problems)


def _capped(problems: list[Line]) -> list[Line]:
    if len(problems) > MAX_LISTED:
        return problems[:MAX_LISTED] + [Line("health.more_rows", count=len(problems) - MAX_LISTED)]
    return problems


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-9)
    return a == b


def result_problems(store) -> list[Line]:
    """Submitted results (score, maximum, percent, level, veto) recomputed from their answers."""
    from .inspections import view

    problems: list[Line] = []
    for found in inspection_repo.with_results(store.conn, RESULT_STATES):
        row = as_dict(found)
        try:
            r = view(store, row["id"]).result
        except (ValueError, LookupError, TypeError) as e:  # damaged answers or template: that is the finding
            problems.append(Line("health.result_unreadable", id=row["id"], uuid=row["uuid"][:8], reason=e))
            continue
        got = {"score": r.score, "max_score": r.max, "percent": r.percent, "level": r.level, "vetoed": int(r.vetoed)}
        wrong = [k for k, v in got.items() if not _same(row[k], v)]
        if wrong:
            stored = f"{row['score']:g}/{row['max_score']:g} {row['percent']}% {row['level_label']}" + (
                " 一票否决" if row["vetoed"] else ""
            )
            computed = f"{r.score:g}/{r.max:g} {r.percent}% {r.level_label}" + (" 一票否决" if r.vetoed else "")
            problems.append(
                Line(
                    "health.result_disagrees",
                    id=row["id"],
                    uuid=row["uuid"][:8],
                    stored=stored,
                    computed=computed,
                    fields=", ".join(wrong),
                )
            )
    return _capped(problems)
