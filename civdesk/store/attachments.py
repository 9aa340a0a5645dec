"""Content-addressed attachment files: attachments/<sha[:2]>/<sha>, written atomically.

The same photo attached twice is stored once; a file is never rewritten in place, so a crash
mid-copy leaves at worst a stray temporary file, never a half photo under a real name.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

ROOT_NAME = "attachments"  # the folder inside a home


def path_for(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def put_bytes(root: Path, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    dest = path_for(root, sha)
    if dest.exists():
        try:
            # Touched: a file that is about to be named again is never an old orphan to sweep
            # (services/orphans.py). Gone meanwhile (swept just now): written again below.
            os.utime(dest)
            return sha
        except FileNotFoundError:
            pass
        except OSError:
            return sha  # a read-only home: the file is there, which is all that matters
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    dest.parent.mkdir(mode=0o700, exist_ok=True)
    import tempfile  # not on the way to the login dialog (~6 ms)

    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return sha


def put_file(root: Path, src: Path) -> tuple[str, int]:
    data = Path(src).read_bytes()
    return put_bytes(root, data), len(data)


def verify(root: Path, sha256: str) -> bool:
    p = path_for(root, sha256)
    return p.exists() and hashlib.sha256(p.read_bytes()).hexdigest() == sha256
