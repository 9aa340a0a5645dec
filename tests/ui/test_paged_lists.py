"""The lists as windows onto a real 5,000-inspection home: SQL-side sort, filter and search, a page
read at a time, and a change re-reading only the rows it touched (no reset of the list)."""

from __future__ import annotations

import datetime as _dt
import random

import pytest
from PySide6.QtCore import Qt

from benchmarks.synthetic import value_for
from civdesk.services import accounts, inspections, rectifications
from civdesk.store import Store
from civdesk.ui.inspections.page import COLUMNS, InspectionsPage
from civdesk.ui.rectifications.page import RectificationsPage
from civdesk.ui.session import Change, Session
from tests.helpers.data import SYNTHETIC_PASSWORD as PASSWORD

TODAY = _dt.date(2026, 6, 1)


@pytest.fixture
def home(populated_home):
    store = Store(populated_home)
    yield store
    store.close()


@pytest.fixture
def page(qtbot, home):
    session = Session(home, accounts.authenticate(home, "admin", PASSWORD))
    page = InspectionsPage(session)
    qtbot.addWidget(page)
    page.resize(1280, 700)
    page.show()
    return page


def ids(page) -> list[int]:
    return [page.model.inspection_id(r) for r in range(page.model.rowCount())]


def sql_ids(store, where: str = "", args=(), order: str = "i.created_at DESC, i.id DESC", limit: int = 200):
    return [
        r[0]
        for r in store.conn.execute(
            f"SELECT i.id FROM inspections i JOIN sites s ON s.id = i.site_id {where} ORDER BY {order} LIMIT {limit}",
            args,
        )
    ]


def test_a_page_at_a_time_in_the_databases_order(page, home, qtbot):
    model = page.model
    assert model.total == 5_000 and page.count_label.text() == "共 5000 条"
    assert model.rowCount() == model.PAGE and ids(page) == sql_ids(home)
    page.view.scrollToBottom()  # the view asks for the next page
    qtbot.waitUntil(lambda: model.rowCount() == 2 * model.PAGE)
    assert ids(page) == sql_ids(home, limit=400)
    model.fetch_to(4_999)
    assert model.rowCount() == 5_000 and not model.canFetchMore() and len(set(ids(page))) == 5_000


def test_sorted_by_sqlite(page, home):
    page.model.sort(COLUMNS.index("percent"), Qt.SortOrder.AscendingOrder)
    assert ids(page) == sql_ids(home, order="i.percent, i.id")
    page.model.sort(COLUMNS.index("site"), Qt.SortOrder.DescendingOrder)
    assert ids(page) == sql_ids(home, order="s.name DESC, i.created_at DESC, i.id DESC")
    assert page.model.data(page.model.index(0, COLUMNS.index("site"))) == "合成站点040"
    page.model.sort(COLUMNS.index("number"), Qt.SortOrder.AscendingOrder)
    assert ids(page)[:3] == [1, 2, 3]


def test_filtered_and_searched_by_sqlite(page, home):
    site = home.scalar("SELECT id FROM sites WHERE name = '合成站点007'")
    page.set_filters(state="returned", site_id=site)
    expected = home.scalar("SELECT COUNT(*) FROM inspections WHERE state = 'returned' AND site_id = ?", (site,))
    assert 0 < page.model.total == expected == page.model.rowCount()
    assert {page.model.rows[r]["state"] for r in range(page.model.rowCount())} == {"returned"}

    page.set_filters(search="合成站点012")  # a site name (trigram search)
    assert page.model.total == home.scalar(
        "SELECT COUNT(*) FROM inspections i JOIN sites s ON s.id = i.site_id WHERE s.name LIKE '%合成站点012%'"
    )
    assert {r["site"] for r in page.model.rows} == {"合成站点012"}
    page.set_filters(search="检查员3 合成站点003")  # both words must appear
    assert (
        page.model.total
        == home.scalar(
            "SELECT COUNT(*) FROM inspections i JOIN sites s ON s.id = i.site_id JOIN users u ON u.id = i.author_id "
            "WHERE s.name = '合成站点003' AND u.display_name = '检查员3'"
        )
        > 0
    )
    uuid = home.scalar("SELECT uuid FROM inspections WHERE id = 4321")
    page.set_filters(search=uuid[9:18])  # part of an inspection's uuid
    assert 4321 in ids(page)
    page.set_filters(search="站点")  # two characters: below the trigram, through the site names
    assert page.model.total == 5_000
    page.set_filters(search="杭州")
    assert page.model.total == 0 and page.count_label.text() == "共 0 条"


def test_a_search_found_everywhere_and_one_found_in_a_few_page_alike(page, home):
    """A search in thousands walks the list's order checking each row's text; one in a few sorts
    its matches (store/search.py): both give the rows and the order the joined query gives."""
    everywhere = (
        "WHERE s.name LIKE '%合成站点0%' AND EXISTS (SELECT 1 FROM users u WHERE u.id = i.author_id "
        "AND u.display_name LIKE '%检查员%')"
    )
    page.set_filters(search="合成站点0 检查员")  # all 5,000
    assert page.model.total == 5_000 and ids(page) == sql_ids(home, everywhere)
    page.model.sort(COLUMNS.index("percent"), Qt.SortOrder.DescendingOrder)
    assert ids(page) == sql_ids(home, everywhere, order="i.percent DESC, i.id DESC")
    page.model.fetch_to(450)  # further pages along the same walk
    assert ids(page)[:451] == sql_ids(home, everywhere, order="i.percent DESC, i.id DESC", limit=451)
    few = "WHERE s.name = '合成站点012'"
    page.set_filters(search="合成站点012")
    assert ids(page) == sql_ids(home, few, order="i.percent DESC, i.id DESC")
    # Formatted when painted: the shown text is the row's, whichever way it was found.
    assert {page.model.data(page.model.index(r, COLUMNS.index("site"))) for r in range(page.model.rowCount())} == {
        "合成站点012"
    }


def test_a_change_rereads_only_its_row(page, home, qtbot):
    shown = ids(page)
    draft = next(i for n, i in enumerate(shown) if page.model.rows[n]["state"] == "draft")
    row = shown.index(draft)
    author = accounts.actor(home, page.model.rows[row]["author_id"])
    resets, changed = [], []
    page.model.modelReset.connect(lambda: resets.append(1))
    page.model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))
    before = page.model.rows[row]["updated_at"]
    v = inspections.view(home, draft)
    item = v.template.items()[0]
    # The answer save stamps updated_at.
    inspections.answer(home, author, draft, item.code, value_for(item, random.Random(1), v.params))
    page.session.broadcast(Change(inspections=frozenset({draft})))
    assert resets == [] and changed == [(row, row)]
    after = home.scalar("SELECT updated_at FROM inspections WHERE id = ?", (draft,))
    assert page.model.rows[row]["updated_at"] == after != before and ids(page) == shown

    # Filtered to drafts, the same change after a submit takes the row out (and nothing else).
    page.set_filters(state="draft")
    total = page.model.total
    assert draft in ids(page)  # the newest drafts come first
    home.conn.execute("UPDATE inspections SET state = 'submitted' WHERE id = ?", (draft,))
    page.session.broadcast(Change(inspections=frozenset({draft})))
    assert draft not in ids(page) and page.model.total == total - 1
    assert page.count_label.text() == f"共 {total - 1} 条"


def test_rectifications_page_counts_in_sql_and_labels_from_the_template(qtbot, home):
    session = Session(home, accounts.authenticate(home, "admin", PASSWORD))
    page = RectificationsPage(session, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    page.status.setCurrentIndex(page.status.findData("overdue"))
    overdue = home.scalar(
        "SELECT COUNT(*) FROM rectifications WHERE state != 'verified' AND due_date < ?", (TODAY.isoformat(),)
    )
    assert page.model.total == overdue > page.model.PAGE == page.model.rowCount()
    assert page.count_label.text() == f"共 {overdue} 项"
    first = page.shown[0]
    assert first.overdue and first.due_date == home.scalar(
        "SELECT MIN(due_date) FROM rectifications WHERE state != 'verified' AND due_date < ?", (TODAY.isoformat(),)
    )
    text = inspections.template_of(home, inspections.view(home, first.inspection_id).row).item(first.item_code).text
    assert page.model.data(page.model.index(0, 2)) == f"{first.item_code}  {text}"
    # Another screen changed that inspection's rectification: only its row is read again.
    resets = []
    page.model.modelReset.connect(lambda: resets.append(1))
    home.conn.execute("UPDATE rectifications SET state = 'verified' WHERE id = ?", (first.id,))
    session.broadcast(Change(inspections=frozenset({first.inspection_id})))
    assert resets == [] and page.model.total == overdue - 1 and first.id not in [r.id for r in page.shown]
    assert rectifications.count(home, rectifications.query(status="overdue", today=TODAY)) == overdue - 1
