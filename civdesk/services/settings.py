"""Settings use cases: read and change the settings declared in civdesk/settings_schema.py,
install the seal image, and move the data folder (copy, verify, then switch).

Organisation-wide settings are changed by an admin only (checked here, not only in the screen),
and every change is written together with its audit entry.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from .. import settings_schema as schema
from ..domain.workflow import Actor
from ..store import DB_NAME, Store, health, lock
from . import maintenance
from .errors import InputError, NotAllowed

SEAL_FILE = "seal.png"
MOVED_NOTE = "CivDesk-已迁移.txt"
POINTER_NAME = "home-location.txt"


def get(store: Store, name: str) -> Any:
    """The value of one setting (its default when unset or unusable)."""
    s = schema.setting(name)
    if name == "data_folder":
        return str(store.home)
    return schema.coerce(s, store.get_setting(name))


def get_all(store: Store) -> dict[str, Any]:
    return {s.name: get(store, s.name) for s in schema.SCHEMA}


def refusal(by: Actor | None, name: str) -> NotAllowed | None:
    """Why ``by`` may not change setting ``name`` (organisation-wide ones are an admin's), or None."""
    s = schema.setting(name)
    if s.admin_only and (by is None or by.role != "admin"):
        return NotAllowed("settings.only_admin_changes", name=s.name)
    return None


def _may_change(by: Actor | None, s: schema.Setting) -> None:
    refused = refusal(by, s.name)
    if refused is not None:
        raise refused


def set_value(store: Store, by: Actor | None, name: str, value: Any) -> Any:
    """Check and store one setting; returns the stored value. InputError names what is wrong."""
    s = schema.setting(name)
    if not s.stored:
        raise InputError("settings.changed_moving_data_folder", name=name)
    _may_change(by, s)
    if s.type == "float" and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    why = schema.problem(s, value)
    if why:
        raise why
    if s.type == "image" and value:
        raise InputError("settings.seal_image_installed_set")
    with store.write():
        if name.startswith("backup."):
            # The backup rules' own check (keep_last ≥ 1…) runs too.
            maintenance.set_backup_policy(store, **{maintenance.SETTINGS[name][0]: value})
        else:
            store.set_setting(name, value)
        store.audit(by.id if by else None, "setting.change", "setting", name, {"value": value})
    return value


def reset(store: Store, by: Actor | None, name: str) -> Any:
    """Back to the schema's default."""
    s = schema.setting(name)
    if s.type == "image":
        return clear_seal_image(store, by)
    return set_value(store, by, name, s.default)


# ------------------------------------------------------------------ the seal image


def png_problem(path: Path) -> InputError | None:
    """Why a file cannot be the seal (a refusal to raise), or None. A seal must be a PNG; one without
    transparency is accepted but ``has_transparency`` tells the screen to warn."""
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError as e:
        return InputError("files.cannot_read", path=path, reason=e)
    if head != b"\x89PNG\r\n\x1a\n":
        return InputError("settings.not_png", name=path.name)
    from .limits import LimitExceeded, open_image

    try:
        with open_image(path) as im:
            im.verify()
    except LimitExceeded as e:
        return e
    except Exception as e:
        return InputError("settings.unusable_png", name=path.name, detail=str(e))
    return None


def has_transparency(path: Path) -> bool:
    from PIL import Image

    with Image.open(path) as im:
        return im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info)


def seal_path(store: Store) -> Path | None:
    """The seal image file, or None when none is set (or its file has gone)."""
    raw = store.get_setting("seal_image") or ""
    if not raw:
        return None
    p = Path(raw)
    p = p if p.is_absolute() else store.home / p
    return p if p.is_file() else None


def set_seal_image(store: Store, by: Actor | None, source: Path | str) -> Path:
    """Copy a PNG into the home as the seal (stored relative to the home, so it moves with it)."""
    _may_change(by, schema.setting("seal_image"))
    source = Path(source)
    why = png_problem(source)
    if why:
        raise why
    data = source.read_bytes()
    dest = store.home / SEAL_FILE
    tmp = dest.with_name(dest.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(dest)
    with store.write():
        store.set_setting("seal_image", SEAL_FILE)
        store.audit(
            by.id if by else None,
            "setting.change",
            "setting",
            "seal_image",
            {"value": SEAL_FILE, "sha256": hashlib.sha256(data).hexdigest(), "from": source.name},
        )
    return dest


def clear_seal_image(store: Store, by: Actor | None) -> None:
    _may_change(by, schema.setting("seal_image"))
    with store.write():
        store.set_setting("seal_image", "")
        store.audit(by.id if by else None, "setting.change", "setting", "seal_image", {"value": ""})


# ------------------------------------------------------------------ moving the data folder


def pointer_file() -> Path:
    """Where the location of a moved default home is written (the platform's config folder)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("CivDesk", appauthor=False)) / POINTER_NAME


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _files(root: Path) -> dict[str, Path]:
    """Every file of a home but the live database (copied through SQLite's backup API)."""
    skip = {DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm", MOVED_NOTE}
    return {
        str(p.relative_to(root)): p
        for p in sorted(root.rglob("*"))
        if p.is_file() and not (p.parent == root and p.name in skip) and p.parent != root / lock.LOCK_DIR
    }


def move_home(store: Store, by: Actor, dest: Path | str) -> Path:
    """Copy the home to ``dest`` (an empty or new folder), verify every file and the database,
    and return ``dest``. The old folder is left as it was, with a note saying where the data went;
    the caller reopens the home at ``dest`` (and writes the pointer with ``remember_home``).

    Nothing is switched unless the copy verified: on any fault the partial copy is removed and
    InputError says what failed."""
    _may_change(by, schema.setting("data_folder"))
    src = store.home.resolve()
    dest = Path(dest).expanduser().resolve()
    if dest == src or src in dest.parents:
        raise InputError("settings.inside_current_data_folder", dest=dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise InputError("settings.empty_choose_new_empty", dest=dest)
    made = not dest.exists()
    try:
        dest.mkdir(parents=True, exist_ok=True)
        # 1. copy: the database through the backup API (consistent while CivDesk runs), the rest as files.
        target = sqlite3.connect(dest / DB_NAME)
        try:
            store.conn.backup(target)
        finally:
            target.close()
        files = _files(src)
        for rel, path in files.items():
            out = dest / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, out)
            with open(out, "rb+") as f:
                os.fsync(f.fileno())
        # 2. verify: every file byte for byte, the database sound with the same rows.
        for rel, path in files.items():
            if _sha(path) != _sha(dest / rel):
                raise InputError("settings.differs_after_copying", rel=rel)
        check = sqlite3.connect(dest / DB_NAME)
        try:
            if health.integrity_check(check) != ["ok"]:
                raise InputError("settings.copied_database_fails_integrity", dest=dest)
            if health.table_sizes(check) != health.table_sizes(store.conn):
                raise InputError("settings.copied_database_does_hold")
        finally:
            check.close()
    except BaseException as e:
        if made:
            shutil.rmtree(dest, ignore_errors=True)
        else:
            for child in dest.iterdir():
                shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise InputError("settings.copying_failed", dest=dest, value=e.strerror or e) from None
        raise
    # 3. the switch is recorded in the new home; the old one keeps a note saying where it went.
    moved = Store(dest)
    try:
        with moved.write():
            moved.audit(by.id, "home.move", "home", None, {"from": str(src), "to": str(dest)})
    finally:
        moved.close()
    try:
        (src / MOVED_NOTE).write_text(f"CivDesk 的数据已迁移到：\n{dest}\n", encoding="utf-8")
    except OSError:
        pass
    return dest


def remember_home(dest: Path, pointer: Path | None = None) -> None:
    """Make ``dest`` the default home of this computer (read by store.default_home)."""
    pointer = pointer or pointer_file()
    pointer.parent.mkdir(parents=True, exist_ok=True)
    pointer.write_text(str(dest) + "\n", encoding="utf-8")
