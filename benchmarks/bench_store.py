"""Store and domain timings: saving an answer, listing 10,000 inspections, scoring and parsing a
300-item template.

The answer save is measured through ``services.inspections.answer`` (checks, upsert, audit entry,
commit) twice on the same home: with the store's own ``synchronous=FULL`` and, for comparison,
with the connection switched to ``synchronous=NORMAL`` for the run (the store's code is not changed).
"""

from __future__ import annotations

import itertools
import os
import random
import sys
import time

import yaml

from civdesk import services
from civdesk.domain.scoring import score
from civdesk.domain.template_parsing import parse_template
from civdesk.services import accounts, inspections, templates

from . import Row, at_most, median, percentile, synthetic, time_ms

SAVES = 1000
SAVE_TARGET_MS = 1.0
LIST_TARGET_MS = 100.0
# Not in the brief; chosen here. The walkthrough rescores after every answer: stay within a frame.
SCORE_TARGET_MS = 16.0
# Importing a template should feel instant.
PARSE_TARGET_MS = 50.0


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _save_latencies(store, synchronous: str, inspection_id: int, by, seed: int) -> list[float]:
    store.conn.execute(f"PRAGMA synchronous = {synchronous}")
    v = inspections.view(store, inspection_id)
    tpl, params = v.template, v.params
    rng = random.Random(seed)
    plan = [
        (it.code, synthetic.value_for(it, rng, params))
        for it in itertools.islice(itertools.cycle(tpl.items()), SAVES + 20)
    ]
    for code, value in plan[:20]:  # warm-up: caches, first pages
        inspections.answer(store, by, inspection_id, code, value)
    times = []
    for code, value in plan[20:]:
        t0 = time.perf_counter_ns()
        inspections.answer(store, by, inspection_id, code, value)
        times.append((time.perf_counter_ns() - t0) / 1e6)
    return times


def _fsync_ms(folder, repeat: int = 200) -> list[float]:
    """What one fsync costs on the disk the home is on: the floor under a synchronous=FULL commit."""
    path = folder / "fsync-probe"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:

        def write_and_sync() -> None:
            os.write(fd, b"\0" * 4096)
            os.fsync(fd)

        return time_ms(write_and_sync, repeat=repeat)
    finally:
        os.close(fd)
        path.unlink()


def _saves(big: synthetic.BigHome) -> list[Row]:
    store = services.open_home(big.home)
    try:
        by = accounts.actor(store, big.inspector_id)
        rows = []
        for n, mode in enumerate(("FULL", "NORMAL")):
            iid = inspections.new_inspection(
                store, by, template_id="toll-window", site_id=big.site_id, kind="inspection"
            )
            _log(f"  {SAVES} answer saves, synchronous={mode} …")
            ts = _save_latencies(store, mode, iid, by, seed=n)
            rows.append(at_most(f"answer save, synchronous={mode}: median", median(ts), "ms", SAVE_TARGET_MS))
            rows.append(at_most(f"answer save, synchronous={mode}: p99", percentile(ts, 99), "ms", None))
        store.conn.execute("PRAGMA synchronous = FULL")
        rows.append(at_most("disk: 4 KiB write + fsync: median", median(_fsync_ms(big.home)), "ms", None))
        return rows
    finally:
        store.close()


def _listing(big: synthetic.BigHome) -> list[Row]:
    store = services.open_home(big.home)
    try:
        n = len(inspections.list_inspections(store))
        full = time_ms(lambda: inspections.list_inspections(store), repeat=15)
        found = time_ms(lambda: inspections.list_inspections(store, search="站点01"), repeat=15)  # 10 of 40 sites
        return [
            at_most(f"list all {n:,} inspections: median", median(full), "ms", LIST_TARGET_MS),
            at_most(f"list {n:,} inspections, search a site: median", median(found), "ms", LIST_TARGET_MS),
        ]
    finally:
        store.close()


def _template_rows() -> list[Row]:
    data = synthetic.template_data(300)
    tpl = parse_template(data)
    assert len(tpl.items()) == 300
    answers = synthetic.answers_for(tpl, random.Random(synthetic.SEED), {"region": "west"})
    scored = time_ms(lambda: score(tpl, answers, {"region": "west"}), repeat=200)
    parsed = time_ms(lambda: parse_template(data), repeat=50)
    path = synthetic.work_dir() / "synthetic-300.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    loaded = time_ms(lambda: parse_template(templates.load_file(path)), repeat=10, warmup=1)
    return [
        at_most("score a 300-item template: median", median(scored), "ms", SCORE_TARGET_MS),
        at_most("parse+validate a 300-item template: median", median(parsed), "ms", PARSE_TARGET_MS),
        at_most("load 300-item template file (YAML+validate)", median(loaded), "ms", None),
    ]


def run() -> list[Row]:
    _log("building the 10,000-inspection home …")
    big = synthetic.big_home()
    _log(
        f"  {big.inspections:,} inspections, {big.answers:,} answers, {big.audit_entries:,} audit entries "
        f"in {big.build_seconds:.1f} s at {big.home}"
    )
    rows = [at_most(f"build {big.inspections:,}-inspection home", big.build_seconds, "s", 60.0)]
    rows += _saves(big)
    rows += _listing(big)
    rows += _template_rows()
    return rows
