"""Document timings: the first report of a fresh install against a later one (≤ 3×, see
first_print), first-ever Chinese font preparation where nothing is shipped, the report of a 300-item
inspection with 30 two-megapixel photos (target ≤ 3 s), and a certificate once fonts are prepared (≤ 0.5 s).

Both documents are of signed inspections, so the times include the PAdES signature. Setup (the
home, answers, photos, signatures) goes through the store directly where the services would only
add minutes that are not what is measured; the two sign-offs use the real signing service.
Run alone with ``python -m benchmarks.bench_reports``.
"""

from __future__ import annotations

import io
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from civdesk import services
from civdesk.reports import fonts
from civdesk.services import accounts, documents, signing, templates
from civdesk.store import attachments as files
from civdesk.store import now

from . import Row, at_most, first_print, median, synthetic

REPORT_TARGET_S = 3.0
CERT_TARGET_S = 0.5
PHOTOS = 30
PASSWORD = "bench-password-1"


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _photo(n: int) -> bytes:
    """A 1632 × 1224 (2.0 MP) JPEG with some structure, so it compresses like a real photo."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(n)
    img = Image.new("RGB", (1632, 1224), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    draw = ImageDraw.Draw(img)
    for _ in range(60):
        x, y = rng.randrange(1632), rng.randrange(1224)
        draw.rectangle(
            (x, y, x + rng.randrange(50, 500), y + rng.randrange(50, 400)),
            fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)),
        )
    noise = Image.effect_noise((1632, 1224), 40).convert("RGB")
    img = Image.blend(img.filter(ImageFilter.GaussianBlur(2)), noise, 0.15)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def _perfect(item):
    return {
        "check": "yes",
        "grade": "excellent",
        "deduction": 0,
        "count": 100,
        "date": "2026-05-04",
        "text": "良好",
    }.get(item.type, item.max if item.max is not None else "qualified")


def _signed_inspection(store, tpl_pk, tpl, site_id, inspector, manager, answers: dict, photos: list[bytes]) -> int:
    ts = now()
    with store.write():
        iid = store.insert(
            "inspections",
            {
                "uuid": os.urandom(16).hex(),
                "template_pk": tpl_pk,
                "params": json.dumps({"region": "east"}),
                "site_id": site_id,
                "kind": "inspection",
                "state": "approved",
                "author_id": inspector.id,
                "reviewer_id": manager.id,
                "created_at": ts,
                "updated_at": ts,
                "submitted_at": ts,
            },
        )
        for code, value in answers.items():
            store.insert(
                "answers",
                {
                    "inspection_id": iid,
                    "item_code": code,
                    "value": json.dumps(value),
                    "note": "现场核查记录：基本情况良好，个别细节需改进。" if hash(code) % 4 == 0 else "",
                    "answered_by": inspector.id,
                    "answered_at": ts,
                },
            )
        codes = [it.code for it in tpl.items()]
        for n, data in enumerate(photos):
            sha = files.put_bytes(store.attachments_dir, data)
            store.insert(
                "attachments",
                {
                    "inspection_id": iid,
                    "item_code": codes[n * 7 % len(codes)],
                    "sha256": sha,
                    "filename": f"IMG_{n:04d}.jpg",
                    "size": len(data),
                    "added_by": inspector.id,
                    "added_at": ts,
                },
            )
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (240, 80), (255, 255, 255, 0))
    ImageDraw.Draw(img).line([(10 + 11 * x, 40 + (x * 7) % 23 - 11) for x in range(20)], fill=(0, 0, 0, 255), width=3)
    png = io.BytesIO()
    img.save(png, "PNG")
    signing.sign(store, inspector, iid, PASSWORD, png.getvalue())
    signing.sign(store, manager, iid, PASSWORD, png.getvalue())
    return iid


def run() -> list[Row]:
    work = Path(tempfile.mkdtemp(prefix="civdesk-bench-reports-"))
    rows: list[Row] = first_print.rows(work, _log)
    # First-ever font preparation: an empty cache folder, as on a fresh machine.
    os.environ[fonts.CACHE_ENV] = str(work / "font-cache")
    fonts.reset_for_tests()
    t0 = time.perf_counter()
    prepared = fonts.prepare()
    first = time.perf_counter() - t0
    _log(
        f"first-ever font preparation: {first:.1f} s (build {prepared.prepared_seconds:.1f} s, "
        f"register {prepared.registered_seconds:.2f} s, {len(prepared.covered)} characters)"
    )
    rows.append(Row("fonts: first-ever preparation (GB2312 + templates, regular + bold)", round(first, 2), "s"))
    fonts.reset_for_tests()
    t0 = time.perf_counter()
    fonts.prepare()
    rows.append(Row("fonts: load from cache and register", round(time.perf_counter() - t0, 3), "s"))

    store = services.open_home(work / "home")
    admin = accounts.actor(store, accounts.create_user(store, by=None, name="admin", role="admin", password=PASSWORD))
    site = accounts.create_site(store, by=admin, name="杭州东收费站", kind="toll_station", region="east")
    inspector = accounts.actor(
        store,
        accounts.create_user(store, by=admin, name="insp", role="inspector", password=PASSWORD, display_name="李明"),
    )
    manager = accounts.actor(
        store,
        accounts.create_user(
            store, by=admin, name="mgr", role="manager", password=PASSWORD, display_name="王海燕", site_ids=[site]
        ),
    )
    pk, _ = templates.add_version(store, synthetic.template_data(300), by=admin)
    tpl = templates.get_template(store, pk)
    _log("making 30 two-megapixel photos …")
    photos = [_photo(n) for n in range(PHOTOS)]
    rng = random.Random(7)
    answers = synthetic.answers_for(tpl, rng, {"region": "east"})
    report_iid = _signed_inspection(store, pk, tpl, site, inspector, manager, answers, photos)
    cert_iid = _signed_inspection(
        store, pk, tpl, site, inspector, manager, {it.code: _perfect(it) for it in tpl.items()}, []
    )

    printer = accounts.authenticate(store, "insp", PASSWORD)  # PDFs are signed by whoever prints them
    times, size, pages = [], 0, 0
    for n in range(3):
        t0 = time.perf_counter()
        r = documents.render_report(store, report_iid, work / f"report{n}.pdf", by=printer)
        times.append(time.perf_counter() - t0)
        size = len(r.pdf)
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(r.pdf)).pages)
    _log(f"report: {pages} pages, {size / 1e6:.1f} MB, runs {', '.join(f'{t:.2f}' for t in times)} s")
    rows.append(
        at_most(
            f"report: 300 items, {PHOTOS} photos of 2 MP, signed ({pages} pages)",
            round(median(times), 2),
            "s",
            REPORT_TARGET_S,
        )
    )

    store.set_setting("org_name", "杭州市交通运输局")  # a certificate names its issuer
    documents.issue_certificate(store, inspector, cert_iid)  # the assessing side issues
    times = []
    for n in range(5):
        t0 = time.perf_counter()
        documents.render_certificate(store, cert_iid, work / f"cert{n}.pdf", by=printer)
        times.append(time.perf_counter() - t0)
    rows.append(at_most("certificate: render and sign, fonts prepared", round(median(times), 3), "s", CERT_TARGET_S))
    t0 = time.perf_counter()
    documents.render_form(store, "synthetic-300", work / "form.pdf")
    rows.append(Row("blank form: 300 items", round(time.perf_counter() - t0, 2), "s"))
    store.close()
    return rows


if __name__ == "__main__":
    for row in run():
        verdict = "" if row.passed is None else ("PASS" if row.passed else "FAIL")
        print(f"{row.name:<70} {row.value:>8} {row.unit:<3} {row.target or '':<10} {verdict}")
