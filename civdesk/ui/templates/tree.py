"""The template editor's tree: its nodes (the template's settings, sections and items over their
plain data), "absent" as distinct from a YAML null, the default bands, and how a number field's
text reads. Kept apart from the Qt model (templates/model.py) that shows and changes them."""

from __future__ import annotations

from typing import Any


class _Absent:
    """ "This key is not in the data" (distinct from None, a YAML null); survives copying."""

    def __copy__(self) -> _Absent:
        return self

    def __deepcopy__(self, memo) -> _Absent:
        return self

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = _Absent()

DEFAULT_BANDS = [
    {"grade": "excellent", "ge": 90},
    {"grade": "good", "ge": 75, "lt": 90},
    {"grade": "pass", "ge": 60, "lt": 75},
    {"grade": "fail", "lt": 60},
]
DEFAULT_TIER_BANDS = [
    {"grade": "qualified", "ge": 100},
    {"grade": "basic", "ge": 80, "lt": 100},
    {"grade": "unqualified", "lt": 80},
]
# Keys that belong to some item types only (dropped when the type changes to one without them).
TYPE_KEYS = {
    "check": {"partial_fraction"},
    "grade": {"grade_fractions"},
    "measure": {"unit", "min", "max", "bands", "bands_by", "band_variants", "grade_fractions"},
    "tiers": {"unit", "min", "max", "bands", "bands_by", "band_variants", "tier_fractions"},
    "deduction": {"per_violation"},
    "text": set(),
    "date": set(),
    "count": set(),
}
SCORE_KEYS = {"points", "veto"}


class Node:
    """One row of the tree: the template's settings, a section or an item."""

    __slots__ = ("children", "data", "had", "kind", "parent")

    def __init__(self, kind: str, data: dict, parent: Node | None = None):
        self.kind = kind  # root | template | section | item
        self.data = data
        self.parent = parent
        self.children: list[Node] = []
        self.had: set[str] = set()  # "items"/"sections" keys present (even empty) when loaded

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0

    def count(self, kind: str) -> int:
        return sum(1 for c in self.children if c.kind == kind)

    @property
    def code(self) -> str:
        return str(self.data.get("code", ""))

    def path(self) -> str:
        """The node's path as validation names it: ``sections[1].items[2]``."""
        steps: list[str] = []
        node = self
        while node.parent is not None and node.kind in ("section", "item"):
            siblings = [c for c in node.parent.children if c.kind == node.kind]
            steps.append(f"{'items' if node.kind == 'item' else 'sections'}[{siblings.index(node)}]")
            node = node.parent
        return ".".join(reversed(steps))

    def descendants(self):
        for c in self.children:
            yield c
            yield from c.descendants()

    def is_ancestor_of(self, other: Node) -> bool:
        node = other.parent
        while node is not None:
            if node is self:
                return True
            node = node.parent
        return False


def _number(v: Any) -> Any:
    """31.0 → 31 for whole numbers typed or spun, so saved data reads like a hand-written file."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def parse_number_text(text: str) -> Any:
    """What a number field's text means: ABSENT when empty, a number, or (when it is no number)
    the text itself, so validation names the fault in its own words."""
    t = text.strip()
    if not t:
        return ABSENT
    try:
        return _number(float(t)) if any(c in t for c in ".eE") else int(t)
    except ValueError:
        return t
