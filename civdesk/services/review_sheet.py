"""What the review and sign-off page shows of one inspection, read in one call: the inspection as the
person looking at it sees it (``views.InspectionView``: facts and allowed actions), its answers and
result, the previous result it is compared with, the comments, the latest return and who has signed.

The page reads these attributes and asks ``access`` what may be done; it decides nothing from columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..domain.workflow import Actor
from ..store import Store
from ..store import inspections as inspection_repo
from ..store import signatures as signature_repo
from ..store import users as user_repo
from . import inspections as insp
from . import review, views
from .review import ItemComparison, ReturnNote


@dataclass(frozen=True)
class ItemComment:
    """A reviewer's words: a return's reason ("return", ``item_code`` None), a comment on one item sent
    with it ("comment"), or what was said approving it ("approve")."""

    item_code: str | None
    kind: str
    text: str
    by: str


@dataclass(frozen=True)
class SignatureLine:
    """One required signer: ``role`` "author" or "reviewer", ``signed_at`` None while unsigned."""

    user_id: int
    name: str
    role: str
    signed_at: str | None


@dataclass(frozen=True)
class PreviousResult:
    """The site's previous result on the same checklist: its answers and who made it, when."""

    inspection: insp.View
    kind: str
    author: str
    at: str  # submitted (or created) at


@dataclass(frozen=True)
class ReviewSheet:
    access: views.InspectionView
    current: insp.View
    previous: PreviousResult | None
    comparison: Mapping[str, ItemComparison]
    comments: tuple[ItemComment, ...]
    last_return: ReturnNote | None
    signatures: tuple[SignatureLine, ...]

    @property
    def open_return_comments(self) -> Mapping[str, str]:
        """The latest return's item comments while the inspection is back with its author."""
        if self.access.returned and self.last_return is not None:
            return self.last_return.items
        return MappingProxyType({})

    @property
    def approval_comment(self) -> str:
        """What the reviewer wrote when approving (the latest approval's), or ""."""
        said = [c.text for c in self.comments if c.kind == "approve"]
        return said[-1] if said else ""

    def comments_on(self, code: str) -> list[ItemComment]:
        return [c for c in self.comments if c.item_code == code]

    @property
    def differences(self) -> int:
        return sum(1 for c in self.comparison.values() if c.differs)


def _previous(store: Store, inspection_id: int) -> PreviousResult | None:
    prev_id = review.previous_for(store, inspection_id)
    if prev_id is None:
        return None
    v = insp.view(store, prev_id)
    author = user_repo.display_name(store.conn, v.row["author_id"]) or ""
    return PreviousResult(v, v.row["kind"], author, v.row["submitted_at"] or v.row["created_at"])


def review_sheet(store: Store, by: Actor, inspection_id: int) -> ReviewSheet:
    """The review page's reading of one inspection for ``by``; OutOfScope when its site is not theirs."""
    access = views.inspection_view(store, by, inspection_id)
    current = insp.view(store, inspection_id)
    previous = _previous(store, inspection_id)
    comparison = review.compare(current, previous.inspection if previous else None)
    comments = tuple(
        ItemComment(c.item_code, c.kind, c.text, c.display_name)
        for c in inspection_repo.comments(store.conn, inspection_id)
    )
    signed = {s.user_id: s.signed_at for s in signature_repo.of_inspection(store.conn, inspection_id)}
    names = {access.author_id: access.author_name}
    if access.reviewer_id is not None:
        names[access.reviewer_id] = access.reviewer_name
    lines = tuple(
        SignatureLine(uid, names.get(uid, ""), access.signer_role(uid), signed.get(uid))
        for uid in access.required_signers
    )
    return ReviewSheet(
        access,
        current,
        previous,
        MappingProxyType(comparison),
        comments,
        review.last_return(store, inspection_id),
        lines,
    )
