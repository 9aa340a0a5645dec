"""How each item type's answers read, in Chinese and English: the one wording of the walkthrough,
the review and every other table, the report and the rectification notice, the blank form and
the Excel export.

An answer is stored as a code or a number (domain.scoring.coerce_value); this module says it in
words. Documents are Chinese forms (``lang="zh"``); the screens pass the interface language
(``lang_of`` turns the UI's "zh_CN" / "en" into "zh" / "en"). Translators of the interface find
these words here, not in the .ts file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .template import Item

LANGS = ("zh", "en")
NA = "na"

# Every answer code an item can hold (check answers, grades, tiers, na) → (Chinese, English).
ANSWERS: dict[str, tuple[str, str]] = {
    "yes": ("符合", "Yes"),
    "partial": ("基本符合", "Partly"),
    "no": ("不符合", "No"),
    "na": ("不适用", "N/A"),
    "excellent": ("优秀", "Excellent"),
    "good": ("良好", "Good"),
    "pass": ("达标", "Pass"),
    "fail": ("不达标", "Fail"),
    "qualified": ("合格", "Qualified"),
    "basic": ("基本合格", "Basically qualified"),
    "unqualified": ("不合格", "Unqualified"),
}
TYPES: dict[str, tuple[str, str]] = {
    "check": ("符合性", "Compliance"),
    "grade": ("等级评定", "Grade"),
    "measure": ("测量值", "Measure"),
    "tiers": ("三级评定", "Three tiers"),
    "deduction": ("扣分", "Deduction"),
    "text": ("文字记录", "Text"),
    "date": ("日期", "Date"),
    "count": ("计数", "Count"),
}
UNANSWERED = ("未作答", "Unanswered")
SHORT_TEXT = 24  # characters of a text answer a table shows


def lang_of(language: str | None) -> str:
    """ "zh", "zh_CN", "en", "en_US"… → "zh" or "en" (Chinese unless English is asked for)."""
    return "en" if (language or "").lower().startswith("en") else "zh"


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[LANGS.index(lang_of(lang))]


def answer_label(code: str | None, lang: str = "zh") -> str:
    """The word for an answer code (符合, 良好, 不适用…); an unknown code as written."""
    if code is None:
        return ""
    pair = ANSWERS.get(code)
    return _pick(pair, lang) if pair else str(code)


def type_label(item_type: str, lang: str = "zh") -> str:
    pair = TYPES.get(item_type)
    return _pick(pair, lang) if pair else item_type


def unanswered(lang: str = "zh") -> str:
    return _pick(UNANSWERED, lang)


def number(value: float) -> str:
    """31.5 → '31.5', 31.0 → '31', never scientific notation."""
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def violations(n: int, lang: str = "zh") -> str:
    if lang_of(lang) == "en":
        return f"{n} violation" + ("" if n == 1 else "s")
    return f"违规 {n} 处"


def answer_text(item: Item, value: Any, grade: str | None = None, lang: str = "zh", *, short: bool = False) -> str:
    """How ``item``'s stored ``value`` reads. ``grade``: the grade or tier the scoring gave a
    measured number (shown beside it); ``short``: a text answer cut to its first line, for tables."""
    if value is None:
        return unanswered(lang)
    if value == NA and (item.scored or item.type == "check"):
        return answer_label(NA, lang)
    if item.type in ("check", "grade") or (item.type == "tiers" and isinstance(value, str)):
        return answer_label(str(value), lang)
    if item.type in ("measure", "tiers"):
        shown = f"{number(value)}{item.unit}"
        if not grade:
            return shown
        label = answer_label(grade, lang)
        return f"{shown} ({label})" if lang_of(lang) == "en" else f"{shown}（{label}）"
    if item.type == "deduction":
        return violations(int(value), lang)
    if item.type == "count":
        return f"{number(value)}{item.unit}"
    text = str(value)
    if short and item.type == "text":
        first = text.splitlines()[0] if text else ""
        return first[:SHORT_TEXT] + ("…" if len(first) > SHORT_TEXT or "\n" in text else "")
    return text
