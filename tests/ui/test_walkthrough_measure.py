"""Typed measures: refused input is said at the field and never saved; bands follow the region."""

from __future__ import annotations

from tests.helpers.qt import focused, press, type_text
from tests.helpers.walk import start, stored


def retype(text: str) -> None:
    focused().selectAll()
    type_text(text)


def test_measure_refuses_abc_and_comma_accepts_dot(qtbot, window, crew):
    page = start(window, crew, "civilized-city", "city", code="4.1.1")
    assert page.params == {"region": "east"}  # from the site
    field = page.card.editor.field
    assert focused() is field  # a measure takes the keyboard straight into its field
    feedback = page.card.editor.feedback

    for bad, words in (("abc", "不是数字"), ("31,5", "逗号")):
        retype(bad)
        assert feedback.isVisible() and words in feedback.text()  # said while typing
        press("Return")
        assert page.current.code == "4.1.1"  # refused: the walk does not move on
        assert field.text() == bad  # what was typed stays for correcting
        assert words in feedback.text() and feedback.objectName() == "fieldError"
        assert "4.1.1" not in stored(crew, page.iid).answers
        assert page.save_state.state == "idle"

    retype("31.5")
    assert feedback.text().startswith("→ 优秀")
    press("Return")
    assert stored(crew, page.iid).answers["4.1.1"] == 31.5
    assert page.current.code != "4.1.1"  # accepted: on to the next item
    assert page.tree.item_nodes["4.1.1"].text(1) == "31.5%（优秀）"

    press("PgUp")
    assert page.current.code == "4.1.1"
    assert page.card.editor.field.text() == "31.5"
    retype("31")
    assert page.card.editor.feedback.text().startswith("→ 良好")  # 31.0 is not > 31
    press("Return")
    assert stored(crew, page.iid).answers["4.1.1"] == 31.0
    assert page.tree.item_nodes["4.1.1"].text(1) == "31%（良好）"
    assert page.save_state.state == "saved"


def test_measure_bands_follow_the_west_region(qtbot, window, crew):
    page = start(window, crew, "civilized-city", "city", code="4.1.1", params={"region": "west"})
    retype("21.5")
    assert page.card.editor.feedback.text().startswith("→ 优秀")
    retype("21")
    assert page.card.editor.feedback.text().startswith("→ 良好")
    retype("18")
    assert page.card.editor.feedback.text().startswith("→ 达标")
    press("Return")
    assert stored(crew, page.iid).answers["4.1.1"] == 18.0


def test_measure_outside_its_range_is_refused(qtbot, window, crew):
    page = start(window, crew, "civilized-city", "city", code="4.1.1")
    retype("101")
    press("Return")
    assert "不能大于 100%" in page.card.editor.feedback.text()
    assert "4.1.1" not in stored(crew, page.iid).answers


def test_a_recorded_condition_shows_which_item_scores_it(qtbot, window, crew):
    """5.4.2a records the water-quality ratio; 5.4.2 scores the condition once."""
    page = start(window, crew, "civilized-city", "city", code="5.4.2a")
    assert "由 5.4.2 计分" in page.card.chips.text() and "0 分" not in page.card.chips.text()
    retype("50")
    assert page.card.editor.feedback.text().startswith("→ 不达标")  # the band is still shown
    press("Return")
    assert stored(crew, page.iid).answers["5.4.2a"] == 50.0
    assert page.tree.item_nodes["5.4.2a"].text(1) == "50%（不达标）"
    # Recorded, not scored: the inspection's maximum and its failed items leave it out.
    from civdesk.services import inspections

    result = inspections.view(crew.store, page.iid).result
    assert "5.4.2a" not in result.failed_items
    assert next(r for r in result.items if r.code == "5.4.2a").max == 0
