"""CivDesk at a province's size: homes of 10,000 and 100,000 inspections, each measure beside an
anchor measured in the same run.

    python -m benchmarks scale

The homes (scale_home.py) are built once and cached under ``$CIVDESK_BENCH_DIR``; measures that
write work on a copy. Targets (issue 14) apply at 100,000 and are shown for 10,000 too:

- start to main window ≤ 3 × a bare PySide6 window (as ``start_gui``: probe, open, login, window,
  the automatic backup at start);
- inspections list first paint ≤ 100 ms; search ≤ 100 ms per keystroke; dashboard refresh and
  paint ≤ 150 ms; 整改 page first show ≤ 150 ms;
- answer save ≤ 2 × a bare INSERT + COMMIT with the same pragmas;
- idle memory ≤ 200 MB;
- import of 1,000 inspections ≤ 11 × that of 100;
- longest GUI-thread stall of a scripted session ≤ 100 ms (an event-loop latency probe).

``--only STEP,...`` (or ``$CIVDESK_BENCH_ONLY``) runs some of the steps: ``list``, ``search``,
``sort``, ``dashboard``, ``rectifications`` (the screens), ``save``, ``start``, ``memory``,
``import`` and ``session``; ``CIVDESK_BENCH_SCALE_SIZES=100000`` one size. Once the homes are
cached the whole run takes about 70 s on two shared cores (building them takes minutes, once).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import Row, median, time_ms  # noqa: E402
from benchmarks.bench_gui import BARE, PASSWORD, _compile_bytecode, seconds_to_shown  # noqa: E402
from benchmarks.scale_home import bench_root, cached_home, scratch_copy  # noqa: E402

SIZES = tuple(int(n) for n in os.environ.get("CIVDESK_BENCH_SCALE_SIZES", "10000,100000").split(","))
RUNS = 5
SEARCH_TEXT = "合成站点012"
STEPS = ("list", "search", "sort", "dashboard", "rectifications", "save", "start", "memory", "import", "session")
ONLY = [w.strip() for w in os.environ.get("CIVDESK_BENCH_ONLY", "").split(",") if w.strip()]
if unknown := [w for w in ONLY if w not in STEPS]:
    raise SystemExit(f"no scale step {', '.join(unknown)} (have: {', '.join(STEPS)})")


def wanted(step: str) -> bool:
    return not ONLY or step in ONLY


START = """
import sys
from pathlib import Path
from civdesk.services import accounts
from civdesk.ui import i18n, preload
from civdesk.ui.app import Controller, choose_language, make_app
from civdesk.ui.corrupt_dialog import open_checked
from civdesk.ui.preferences import Prefs
app = make_app()
store = open_checked(Path(sys.argv[1]))
prefs = Prefs(store)
lang = i18n.install(choose_language(None, prefs))
actor = accounts.authenticate(store, sys.argv[2], sys.argv[3], meanwhile=preload.main_window_code)
controller = Controller(store, actor, prefs, lang)
w = controller.show(resume=False)
controller.start_background_work()
"""

SHOWN = """
while not (w.windowHandle() and w.windowHandle().isExposed()):
    app.processEvents()
app.processEvents()
import time
print(time.time(), flush=True)
"""

IDLE = """
for key in ("inspections", "home", "rectifications", "home"):
    w.show_page(key)
    app.processEvents()
end = time.monotonic() + 3.0
while time.monotonic() < end:
    app.processEvents()
    time.sleep(0.02)
controller.wait_background_work()
rss = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS:"))
print(rss / 1024.0, flush=True)
"""

BARE_IDLE = (
    BARE
    + SHOWN
    + """
rss = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS:"))
print(rss / 1024.0, flush=True)
"""
)


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _row(
    label: str, value: float, unit: str, anchor_label: str, anchor: float, limit: float | None, *, ratio: bool = False
) -> list[Row]:
    """The measure and its anchor; ``ratio``: the limit is on value ÷ anchor."""
    rows = [Row(f"  anchor: {anchor_label}", round(anchor, 2), unit)]
    if ratio:
        r = value / anchor if anchor else float("inf")
        rows.insert(0, Row(label, round(r, 2), "×", f"≤ {limit:g} ×", r <= limit))
        rows.insert(1, Row(f"  ({label}: measured)", round(value, 2), unit))
    else:
        rows.insert(0, Row(label, round(value, 2), unit, f"≤ {limit:g} {unit}", value <= limit))
    return rows


# ---------------------------------------------------------------------------------- start and memory


def _startup(home: Path, n: int) -> list[Row]:
    bare, civ = [], []
    seconds_to_shown(BARE + SHOWN)
    seconds_to_shown(START + SHOWN, str(home), "insp1", PASSWORD)
    for _ in range(RUNS):
        bare.append(seconds_to_shown(BARE + SHOWN) * 1000)
        civ.append(seconds_to_shown(START + SHOWN, str(home), "insp1", PASSWORD) * 1000)
    return _row(
        f"{n:,}: start to main window ÷ bare window",
        median(civ),
        "ms",
        "bare PySide6 window, start to shown",
        median(bare),
        3.0,
        ratio=True,
    )


def _child_mb(code: str, *args: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def _memory(home: Path, n: int) -> list[Row]:
    mb = _child_mb(START + SHOWN.replace("print(time.time(), flush=True)", "") + IDLE, str(home), "insp1", PASSWORD)
    bare = _child_mb(BARE_IDLE)
    return _row(
        f"{n:,}: idle memory after list, dashboard, 整改 (RSS)", mb, "MB", "bare PySide6 window (RSS)", bare, 200.0
    )


# ---------------------------------------------------------------------------------- screens


def _paint(widget) -> None:
    from PySide6.QtWidgets import QApplication

    widget.repaint()
    QApplication.processEvents()


def _screens(home: Path, n: int) -> list[Row]:
    from civdesk import services
    from civdesk.services import accounts, dashboard, listing
    from civdesk.ui.dashboard.page import DashboardPage
    from civdesk.ui.inspections.page import InspectionsPage
    from civdesk.ui.rectifications.page import RectificationsPage
    from civdesk.ui.session import Session

    store = services.open_home(home)
    try:
        actor = accounts.authenticate(store, "admin", PASSWORD)
        session = Session(store, actor)
        rows: list[Row] = []

        page = InspectionsPage(session)
        page.resize(1280, 760)
        page.show()
        _paint(page)

        def raw_first_page() -> None:
            store.conn.execute("SELECT * FROM inspections ORDER BY created_at DESC, id DESC LIMIT 200").fetchall()

        if wanted("list"):
            first = time_ms(lambda: (page.refresh(), _paint(page.view)), RUNS, 1)
            rows += _row(
                f"{n:,}: inspections list, first page painted",
                median(first),
                "ms",
                "raw query, first 200 rows",
                median(time_ms(raw_first_page, RUNS)),
                100.0,
            )
        else:
            page.refresh()

        def keystrokes() -> list[float]:
            took = []
            for k in range(1, len(SEARCH_TEXT) + 1):
                t0 = time.perf_counter()
                page.search.setText(SEARCH_TEXT[:k])
                page.apply_filters()
                _paint(page.view)
                took.append((time.perf_counter() - t0) * 1000)
            page.search.clear()
            page.apply_filters()
            return took

        def raw_search() -> None:
            q = listing.inspection_query(search=SEARCH_TEXT)
            listing.count(store, q)
            listing.page(store, q, 0, 200)

        if wanted("search"):
            keystrokes()
            worst = max(max(keystrokes()) for _ in range(3))
            found = listing.count(store, listing.inspection_query(search=SEARCH_TEXT))
            rows += _row(
                f"{n:,}: search, slowest keystroke of '{SEARCH_TEXT}' ({found:,} found)",
                worst,
                "ms",
                "the search's count and first page in SQL",
                median(time_ms(raw_search, RUNS)),
                100.0,
            )
        if wanted("sort"):
            sort = time_ms(lambda: (page.model.sort(1, page.model._sort[1]), _paint(page.view)), RUNS, 1)
            rows.append(Row(f"{n:,}: sort by 被检单位 and paint (median)", round(median(sort), 2), "ms"))
        page.hide()

        if wanted("dashboard"):
            home_page = DashboardPage(session)
            home_page.resize(1280, 760)
            home_page.show()
            _paint(home_page)
            dash = time_ms(lambda: (home_page.refresh(), _paint(home_page)), RUNS, 1)
            rows += _row(
                f"{n:,}: dashboard refreshed and painted",
                median(dash),
                "ms",
                "dashboard figures in SQL (summary)",
                median(time_ms(lambda: dashboard.summary(store, actor), RUNS)),
                150.0,
            )
            home_page.hide()
        if not wanted("rectifications"):
            return rows

        def first_show() -> None:
            rect = RectificationsPage(session)
            rect.resize(1280, 760)
            rect.show()
            _paint(rect)
            rect.hide()
            rect.deleteLater()

        def raw_count() -> None:
            store.conn.execute("SELECT state, COUNT(*) FROM rectifications GROUP BY state").fetchall()

        rows += _row(
            f"{n:,}: 整改 page, first show and paint",
            median(time_ms(first_show, RUNS, 1)),
            "ms",
            "rectifications counted in SQL",
            median(time_ms(raw_count, RUNS)),
            150.0,
        )
        return rows
    finally:
        store.close()


# ---------------------------------------------------------------------------------- writes


def _answer_save(home: Path, n: int) -> list[Row]:
    from civdesk import services
    from civdesk.services import accounts, inspections, templates

    store = services.open_home(home)
    try:
        actor = accounts.authenticate(store, "insp1", PASSWORD)
        site = store.scalar("SELECT id FROM sites ORDER BY id LIMIT 1")
        iid = inspections.new_inspection(store, actor, template_id="toll-window", site_id=site, kind="inspection")
        codes = [it.code for it in templates.latest(store, "toll-window").items() if it.type == "check"]
        store.conn.execute("CREATE TABLE IF NOT EXISTS bench_bare (id INTEGER PRIMARY KEY, k TEXT, v TEXT)")

        def bare() -> None:
            store.conn.execute("BEGIN IMMEDIATE")
            store.conn.execute("INSERT INTO bench_bare (k, v) VALUES (?, ?)", ("1.1.1", '"yes"'))
            store.conn.execute("COMMIT")

        # Alternated, so both see the same disk (an fsync's cost moves with the machine's load).
        saves, anchor = [], []
        for k in range(65):
            code, value = codes[k % len(codes)], ("yes", "no")[k % 2]
            t0 = time.perf_counter()
            inspections.answer(store, actor, iid, code, value)
            t1 = time.perf_counter()
            bare()
            t2 = time.perf_counter()
            if k >= 5:
                saves.append((t1 - t0) * 1000)
                anchor.append((t2 - t1) * 1000)
        return _row(
            f"{n:,}: answer save ÷ bare INSERT+COMMIT (synchronous=FULL, WAL)",
            median(saves),
            "ms",
            "bare INSERT + COMMIT, same pragmas",
            median(anchor),
            2.0,
            ratio=True,
        )
    finally:
        store.close()


def _bundle(home: Path, work: Path, count: int, store=None) -> Path:
    """A bundle of the home's first ``count`` submitted inspections, as 数据 → 导出 writes it."""
    from civdesk import services
    from civdesk.services import accounts, exchange

    own = store is None
    store = services.open_home(home) if own else store
    try:
        admin = accounts.authenticate(store, "admin", PASSWORD)
        ids = [
            r[0]
            for r in store.conn.execute(
                "SELECT id FROM inspections WHERE kind = 'inspection' AND state != 'draft' ORDER BY id LIMIT ?",
                (count,),
            )
        ]
        bundle = work / f"import-{count}.civpack"
        exchange.export_bundle(store, ids, bundle, by=admin, password=PASSWORD)
        return bundle
    finally:
        if own:
            store.close()


def _import(home: Path, work: Path) -> list[Row]:
    from civdesk import services
    from civdesk.services import exchange
    from civdesk.services.exchange.bundle_format import read

    store = services.open_home(home)
    try:
        timings, anchors = {}, {}
        for count in (100, 1000):
            bundle = _bundle(home, work, count, store)
            t0 = time.perf_counter()
            read(bundle)
            anchors[count] = time.perf_counter() - t0
            fresh = services.open_home(work / f"into-{count}")
            try:
                t0 = time.perf_counter()
                exchange.import_bundle(fresh, bundle, by=None)
                timings[count] = time.perf_counter() - t0
            finally:
                fresh.close()
    finally:
        store.close()
    return [
        *_row(
            "import 1,000 inspections ÷ import 100",
            timings[1000],
            "s",
            f"reading and checking the 1,000 bundle (100: {anchors[100]:.2f} s)",
            anchors[1000],
            11.0,
            ratio=True,
        ),
        Row("  import of 100 inspections", round(timings[100], 2), "s"),
    ]


# ---------------------------------------------------------------------------------- the scripted session


def _session_stalls(home: Path, n: int, bundle: Path | None) -> list[Row]:
    """The longest gap between two ticks of a 5 ms timer while a person's session is played."""
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from civdesk import services
    from civdesk.services import accounts, documents
    from civdesk.ui.app import warm_documents_later
    from civdesk.ui.main_window import MainWindow
    from civdesk.ui.render_job import preview_later
    from civdesk.ui.session import Session
    from civdesk.ui.worker import app_runner

    store = services.open_home(home)
    app = QApplication.instance()
    try:
        actor = accounts.authenticate(store, "insp1", PASSWORD)
        session = Session(store, actor)
        window = MainWindow(session, resume=False)
        window.resize(1366, 800)
        window.show()
        # As the desktop app does after its window shows (Controller.start_background_work): the
        # document libraries load on the runner while the session goes on.
        warm_documents_later(app_runner(), window)
        app.processEvents()
        draft = store.scalar("SELECT id FROM inspections WHERE state = 'draft' AND author_id = ? LIMIT 1", (actor.id,))
        signed = store.scalar("SELECT id FROM inspections WHERE state = 'approved' ORDER BY id DESC LIMIT 1")
        steps: list[tuple[str, object]] = [
            ("open list", lambda: window.show_page("inspections")),
            *[
                (
                    f"type {SEARCH_TEXT[:k]}",
                    (
                        lambda k=k: (
                            window.inspections.search.setText(SEARCH_TEXT[:k]),
                            window.inspections.apply_filters(),
                        )
                    ),
                )
                for k in range(1, len(SEARCH_TEXT) + 1)
            ],
            ("clear search", lambda: (window.inspections.search.clear(), window.inspections.apply_filters())),
            ("sort", lambda: window.inspections.model.sort(1, window.inspections.model._sort[1])),
            ("open walkthrough", lambda: window.open_inspection(draft)),
            *[("next item", lambda: window.walkthrough.go_next()) for _ in range(20)],
            ("back to list", lambda: window.show_page("inspections")),
            ("dashboard", lambda: window.show_page("home")),
            ("整改", lambda: window.show_page("rectifications")),
            # As the review page does it: drawn on the runner's thread, the preview opened when ready.
            (
                "preview a report",
                lambda: preview_later(
                    window, home, lambda st: documents.render_report(st, signed, by=actor), "report.pdf"
                ),
            ),
        ]
        if bundle is not None:
            # As 数据 → 导入 does it: the dialog imports on the operation runner's thread.
            steps.append(("import a bundle", lambda: _import_in_dialog(window, bundle)))
        worst: dict[str, float] = {}
        clock = QElapsedTimer()
        last = [0]
        current = ["start"]

        def tick() -> None:
            now = clock.elapsed()
            gap = now - last[0]
            worst[current[0]] = max(worst.get(current[0], 0), gap)
            last[0] = now

        probe = QTimer()
        probe.setInterval(5)
        probe.timeout.connect(tick)
        clock.start()
        probe.start()
        for name, step in steps:
            current[0] = name
            done: list[int | None] = [None]  # when the step's own work returned

            def play(step=step, done=done) -> None:
                try:
                    step()
                finally:
                    done[0] = clock.elapsed()

            QTimer.singleShot(0, play)
            end = clock.elapsed() + {"preview a report": 1500, "import a bundle": 1000}.get(name, 60)
            # Until the probe ticked after the step's work: a step longer than its window is its own
            # stall, not the next step's.
            while (
                clock.elapsed() < end
                or done[0] is None
                or last[0] < done[0]
                or (name == "import a bundle" and _importing(window))
            ):
                app.processEvents()
                time.sleep(0.002)
        probe.stop()
        window.close()
        name, gap = max(worst.items(), key=lambda kv: kv[1])
        return [
            Row(
                f"{n:,}: longest GUI stall of the scripted session (at: {name})",
                float(gap),
                "ms",
                "≤ 100 ms",
                gap <= 100,
            ),
            Row("  anchor: the probe's interval", 5.0, "ms"),
        ] + [Row(f"  stall during: {k}", float(v), "ms") for k, v in sorted(worst.items(), key=lambda kv: -kv[1])[:4]]
    finally:
        store.close()


def _import_in_dialog(window, bundle: Path) -> None:
    from civdesk.ui.exchange.import_dialog import ImportDialog

    window.bench_import = ImportDialog(window.session, window, path=bundle)
    window.bench_import.show()
    window.bench_import.run_import()


def _importing(window) -> bool:
    dialog = getattr(window, "bench_import", None)
    return dialog is not None and dialog.operation is not None


def run() -> list[Row]:
    from civdesk.ui.app import make_app

    _compile_bytecode()
    make_app()
    rows: list[Row] = []
    for n in SIZES:
        home = cached_home(n)
        work = Path(tempfile.mkdtemp(prefix=f"run-{n}-", dir=bench_root()))
        try:
            scratch = scratch_copy(home, work / "home")
            if any(wanted(s) for s in STEPS[:5]):
                _log(f"  {n:,}: screens …")
                rows += _screens(home, n)
            if wanted("save"):
                _log(f"  {n:,}: answer save …")
                rows += _answer_save(scratch, n)
            if wanted("start"):
                _log(f"  {n:,}: start-up ({RUNS} runs each) …")
                rows += _startup(scratch, n)
            if wanted("memory"):
                _log(f"  {n:,}: memory …")
                rows += _memory(scratch, n)
            bundle = None
            if n == max(SIZES) and wanted("import"):
                _log(f"  {n:,}: import 100 and 1,000 …")
                rows += _import(home, work)
                bundle = work / "import-100.civpack"
            elif n == max(SIZES) and wanted("session"):
                bundle = _bundle(home, work, 100)
            if wanted("session"):
                _log(f"  {n:,}: scripted session …")
                rows += _session_stalls(scratch, n, bundle)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return rows


if __name__ == "__main__":
    from benchmarks.__main__ import table

    print(table(run()))
