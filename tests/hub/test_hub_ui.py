"""Settings → 同步, the status bar and the office dashboard, driven as a person would, against a real hub."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt

from civdesk.services import accounts, sync
from tests.helpers.hub import STATION_SITES, enrol_code, hub_state

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module", autouse=True)
def chinese_app(qapp):
    from civdesk.ui import i18n
    from civdesk.ui.app import make_app

    app = make_app()
    i18n.install("zh_CN")
    yield app


def session_for(store, name):
    from civdesk.ui.session import Session

    return Session(store, accounts.actor(store, accounts.user_by_name(store, name)["id"]))


def test_enrol_and_sync_from_settings_then_the_status_bar_and_office_dashboard(
    qtbot, station, office, hub, hub_url, tmp_path
):
    from civdesk.ui.dashboard.page import DashboardPage
    from civdesk.ui.settings.page import SettingsPage
    from civdesk.ui.settings.sync_section import SyncStatus, controller_for

    page = SettingsPage(session_for(station, "admin"))
    qtbot.addWidget(page)
    box = page.sync_box
    assert not box.sync_button.isEnabled() and "未加入" in box.scope.text()
    qtbot.keyClicks(box.url, hub.url)
    qtbot.keyClicks(box.code, enrol_code(hub_url, "杭州东站", sites=STATION_SITES))
    with qtbot.waitSignal(box.controller.finished, timeout=60_000) as done:
        qtbot.mouseClick(box.enrol_button, Qt.MouseButton.LeftButton)
    assert done.args[0] is True
    assert box.scope.text() == "杭州东站：" + "、".join(sorted(STATION_SITES))
    n = len(hub_state(hub_url)["records"])
    assert n >= 5 and "同步完成" in box.result.text() and f"发出 {n} 条" in box.result.text()
    assert box.last.text().startswith("上次同步：") and box.last.text().endswith("成功")
    assert box.sync_button.isEnabled() and not box.code.isEnabled()
    box.grab().save(str(tmp_path / "settings-sync.png"))

    # The 同步 button again: nothing new, still a success, shown with progress finished.
    with qtbot.waitSignal(box.controller.finished, timeout=60_000):
        qtbot.mouseClick(box.sync_button, Qt.MouseButton.LeftButton)
    assert "收到 0 条，发出 0 条" in box.result.text() and box.progress.isHidden()

    # The office desk: enrolled from the command-line service, synced by its controller; its
    # dashboard's 全组织 tab shows the hub's figures and its status bar the last sync.
    accounts.create_user(office, by=None, name="boss", role="admin", password="boss-pass-123")
    sync.enrol(office, hub.url, enrol_code(hub_url, "中心", office=True))
    osession = session_for(office, "boss")
    ctl = controller_for(osession)
    status = SyncStatus(ctl)
    qtbot.addWidget(status)
    with qtbot.waitSignal(ctl.finished, timeout=60_000):
        assert ctl.sync_now()
    ctl.wait()
    assert status.text().endswith("成功") and "收到 5" not in status.text()
    dash = DashboardPage(osession)
    qtbot.addWidget(dash)
    dash.resize(1200, 800)
    dash.show()
    qtbot.waitExposed(dash)
    tab = dash.tabs.indexOf(dash.hub_view)
    assert dash.tabs.tabText(tab) == "全组织"
    dash.tabs.setCurrentIndex(tab)
    assert f"全组织：2 个单位，{n} 份检查" in dash.hub_view.caption.text()
    ranked = [dash.hub_view.ranking.item(r, 1).text() for r in range(dash.hub_view.ranking.rowCount())]
    assert ranked and set(ranked) <= set(STATION_SITES)
    dash.grab().save(str(tmp_path / "office-dashboard.png"))

    # The office desk's 同步 section publishes a checklist to every desk.
    from civdesk.ui.settings.sync_section import SyncBox

    obox = SyncBox(osession)
    qtbot.addWidget(obox)
    obox.show()
    assert obox.publish_button.isVisible() and not box.publish_button.isVisible()  # the station has none
    obox.template.setCurrentIndex(obox.template.findData("toll-window"))
    with qtbot.waitSignal(ctl.published, timeout=60_000):
        qtbot.mouseClick(obox.publish_button, Qt.MouseButton.LeftButton)
    ctl.wait()
    assert obox.result.text().startswith("已发布：toll-window@")
    assert next(t for t in hub_state(hub_url)["templates"] if t[3] is not None)[0] == "toll-window"


def test_a_hub_that_cannot_be_reached_is_shown_and_nothing_waits(qtbot, station, hub, hub_url):
    from civdesk.ui.settings.sync_section import SyncStatus, controller_for

    sync.enrol(station, hub.url, enrol_code(hub_url, "站", sites=STATION_SITES))
    hub.stop()
    ctl = controller_for(session_for(station, "admin"))
    status = SyncStatus(ctl)
    qtbot.addWidget(status)
    with qtbot.waitSignal(ctl.finished, timeout=60_000) as done:
        assert ctl.sync_now()
    ctl.wait()
    assert done.args[0] is False and "无法连接同步中心" in done.args[1]
    assert status.text().endswith("同步服务器无法连接")
    assert "无法连接同步中心" in status.toolTip()  # the last result, in the interface language
