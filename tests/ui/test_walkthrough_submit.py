"""Submit lists what blocks it and jumps to each; undo; find; the section tree's progress."""

from __future__ import annotations

from civdesk.services import inspections as insp
from civdesk.ui.walkthrough.item_card import ItemCard
from tests.helpers.qt import focused, press, type_text
from tests.helpers.walk import start, stored


def answer_all_but(crew, page, skip: set[str], value: str = "yes") -> None:
    for it in page.items:
        if it.code not in skip:
            insp.answer(crew.store, crew.inspector, page.iid, it.code, value)


def test_submit_lists_blockers_and_jumps_to_each(qtbot, window, crew):
    page = start(window, crew, "toll-window", "east")
    items = page.items
    note_only = next(it for it in items if it.note_on_fail and not it.photo_on_fail)
    unanswered = [items[3].code, items[20].code]
    answer_all_but(crew, page, set(unanswered) | {note_only.code})
    insp.answer(crew.store, crew.inspector, page.iid, note_only.code, "no")
    page = window.open_inspection(page.iid, items[0].code)  # reopened: sees what the services wrote

    press("Ctrl+Return")
    panel = page.submit_panel
    assert panel.isVisible()
    expected = [(b.code, b.reason) for b in insp.blockers(crew.store, page.iid)]
    shown = [panel.list.item(n).data(256) for n in range(panel.list.count())]
    assert shown == expected
    assert len(expected) == 3
    assert not panel.confirm.isEnabled()
    assert focused() is panel.list

    # Enter on each entry jumps there; fix it by keyboard; the list shrinks as it goes.
    while panel.list.count():
        code, reason = panel.list.item(0).data(256)
        panel.list.setCurrentRow(0)
        press("Return")
        assert page.current.code == code
        if reason == "note_missing":
            assert focused() is page.card.note
            type_text("资料不全，已要求补充")
            press("Esc")
        else:
            assert isinstance(focused(), ItemCard)
            press("1")
        panel.focus_default()
    assert panel.confirm.isEnabled()
    assert focused() is panel.confirm
    press("Return")
    assert stored(crew, page.iid).row["state"] == "submitted"
    assert "已提交" in panel.message.text()
    assert not page.submit_button.isEnabled()


def test_undo_takes_back_answer_changes(qtbot, window, crew):
    page = start(window, crew, "toll-window", "east")
    first, second = page.items[0].code, page.items[1].code
    press("1", "3")
    assert stored(crew, page.iid).answers[first] == "no"
    press("Return", "2")
    assert stored(crew, page.iid).answers[second] == "partial"
    press("Ctrl+Z")  # the last change: second item back to unanswered
    assert second not in stored(crew, page.iid).answers
    assert page.current.code == second
    assert not any(b.isChecked() for b in page.card.editor.buttons)
    press("Ctrl+Z")  # back to the first item, no → yes
    assert page.current.code == first
    assert stored(crew, page.iid).answers[first] == "yes"
    assert page.card.editor.buttons[0].isChecked()
    press("Ctrl+Z")
    assert first not in stored(crew, page.iid).answers
    assert not page.undo_button.isEnabled()
    press("Ctrl+Z")  # nothing left: nothing happens
    assert stored(crew, page.iid).answers == {}


def test_find_by_code_and_by_words(qtbot, window, crew):
    page = start(window, crew, "toll-window", "east")
    press("Ctrl+F")
    assert focused() is page.tree.find
    type_text("2.4.3")
    visible = [c for c, node in page.tree.item_nodes.items() if not node.isHidden()]
    assert visible == ["2.4.3"]
    press("Return")
    assert page.current.code == "2.4.3"
    assert isinstance(focused(), ItemCard)
    assert page.tree.find.text() == ""
    assert not page.tree.item_nodes["1.1"].isHidden()

    target = next(it for it in page.items if "举报箱" in it.text)
    press("Ctrl+F")
    type_text("举报箱")
    press("Return")
    assert page.current.code == target.code
    press("Ctrl+F")
    type_text("没有这样的检查项")
    assert all(node.isHidden() for node in page.tree.item_nodes.values())
    press("Esc")
    assert isinstance(focused(), ItemCard)
    assert page.current.code == target.code


def test_tree_shows_progress_scores_and_veto_banner(qtbot, window, crew):
    page = start(window, crew, "civilized-unit", "unit")
    veto = next(it for it in page.items if it.veto)
    first_section = page.tpl.sections[0]
    press("1")
    node = page.tree.section_nodes[first_section.code]
    assert node.text(1) == f"1/{len(list(first_section.walk_items()))}"
    assert not page.veto_banner.isVisible()
    assert page.go_code(veto.code)
    press("3")
    assert page.veto_banner.isVisible()
    assert veto.code in page.veto_banner.text() and "一票否决" in page.veto_banner.text()
    assert page.score_label.text().endswith("一票否决")
    assert stored(crew, page.iid).result.vetoed
    press("1")
    assert not page.veto_banner.isVisible()


def test_find_puts_the_exact_code_first(qtbot, window, crew):
    """5.3.0's words mention 5.3.1, and 2.2.2 comes before 2.2.2a: Enter still goes to the code typed."""
    page = start(window, crew, "civilized-city", "city")
    for code, earlier in (("5.3.1", "5.3.0"), ("2.2.2a", "2.2.2")):
        press("Ctrl+F")
        type_text(code)
        assert page.tree.matches(code)[:2] == [code, earlier]
        assert not page.tree.item_nodes[earlier].isHidden()  # still listed, after it
        press("Return")
        assert page.current.code == code
