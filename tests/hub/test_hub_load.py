"""Load on localhost: 200 simulated desks enrol, push, push again and pull at once against a hub
with 2 worker processes. Every record arrives once; the figures are printed (pytest -s shows them).

Each simulated desk is a thread with its own key and the real desk client (signed requests);
its records are real inspections of its own site, made through the services in one source home
and written to a bundle signed with that desk's key. The loop is bounded: two pushes and one
pull per desk.
"""

from __future__ import annotations

import statistics
import threading
import time

import psycopg

from civdesk import services
from civdesk.hub import protocol
from civdesk.hub.devcluster import HubProcess
from civdesk.services import accounts, exchange, inspections
from civdesk.services.sync_client import Client
from tests.helpers.hub import enrol_code

DESKS = 200
EACH = 2


def build_source(home, n_sites: int):
    store = services.open_home(home)
    accounts.create_user(store, by=None, name="admin", role="admin", password="admin-pass-1")
    admin = accounts.actor(store, accounts.user_by_name(store, "admin")["id"])
    accounts.create_user(store, by=admin, name="inspector1", role="inspector", password="inspect-pass-1")
    by = accounts.actor(store, accounts.user_by_name(store, "inspector1")["id"])
    per_site = {}
    for n in range(n_sites):
        sid = accounts.create_site(store, by=admin, name=f"第{n:03d}收费站", kind="toll_station", region="east")
        ids = []
        for _ in range(EACH):
            iid = inspections.new_inspection(store, by, template_id="toll-window", site_id=sid, kind="inspection")
            for item in inspections.view(store, iid).template.items()[:2]:
                inspections.answer(store, by, iid, item.code, "yes")
            ids.append(iid)
        per_site[f"第{n:03d}收费站"] = ids
    return store, per_site


def test_200_desks_at_once_against_2_workers(hub_url, tmp_path, capsys):
    store, per_site = build_source(tmp_path / "source", DESKS)
    desks = []
    for n, (site, ids) in enumerate(sorted(per_site.items())):
        key, cert, fp = protocol.new_key(f"desk {n}")
        path = tmp_path / f"desk{n}.civpack"
        exchange.write_bundle(
            store,
            ids,
            path,
            key=protocol.load_key(key),
            cert=protocol.load_cert(cert),
            exporter={"name": f"desk:{n}", "display_name": f"desk {n}", "role": "desk"},
            actor_id=None,
            exporter_is_user=False,
            remember=False,
        )
        desks.append(
            {
                "code": enrol_code(hub_url, f"desk{n}", sites=[site]),
                "key": key,
                "cert": cert,
                "fp": fp,
                "body": path.read_bytes(),
                "uuids": {store.scalar("SELECT uuid FROM inspections WHERE id = ?", (i,)) for i in ids},
            }
        )
    store.close()

    hub = HubProcess(hub_url, workers=2).start()
    latencies: list[float] = []
    errors: list[str] = []
    results: dict[int, list] = {}
    gate = threading.Barrier(DESKS)
    lock = threading.Lock()

    def desk(n: int, d: dict) -> None:
        client = Client(hub.url, d["key"], d["fp"], timeout=120)
        out = []
        try:
            gate.wait(timeout=120)
            for step in ("enrol", "push", "push", "pull"):
                t0 = time.perf_counter()
                if step == "enrol":
                    out.append(client.enrol(d["code"], d["cert"])["sites"])
                elif step == "push":
                    out.append(client.push(d["body"]))
                else:
                    out.append(len(client.pull(0)))
                with lock:
                    latencies.append(time.perf_counter() - t0)
        except Exception as e:
            with lock:
                errors.append(f"desk {n}: {type(e).__name__}: {e}")
        results[n] = out

    threads = [threading.Thread(target=desk, args=(n, d)) for n, d in enumerate(desks)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    wall = time.perf_counter() - started
    hub.stop()

    assert errors == []
    for n, d in enumerate(desks):
        first, second = results[n][1], results[n][2]
        assert set(first["added"]) == d["uuids"] and second["added"] == [] and set(second["unchanged"]) == d["uuids"]
    with psycopg.connect(hub_url) as conn:
        records = conn.execute("SELECT count(*), count(DISTINCT uuid) FROM records").fetchone()
        versions = conn.execute("SELECT count(*) FROM record_versions").fetchone()[0]
        desks_synced = conn.execute("SELECT count(*) FROM desks WHERE last_sync_at IS NOT NULL").fetchone()[0]
    assert records == (DESKS * EACH, DESKS * EACH) and versions == DESKS * EACH and desks_synced == DESKS

    lat = sorted(latencies)
    with capsys.disabled():
        print(
            f"\nhub load: {DESKS} desks × (enrol, push {EACH} inspections, push again, pull) against 2 workers: "
            f"{len(lat)} requests in {wall:.1f} s ({len(lat) / wall:.0f} requests/s, "
            f"{DESKS * EACH / wall:.0f} inspections/s stored); latency median {statistics.median(lat) * 1000:.0f} ms, "
            f"p95 {lat[int(0.95 * len(lat))] * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms; "
            f"{records[0]} records, each once"
        )
