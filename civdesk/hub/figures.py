"""Office figures computed in PostgreSQL, and templates published from the office desk.

Figures cover the asking desk's scope (an office desk: every site): inspections by state, the
ranking of sites by their latest result, overdue rectifications per site and the monthly trend
of results. They are plain JSON (``GET /api/v1/figures``); the office desk caches the last ones
so its dashboard shows them offline too.
"""

from __future__ import annotations

import psycopg

from ..services.exchange.bundle_format import Bundle
from .locks import WRITE_LOCK
from .records import Desk, Refused

_SCOPE = "(%(office)s OR site = ANY(%(sites)s))"


def compute(conn: psycopg.Connection, desk: Desk) -> dict:
    p = {"office": desk.office, "sites": desk.sites}
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        conn.execute("SET LOCAL TIME ZONE 'UTC'")  # dates as the desks store them
        states = dict(conn.execute(f"SELECT state, count(*) FROM records WHERE {_SCOPE} GROUP BY state", p).fetchall())
        ranking = conn.execute(
            f"SELECT site, percent, level_label, vetoed, left(submitted_at::text, 10), uuid::text FROM ("
            f"  SELECT DISTINCT ON (site) site, percent, level_label, vetoed, submitted_at, uuid FROM records"
            f"  WHERE {_SCOPE} AND kind = 'inspection' AND percent IS NOT NULL AND submitted_at IS NOT NULL"
            f"  ORDER BY site, submitted_at DESC) latest "
            f"ORDER BY vetoed NULLS FIRST, percent DESC, site",
            p,
        ).fetchall()
        overdue = conn.execute(
            f"SELECT site, count(*), min(due_date)::text FROM rectifications "
            f"WHERE {_SCOPE} AND state <> 'verified' AND due_date < current_date GROUP BY site "
            f"ORDER BY count(*) DESC, site",
            p,
        ).fetchall()
        trend = conn.execute(
            f"SELECT to_char(date_trunc('month', submitted_at), 'YYYY-MM'), round(avg(percent)::numeric, 2)::float, "
            f"count(*) FROM records WHERE {_SCOPE} AND percent IS NOT NULL AND kind = 'inspection' "
            f"AND submitted_at > now() - interval '12 months' GROUP BY 1 ORDER BY 1",
            p,
        ).fetchall()
        sites = conn.execute("SELECT count(*) FROM sites WHERE (%(office)s OR name = ANY(%(sites)s))", p).fetchone()[0]
    return {
        "scope": "office" if desk.office else desk.sites,
        "sites": sites,
        "inspections": sum(states.values()),
        "by_state": states,
        "ranking": [
            {"site": s, "percent": pct, "level": lvl, "vetoed": bool(v), "date": d, "uuid": u}
            for s, pct, lvl, v, d, u in ranking
        ],
        "overdue": [{"site": s, "count": n, "oldest_due": due} for s, n, due in overdue],
        "trend": [{"month": m, "percent": pct, "count": n} for m, pct, n in trend],
    }


def publish(conn: psycopg.Connection, desk: Desk, bundle: Bundle) -> list[str]:
    """Publish every template version the bundle carries; a version the hub holds with other
    content is refused (versions never change; publish a new one)."""
    published = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        for (tid, version), t in sorted(bundle.templates.items()):
            here = conn.execute(
                "SELECT sha256, published_seq FROM templates WHERE template_id = %s AND version = %s", (tid, version)
            ).fetchone()
            if here is not None and here[0] != t["sha256"]:
                raise Refused(
                    422,
                    f"template {tid} version {version} differs from the hub's; versions never "
                    f"change: publish a new version; nothing was published",
                )
            if here is None:
                conn.execute(
                    "INSERT INTO templates (template_id, version, title, scope, data, sha256, builtin) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    (tid, version, t["title"], t["scope"], t["data"], t["sha256"], t["builtin"]),
                )
            elif here[1] is not None:
                continue
            conn.execute(
                "UPDATE templates SET published_seq = nextval('change_seq'), published_at = now(), "
                "published_by = %s WHERE template_id = %s AND version = %s",
                (desk.id, tid, version),
            )
            published.append(f"{tid}@{version}")
    return published
