"""A new desk tells its new admin the next step: the home page lists what is missing (sites,
inspectors and managers) with a button to the page that adds it; the sites and users pages say what
to add when empty; the inspections page says why 新建检查 is not offered."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from civdesk.services import accounts
from civdesk.ui.main_window import MainWindow
from civdesk.ui.review import signoff_ops
from civdesk.ui.session import Change, Session
from tests.helpers.data import PASSWORD
from tests.helpers.signoff import click, type_into


@pytest.fixture
def fresh(ui_store):
    """A new home: the first admin and the built-in checklists, nothing else."""
    uid = accounts.create_user(ui_store, by=None, name="admin", role="admin", password=PASSWORD)
    return accounts.actor(ui_store, uid)


def _window(qtbot, store, actor) -> MainWindow:
    win = MainWindow(Session(store, actor), resume=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_a_new_admin_is_led_through_sites_then_users(qtbot, ui_store, fresh):
    win = _window(qtbot, ui_store, fresh)
    card = win.home.next_steps
    assert card.isVisible() and set(card.buttons) == {"sites", "users"}
    assert "还没有被检单位" in " ".join(w.text() for w in card.findChildren(type(card.title)))

    # 检查: an admin does not start inspections, and is told why.
    win.show_page("inspections")
    assert not win.inspections.new_button.isVisible()
    assert win.inspections.new_note.isVisible() and "管理员不新建检查" in win.inspections.new_note.text()

    # 新增被检单位… goes to the sites page, which says what to add; adding one there clears the step.
    win.show_page("home")
    click(qtbot, card.buttons["sites"])
    assert win.current_key() == "sites"
    sites = win.sites
    assert sites.empty.isVisible() and "还没有被检单位" in sites.empty.text()
    dialog = sites.open_dialog(None)
    type_into(dialog.name, "杭州东收费站")
    click(qtbot, dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save))
    assert [s.name for s in accounts.list_sites(ui_store)] == ["杭州东收费站"]
    assert not sites.empty.isVisible()
    assert set(card.buttons) == {"users"}

    # 新增用户… goes to the users page, which says only admins have accounts so far.
    win.show_page("home")
    click(qtbot, card.buttons["users"])
    assert win.current_key() == "users"
    users = win.page("users")
    assert users.lonely.isVisible() and "只有管理员账户" in users.lonely.text()
    site = accounts.list_sites(ui_store)[0].id
    signoff_ops.create_user(
        win.session,
        name="inspector1",
        role="inspector",
        password=PASSWORD,
        display_name="张建国",
        site_ids=[],
        source=None,
    )
    assert not users.lonely.isVisible()
    assert set(card.buttons) == {"users"}  # still no manager
    signoff_ops.create_user(
        win.session, name="mgr", role="manager", password=PASSWORD, display_name="王海燕", site_ids=[site], source=None
    )
    assert not card.isVisible()


def test_an_inspector_without_sites_and_a_manager_without_a_site_are_told_why(qtbot, ui_store, fresh):
    inspector = accounts.actor(
        ui_store, accounts.create_user(ui_store, by=fresh, name="insp", role="inspector", password=PASSWORD)
    )
    win = _window(qtbot, ui_store, inspector)
    win.show_page("inspections")
    assert not win.inspections.new_button.isVisible()
    assert "还没有被检单位，无法新建检查" in win.inspections.new_note.text()
    assert not win.home.next_steps.isVisible()  # the setup steps are an admin's

    accounts.create_site(ui_store, by=fresh, name="成都北收费站", kind="toll_station", region="west")
    win.session.broadcast(Change(sites=True))  # as the admin's desk would after adding it
    assert win.inspections.new_button.isVisible() and not win.inspections.new_note.isVisible()
