"""Killing CivDesk mid-save never loses an answer it reported saved, nor breaks the file or the audit chain.

A writer process (crash_writer.py) saves answers through ``services.inspections.answer`` in a loop and
reports each one on stdout; the test kills it with SIGKILL at a random moment, 50 times on one home,
and after every kill reopens the home and checks it: every answer reported saved is there with the
last value reported for its item (or the one newer write that was under way when the kill came),
each landed write has exactly one audit entry, ``PRAGMA integrity_check`` is ok and ``civdesk check``
finds nothing.
"""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

import civdesk
from civdesk import services
from civdesk.services import accounts, inspections, maintenance
from civdesk.store import Store
from tests.helpers.data import PASSWORD

WRITER = Path(__file__).with_name("crash_writer.py")
ROUNDS = 50
SEED = 20261127
LINE_TIMEOUT = 60.0  # seconds to wait for one line from the writer: generous for a loaded CI machine


@dataclass(frozen=True)
class Write:
    seq: int
    code: str
    value: object

    @property
    def note(self) -> str:
        return f"写入{self.seq}"  # what crash_writer.note_for(seq) writes


def _parse(line: str) -> tuple[str, Write]:
    word, seq, code, value = line.split(" ", 3)
    return word, Write(int(seq), code, json.loads(value))


def _pump(stream, lines: queue.Queue) -> None:
    for raw in stream:
        lines.put(raw.decode("utf-8").rstrip("\r\n"))
    lines.put(None)  # end of output: the writer is gone


class Round:
    """One writer process: started, fed from its stdout, killed."""

    def __init__(self, home: Path, inspection_id: int, first_seq: int, err_path: Path):
        env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1")
        root = str(Path(civdesk.__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        self.err_path = err_path
        self._err = open(err_path, "wb")  # noqa: SIM115 - the writer's stderr for as long as it runs
        self.proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(home), str(inspection_id), str(first_seq)],
            stdout=subprocess.PIPE,
            stderr=self._err,
            stdin=subprocess.DEVNULL,
            env=env,
        )
        self.lines: queue.Queue = queue.Queue()
        self.got: list[str] = []
        self._thread = threading.Thread(target=_pump, args=(self.proc.stdout, self.lines), daemon=True)
        self._thread.start()

    def wait_for(self, predicate) -> None:
        """Read lines until one satisfies ``predicate``; fail if the writer ends or stalls first."""
        deadline = time.monotonic() + LINE_TIMEOUT
        while True:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"the writer printed nothing for {LINE_TIMEOUT:.0f} s; stderr:\n{self.stderr()}")
            if line is None:
                self.lines.put(None)
                pytest.fail(f"the writer ended by itself; stderr:\n{self.stderr()}")
            self.got.append(line)
            if predicate(line):
                return

    def kill(self) -> None:
        """SIGKILL (TerminateProcess on Windows), then collect everything it flushed before dying."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=LINE_TIMEOUT)
        self._thread.join(timeout=LINE_TIMEOUT)
        self.proc.stdout.close()
        self._err.close()
        while not self.lines.empty():
            line = self.lines.get_nowait()
            if line is not None:
                self.got.append(line)

    def stderr(self) -> str:
        if not self._err.closed:
            self._err.flush()
        return self.err_path.read_text(encoding="utf-8", errors="replace")


def _setup(home: Path) -> int:
    store = services.open_home(home)
    try:
        admin = accounts.actor(
            store, accounts.create_user(store, by=None, name="admin", role="admin", password=PASSWORD)
        )
        site = accounts.create_site(store, by=admin, name="收费站A", kind="toll_station", region="east")
        inspector = accounts.actor(
            store, accounts.create_user(store, by=admin, name="inspector", role="inspector", password=PASSWORD)
        )
        return inspections.new_inspection(store, inspector, template_id="toll-window", site_id=site, kind="inspection")
    finally:
        store.close()


def _reported(lines: list[str]) -> tuple[list[Write], Write | None]:
    """The writes reported saved, in order, and the write under way when the kill came (if any)."""
    saved: list[Write] = []
    pending: Write | None = None
    for line in lines:
        if line == "READY":
            continue
        word, w = _parse(line)
        if word == "SAVING":
            assert pending is None, f"a write started before the last one was reported: {line}"
            pending = w
        else:
            assert word == "SAVED" and pending is not None and pending.seq == w.seq, f"out of order: {line}"
            assert pending.code == w.code
            saved.append(w)
            pending = None
    return saved, pending


def _check_home(
    home: Path, iid: int, expected: dict[str, Write], pending: Write | None, landed_before: int
) -> tuple[bool, int]:
    """Reopen the home after a kill and check it; returns (pending write landed, writes landed so far)."""
    store = Store(home)
    try:
        assert [r[0] for r in store.conn.execute("PRAGMA integrity_check")] == ["ok"]
        assert maintenance.check(store) == []
        stored = {
            code: (json.loads(value), note)
            for code, value, note in store.conn.execute(
                "SELECT item_code, value, note FROM answers WHERE inspection_id = ?", (iid,)
            )
        }
        audits = [
            json.loads(d)
            for (d,) in store.conn.execute(
                "SELECT detail FROM audit WHERE action = 'answer' AND entity_id = ? ORDER BY seq", (str(iid),)
            )
        ]
    finally:
        store.close()

    landed = False
    if pending is not None and pending.code in stored and stored[pending.code][1] == pending.note:
        landed = True
        assert stored[pending.code][0] == pending.value
    for code, w in expected.items():
        if landed and code == pending.code:
            continue
        assert code in stored, f"answer {code} (write {w.seq}) was reported saved but is gone"
        assert stored[code] == (w.value, w.note), (
            f"answer {code}: reported {w.value!r} (write {w.seq}), found {stored[code]!r}"
        )
    extra = set(stored) - set(expected) - ({pending.code} if landed else set())
    assert not extra, f"answers nobody reported writing: {sorted(extra)}"

    # Each landed write has exactly one audit entry, and the newest entry per item matches the answer.
    total = landed_before + landed
    assert len(audits) == total, f"{len(audits)} answer audit entries for {total} landed writes"
    last = {a["code"]: a for a in audits}
    for code, (value, note) in stored.items():
        assert (last[code]["value"], last[code]["note"]) == (value, note)
    return landed, total


@pytest.mark.slow
def test_killed_writer_loses_no_reported_answer(tmp_path):
    home = tmp_path / "home"
    iid = _setup(home)
    rng = random.Random(SEED)
    expected: dict[str, Write] = {}
    next_seq = 0
    landed_total = 0
    reported_total = 0
    for n in range(ROUNDS):
        r = Round(home, iid, next_seq, tmp_path / f"writer-{n}.err")
        try:
            mode = rng.choice(("startup", "delay", "count", "count"))
            if mode == "startup":  # anywhere from interpreter start-up to the first saves
                time.sleep(rng.uniform(0.0, 0.8))
            else:
                r.wait_for(lambda line: line == "READY")
                if mode == "delay":
                    time.sleep(rng.uniform(0.0, 0.25))
                else:
                    saves = [rng.randint(1, 30)]  # kill right after this many SAVED lines

                    def enough(line: str) -> bool:
                        saves[0] -= line.startswith("SAVED ")
                        return saves[0] == 0

                    r.wait_for(enough)
        finally:
            r.kill()
        if hasattr(signal, "SIGKILL"):
            assert r.proc.returncode == -signal.SIGKILL, f"writer exited with {r.proc.returncode}: {r.stderr()}"
        assert r.stderr() == "", r.stderr()

        saved, pending = _reported(r.got)
        assert not saved or saved[0].seq == next_seq
        for w in saved:
            expected[w.code] = w
        reported_total += len(saved)
        landed, landed_total = _check_home(home, iid, expected, pending, landed_total + len(saved))
        if landed:
            expected[pending.code] = pending  # durable now, so later rounds must still see it
        seqs = [w.seq for w in saved] + ([pending.seq] if pending else [])
        next_seq = max(seqs) + 1 if seqs else next_seq

    assert reported_total >= ROUNDS // 2, f"only {reported_total} saves reported in {ROUNDS} rounds"
