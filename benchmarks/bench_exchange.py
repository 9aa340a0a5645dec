"""Bundle exchange at scale: export and import of 100 inspections × 300 answers × 10 photos.

Photos are incompressible random bytes (like JPEGs) of ``PHOTO_KB`` each. Reports seconds and
MB/s for export (home A → .civpack) and import (checked, then written into an empty home B).
``CIVDESK_BENCH_PHOTO_KB`` changes the photo size (default 150 KB, so 150 MB of photos).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import time
import uuid
from pathlib import Path

from civdesk import services
from civdesk.services import accounts, exchange, templates
from civdesk.store import attachments as files
from civdesk.store import now

from . import Row, at_most, synthetic

INSPECTIONS, ANSWERS, PHOTOS = 100, 300, 10
PHOTO_KB = int(os.environ.get("CIVDESK_BENCH_PHOTO_KB", "150"))
PASSWORD = "benchmark-pw"


def _build(home: Path) -> tuple:
    rng = random.Random(100)
    store = services.open_home(home)
    admin = accounts.create_user(store, by=None, name="admin", role="admin", password=PASSWORD)
    by = accounts.actor(store, admin)
    pk, _ = templates.add_version(store, synthetic.template_data(ANSWERS), by=by)
    tpl = templates.get_template(store, pk)
    site = accounts.create_site(store, by=by, name="基准收费站", kind=tpl.scope, region="east")
    params = tpl.resolve_params({"region": "east"} if tpl.parameters else {})
    ids = []
    with store.write():
        for n in range(INSPECTIONS):
            ts = now()
            iid = store.insert(
                "inspections",
                {
                    "uuid": str(uuid.uuid4()),
                    "template_pk": pk,
                    "params": json.dumps(params),
                    "site_id": site,
                    "kind": "inspection",
                    "state": "draft",
                    "author_id": admin,
                    "created_at": ts,
                    "updated_at": ts,
                },
            )
            ids.append(iid)
            for item in tpl.items()[:ANSWERS]:
                store.insert(
                    "answers",
                    {
                        "inspection_id": iid,
                        "item_code": item.code,
                        "value": json.dumps(synthetic.value_for(item, rng, params), ensure_ascii=False),
                        "note": "现场查看" if rng.random() < 0.3 else "",
                        "answered_by": admin,
                        "answered_at": ts,
                    },
                )
            for p in range(PHOTOS):
                data = rng.randbytes(PHOTO_KB * 1024)
                sha = files.put_bytes(store.attachments_dir, data)
                store.insert(
                    "attachments",
                    {
                        "inspection_id": iid,
                        "item_code": tpl.items()[p].code,
                        "sha256": sha,
                        "filename": f"现场{p}.jpg",
                        "size": len(data),
                        "added_by": admin,
                        "added_at": ts,
                    },
                )
            store.audit(admin, "inspection.create", "inspection", iid, {"bench": n})
    return store, by, ids


def run() -> list[Row]:
    work = synthetic.work_dir() / "exchange"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        a, by, ids = _build(work / "A")
        bundle = work / "bench.civpack"
        t0 = time.perf_counter()
        exported = exchange.export_bundle(a, ids, bundle, by=by, password=PASSWORD)
        t1 = time.perf_counter()
        b = services.open_home(work / "B")
        t2 = time.perf_counter()
        report = exchange.import_bundle(b, bundle, by=None)
        t3 = time.perf_counter()
        assert report.counts()["added"] == INSPECTIONS
        mb = exported.bytes / 1e6
        a.close()
        b.close()
        label = f"{INSPECTIONS} inspections × {ANSWERS} answers × {PHOTOS} photos ({mb:.0f} MB)"
        return [
            at_most(f"export {label}", t1 - t0, "s", None),
            Row("export throughput", mb / (t1 - t0), "MB/s"),
            at_most(f"import {label}", t3 - t2, "s", None),
            Row("import throughput (check + write)", mb / (t3 - t2), "MB/s"),
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
