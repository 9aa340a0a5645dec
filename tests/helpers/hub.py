"""Helpers for the hub tests: enrol desks through the real CLI, read the hub's tables, compare homes."""

from __future__ import annotations

import contextlib
import hashlib
import io

import psycopg

from civdesk.hub import cli as hubcli
from civdesk.services import signing
from civdesk.services.exchange import portable

STATION_SITES = ["杭州东收费站", "成都北收费站"]


def enrol_code(db_url: str, name: str, *, sites: list[str] | None = None, office: bool = False) -> str:
    args = ["--database", db_url, "enrol", "--name", name]
    args += ["--office"] if office else [a for s in sites or [] for a in ("--site", s)]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert hubcli.main(args) == 0
    return out.getvalue().strip().splitlines()[-1]


def hub_state(db_url: str) -> dict:
    """Everything a refusal must leave as it was."""
    with psycopg.connect(db_url) as conn:
        q = lambda sql: conn.execute(sql).fetchall()  # noqa: E731
        return {
            "records": q("SELECT uuid::text, sync_hash, seq FROM records ORDER BY uuid"),
            "versions": q("SELECT uuid::text, sync_hash, status FROM record_versions ORDER BY id"),
            "photos": q("SELECT sha256 FROM photos ORDER BY sha256"),
            "users": q("SELECT name FROM users ORDER BY name"),
            "certificates": q("SELECT fingerprint, user_name FROM certificates ORDER BY fingerprint"),
            "templates": q("SELECT template_id, version, sha256, published_seq FROM templates ORDER BY 1, 2"),
        }


def refusals(db_url: str) -> list[str]:
    with psycopg.connect(db_url) as conn:
        return [r[0] for r in conn.execute("SELECT reason FROM refusals ORDER BY id")]


def inspections_of(store, sites: list[str] | None = None) -> dict[str, dict]:
    """uuid → portable form, with the photo bytes' hashes checked against the files."""
    out = {}
    for iid, uuid, site in store.conn.execute(
        "SELECT i.id, i.uuid, s.name FROM inspections i JOIN sites s ON s.id = i.site_id ORDER BY i.uuid"
    ):
        if sites is not None and site not in sites:
            continue
        d = portable.dump(store, iid)
        for sha in portable.evidence_shas(d):
            data = (store.attachments_dir / sha[:2] / sha).read_bytes()
            assert hashlib.sha256(data).hexdigest() == sha
        out[uuid] = d
    return out


def home_facts(store) -> dict:
    """What a sync that changes nothing leaves exactly as it was."""
    return {
        "inspections": inspections_of(store),
        # every audit entry but the bookkeeping seal of the sync's own settings (its last time)
        "audit": store.query(
            "SELECT seq, action, entity, entity_id FROM audit WHERE NOT (action = 'data.seal' "
            'AND detail = \'{"tables":["settings"]}\') ORDER BY seq'
        ),
        "users": store.query("SELECT name, role, active FROM users ORDER BY name"),
        "templates": store.query("SELECT template_id, version, sha256 FROM templates ORDER BY 1, 2"),
        "frozen_problems": signing.verify_frozen(store),
    }
