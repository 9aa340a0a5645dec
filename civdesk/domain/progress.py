"""The score of an inspection still being answered: how many items are answered, the score on the
answered items alone, and the level that score points to.

``scoring.score`` counts an unanswered item at 0 of its points, which is right for a finished
inspection and misleading half-way through (20 of 30 items answered, all 符合, would read 不达标).
While required items are unanswered the screen shows 已答 N/M 项, 当前得分 on the answered items and
the level as 预计 (expected); a failed veto item is final at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from .scoring import Result, level_for
from .template import Template


@dataclass(frozen=True)
class Progress:
    answered: int  # items with an answer (any type)
    total: int  # items in the checklist
    score: float  # points achieved on the answered, applicable items
    max: float  # their applicable maximum
    percent: float
    level: str  # the level ``percent`` reaches (expected until complete; '' before any points)
    level_label: str
    complete: bool  # no required item unanswered: the full result is the real one
    vetoed: bool


def progress(tpl: Template, result: Result) -> Progress:
    answered = [r for r in result.items if r.answered]
    score = round(sum(r.score for r in answered), 4)
    mx = round(sum(r.max for r in answered), 4)
    percent = round(score / mx * 100, 2) if mx > 0 else 0.0
    complete = not result.unanswered
    if complete or result.vetoed:
        level, label = result.level, result.level_label
    elif mx > 0:
        level, label = level_for(tpl, percent)
    else:
        level, label = "", ""  # nothing scored yet: no level to expect
    return Progress(len(answered), len(result.items), score, mx, percent, level, label, complete, result.vetoed)
