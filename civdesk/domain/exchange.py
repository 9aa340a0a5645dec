"""Exchanging inspections between homes: what an import does with each one, and how a conflict
is shown and settled. Pure rules over plain data (the "portable" form of an inspection that
civdesk.services.exchange.portable reads from and writes to a home).

Every home keeps, per inspection uuid, the sync hashes of the versions its copy descends from
(each version it exported or imported). A bundle carries the same list for each inspection.
With both, an import can tell:

- ``add``        the home has no such inspection;
- ``unchanged``  both have the very same version;
- ``update``     theirs descends from ours (we did not change it since): take theirs;
- ``ours_newer`` ours descends from theirs (they did not change it since): keep ours;
- ``conflict``   both changed it since they last shared a version: never overwritten; the
                 differences are listed item by item and the user settles each one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .audit import canonical_json
from .errors import InputError, NotAllowed
from .workflow import EDITABLE_STATES, FROZEN_STATES

# Who may bring bundles into a home: the people who inspect and review (staff fill in
# self-assessments, they do not merge other homes' work).
IMPORT_ROLES = ("admin", "manager", "inspector")


def import_refusal(role: str) -> NotAllowed | None:
    """Why a person of ``role`` may not import a bundle, or None; the 数据 menu asks this too."""
    return None if role in IMPORT_ROLES else NotAllowed("bundles.only_admin_manager_inspector")


ADD, UNCHANGED, UPDATE, OURS_NEWER, CONFLICT = "add", "unchanged", "update", "ours_newer", "conflict"
MINE, THEIRS, BOTH, KEEP_BOTH = "mine", "theirs", "both", "keep_both"

# The child lists of a portable inspection and the order they are kept in.
CHILDREN = ("answers", "attachments", "comments", "signatures", "rectifications")


def _key(*fields: str) -> Callable[[dict[str, Any]], tuple[str, ...]]:
    return lambda row: tuple("" if row.get(f) is None else str(row.get(f)) for f in fields)


SORT_KEYS = {
    "answers": _key("item_code"),
    "attachments": _key("item_code", "added_at", "sha256", "filename", "added_by", "size"),
    "comments": _key("at", "item_code", "kind", "user", "text"),
    "signatures": _key("signed_at", "user", "role"),
    "rectifications": _key("item_code"),
}


def normalise(data: dict[str, Any]) -> dict[str, Any]:
    """The same inspection always in the same order, whichever home it was read from."""
    out = dict(data)
    for name in CHILDREN:
        out[name] = sorted(data.get(name) or [], key=SORT_KEYS[name])
    return out


def sync_hash(data: dict[str, Any]) -> str:
    """SHA-256 over everything exchanged about one inspection (its portable form)."""
    return hashlib.sha256(canonical_json(normalise(data)).encode("utf-8")).hexdigest()


def frozen_part(data: dict[str, Any]) -> dict[str, Any]:
    """What a signature freezes: the signed content hash, answers, photos and signatures."""
    return {
        "content_hash": data.get("content_hash"),
        "answers": normalise(data)["answers"],
        "attachments": normalise(data)["attachments"],
        "signatures": normalise(data)["signatures"],
    }


def is_frozen(data: dict[str, Any]) -> bool:
    return data.get("state") in FROZEN_STATES


def decide(local_hash: str | None, seen: Iterable[str], incoming_hash: str, history: Iterable[str]) -> str:
    """What an import does with one inspection (see the module docstring)."""
    if local_hash is None:
        return ADD
    if local_hash == incoming_hash:
        return UNCHANGED
    if incoming_hash in set(seen):
        return OURS_NEWER
    if local_hash in set(history):
        return UPDATE
    return CONFLICT


# ------------------------------------------------------------------ differences, item by item

KIND_CHOICES = {
    "inspection": (MINE, THEIRS),
    "answer": (MINE, THEIRS),
    "photos": (MINE, THEIRS, BOTH),
    "comments": (MINE, THEIRS, BOTH),
    "rectification": (MINE, THEIRS),
    "signatures": (MINE, THEIRS),
}


def split(data: dict[str, Any]) -> dict[str, Any]:
    """One inspection as independent parts, each one thing a user can choose: ``inspection`` (the
    record's own fields), ``answer:CODE``, ``photos:CODE``, ``comments``, ``rectification:CODE``,
    ``signatures``."""
    d = normalise(data)
    parts: dict[str, Any] = {"inspection": {k: v for k, v in d.items() if k not in CHILDREN}}
    for a in d["answers"]:
        parts[f"answer:{a['item_code']}"] = a
    for att in d["attachments"]:
        parts.setdefault(f"photos:{att['item_code']}", []).append(att)
    if d["comments"]:
        parts["comments"] = d["comments"]
    for r in d["rectifications"]:
        parts[f"rectification:{r['item_code']}"] = r
    if d["signatures"]:
        parts["signatures"] = d["signatures"]
    return parts


def join(parts: dict[str, Any]) -> dict[str, Any]:
    data = dict(parts["inspection"])
    for name in CHILDREN:
        data[name] = []
    for key, value in parts.items():
        kind = key.split(":", 1)[0]
        if value is None or kind == "inspection":
            continue
        if kind == "answer":
            data["answers"].append(value)
        elif kind == "photos":
            data["attachments"].extend(value)
        elif kind == "rectification":
            data["rectifications"].append(value)
        else:
            data[kind].extend(value)
    return normalise(data)


@dataclass(frozen=True)
class Difference:
    """One part that differs: ``mine`` / ``theirs`` are its value in each version (None: absent)."""

    key: str
    kind: str
    code: str | None
    mine: Any
    theirs: Any
    choices: tuple[str, ...]


def _order(key: str) -> tuple[Any, ...]:
    kind, _, code = key.partition(":")
    rank = ("inspection", "answer", "photos", "comments", "signatures", "rectification").index(kind)
    segments = code.replace("-", ".").split(".") if code else []
    return (rank, tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in segments))


def differences(mine: dict[str, Any], theirs: dict[str, Any]) -> list[Difference]:
    """Every part in which the two versions differ, in template order."""
    a, b = split(mine), split(theirs)
    out = []
    for key in sorted(set(a) | set(b), key=_order):
        if canonical_json(a.get(key)) == canonical_json(b.get(key)):
            continue
        kind, _, code = key.partition(":")
        choices = KIND_CHOICES[kind]
        if (
            kind == "inspection"
            and is_frozen(mine)
            and not (mine.get("state") == "signed" and theirs.get("state") == "certified")
        ):
            choices = (MINE,)  # a frozen record only ever moves on from signed to certified
        out.append(Difference(key, kind, code or None, a.get(key), b.get(key), choices))
    return out


class MergeError(InputError):
    """Choices that cannot be combined; the message says which and why."""


def merge(mine: dict[str, Any], theirs: dict[str, Any], choices: dict[str, str]) -> dict[str, Any]:
    """The version made of each differing part taken from the chosen side (``both``: the union).

    Every difference needs a choice. Once submitted, answers, photos and signatures belong to the
    record they were submitted with: they come from the same side as the record's own fields.
    """
    diffs = differences(mine, theirs)
    missing = [d.key for d in diffs if d.key not in choices]
    if missing:
        raise MergeError("exchange.choose_mine_theirs_every", join=", ".join(missing))
    unknown = sorted(set(choices) - {d.key for d in diffs})
    if unknown:
        raise MergeError("exchange.no_such_difference", join=", ".join(unknown))
    parts = split(mine)
    theirs_parts = split(theirs)
    for d in diffs:
        choice = choices[d.key]
        if choice not in d.choices:
            raise MergeError("exchange.possible_here_choose", key=d.key, choice=choice, join=" / ".join(d.choices))
        if choice == THEIRS:
            parts[d.key] = theirs_parts.get(d.key)
        elif choice == BOTH:
            have = list(parts.get(d.key) or [])
            seen = {canonical_json(x) for x in have}
            parts[d.key] = have + [x for x in theirs_parts.get(d.key) or [] if canonical_json(x) not in seen]
    merged = join(parts)
    row_side = choices.get("inspection", MINE)
    if merged.get("state") not in EDITABLE_STATES:
        mixed = [d.key for d in diffs if d.kind in ("answer", "photos", "signatures") and choices[d.key] != row_side]
        if mixed:
            raise MergeError(
                "exchange.record_answers_photos_signatures", get=merged.get("state"), join=", ".join(mixed)
            )
    if is_frozen(mine) and canonical_json(frozen_part(merged)) != canonical_json(frozen_part(mine)):
        raise MergeError("exchange.home_s_copy_signed")
    return merged
