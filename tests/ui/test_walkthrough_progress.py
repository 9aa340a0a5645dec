"""The walkthrough's live score before completion: 已答 N/M 项, 当前得分 on the answered items and
the level as 预计 …; once every required item is answered, the full score and the level itself."""

from __future__ import annotations

from tests.helpers.qt import press
from tests.helpers.walk import start


def test_score_reads_answered_count_current_score_and_expected_level(qtbot, window, crew):
    page = start(window, crew, "toll-window", "east")
    total = len(page.items)
    first = page.current
    assert page.score_label.text() == "当前得分 0 / 0 分（0%）"  # no level to expect yet
    assert page.answered_label.text() == f"已答 0/{total} 项"
    press("1")  # 符合
    pts = first.points
    text = page.score_label.text()
    assert text == f"当前得分 {pts:g} / {pts:g} 分（100%） · 预计 {page.tpl.levels[0].label}"
    assert page.answered_label.text() == f"已答 1/{total} 项"
    assert "只计已作答" in page.score_label.toolTip()

    # Every required item answered (saved as the card saves an answer): the real total, no 预计.
    for item in page.items:
        if page.answers.get(item.code) is None and item.required:
            assert page.save_answer(item.code, "yes" if item.type == "check" else "excellent")
    r = page.result
    assert not r.unanswered
    assert page.score_label.text().startswith(f"{r.score:g} / {r.max:g} 分")
    assert "预计" not in page.score_label.text() and "当前得分" not in page.score_label.text()
    assert page.answered_label.text().startswith("已答 ")
