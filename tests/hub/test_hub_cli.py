"""``civdesk-hub`` as an operator uses it: migrate, enrol, revoke, status; bad input exits 2 in one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import psycopg

from civdesk.services import accounts, sync
from civdesk.services.exchange import portable
from tests.helpers.hub import STATION_SITES, enrol_code, inspections_of


def hub_cli(url, *args):
    return subprocess.run(
        [sys.executable, "-m", "civdesk.hub.cli", "--lang", "en", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "CIVDESK_HUB_DATABASE": url},
        timeout=120,
    )


def test_migrate_is_idempotent_and_bad_input_exits_2(pg):
    pg.psql("CREATE DATABASE hubcli")
    url = pg.url.rsplit("/", 1)[0] + "/hubcli"
    r = hub_cli(url, "status")
    assert r.returncode == 2 and "needs `civdesk-hub migrate`" in r.stderr
    r = hub_cli(url, "migrate")
    assert r.returncode == 0 and "applied m001_core" in r.stdout
    r = hub_cli(url, "migrate")
    assert r.returncode == 0 and "up to date" in r.stdout
    for args, message in (
        (["enrol", "--name", "x"], "name the desk's sites"),
        (["enrol", "--name", "x", "--office", "--site", "a"], "either --office or --site"),
        (["revoke", "--name", "nobody"], "no enrolled desk named 'nobody'"),
    ):
        r = hub_cli(url, *args)
        assert r.returncode == 2 and message in r.stderr and r.stderr.count("\n") == 1, r.stderr
    r = hub_cli(pg.url.rsplit("/", 1)[0] + "/nosuchdb", "status")
    assert r.returncode == 2 and r.stderr.startswith("civdesk-hub: cannot connect to the hub database")


def test_status_shows_desks_last_sync_counts_and_refusals(station, hub, hub_url):
    code = enrol_code(hub_url, "杭州东站", sites=STATION_SITES)
    enrol_code(hub_url, "省中心", office=True)  # a code issued, not yet used
    sync.enrol(station, hub.url, code)
    sync.sync(station)
    r = hub_cli(hub_url, "enrol", "--name", "杭州东站", "--site", "杭州东收费站")
    assert r.returncode == 2 and "already enrolled" in r.stderr
    assert hub_cli(hub_url, "revoke", "--name", "杭州东站").returncode == 0
    sync_refused = None
    try:
        sync.sync(station)
    except sync.SyncRefused as e:
        sync_refused = str(e)
    assert "revoked" in sync_refused

    r = hub_cli(hub_url, "status", "--json")
    assert r.returncode == 0
    data = json.loads(r.stdout)
    desks = {d["name"]: d for d in data["desks"]}
    n = len(inspections_of(station, STATION_SITES))
    assert desks["杭州东站"]["revoked"] and desks["杭州东站"]["records"] == n
    assert sorted(desks["杭州东站"]["sites"]) == sorted(STATION_SITES)
    assert desks["杭州东站"]["last_sync"] is not None
    assert desks["省中心"]["office"] and desks["省中心"]["enrolled"] is None
    evidence = set().union(*(portable.evidence_shas(d) for d in inspections_of(station, STATION_SITES).values()))
    assert data["records"]["inspections"] == n and data["records"]["photos"] == len(evidence)  # each photo once
    assert data["refusals_total"] == 1 and "revoked" in data["refusals"][0]["reason"]
    with psycopg.connect(hub_url) as conn:
        assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == data["records"]["users"]
    text = hub_cli(hub_url, "status").stdout
    assert "杭州东站" in text and "revoked" in text and "refusals: 1" in text
    assert accounts.has_users(station)


def test_refusals_follow_the_language_chinese_by_default():
    """civdesk-hub words its refusals by --lang like civdesk: Chinese unless --lang en."""
    url = "postgresql://civdesk@127.0.0.1:1/nohub"  # nothing listens on port 1
    env = {**os.environ, "CIVDESK_HUB_DATABASE": url}
    zh = subprocess.run(
        [sys.executable, "-m", "civdesk.hub.cli", "status"], capture_output=True, text=True, env=env, timeout=120
    )
    assert zh.returncode == 2 and zh.stderr.startswith("civdesk-hub: 无法连接同步中心数据库：")
    assert zh.stderr.count("\n") == 1
    en = subprocess.run(
        [sys.executable, "-m", "civdesk.hub.cli", "--lang", "en", "status"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert en.returncode == 2 and en.stderr.startswith("civdesk-hub: cannot connect to the hub database: ")
