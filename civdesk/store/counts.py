"""The inspections counted by site and state, kept by triggers, so the dashboard's tiles read a
few hundred small rows instead of counting 100,000 inspections on every visit.

Each row is derived from sealed rows (the inspections) in the same transaction that changes them;
``COUNTS_SQL`` reads them for a scope (a condition on ``site_id``). The states of one site add up
to its inspections: tests/store/test_counts.py checks that after every kind of change.
"""

from __future__ import annotations

_ADD = """INSERT INTO inspection_counts (site_id, state, n) SELECT {r}.site_id, {r}.state, 0
        WHERE NOT EXISTS (SELECT 1 FROM inspection_counts WHERE site_id = {r}.site_id AND state = {r}.state);
    UPDATE inspection_counts SET n = n + 1 WHERE site_id = {r}.site_id AND state = {r}.state;"""
_TAKE = "UPDATE inspection_counts SET n = n - 1 WHERE site_id = OLD.site_id AND state = OLD.state;"

# NOT EXISTS rather than an upsert or OR IGNORE: an outer statement's conflict rule overrides a
# trigger's (as for the seals' triggers).
COUNTS_SCHEMA = f"""
CREATE TABLE inspection_counts (
    site_id INTEGER NOT NULL,
    state TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (site_id, state)
) WITHOUT ROWID;
INSERT INTO inspection_counts (site_id, state, n) SELECT site_id, state, COUNT(*) FROM inspections
    GROUP BY site_id, state;
CREATE TRIGGER inspection_counts_insert AFTER INSERT ON inspections BEGIN
    {_ADD.format(r="NEW")}
END;
CREATE TRIGGER inspection_counts_update AFTER UPDATE OF site_id, state ON inspections
WHEN OLD.site_id IS NOT NEW.site_id OR OLD.state IS NOT NEW.state BEGIN
    {_TAKE}
    {_ADD.format(r="NEW")}
END;
CREATE TRIGGER inspection_counts_delete AFTER DELETE ON inspections BEGIN
    {_TAKE}
END;
"""


def counts_sql(site_condition: str | None) -> str:
    """Inspections by state (SUM of the per-site rows), within ``site_condition`` on ``site_id``."""
    where = f"WHERE {site_condition} " if site_condition else ""
    return f"SELECT state, SUM(n) FROM inspection_counts {where}GROUP BY state"
