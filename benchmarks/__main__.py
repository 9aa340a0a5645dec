"""``python -m benchmarks [NAME ...]``: run every benchmarks/bench_*.py module (or the named ones,
e.g. ``store``) and print one table of name, measured, target and PASS/FAIL. ``--only STEP,...``
runs only those steps of a module that has steps (``scale``: see its docstring).

A module that cannot be imported here (no PySide6, no display) is skipped with a note. Exit
status 1 when any figure misses its target or a module fails.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import os
import pkgutil
import platform
import sqlite3
import sys
import traceback

import benchmarks

from . import Row


def _modules(wanted: list[str]) -> list[str]:
    found = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_"))
    if not wanted:
        return found
    names = [w if w.startswith("bench_") else f"bench_{w}" for w in wanted]
    unknown = [n for n in names if n not in found]
    if unknown:
        raise SystemExit(f"no benchmark module {', '.join(unknown)} (have: {', '.join(found)})")
    return names


def _measured(row: Row) -> str:
    v = abs(row.value)
    fmt = ",.0f" if v >= 1000 else ".0f" if v >= 100 else ".2f" if v >= 1 else ".3f"
    return f"{row.value:{fmt}} {row.unit}".strip()


def _target(row: Row) -> str:
    if row.target is None or row.target == "":
        return "—"
    if isinstance(row.target, (int, float)):
        return f"≤ {row.target:g} {row.unit}".strip()
    return str(row.target)


def _verdict(row: Row) -> str:
    return "—" if row.passed is None else "PASS" if row.passed else "FAIL"


def _width(s: str) -> int:
    """Columns a string takes in a terminal (CJK characters take two)."""
    return sum(2 if "\u2e80" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width(s))


def table(rows: list[Row]) -> str:
    cells = [("benchmark", "measured", "target", "result")]
    cells += [(r.name, _measured(r), _target(r), _verdict(r)) for r in rows]
    widths = [max(_width(c[i]) for c in cells) for i in range(4)]
    lines = []
    for n, c in enumerate(cells):
        lines.append("  ".join(_pad(x, w) for x, w in zip(c, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if "--only" in argv:
        at = argv.index("--only")
        if at + 1 >= len(argv):
            raise SystemExit("--only needs the steps to run, e.g. --only search,start")
        os.environ["CIVDESK_BENCH_ONLY"] = argv[at + 1]
        argv = argv[:at] + argv[at + 2 :]
    print(f"CivDesk benchmarks — {_dt.datetime.now().astimezone().isoformat(timespec='seconds')}")
    print(
        f"machine: {platform.machine()} {platform.system()} {platform.release()}, {os.cpu_count()} CPUs, "
        f"{platform.processor() or 'unknown processor'}"
    )
    print(
        f"python {platform.python_version()} ({platform.python_implementation()}), SQLite {sqlite3.sqlite_version}",
        flush=True,
    )
    rows: list[Row] = []
    failed = False
    for name in _modules(argv):
        try:
            module = importlib.import_module(f"benchmarks.{name}")
        except ImportError as e:
            print(f"skipped {name}: {e}", flush=True)
            continue
        print(f"running {name} …", file=sys.stderr, flush=True)
        try:
            rows += module.run()
        except Exception:
            traceback.print_exc()
            print(f"{name} failed; its figures are missing")
            failed = True
    print()
    print(table(rows))
    return 1 if failed or any(r.passed is False for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
