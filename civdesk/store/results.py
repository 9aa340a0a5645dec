"""The results repository: submitted results per site as the dashboard reads them, each query one
probe of the covering indexes inspections_results and inspections_visits (m006) per site, as the
dashboard refreshes on every visit."""

from __future__ import annotations

import datetime as _dt
import sqlite3
from collections.abc import Collection
from typing import NamedTuple

from .counts import counts_sql
from .query_parts import site_conditions


class Point(NamedTuple):
    """One submitted result (a tuple: ten thousand of them are made on every refresh)."""

    inspection_id: int
    submitted_at: str
    percent: float
    level: str | None
    level_label: str | None
    vetoed: bool
    template_title: str

    @property
    def t(self) -> float:
        """submitted_at as seconds since the epoch (the chart's time axis), worked out only for
        the points a chart draws rather than for every result on every refresh."""
        return _dt.datetime.fromisoformat(self.submitted_at).timestamp()


_RESULT = "i.kind = ? AND i.percent IS NOT NULL AND i.submitted_at IS NOT NULL"
# Per site, one probe of the index each: its latest result, and how many it has.
LATEST_SQL = (
    "SELECT i.id, i.submitted_at, i.percent, i.level, i.level_label, COALESCE(i.vetoed, 0) != 0, "
    f"i.template_pk FROM inspections i WHERE {_RESULT} AND i.site_id = ? "
    "ORDER BY i.submitted_at DESC, i.id DESC LIMIT 1"
)
COUNT_SQL = f"SELECT COUNT(*) FROM inspections i WHERE {_RESULT} AND i.site_id = ?"
# One site's results, oldest first: read when its chart or trend line is drawn.
SERIES_SQL = (
    "SELECT i.id, i.submitted_at, i.percent, i.level, i.level_label, COALESCE(i.vetoed, 0) != 0, "
    f"t.title FROM inspections i JOIN templates t ON t.id = i.template_pk WHERE {_RESULT} "
    "AND i.site_id = ? ORDER BY i.submitted_at, i.id"
)
# A site's last few results, newest first: its trend line in the ranking.
RECENT_SQL = (
    "SELECT i.id, i.submitted_at, i.percent, i.level, i.level_label, COALESCE(i.vetoed, 0) != 0, '' "
    f"FROM inspections i WHERE {_RESULT} AND i.site_id = ? ORDER BY i.submitted_at DESC, i.id DESC LIMIT ?"
)
# Every site's results as monthly means: the chart's grey line.
TREND_SQL = (
    f"SELECT substr(i.submitted_at, 1, 7) AS month, AVG(i.percent) FROM inspections i WHERE {_RESULT} "
    "GROUP BY month ORDER BY month"
)


def series(conn: sqlite3.Connection, kind: str, site_id: int) -> list[Point]:
    """A site's results of ``kind``, oldest first."""
    return [Point._make(r) for r in conn.execute(SERIES_SQL, (kind, site_id))]


def count(conn: sqlite3.Connection, kind: str, site_id: int) -> int:
    return int(conn.execute(COUNT_SQL, (kind, site_id)).fetchone()[0])


def recent(conn: sqlite3.Connection, kind: str, site_id: int, n: int) -> list[Point]:
    """A site's last ``n`` results, oldest first (no checklist titles)."""
    return [Point._make(r) for r in reversed(conn.execute(RECENT_SQL, (kind, site_id, n)).fetchall())]


def latest(conn: sqlite3.Connection, kind: str, site_id: int, titles: dict[int, str]) -> Point | None:
    """A site's latest result; ``titles`` names the checklists by template version id."""
    row = conn.execute(LATEST_SQL, (kind, site_id)).fetchone()
    return None if row is None else Point._make((*row[:6], titles.get(row[6], "")))


def monthly_means(conn: sqlite3.Connection, kind: str, site_ids: Collection[int] | None) -> list[tuple[str, float]]:
    """(YYYY-MM, mean percent) of every month with results, of the sites ``site_ids`` (None: all)."""
    where, args = site_conditions(None, None if site_ids is None else sorted(site_ids))
    sql = TREND_SQL.replace("GROUP BY", f"AND {' AND '.join(where)} GROUP BY") if where else TREND_SQL
    return [(m, v) for m, v in conn.execute(sql, (kind, *args))]


VISIT_KINDS = ("inspection", "reinspection")
# Per site, so each maximum is one probe of the covering index inspections_visits (m006).
VISITS_SQL = (
    "SELECT s.id, (SELECT MAX(created_at) FROM inspections WHERE kind IN "
    f"({', '.join('?' * len(VISIT_KINDS))}) AND site_id = s.id) FROM sites s"
)


def last_visits(conn: sqlite3.Connection) -> dict[int, str | None]:
    """Per site, when its latest inspection or re-inspection was started (None: never)."""
    return dict(conn.execute(VISITS_SQL, VISIT_KINDS))


# Every site's latest result in one statement: the same probe per site, without a Python round trip each.
LATEST_ALL_SQL = (
    "SELECT s.id, i.id, i.submitted_at, i.percent, i.level, i.level_label, COALESCE(i.vetoed, 0) != 0, "
    "i.template_pk FROM sites s JOIN inspections i ON i.id = (SELECT i.id FROM inspections i "
    f"WHERE {_RESULT} AND i.site_id = s.id ORDER BY i.submitted_at DESC, i.id DESC LIMIT 1)"
)


def latest_of_every_site(conn: sqlite3.Connection, kind: str, titles: dict[int, str]) -> dict[int, Point]:
    """Site id → its latest result (sites without one are left out)."""
    return {row[0]: Point._make((*row[1:7], titles.get(row[7], ""))) for row in conn.execute(LATEST_ALL_SQL, (kind,))}


def state_counts(conn: sqlite3.Connection, site_ids: Collection[int] | None) -> dict[str, int]:
    """Inspections per state in the sites ``site_ids`` (None: all), from the counts the triggers keep."""
    if site_ids is None:
        cond = None
    else:
        cond = f"site_id IN ({', '.join(str(int(x)) for x in sorted(site_ids))})" if site_ids else "0"
    return {s: int(n) for s, n in conn.execute(counts_sql(cond))}
