"""Refusals the services make about files, backups and sites reach the screen in the interface
language: each is produced by the real service, then worded by its code (ui/refusals.explain)."""

from __future__ import annotations

import errno
import re
import sqlite3

import pytest

from civdesk.services import accounts, maintenance
from civdesk.services import settings as settings_service
from civdesk.services.errors import InputError
from civdesk.store import StoreError
from civdesk.ui import i18n
from civdesk.ui.refusals import explain
from tests.helpers.data import PASSWORD

ENGLISH_SENTENCE = re.compile(r"\b[a-z]{3,} [a-z]{2,} [a-z]{2,}\b")  # three lower-case words in a row


def _refusal(call) -> Exception:
    with pytest.raises((InputError, StoreError, OSError, ValueError)) as err:
        call()
    return err.value


def cases(crew, tmp_path):
    s = crew.store
    taken = tmp_path / "taken.db"
    taken.write_bytes(b"x")
    not_sqlite = tmp_path / "album.db"
    not_sqlite.write_bytes(b"holiday photos\n" * 40)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as c:
        c.execute("CREATE TABLE photos (id INTEGER)")
    full = tmp_path / "full"
    full.mkdir()
    (full / "something").write_text("x")
    return {
        "backup over a file": (lambda: maintenance.backup(s, taken), "已存在，请换一个文件名"),
        "restore a non-database": (lambda: maintenance.restore(tmp_path / "h", not_sqlite), "不是 CivDesk 数据库"),
        "restore another app's database": (lambda: maintenance.restore(tmp_path / "h", other), "不是 CivDesk 备份"),
        "restore a missing file": (lambda: maintenance.restore(tmp_path / "h", tmp_path / "no.db"), "：文件不存在"),
        "move into itself": (lambda: settings_service.move_home(s, crew.admin, s.home / "sub"), "在当前数据文件夹之内"),
        "move onto a full folder": (lambda: settings_service.move_home(s, crew.admin, full), "不是空文件夹"),
        "empty site name": (
            lambda: accounts.create_site(s, by=crew.admin, name="  ", kind="toll_station", region="east"),
            "被检单位名称不能为空",
        ),
        "duplicate site": (
            lambda: accounts.create_site(s, by=crew.admin, name="杭州东收费站", kind="toll_station", region="east"),
            "已有名为“杭州东收费站”的被检单位",
        ),
    }


def test_file_backup_and_site_refusals_are_said_in_chinese(crew, tmp_path):
    for name, (call, words) in cases(crew, tmp_path).items():
        error = _refusal(call)
        said = explain(error)
        assert words in said, (name, str(error), said)
        assert not ENGLISH_SENTENCE.search(said), (name, said)


def test_disk_errors_are_said_in_chinese():
    assert explain(OSError(errno.ENOSPC, "No space left on device")) == "文件操作失败：磁盘已满"
    assert (
        explain(OSError(errno.EROFS, "Read-only file system", "/media/usb/a.pdf"))
        == "无法写入 /media/usb/a.pdf：文件系统为只读"
    )
    assert (
        explain(PermissionError(errno.EACCES, "Permission denied", "/media/usb/a.pdf"))
        == "无法写入 /media/usb/a.pdf：没有写入权限"
    )


def test_in_english_they_are_english(crew, tmp_path):
    i18n.install("en")
    try:
        said = explain(_refusal(cases(crew, tmp_path)["backup over a file"][0]))
        assert said.endswith("already exists; choose a new file name")
    finally:
        i18n.install("zh_CN")


def test_a_code_without_wording_is_shown_as_its_code_not_hidden():
    assert explain(InputError("inspections.not_worded_yet", n=1)) == "inspections.not_worded_yet {'n': 1}"


def test_common_bundle_refusals_are_said_in_chinese(crew, tmp_path):
    import zipfile

    from civdesk.services import exchange
    from civdesk.services import inspections as insp

    iid = insp.new_inspection(
        crew.store, crew.inspector, template_id="toll-window", site_id=crew.site["east"], kind="inspection"
    )
    good = tmp_path / "good.civpack"
    exchange.export_bundle(crew.store, [iid], good, by=crew.inspector, password=PASSWORD)

    def rewritten(name, change):
        out = tmp_path / name
        with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                data = change(info.filename, src.read(info))
                if data is not None:
                    dst.writestr(info, data)
        return out

    not_zip = tmp_path / "notes.civpack"
    not_zip.write_text("not a bundle")
    altered = rewritten("altered.civpack", lambda n, d: d + b" " if n.startswith("inspections/") else d)
    unsigned = rewritten("unsigned.civpack", lambda n, d: None if n == "manifest.sig" else d)
    expected = {
        not_zip: "不是 CivDesk 交换包（不是 zip 文件）",
        altered: "在签名后被改动过",
        unsigned: "交换包没有签名",
    }
    for path, words in expected.items():
        error = _refusal(lambda: exchange.import_bundle(crew.store, path, by=crew.admin))
        said = explain(error.reason)
        assert words in said and not ENGLISH_SENTENCE.search(said), (path.name, error.reason, said)
