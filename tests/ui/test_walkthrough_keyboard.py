"""A whole toll-window inspection done with the keyboard alone, submitted, and checked in the database."""

from __future__ import annotations

import json

from civdesk import cli
from civdesk.services import inspections as insp
from civdesk.services import rectifications, templates
from civdesk.ui.walkthrough.item_card import ItemCard
from tests.helpers.qt import focused, press, type_text

NOTE = "会议记录缺失 meeting minutes missing"


def plan_answers(tpl):
    """Mostly 符合; a few 基本符合 and 不适用; one failed item that needs only a note."""
    keys = {}
    items = tpl.items()
    failed = next(it for it in items if it.note_on_fail and not it.photo_on_fail)
    for n, it in enumerate(items):
        keys[it.code] = "1"
        if n % 7 == 3:
            keys[it.code] = "2"
        if n % 11 == 5:
            keys[it.code] = "4"
    keys[failed.code] = "3"
    return keys, failed.code


def test_toll_window_by_keyboard_alone(qtbot, window, crew, capsys):
    store = crew.store
    tpl = templates.latest(store, "toll-window")
    keys, failed_code = plan_answers(tpl)
    value_of = {"1": "yes", "2": "partial", "3": "no", "4": "na"}

    # New inspection: Ctrl+2 (检查), Ctrl+N, choose toll-window with the arrow keys, Enter.
    press("Ctrl+2")
    assert window.current_key() == "inspections"
    press("Ctrl+N")
    dialog = window.new_dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.template.hasFocus())
    target = dialog.template.findData("toll-window")
    press(*["Down"] * (target - dialog.template.currentIndex()))
    assert dialog.template.currentData() == "toll-window"
    site_id = dialog.site.currentData()
    assert site_id in (crew.site["east"], crew.site["west"])  # only toll stations are offered
    assert dialog.site.count() == 2
    assert dialog.params() == {}  # toll-window has no parameters
    press("Return")
    qtbot.waitUntil(lambda: window.walkthrough is not None)
    page = window.walkthrough
    iid = page.iid
    qtbot.waitUntil(lambda: isinstance(focused(), ItemCard))

    # Every item: its digit, then Enter. The failed item gets its note: Ctrl+N, type, Esc.
    for _n, item in enumerate(tpl.items()):
        assert page.current.code == item.code
        assert page.card.code.text() == item.code
        press(keys[item.code])
        assert page.answers[item.code] == value_of[keys[item.code]]
        if item.code == failed_code:
            assert page.card.evidence_hint.isVisible()  # 不符合项：请填写说明…
            press("Ctrl+N")
            assert focused() is page.card.note
            type_text(NOTE)
            press("Esc")
            assert focused() is page.card
            assert not page.card.evidence_hint.isVisible()
        assert page.save_state.state == "saved"
        press("Return")

    # Enter on the last item opens the submit panel: nothing blocks, Enter confirms.
    assert page.submit_panel.isVisible()
    assert page.submit_panel.confirm.isEnabled()
    assert focused() is page.submit_panel.confirm
    press("Return")
    qtbot.waitUntil(lambda: page.access.state == "submitted")

    # The screen: read-only, submitted, the score shown.
    assert page.readonly_banner.isVisible()
    assert not page.editable

    # The database: every answer and the note, the state and the score.
    v = insp.view(store, iid)
    assert v.row["state"] == "submitted"
    assert v.row["site_id"] == site_id and v.row["kind"] == "inspection"
    assert v.answers == {code: value_of[k] for code, k in keys.items()}
    assert v.notes == {failed_code: NOTE}
    rects = rectifications.list_rectifications(store, inspection_id=iid)
    assert [r.item_code for r in rects] == [failed_code]

    # The total equals `civdesk score` on the same answers.
    answers_file = crew.store.home / "answers.json"
    answers_file.write_text(json.dumps({"answers": v.answers}, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["--home", str(store.home), "score", "toll-window", str(answers_file), "--json"]) == 0
    scored = json.loads(capsys.readouterr().out)
    assert v.row["score"] == scored["score"]
    assert v.row["max_score"] == scored["max"]
    assert v.row["percent"] == scored["percent"]
    assert v.row["level"] == scored["level"]
    expected = f"{scored['score']:g} / {scored['max']:g} 分"
    assert page.score_label.text().startswith(expected.replace(":g", ""))
