"""The dashboard on the demo home: its figures are the database's, and each one clicks through."""

from __future__ import annotations

import datetime as _dt

import pytest
from PySide6.QtCore import QPoint, Qt

from civdesk import services
from civdesk.domain.workflow import STATES
from civdesk.services import accounts, demo
from civdesk.ui.dashboard.page import DashboardPage
from civdesk.ui.session import Change, Session


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    store = services.open_home(tmp_path_factory.mktemp("demo") / "home")
    demo.fill(store)
    yield store
    store.close()


@pytest.fixture
def page(qtbot, demo_store):
    admin = accounts.actor(demo_store, accounts.user_by_name(demo_store, "admin")["id"])
    p = DashboardPage(Session(demo_store, admin))
    qtbot.addWidget(p)
    p.resize(1190, 690)
    p.show()
    qtbot.waitExposed(p)
    qtbot.waitUntil(lambda: p.data is not None)  # the figures are read on the runner's thread
    return p


def test_tiles_show_the_databases_counts(page, demo_store):
    counts = dict(demo_store.conn.execute("SELECT state, COUNT(*) FROM inspections GROUP BY state").fetchall())
    for state in STATES:
        assert page.tiles[state].number.text() == str(counts.get(state, 0))
    overdue = demo_store.scalar(
        "SELECT COUNT(*) FROM rectifications WHERE state != 'verified' AND due_date < ?",
        (_dt.date.today().isoformat(),),
    )
    assert page.tiles["overdue"].number.text() == str(overdue) != "0"
    assert page.overdue_table.rowCount() == overdue
    assert page.site_model.rowCount() == demo_store.scalar("SELECT COUNT(*) FROM sites")


def test_every_figure_clicks_through(qtbot, page, demo_store):
    with qtbot.waitSignal(page.filter_requested) as got:
        qtbot.mouseClick(page.tiles["submitted"], Qt.MouseButton.LeftButton)
    assert got.args == [{"state": "submitted"}]
    page.tiles["returned"].setFocus()
    with qtbot.waitSignal(page.filter_requested) as got:
        qtbot.keyClick(page.tiles["returned"], Qt.Key.Key_Return)
    assert got.args == [{"state": "returned"}]
    with qtbot.waitSignal(page.filter_requested) as got:
        qtbot.mouseClick(page.tiles["overdue"], Qt.MouseButton.LeftButton)
    assert got.args == [{"rectifications": "overdue"}]

    # A site's row: the chart follows the selection, a double click lists the site's inspections.
    row = next(n for n, s in enumerate(page.data.sites) if s.name == "杭州东收费站")
    site = page.data.sites[row]
    page.site_view.selectRow(row)
    assert "杭州东收费站" in page.chart_title.text()
    rect = page.site_view.visualRect(page.site_model.index(row, 0))
    qtbot.mouseClick(page.site_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(page.filter_requested, timeout=1000) as got:
        qtbot.mouseDClick(page.site_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert got.args == [{"site_id": site.site_id}]

    # A point of the chart opens that inspection.
    page.chart.repaint()
    latest = site.latest.inspection_id
    assert latest == demo_store.scalar(
        "SELECT id FROM inspections WHERE site_id = ? AND kind = 'inspection' "
        "AND state != 'draft' ORDER BY submitted_at DESC LIMIT 1",
        (site.site_id,),
    )
    pos = page.chart.point_position(latest)
    with qtbot.waitSignal(page.open_inspection) as got:
        qtbot.mouseClick(page.chart, Qt.MouseButton.LeftButton, pos=QPoint(round(pos.x()), round(pos.y())))
    assert got.args == [latest]

    # An overdue rectification opens its inspection.
    cell = page.overdue_table.item(0, 0)
    with qtbot.waitSignal(page.open_inspection) as got:
        page.overdue_table.itemActivated.emit(cell)
    assert got.args == [
        demo_store.scalar(
            "SELECT inspection_id FROM rectifications WHERE state != 'verified' AND due_date < ? ORDER BY due_date, id "
            "LIMIT 1",
            (_dt.date.today().isoformat(),),
        )
    ]


def test_stale_months_is_a_setting_and_sites_appear(qtbot, page, demo_store):
    with demo_store.write() as conn:
        conn.execute(
            "UPDATE inspections SET created_at = '2025-01-01T00:00:00+00:00' WHERE site_id = "
            "(SELECT id FROM sites WHERE name = '西湖区政务服务窗口')"
        )
    page.stale_months.setValue(3)
    assert demo_store.get_setting("dashboard.stale_months") == 3
    qtbot.waitUntil(lambda: page.tiles["stale"].number.text() == "1")
    assert page.stale_table.item(0, 0).text() == "西湖区政务服务窗口"
    with qtbot.waitSignal(page.filter_requested) as got:
        page.stale_table.itemActivated.emit(page.stale_table.item(0, 0))
    assert got.args == [{"site_id": demo_store.scalar("SELECT id FROM sites WHERE name = '西湖区政务服务窗口'")}]
    page.stale_months.setValue(24)
    qtbot.waitUntil(lambda: page.tiles["stale"].number.text() == "0")


def test_a_change_elsewhere_refreshes_the_figures(qtbot, page, demo_store):
    from civdesk.ui import ops

    inspector = accounts.actor(demo_store, accounts.user_by_name(demo_store, "inspector1")["id"])
    site = demo_store.scalar("SELECT id FROM sites WHERE kind = 'toll_station' LIMIT 1")
    before = int(page.tiles["draft"].number.text())
    ops.new_inspection(Session(demo_store, inspector), template_id="toll-window", site_id=site, kind="inspection")
    assert int(page.tiles["draft"].number.text()) == before  # another session: this one is told by its own
    page.session.broadcast(Change(new_inspection=True))
    assert page.loading is not None  # read again off the GUI thread, the old figures shown meanwhile
    assert int(page.tiles["draft"].number.text()) == before
    qtbot.waitUntil(lambda: int(page.tiles["draft"].number.text()) == before + 1)


def test_the_window_counts_my_work_with_the_home_pages_figures(qtbot, demo_store):
    """The home page's figures list 我的待办 too: the side navigation's entry shows their count."""
    from civdesk.services import my_work
    from civdesk.ui.dashboard.my_work import nav_label
    from civdesk.ui.main_window import MainWindow

    inspector = accounts.actor(demo_store, accounts.user_by_name(demo_store, "inspector1")["id"])
    window = MainWindow(Session(demo_store, inspector), resume=False)
    qtbot.addWidget(window)
    window.show()
    entry = window.nav.item([k for k, _ in window.pages].index("mywork"))
    expected = nav_label(my_work.count(demo_store, inspector))
    qtbot.waitUntil(lambda: window.home.data is not None and entry.text() == expected)
    assert len(window.home.data.my_work) == my_work.count(demo_store, inspector) > 0
