"""One wording per refusal: a service's refusal reads the same in a real widget and on the command
line, in Chinese and in English; a write the file system denies (a USB stick that is read-only or
not ours) is a file-system refusal naming the file and the reason, never 没有权限 of a rule."""

from __future__ import annotations

import errno

import pytest

from civdesk import cli, messages
from civdesk.services import accounts
from civdesk.ui import i18n
from civdesk.ui.admin.users import UsersPage
from civdesk.ui.session import Session
from civdesk.ui.settings.page import SettingsPage
from tests.helpers.data import PASSWORD
from tests.helpers.signoff import click, type_into

DENIED = {
    errno.EACCES: ("没有写入权限", "permission denied"),
    errno.EPERM: ("没有写入权限", "permission denied"),
    errno.EROFS: ("文件系统为只读", "read-only file system"),
}


def _cli(crew, capsys, monkeypatch, lang, *argv):
    monkeypatch.setenv("CIVDESK_PASSWORD", PASSWORD)
    monkeypatch.setenv("CIVDESK_NEW_PASSWORD", "station-pass-1")
    try:
        code = cli.main(["--home", str(crew.store.home), *(["--lang", "en"] if lang == "en" else []), *argv])
    finally:
        i18n.install("zh_CN")  # the command line switched the catalogue's language; the screen's is Chinese
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(
    "lang, expected", [("zh_CN", "已有名为“inspector1”的用户"), ("en", "a user named 'inspector1' already exists")]
)
def test_a_refusal_reads_the_same_on_screen_and_on_the_command_line(qtbot, crew, capsys, monkeypatch, lang, expected):
    i18n.install(lang)
    page = UsersPage(Session(crew.store, crew.admin))
    qtbot.addWidget(page)
    page.show()
    dialog = page.add_user()
    qtbot.waitUntil(dialog.isVisible)
    type_into(dialog.name, "inspector1")
    dialog.role.setCurrentIndex(dialog.role.findData("inspector"))
    type_into(dialog.password, "station-pass-1")
    type_into(dialog.confirm, "station-pass-1")
    click(qtbot, dialog.ok_button)
    shown = dialog.error.text()
    dialog.reject()
    users_before = crew.store.scalar("SELECT COUNT(*) FROM users")

    code, out, err = _cli(
        crew, capsys, monkeypatch, lang, "users", "add", "inspector1", "--role", "inspector", "--user", "admin"
    )
    assert shown == expected
    assert (code, out, err) == (2, "", f"civdesk: {expected}\n")
    assert crew.store.scalar("SELECT COUNT(*) FROM users") == users_before


def _denied(path) -> int:
    """The errno the file system answers a write to ``path`` with (even for root), or skip."""
    try:
        with open(path, "wb"):
            pass
    except OSError as e:
        if e.errno in DENIED:
            return e.errno
        pytest.skip(f"{path}: {e}")
    path.unlink()
    pytest.skip(f"{path} is writable here")


def test_a_denied_write_is_a_file_system_refusal_on_screen_and_on_the_command_line(
    qtbot, crew, capsys, monkeypatch, tmp_path
):
    from pathlib import Path

    target = Path("/sys/civdesk-root.pem")  # sysfs refuses new files, to root as well
    zh, en = DENIED[_denied(target)]
    page = SettingsPage(Session(crew.store, crew.admin))
    qtbot.addWidget(page)
    page.show()
    assert not page.trust.export_to(target)
    assert page.trust.message.isVisible()
    assert page.trust.message.text() == f"无法写入 {target}：{zh}"
    assert not target.exists()

    pdf = Path("/sys/civdesk-blank.pdf")
    for lang, words in (("zh", f"无法写入 {pdf}：{zh}"), ("en", f"cannot write {pdf}: {en}")):
        code, out, err = _cli(crew, capsys, monkeypatch, lang, "form", "toll-window", "-o", str(pdf))
        assert (code, out, err) == (2, "", f"civdesk: {words}\n")
        assert "没有权限" not in err and "Errno" not in err
    assert not pdf.exists() and not list(Path("/sys").glob(".tmp-*"))
    # The same refusal in the catalogue's English, for the screen in English.
    assert (
        messages.describe(PermissionError(errno.EACCES, "Permission denied", str(target)), "en")
        == f"cannot write {target}: permission denied"
    )


def test_the_refusal_of_a_rule_is_not_a_file_system_refusal(crew):
    with pytest.raises(accounts.NotAllowed) as refused:
        accounts.create_user(
            crew.store,
            by=crew.inspector,
            name="x",
            role="staff",
            password="station-pass-1",
            site_ids=[crew.site["east"]],
        )
    assert not isinstance(refused.value, OSError)
    assert messages.describe(refused.value) == "只有管理员可以添加用户"
