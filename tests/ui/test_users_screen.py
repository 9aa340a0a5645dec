"""The admin's users screen: add a staff member of a station, reset a password; refusals shown."""

from __future__ import annotations

import pytest

from civdesk.domain.errors import NotAllowed
from civdesk.services import accounts
from civdesk.ui.admin.users import UsersPage
from civdesk.ui.session import Session
from tests.helpers.data import PASSWORD
from tests.helpers.signoff import click, type_into


def _admin_page(qtbot, crew) -> UsersPage:
    page = UsersPage(Session(crew.store, crew.admin))
    qtbot.addWidget(page)
    page.resize(1190, 740)
    page.show()
    return page


def test_admin_adds_a_user_and_resets_a_password(qtbot, crew):
    store = crew.store
    page = _admin_page(qtbot, crew)
    assert page.user_names() == ["admin", "inspector1", "inspector2", "mgr_east"]

    dialog = page.add_user()
    qtbot.waitUntil(dialog.isVisible)
    type_into(dialog.name, "staff_east")
    type_into(dialog.display_name, "陈静")
    dialog.role.setCurrentIndex(dialog.role.findData("staff"))
    assert dialog.sites.isEnabled()
    type_into(dialog.password, "short")
    type_into(dialog.confirm, "short")
    click(qtbot, dialog.ok_button)
    assert dialog.error.text() == "密码至少需要 8 个字符。"
    dialog.password.clear()
    type_into(dialog.password, "station-pass-1")
    dialog.confirm.clear()
    type_into(dialog.confirm, "station-pass-2")
    click(qtbot, dialog.ok_button)
    assert dialog.error.text() == "两次输入的密码不一致。"
    dialog.confirm.clear()
    type_into(dialog.confirm, "station-pass-1")
    click(qtbot, dialog.ok_button)  # no site ticked: the service refuses, named in Chinese
    assert dialog.error.text() == "窗口职工至少要属于一个被检单位"
    dialog.check_site(crew.site["east"])
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert "staff_east" in page.user_names()
    assert page.message.text() == "已新增用户。"
    staff = accounts.authenticate(store, "staff_east", "station-pass-1")
    assert (staff.role, staff.site_ids) == ("staff", frozenset({crew.site["east"]}))

    # A second user of the same name is refused with the rule.
    dialog = page.add_user()
    type_into(dialog.name, "staff_east")
    type_into(dialog.password, "station-pass-1")
    type_into(dialog.confirm, "station-pass-1")
    click(qtbot, dialog.ok_button)
    assert dialog.error.text() == "已有名为“staff_east”的用户"
    dialog.reject()

    # Reset the manager's password: the new one logs in, the old one no longer does.
    page.select_user("mgr_east")
    dialog = page.reset_password()
    qtbot.waitUntil(dialog.isVisible)
    assert "王海燕" in dialog.windowTitle()
    type_into(dialog.password, "new-manager-pw")
    type_into(dialog.confirm, "new-manager-pw")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert page.message.text() == "密码已重置。该用户下次登录时须先设置自己的新密码。"
    # The new one is right, and the manager must replace it with their own before getting in.
    with pytest.raises(accounts.PasswordChangeRequired):
        accounts.authenticate(store, "mgr_east", "new-manager-pw")
    with pytest.raises(NotAllowed, match="wrong user name or password"):
        accounts.authenticate(store, "mgr_east", PASSWORD)


def test_only_an_admin_sees_the_user_actions(qtbot, crew):
    page = UsersPage(Session(crew.store, crew.manager))
    qtbot.addWidget(page)
    page.show()
    assert not page.add_button.isVisible() and not page.reset_button.isVisible()
    assert page.message.text() == "只有管理员可以新增用户或重置密码。"


def test_admin_assigns_an_inspector_to_sites(qtbot, crew):
    store = crew.store
    page = _admin_page(qtbot, crew)
    sites_column = {page.model.item(r, 0).text(): page.model.item(r, 3).text() for r in range(page.model.rowCount())}
    assert sites_column["inspector2"] == "全部单位" and sites_column["mgr_east"] == "杭州东收费站"

    page.select_user("mgr_east")  # only inspectors are assigned here
    assert page.assign_sites() is None and page.message.text().startswith("负责单位只为检查员设置")
    page.select_user("inspector2")
    dialog = page.assign_sites()
    qtbot.waitUntil(dialog.isVisible)
    dialog.check_site(crew.site["west"])
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert page.message.text() == "已更新负责单位。"
    assert accounts.actor(store, crew.inspector2.id).site_ids == frozenset({crew.site["west"]})
    row = page.user_names().index("inspector2")
    assert page.model.item(row, 3).text() == "成都北收费站"

    # Untick everything: every site again.
    page.select_user("inspector2")
    dialog = page.assign_sites()
    dialog.check_site(crew.site["west"], on=False)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert accounts.actor(store, crew.inspector2.id).site_ids == frozenset()

    # A new inspector can be given sites when the account is made.
    dialog = page.add_user()
    type_into(dialog.name, "inspector3")
    assert dialog.role.currentData() == "inspector" and dialog.sites.isEnabled()
    assert dialog.sites_hint.text() == "检查员负责勾选的被检单位；不勾选则负责全部单位。"
    dialog.check_site(crew.site["city"])
    type_into(dialog.password, "inspect-pass-1")
    type_into(dialog.confirm, "inspect-pass-1")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert accounts.authenticate(store, "inspector3", "inspect-pass-1").site_ids == frozenset({crew.site["city"]})


@pytest.mark.parametrize("role", ["admin", "manager"])
def test_the_users_page_offers_what_the_persons_view_allows(qtbot, crew, role):
    """An admin sees add, reset and assign; a manager sees the list only, and reaching for a reset
    anyway is refused on the page with the service's words, the password unchanged."""
    who = crew.admin if role == "admin" else crew.manager
    page = UsersPage(Session(crew.store, who))
    qtbot.addWidget(page)
    page.show()
    offered = {
        name
        for name, b in (("add", page.add_button), ("reset", page.reset_button), ("assign", page.assign_button))
        if b.isVisible()
    }
    assert offered == ({"add", "reset", "assign"} if role == "admin" else set())
    assert page.user_names() == ["admin", "inspector1", "inspector2", "mgr_east"]
    assert page.message.text() == ("" if role == "admin" else "只有管理员可以新增用户或重置密码。")
    page.select_user("inspector1")
    dialog = page.reset_password()
    if role == "admin":
        qtbot.waitUntil(dialog.isVisible)
        dialog.reject()
        return
    assert dialog is None and page.dialog is None
    assert page.message.text() == "只有管理员可以重置密码"
    assert accounts.authenticate(crew.store, "inspector1", PASSWORD).name == "inspector1"
