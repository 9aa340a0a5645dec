"""Who has a home open: each CivDesk process working on a home (the desktop app, an acting
command) leaves ``locks/<pid>.pid`` in it; a restore takes ``locks/restore.lock`` and refuses
while any other live process holds the home, because replacing the database under a process
that still writes to it loses what that process writes next.

Both sides write their own file first and look for the other's second, so a process opening the
home at the moment a restore starts either sees the restore or is seen by it. A file left by a
process that died (kill -9, power cut) names a pid that is no longer alive and is taken over.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from .db import StoreError

LOCK_DIR = "locks"
RESTORING = "restore.lock"
_held: dict[Path, int] = {}  # this process's pid files → how many holds share each


class HomeBusy(StoreError):
    """Another CivDesk process has the home open (or is restoring it)."""


def alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False  # a damaged lock file: 0 or -1 would name a whole process group
    if sys.platform == "win32":  # pragma: no cover - Windows station PCs
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by someone else
    return True


def _pid_of(path: Path) -> int | None:
    try:
        return int(path.read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _folder(home: Path) -> Path:
    folder = Path(home) / LOCK_DIR
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(folder, 0o700)
    return folder


def _write(path: Path, *, exclusive: bool) -> None:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(f"{os.getpid()}\n")


def _restorer(folder: Path) -> int | None:
    pid = _pid_of(folder / RESTORING)
    return pid if pid is not None and pid != os.getpid() and alive(pid) else None


class Hold:
    """This process works on the home until ``release()`` (also a context manager)."""

    def __init__(self, path: Path):
        self.path = path

    def release(self) -> None:
        n = _held.get(self.path, 0) - 1
        if n > 0:
            _held[self.path] = n
            return
        _held.pop(self.path, None)
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> Hold:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def hold(home: Path | str) -> Hold:
    """Mark the home as open by this process; HomeBusy while a restore of it runs elsewhere."""
    folder = _folder(Path(home))
    mine = folder / f"{os.getpid()}.pid"
    if mine not in _held:
        _write(mine, exclusive=False)
    _held[mine] = _held.get(mine, 0) + 1
    pid = _restorer(folder)
    if pid is not None:
        Hold(mine).release()
        raise HomeBusy("lock.being_restored_process_try", home=home, pid=pid)
    return Hold(mine)


def holders(home: Path | str) -> list[int]:
    """Live processes other than this one holding the home; files of dead ones are removed."""
    folder = Path(home) / LOCK_DIR
    found = []
    for f in sorted(folder.glob("*.pid")) if folder.is_dir() else []:
        pid = _pid_of(f)
        if pid == os.getpid():
            continue
        if pid is not None and alive(pid):
            found.append(pid)
        else:
            f.unlink(missing_ok=True)  # stale: its process is gone
    return found


@contextlib.contextmanager
def exclusive(home: Path | str) -> Iterator[None]:
    """The home to this process alone (a restore); HomeBusy names who else has it open."""
    folder = _folder(Path(home))
    marker = folder / RESTORING
    try:
        _write(marker, exclusive=True)
    except FileExistsError:
        pid = _restorer(folder)
        if pid is not None:
            raise HomeBusy("lock.already_being_restored_process", home=home, pid=pid) from None
        _write(marker, exclusive=False)  # left by a restore that died: taken over
    try:
        others = holders(home)
        if others:
            raise HomeBusy("lock.open_another_civdesk_process", home=home, join=", ".join(map(str, others)))
        yield
    finally:
        marker.unlink(missing_ok=True)
