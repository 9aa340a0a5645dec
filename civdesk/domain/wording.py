"""Corrected wording: a criterion shown and printed as corrected, the source document's own words kept.

The source document has typos (投拆电话, 栽体, El常 …). A template item keeps the source's words in
``source_text`` and the corrected wording in ``text`` (a section likewise in ``source_title`` and
``title``); everything CivDesk shows or prints uses ``text``. What was corrected is never written
twice: it is worked out here, character by character, from the two wordings.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # template.py imports this module at run time
    from .template import Section, Template

CONTEXT = 2  # characters of unchanged wording shown on each side of a change: "开投拆电话" → "开投诉电话"


@dataclass(frozen=True)
class Change:
    source: str  # the source's words around the change
    corrected: str  # the same stretch as corrected


@dataclass(frozen=True)
class Correction:
    code: str  # item or section code
    field: str  # "text" (an item's criterion) or "title" (a section's title)
    source: str  # the source document's whole wording
    corrected: str  # the wording CivDesk shows and prints
    changes: tuple[Change, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "field": self.field,
            "source": self.source,
            "corrected": self.corrected,
            "changes": [{"source": c.source, "corrected": c.corrected} for c in self.changes],
        }


def changes(source: str, corrected: str, context: int = CONTEXT) -> tuple[Change, ...]:
    """Each changed stretch with ``context`` unchanged characters either side; stretches closer
    together than that are shown as one."""
    ops = [
        op for op in difflib.SequenceMatcher(None, source, corrected, autojunk=False).get_opcodes() if op[0] != "equal"
    ]
    spans: list[list[int]] = []
    for _, i1, i2, j1, j2 in ops:
        a1, a2 = max(0, i1 - context), min(len(source), i2 + context)
        b1, b2 = max(0, j1 - context), min(len(corrected), j2 + context)
        if spans and a1 <= spans[-1][1]:
            spans[-1][1], spans[-1][3] = a2, b2
        else:
            spans.append([a1, a2, b1, b2])
    return tuple(Change(source[a1:a2], corrected[b1:b2]) for a1, a2, b1, b2 in spans)


def changed_chars(source: str, corrected: str) -> int:
    """How many characters of the source a correction replaces or drops, plus those it adds."""
    ops = difflib.SequenceMatcher(None, source, corrected, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")


def is_correction(source: str, corrected: str) -> bool:
    """Whether ``corrected`` reads as a correction of ``source`` (a few characters), not a rewrite."""
    return source != corrected and changed_chars(source, corrected) <= max(4, len(source) // 4)


def corrections(template: Template) -> list[Correction]:
    """Every corrected wording of a template, in the template's order (sections before their items)."""
    out: list[Correction] = []

    def walk(section: Section) -> None:
        if section.source_title:
            out.append(
                Correction(
                    section.code,
                    "title",
                    section.source_title,
                    section.title,
                    changes(section.source_title, section.title),
                )
            )
        for item in section.items:
            if item.source_text:
                out.append(
                    Correction(item.code, "text", item.source_text, item.text, changes(item.source_text, item.text))
                )
        for sub in section.sections:
            walk(sub)

    for s in template.sections:
        walk(s)
    return out


def correction_lines(listed: list[dict[str, Any]]) -> list[str]:
    """``templates show``: the corrections as text lines (from ``Correction.as_dict()`` records)."""
    if not listed:
        return ["原文更正：无"]
    out = [f"原文更正（{len(listed)} 处；显示和打印更正后的文字，原文用字保留为出处）："]
    for c in listed:
        where = "标题" if c["field"] == "title" else "检查项"
        fixes = "；".join(f"“{ch['source']}”→“{ch['corrected']}”" for ch in c["changes"])
        out.append(f"  {c['code']} {where}：{fixes}")
        out.append(f"      原文：{c['source']}")
    return out
