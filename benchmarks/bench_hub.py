"""CivDesk Hub on a throwaway PostgreSQL cluster (``python -m benchmarks hub``).

- push throughput: 20 desks push 25 inspections each at once (signed bundles, checked and stored
  by the hub) against 1 and 2 hub worker processes, beside a bare ``COPY`` and a bare
  ``INSERT`` (executemany) of the same rows into a table of the same shape: what checking,
  signatures and lineage cost over writing the rows alone;
- the first sync of a station desk holding 10,000 inspections (synthetic.big_home), every one
  pushed and stored;
- an incremental sync of 10 changed inspections on that station: target ≤ 1 s on localhost.

Needs PostgreSQL's binaries (apt-get install postgresql) and the hub extra.
"""

from __future__ import annotations

import io
import shutil
import threading
import time

import psycopg

from civdesk import services
from civdesk.domain.audit import canonical_json
from civdesk.hub import cli as hubcli
from civdesk.hub import db as hubdb
from civdesk.hub import protocol
from civdesk.hub.devcluster import Cluster, HubProcess
from civdesk.services import accounts, exchange, inspections, sync
from civdesk.services.exchange.bundle_format import read
from civdesk.services.sync_client import Client

from . import Row, at_most, synthetic

DESKS, EACH = 20, 25


def _code(url: str, name: str, sites: list[str] | None = None) -> str:
    import contextlib

    out = io.StringIO()
    args = ["--database", url, "enrol", "--name", name] + (
        ["--office"] if sites is None else [a for s in sites for a in ("--site", s)]
    )
    with contextlib.redirect_stdout(out):
        hubcli.main(args)
    return out.getvalue().strip().splitlines()[-1]


def _database(cluster: Cluster, name: str) -> str:
    cluster.psql(f"DROP DATABASE IF EXISTS {name}")
    cluster.psql(f"CREATE DATABASE {name}")
    url = cluster.url.rsplit("/", 1)[0] + f"/{name}"
    hubdb.migrate(url)
    return url


def _source(home) -> tuple[list[tuple[str, list[int]]], object]:
    """DESKS sites with EACH answered inspections each, made through the services."""
    store = services.open_home(home)
    accounts.create_user(store, by=None, name="admin", role="admin", password="bench-admin-1")
    admin = accounts.actor(store, accounts.user_by_name(store, "admin")["id"])
    accounts.create_user(store, by=admin, name="insp", role="inspector", password="bench-insp-1")
    by = accounts.actor(store, accounts.user_by_name(store, "insp")["id"])
    sites = []
    for n in range(DESKS):
        name = f"基准站{n:02d}"
        sid = accounts.create_site(store, by=admin, name=name, kind="toll_station", region="east")
        ids = []
        for _ in range(EACH):
            iid = inspections.new_inspection(store, by, template_id="toll-window", site_id=sid, kind="inspection")
            for item in inspections.view(store, iid).template.items()[:20]:
                inspections.answer(store, by, iid, item.code, "yes")
            ids.append(iid)
        sites.append((name, ids))
    return sites, store


def _push_throughput(cluster: Cluster, work, sites, store, workers: int) -> float:
    url = _database(cluster, f"bench_push{workers}")
    desks = []
    for n, (site, ids) in enumerate(sites):
        key, cert, fp = protocol.new_key(f"bench {n}")
        path = work / f"push{workers}-{n}.civpack"
        exchange.write_bundle(
            store,
            ids,
            path,
            key=protocol.load_key(key),
            cert=protocol.load_cert(cert),
            exporter={"name": f"desk:{n}", "display_name": str(n), "role": "desk"},
            actor_id=None,
            exporter_is_user=False,
            remember=False,
        )
        desks.append((_code(url, f"d{n}", [site]), key, cert, fp, path.read_bytes()))
    hub = HubProcess(url, workers=workers).start()
    try:
        clients = []
        for code, key, cert, fp, body in desks:
            c = Client(hub.url, key, fp, timeout=300)
            c.enrol(code, cert)
            clients.append((c, body))
        gate = threading.Barrier(len(clients) + 1)

        def push(c, body):
            gate.wait()
            c.push(body)

        threads = [threading.Thread(target=push, args=cb) for cb in clients]
        for t in threads:
            t.start()
        gate.wait()
        t0 = time.perf_counter()
        for t in threads:
            t.join()
        seconds = time.perf_counter() - t0
    finally:
        hub.stop()
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM records").fetchone()[0] == DESKS * EACH
    return DESKS * EACH / seconds


def _bare(cluster: Cluster, work, sites, store) -> tuple[float, float]:
    """COPY and INSERT of the same rows (uuid, site, state, member JSON) without any checking."""
    key, cert, _fp = protocol.new_key("bare")
    rows = []
    for n, (_site, ids) in enumerate(sites):
        path = work / f"bare{n}.civpack"
        exchange.write_bundle(
            store,
            ids,
            path,
            key=protocol.load_key(key),
            cert=protocol.load_cert(cert),
            exporter={"name": "desk:bare", "display_name": "bare", "role": "desk"},
            actor_id=None,
            exporter_is_user=False,
            remember=False,
        )
        b = read(path, exporter_is_user=False)
        rows += [
            (u, m["inspection"]["site"], m["inspection"]["state"], canonical_json(m)) for u, m in b.inspections.items()
        ]
    url = _database(cluster, "bench_bare")
    out = []
    with psycopg.connect(url, autocommit=True) as conn:
        for how in ("copy", "insert"):
            conn.execute(
                "DROP TABLE IF EXISTS bare; CREATE TABLE bare (uuid uuid PRIMARY KEY, site text, state text, "
                "member text)"
            )
            t0 = time.perf_counter()
            with conn.transaction():
                if how == "copy":
                    with conn.cursor().copy("COPY bare (uuid, site, state, member) FROM STDIN") as cp:
                        for r in rows:
                            cp.write_row(r)
                else:
                    conn.cursor().executemany("INSERT INTO bare VALUES (%s, %s, %s, %s)", rows)
            out.append(len(rows) / (time.perf_counter() - t0))
    return out[0], out[1]


def _station(cluster: Cluster) -> tuple[float, int, float]:
    big = synthetic.big_home()
    home = synthetic.work_dir() / "hub-station"
    shutil.copytree(big.home, home)
    url = _database(cluster, "bench_station")
    hub = HubProcess(url, workers=2).start()
    store = services.open_home(home)
    try:
        sites = [r[0] for r in store.conn.execute("SELECT name FROM sites ORDER BY name")]
        # Enrolling is an admin's, with the home's root unlocked by their login (sync.enrol).
        admin = accounts.authenticate(store, "admin", synthetic.PASSWORD)
        sync.enrol(store, hub.url, _code(url, "合成站", sites), by=admin)
        t0 = time.perf_counter()
        first = sync.sync(store)
        first_s = time.perf_counter() - t0
        with psycopg.connect(url) as conn:
            stored = conn.execute("SELECT count(*) FROM records").fetchone()[0]
        assert stored == big.inspections == len(first.pushed)
        # Ten changes made through the services, then the incremental sync.
        changed = store.query(
            "SELECT i.id, u.name FROM inspections i JOIN users u ON u.id = i.author_id "
            "WHERE i.state = 'draft' ORDER BY i.id LIMIT 10"
        )
        for r in changed:
            by = accounts.actor(store, accounts.user_by_name(store, r["name"])["id"])
            code = inspections.view(store, r["id"]).template.items()[0].code
            inspections.set_note(store, by, r["id"], code, "基准修改：现场复核")
        t0 = time.perf_counter()
        inc = sync.sync(store)
        inc_s = time.perf_counter() - t0
        assert len(inc.pushed) == 10, inc.pushed
    finally:
        store.close()
        hub.stop()
    return first_s, stored, inc_s


def run() -> list[Row]:
    cluster = Cluster().start()
    work = synthetic.work_dir() / "hub"
    work.mkdir(parents=True)
    try:
        sites, store = _source(work / "source")
        try:
            one = _push_throughput(cluster, work, sites, store, 1)
            two = _push_throughput(cluster, work, sites, store, 2)
            copy, insert = _bare(cluster, work, sites, store)
        finally:
            store.close()
        first_s, stored, inc_s = _station(cluster)
        label = f"{DESKS} desks × {EACH} inspections (20 answers each)"
        return [
            Row(f"hub push, 1 worker: {label}", one, "inspections/s"),
            Row(f"hub push, 2 workers: {label}", two, "inspections/s"),
            Row("bare COPY of the same rows", copy, "inspections/s"),
            Row("bare INSERT (executemany) of the same rows", insert, "inspections/s"),
            at_most(f"hub: first sync of a {stored:,}-inspection station", first_s, "s", None),
            at_most("hub: incremental sync of 10 changes", inc_s, "s", 1.0),
        ]
    finally:
        cluster.destroy()
        shutil.rmtree(work, ignore_errors=True)
