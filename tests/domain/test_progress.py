"""The score while answering: counted on the answered items, the level expected until complete."""

from __future__ import annotations

from test_scoring import make

from civdesk.domain.progress import progress
from civdesk.domain.scoring import score


def test_half_answered_counts_only_the_answered_items():
    tpl = make()
    answers = {"c1": "yes", "c2": "partial", "g1": "good"}
    r = score(tpl, answers)
    p = progress(tpl, r)
    assert (p.answered, p.total, p.complete, p.vetoed) == (3, 13, False, False)
    good = tpl.item_fractions(tpl.item("g1"))["good"]
    assert p.score == round(10 + 7 + 10 * good, 4) and p.max == 30
    assert p.percent == round(p.score / 30 * 100, 2)
    assert p.level == ("excellent" if p.percent >= 90 else "good")  # from the answered items
    assert r.percent < 60 and r.level == "fail"  # what the full count would wrongly suggest


def test_na_and_unscored_answers_count_as_answered_without_points():
    tpl = make()
    p = progress(tpl, score(tpl, {"c1": "na", "x1": "备注", "c2": "yes"}))
    assert (p.answered, p.score, p.max, p.percent, p.level) == (3, 10, 10, 100.0, "excellent")


def test_complete_is_the_full_result_and_a_veto_is_final_at_once():
    tpl = make()
    everything = {
        "c1": "yes",
        "c2": "yes",
        "g1": "excellent",
        "g2": "pass",
        "m1": 35,
        "t1": 100,
        "t2": "qualified",
        "d1": 0,
        "d2": 0,
        "x1": "无",
        "v1": "yes",
    }
    r = score(tpl, everything)
    p = progress(tpl, r)
    assert p.complete and (p.level, p.level_label, p.percent) == (r.level, r.level_label, 100.0)
    vetoed = progress(tpl, score(tpl, {"c1": "yes", "v1": "no"}))
    assert vetoed.vetoed and not vetoed.complete and vetoed.level == "veto"


def test_nothing_answered():
    tpl = make()
    p = progress(tpl, score(tpl, {}))
    assert (p.answered, p.score, p.max, p.percent, p.level, p.level_label) == (0, 0, 0, 0.0, "", "")
    assert not p.complete and not p.vetoed
