"""Sites: an admin adds and edits (name, type, region, address, manager); others only look."""

from __future__ import annotations

import pytest

from civdesk.services import accounts
from civdesk.ui.main_window import MainWindow
from civdesk.ui.session import Session
from tests.helpers.qt import press, show, type_text


@pytest.fixture
def admin_window(qtbot, crew):
    win = MainWindow(Session(crew.store, crew.admin))
    qtbot.addWidget(win)
    show(qtbot, win)
    win.show_page("sites")
    return win


def rows(page) -> list[list[str]]:
    m = page.model
    return [[m.item(r, c).text() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_admin_adds_a_site_with_its_manager(qtbot, admin_window, crew):
    page = admin_window.sites
    assert len(rows(page)) == 4
    page.add_button.click()
    dialog = page.dialog
    show(qtbot, dialog)
    dialog.name.setFocus()
    type_text("萧山收费站")
    dialog.kind.setCurrentIndex(dialog.kind.findData("toll_station"))
    dialog.region.setCurrentIndex(dialog.region.findData("central"))
    dialog.address.setText("杭州市萧山区机场高速K3")
    dialog.manager.setCurrentIndex(dialog.manager.findData(crew.manager.id))
    dialog.name.setFocus()
    press("Return")
    assert dialog.result() == dialog.DialogCode.Accepted

    site = accounts.find_site(crew.store, "萧山收费站")
    assert (site["kind"], site["region"], site["address"]) == ("toll_station", "central", "杭州市萧山区机场高速K3")
    assert accounts.site_manager_id(crew.store, site["id"]) == crew.manager.id
    # The manager keeps the station they already ran.
    assert accounts.actor(crew.store, crew.manager.id).site_ids == {crew.site["east"], site["id"]}
    assert ["萧山收费站", "收费站", "中部", "杭州市萧山区机场高速K3", "王海燕"] in rows(page)


def test_admin_edits_a_site_and_duplicate_names_are_refused(qtbot, admin_window, crew):
    page = admin_window.sites
    row = page.site_ids().index(crew.site["west"])
    page.view.selectRow(row)
    page.edit_button.click()
    dialog = page.dialog
    assert dialog.name.text() == "成都北收费站" and dialog.region.currentData() == "west"
    dialog.name.setText("杭州东收费站")  # taken
    dialog._save()
    assert dialog.error.isVisible() and "已有名为“杭州东收费站”" in dialog.error.text()
    assert accounts.get_site(crew.store, crew.site["west"])["name"] == "成都北收费站"
    dialog.name.setText("成都北收费站（新）")
    dialog.region.setCurrentIndex(dialog.region.findData("northeast"))
    dialog.manager.setCurrentIndex(dialog.manager.findData(crew.manager.id))
    dialog._save()
    site = accounts.get_site(crew.store, crew.site["west"])
    assert (site["name"], site["region"]) == ("成都北收费站（新）", "northeast")
    assert accounts.site_manager_id(crew.store, site["id"]) == crew.manager.id
    assert ["成都北收费站（新）", "收费站", "东北部", "成都北收费站地址", "王海燕"] in rows(page)

    # Taking the manager away leaves the site without one.
    page.view.selectRow(page.site_ids().index(crew.site["west"]))
    page.edit_button.click()
    page.dialog.manager.setCurrentIndex(0)
    page.dialog._save()
    assert accounts.site_manager_id(crew.store, crew.site["west"]) is None


def test_an_inspector_sees_sites_but_cannot_change_them(qtbot, window, crew):
    window.show_page("sites")
    page = window.sites
    assert not page.add_button.isVisible() and not page.edit_button.isVisible()
    page.view.selectRow(0)
    page._edit_current()
    assert page.dialog is None
    assert len(rows(page)) == 4
