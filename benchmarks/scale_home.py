"""Homes of 10,000 and 100,000 inspections for ``python -m benchmarks scale``, built once and kept.

A home of that size takes minutes to build, so it is cached under ``$CIVDESK_BENCH_DIR`` (else the
system's temporary folder) in a folder named after its size, the schema version and this shape's
version; a half-built home (no ``complete`` marker) is thrown away and built again. A home of the
same shape built at an older schema is migrated instead (as a user's home is). Measures that
change data work on a copy (``scratch_copy``), so the cached home stays as built.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from civdesk.store.version import SCHEMA_VERSION

from .synthetic import BigHome, build_home

SHAPE = 2  # raise when build_home's output changes


def bench_root() -> Path:
    root = Path(os.environ.get("CIVDESK_BENCH_DIR") or tempfile.gettempdir()) / "civdesk-scale"
    root.mkdir(parents=True, exist_ok=True)
    return root


def cached_home(inspections: int) -> Path:
    """The home of ``inspections`` inspections (40 sites per 10,000, 8 answers each), built on first use."""
    home = bench_root() / f"home-{inspections}-s{SCHEMA_VERSION}-v{SHAPE}"
    if (home / "complete").exists():
        return home
    shutil.rmtree(home, ignore_errors=True)
    older = sorted(bench_root().glob(f"home-{inspections}-s*-v{SHAPE}"), key=lambda p: p.stat().st_mtime)
    older = [p for p in older if (p / "complete").exists()]
    if older:
        # The same shape at an older schema: migrated as a user's home would be, in minutes less.
        print(f"migrating {older[-1].name} to schema {SCHEMA_VERSION} …", file=sys.stderr, flush=True)
        (older[-1] / "complete").unlink()
        older[-1].rename(home)
        from civdesk import services

        services.open_home(home).close()
        (home / "complete").write_text(f"migrated from {older[-1].name}\n")
        return home
    print(f"building the {inspections:,}-inspection home in {home} (once) …", file=sys.stderr, flush=True)
    built: BigHome = build_home(
        home,
        inspections=inspections,
        answers_each=8,
        sites=max(40, inspections // 250),
        inspectors=max(8, inspections // 1250),
    )
    (home / "complete").write_text(f"{built.build_seconds:.1f} s\n")
    return home


def scratch_copy(home: Path, dest: Path) -> Path:
    """A private copy of ``home``'s database (photos shared through a link) for measures that write."""
    dest.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(home / "civdesk.db")
    out = sqlite3.connect(dest / "civdesk.db")
    src.backup(out)
    out.close()
    src.close()
    attachments = dest / "attachments"
    if not attachments.exists():
        attachments.symlink_to(home / "attachments", target_is_directory=True)
    return dest
