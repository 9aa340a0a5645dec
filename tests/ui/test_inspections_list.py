"""The inspections list: SQL-side filters, search, sort, open, new inspection, refresh on change."""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QDate, Qt

from civdesk.services import inspections as insp
from civdesk.services import templates
from civdesk.ui.inspections.page import COLUMNS, NO_DATE
from tests.helpers.qt import press


def make_inspections(crew) -> dict[str, list[int]]:
    """Drafts and submitted inspections over three sites and two checklists."""
    s, by = crew.store, crew.inspector
    made = {"submitted": [], "draft": []}
    toll = templates.latest(s, "toll-window")
    for n in range(6):
        site = crew.site["east" if n % 2 else "west"]
        iid = insp.new_inspection(s, by, template_id="toll-window", site_id=site, kind="inspection")
        if n < 3:
            for it in toll.items():
                insp.answer(s, by, iid, it.code, "yes" if n else "partial")
            insp.submit(s, by, iid)
            made["submitted"].append(iid)
        else:
            made["draft"].append(iid)
    for _ in range(2):
        made["draft"].append(
            insp.new_inspection(
                s, crew.inspector2, template_id="civilized-city", site_id=crew.site["city"], kind="inspection"
            )
        )
    return made


def shown_ids(page) -> list[int]:
    return [page.model.inspection_id(r) for r in range(page.model.rowCount())]


def test_filters_search_and_sort(qtbot, window, crew):
    made = make_inspections(crew)
    window.show_page("inspections")
    page = window.inspections
    assert page.model.rowCount() == 8 and page.count_label.text() == "共 8 条"

    page.state.setCurrentIndex(page.state.findData("submitted"))
    assert sorted(shown_ids(page)) == sorted(made["submitted"])
    assert {page.model.data(page.model.index(r, COLUMNS.index("state"))) for r in range(3)} == {"已提交"}
    page.site.setCurrentIndex(page.site.findData(crew.site["east"]))
    assert sorted(shown_ids(page)) == sorted(
        r["id"] for r in insp.list_inspections(crew.store, state="submitted", site_id=crew.site["east"])
    )
    page.state.setCurrentIndex(0)
    page.site.setCurrentIndex(0)
    page.template.setCurrentIndex(page.template.findData("civilized-city"))
    assert shown_ids(page) == sorted(made["draft"][-2:], reverse=True)
    page.template.setCurrentIndex(0)

    page.search.setText("李明")  # the other inspector's display name
    page.apply_filters()
    assert sorted(shown_ids(page)) == sorted(made["draft"][-2:])
    page.search.setText("杭州东")
    page.apply_filters()
    assert len(shown_ids(page)) == 3
    page.search.clear()

    tomorrow = _dt.date.today() + _dt.timedelta(days=1)
    page.since.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    assert page.model.rowCount() == 0
    page.since.setDate(NO_DATE)
    assert page.model.rowCount() == 8

    page.model.sort(COLUMNS.index("percent"), Qt.SortOrder.DescendingOrder)
    percents = [page.model.rows[r]["percent"] for r in range(page.model.rowCount())]
    assert percents[:3] == [100.0, 100.0, 50.0] and percents[3:] == [None] * 5
    assert page.model.data(page.model.index(0, COLUMNS.index("level"))) == "优秀"


def test_enter_opens_the_walkthrough_and_changes_refresh_the_list(qtbot, window, crew):
    made = make_inspections(crew)
    window.show_page("inspections")
    page = window.inspections
    draft = made["draft"][0]
    row = shown_ids(page).index(draft)
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(row, 0))
    press("Return")
    assert window.walkthrough is not None and window.walkthrough.iid == draft
    walk = window.walkthrough
    for it in walk.items:
        walk.save_answer(it.code, "yes")
    walk.open_submit()
    walk.confirm_submit()
    assert insp.view(crew.store, draft).row["state"] == "submitted"
    # The list heard about it: back on the list, the row says 已提交 with its score.
    window.show_page("inspections")
    row = shown_ids(page).index(draft)
    assert page.model.data(page.model.index(row, COLUMNS.index("state"))) == "已提交"
    assert page.model.data(page.model.index(row, COLUMNS.index("percent"))) == "100%"
    window.show_page("home")
    qtbot.waitUntil(lambda: window.home.tiles["submitted"].number.text() == "4")


def test_new_inspection_defaults_the_region_from_the_site(qtbot, window, crew):
    window.show_page("inspections")
    dialog = window.new_inspection()
    dialog.template.setCurrentIndex(dialog.template.findData("civilized-city"))
    assert [dialog.site.itemData(n) for n in range(dialog.site.count())] == [crew.site["city"]]
    assert dialog.param_boxes["region"].currentData() == "east"  # 杭州市 is east
    dialog.param_boxes["region"].setCurrentIndex(dialog.param_boxes["region"].findData("west"))
    dialog.kind.setCurrentIndex(dialog.kind.findData("inspection"))
    dialog._create()
    assert dialog.result() == dialog.DialogCode.Accepted
    v = insp.view(crew.store, dialog.inspection_id)
    assert v.params == {"region": "west"} and v.row["site_id"] == crew.site["city"]
    assert window.walkthrough is not None and window.walkthrough.iid == dialog.inspection_id

    dialog = window.new_inspection()
    dialog.template.setCurrentIndex(dialog.template.findData("toll-window"))
    assert "region" not in dialog.param_boxes
    assert {dialog.site.itemData(n) for n in range(dialog.site.count())} == {crew.site["east"], crew.site["west"]}
    dialog.kind.setCurrentIndex(dialog.kind.findData("reinspection"))
    assert dialog.follows.isVisibleTo(dialog)
    dialog._create()
    assert "复查需要选择" in dialog.error.text()
    dialog.reject()


def test_the_model_holds_ten_thousand_rows(qtbot, window, crew):
    """Correctness at volume (speed is measured in benchmarks/bench_gui.py)."""
    s, by = crew.store, crew.inspector
    with s.write():
        for n in range(10_000):
            insp.new_inspection(
                s, by, template_id="toll-window", site_id=crew.site["east" if n % 2 else "west"], kind="inspection"
            )
    window.show_page("inspections")
    page = window.inspections
    assert page.model.total == 10_000 and page.model.rowCount() == page.model.PAGE
    assert page.count_label.text() == "共 10000 条"
    page.site.setCurrentIndex(page.site.findData(crew.site["east"]))
    assert page.model.total == 5_000
    page.search.setText("成都北")
    page.apply_filters()
    assert page.model.total == page.model.rowCount() == 0
    page.search.clear()
    page.site.setCurrentIndex(0)
    assert page.model.total == 10_000
    page.model.fetch_to(10_000)
    assert page.model.rowCount() == 10_000 and len(set(shown_ids(page))) == 10_000


def test_a_reinspection_is_offered_the_submitted_inspections_of_that_site_and_checklist(qtbot, window, crew):
    from tests.helpers.signoff import answered

    s, by = crew.store, crew.inspector
    submitted = answered(crew, by, failed=("1.1",))
    insp.submit(s, by, submitted)
    answered(crew, by)  # a draft: nothing to follow up
    other_site = answered(crew, by, site="west")
    insp.submit(s, by, other_site)
    window.show_page("inspections")
    dialog = window.new_inspection()
    dialog.template.setCurrentIndex(dialog.template.findData("toll-window"))
    dialog.site.setCurrentIndex(dialog.site.findData(crew.site["east"]))
    dialog.kind.setCurrentIndex(dialog.kind.findData("reinspection"))
    offered = [dialog.follows.itemData(n) for n in range(dialog.follows.count())]
    assert offered == [submitted]
    assert dialog.follows.itemText(0).startswith(f"#{submitted} ") and dialog.follows.itemText(0).endswith("已提交")
    dialog.reject()
