"""Settings: one schema, values checked and stored by the service, admin-only where organisation-wide,
the seal image kept inside the home, and moving the data folder (copy, verify, then switch)."""

from __future__ import annotations

import sqlite3
import struct
import zlib

import pytest

from civdesk import settings_schema as schema
from civdesk.domain.errors import NotAllowed
from civdesk.services import maintenance, settings
from civdesk.services.errors import InputError
from civdesk.store import DB_NAME, Store
from tests.helpers.data import PASSWORD


def png(path, *, alpha: bool) -> object:
    """A real 4×4 PNG, with an alpha channel or without."""
    _channels, kind = (4, 6) if alpha else (3, 2)
    raw = b"".join(b"\x00" + bytes([200, 30, 30] + ([128] if alpha else [])) * 4 for _ in range(4))

    def chunk(k: bytes, d: bytes) -> bytes:
        return struct.pack(">I", len(d)) + k + d + struct.pack(">I", zlib.crc32(k + d))

    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, kind, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return path


def test_schema_is_complete_and_defaults_fit():
    names = {s.name for s in schema.SCHEMA}
    assert {
        "org_name",
        "seal_image",
        "default_region",
        "certificate_validity_months",
        "ui.language",
        "data_folder",
        "backup.enabled",
        "backup.every_hours",
        "ui.theme",
        "ui.font_scale",
        "dashboard.stale_months",
    } <= names
    for s in schema.SCHEMA:
        assert s.type in schema.TYPES and s.group in schema.GROUPS and s.description
        assert schema.problem(s, s.default) is None, s.name
    # The backup settings are the very keys the backup rules read, with the same defaults.
    from civdesk.domain.backups import Policy

    for key, (field, _) in maintenance.SETTINGS.items():
        assert schema.setting(key).default == getattr(Policy(), field)


def test_values_are_checked_stored_and_audited(people):
    s, admin = people.store, people.admin
    assert settings.get(s, "certificate_validity_months") == 36
    settings.set_value(s, admin, "certificate_validity_months", 24)
    assert settings.get(s, "certificate_validity_months") == 24 == s.get_setting("certificate_validity_months")
    settings.set_value(s, admin, "org_name", "杭州市交通运输局")
    settings.set_value(s, admin, "backup.every_hours", 12)  # an int for a float setting is fine
    assert maintenance.backup_policy(s).every_hours == 12.0
    for name, bad in (
        ("certificate_validity_months", 0),
        ("certificate_validity_months", "12"),
        ("ui.theme", "pink"),
        ("default_region", "south"),
        ("ui.font_scale", 3.0),
        ("backup.keep_last", 0),
        ("ui.auto_advance", "yes"),
    ):
        with pytest.raises(InputError, match=name.split(".")[-1]):
            settings.set_value(s, admin, name, bad)
    with pytest.raises(KeyError):
        settings.set_value(s, admin, "no.such.setting", 1)
    actions = [e["entity_id"] for e in s.audit_entries() if e["action"] == "setting.change"]
    assert actions == ["certificate_validity_months", "org_name", "backup.every_hours"]
    # A value that no longer fits (written behind CivDesk's back) reads as the default.
    s.set_setting("ui.theme", "pink")
    assert settings.get(s, "ui.theme") == "system"


def test_organisation_settings_are_for_admins_interface_ones_for_everyone(people):
    s = people.store
    for who in (people.inspector, people.manager_a, None):
        with pytest.raises(NotAllowed):
            settings.set_value(s, who, "org_name", "某单位")
    settings.set_value(s, people.inspector, "ui.theme", "dark")
    settings.set_value(s, people.staff_a, "dashboard.stale_months", 3)
    assert settings.get(s, "ui.theme") == "dark" and settings.get(s, "dashboard.stale_months") == 3


def test_seal_image_is_a_png_copied_into_the_home(people, tmp_path):
    s, admin = people.store, people.admin
    path = settings.set_seal_image(s, admin, png(tmp_path / "公章.png", alpha=True))
    assert path == s.home / settings.SEAL_FILE and path.read_bytes() == (tmp_path / "公章.png").read_bytes()
    assert s.get_setting("seal_image") == settings.SEAL_FILE and settings.seal_path(s) == path
    assert settings.has_transparency(path)
    assert not settings.has_transparency(png(tmp_path / "opaque.png", alpha=False))
    (tmp_path / "seal.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a png")
    with pytest.raises(InputError, match="not a PNG"):
        settings.set_seal_image(s, admin, tmp_path / "seal.jpg")
    with pytest.raises(NotAllowed):
        settings.set_seal_image(s, people.inspector, tmp_path / "公章.png")
    with pytest.raises(InputError):
        settings.set_value(s, admin, "seal_image", "/etc/passwd")
    settings.clear_seal_image(s, admin)
    assert settings.seal_path(s) is None


def test_certificate_finds_the_seal_relative_to_the_home(people, mini, tmp_path):
    import datetime as _dt

    from civdesk.services import document_content, documents, inspections, signing
    from civdesk.services.demo import signature_png

    s = people.store
    settings.set_seal_image(s, people.admin, png(tmp_path / "seal.png", alpha=True))
    assert s.get_setting("seal_image") == "seal.png"  # relative: it moves with the data folder
    iid = inspections.new_inspection(s, people.inspector, template_id="mini", site_id=people.site_a, kind="inspection")
    for code, value in {"1.1": "yes", "1.2": "excellent", "2.1": 35, "2.2": "yes"}.items():
        inspections.answer(s, people.inspector, iid, code, value)
    inspections.submit(s, people.inspector, iid)
    inspections.approve(s, people.manager_a, iid)
    for who in (people.inspector, people.manager_a):
        signing.sign(s, who, iid, PASSWORD, signature_png(who.name))
    rec = documents.issue_certificate(s, people.inspector, iid, today=_dt.date(2026, 3, 1))
    d = document_content.build_certificate(
        s, iid, code=rec.code, serial=rec.serial, title=rec.title, issued_on=_dt.date(2026, 3, 1)
    )
    assert d.seal_image == str(s.home / "seal.png")


def test_move_home_copies_verifies_and_leaves_the_old_folder(people, tmp_path):
    s, admin = people.store, people.admin
    settings.set_value(s, admin, "org_name", "迁移测试单位")
    settings.set_seal_image(s, admin, png(tmp_path / "seal.png", alpha=True))
    maintenance.auto_backup(s, at_start=True)
    before = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    dest = tmp_path / "新位置" / "CivDesk"
    moved = settings.move_home(s, admin, dest)
    assert moved == dest.resolve()
    assert (dest / DB_NAME).is_file() and (dest / settings.SEAL_FILE).is_file()
    assert [p.name for p in (dest / "backups").iterdir()] == [p.name for p in (s.home / "backups").iterdir()]
    assert (s.home / settings.MOVED_NOTE).read_text(encoding="utf-8").strip().endswith(str(dest.resolve()))
    assert (s.home / DB_NAME).is_file()  # the old data stays
    new = Store(dest)
    try:
        assert new.get_setting("org_name") == "迁移测试单位"
        assert settings.seal_path(new) == dest / settings.SEAL_FILE
        assert new.scalar("SELECT COUNT(*) FROM users") == s.scalar("SELECT COUNT(*) FROM users")
        assert [e["action"] for e in new.audit_entries()][-1] == "home.move"
        assert before == {r[0] for r in new.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        from civdesk.domain.audit import first_broken

        assert first_broken(new.audit_entries()) is None
    finally:
        new.close()


def test_move_home_refuses_a_full_folder_or_one_inside_and_non_admins(people, tmp_path):
    s = people.store
    full = tmp_path / "full"
    full.mkdir()
    (full / "x.txt").write_text("x")
    with pytest.raises(InputError, match="not empty"):
        settings.move_home(s, people.admin, full)
    with pytest.raises(InputError, match="inside"):
        settings.move_home(s, people.admin, s.home / "sub")
    with pytest.raises(NotAllowed):
        settings.move_home(s, people.inspector, tmp_path / "elsewhere")
    assert not (tmp_path / "elsewhere").exists()


def test_a_failed_verification_switches_nothing(people, tmp_path, monkeypatch):
    s = people.store
    (s.home / "attachments").mkdir(exist_ok=True)
    (s.home / "attachments" / "a.bin").write_bytes(b"photo")
    real = settings._sha
    monkeypatch.setattr(settings, "_sha", lambda p: "x" if "新" in str(p) else real(p))
    with pytest.raises(InputError, match="differs after copying"):
        settings.move_home(s, people.admin, tmp_path / "新")
    assert not (tmp_path / "新").exists()
    assert not (s.home / settings.MOVED_NOTE).exists()


def test_default_home_follows_the_pointer(tmp_path, monkeypatch):
    from civdesk.store import db

    monkeypatch.delenv("CIVDESK_HOME", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    plain = db.default_home()
    assert str(plain).startswith(str(tmp_path / "data"))
    moved = tmp_path / "moved"
    moved.mkdir()
    settings.remember_home(moved)
    assert settings.pointer_file().is_relative_to(tmp_path / "config")
    assert db.default_home() == plain  # no database there yet: the pointer is not trusted
    sqlite3.connect(moved / DB_NAME).close()
    assert db.default_home() == moved
    monkeypatch.setenv("CIVDESK_HOME", str(tmp_path / "env"))
    assert db.default_home() == tmp_path / "env"
