"""What one inspection or rectification is to the person looking at it: its facts and what that
person may do with it now (``allowed``), with the refusal for each action they may not do.

The screens ask these views instead of deciding from columns: a button shows when its action is in
``allowed`` and, where the screen says why not, it shows ``refused[action]``. Each action is decided
by the same function the service that performs it refuses with — ``workflow.check`` for the
workflow steps, ``certificates.refusal`` / ``revoke_refusal`` for certificates,
``rectifications.refusal`` for rectification work, ``reinspection_refusal`` for a 复查 — so a button
and the service's refusal cannot disagree (tests/services/test_views.py tries every action).

A person outside the inspection's scope gets no view at all: ``OutOfScope``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..domain import scope as _scope
from ..domain.workflow import FROZEN_STATES, KINDS, Actor, WorkflowError, check, may_create
from ..store import Store
from ..store import inspections as inspection_repo
from ..store import rectifications as rect_repo
from ..store import sites as site_repo
from ..store.sites import Site
from . import certificates, rectifications, signing
from .allows import Allows
from .errors import CivDeskError, InputError, NotAllowed, NotFound

WORKFLOW_ACTIONS = ("answer", "submit", "return", "approve", "sign")
INSPECTION_ACTIONS = (*WORKFLOW_ACTIONS, "certify", "revoke", "reinspect", "report", "notice")
RECTIFICATION_ACTIONS = ("done", "verify", "reopen")
APPROVED_STATES = ("approved", *FROZEN_STATES)


def _frozen(refused: dict[str, CivDeskError]) -> Mapping[str, CivDeskError]:
    return MappingProxyType(dict(refused))


@dataclass(frozen=True)
class InspectionView(Allows):
    """An inspection as ``actor`` sees it: facts, ``allowed`` actions, and why the others are refused."""

    id: int
    kind: str
    state: str
    site_id: int
    site: str
    template_title: str
    author_id: int
    reviewer_id: int | None
    signer_ids: frozenset[int]
    follows_id: int | None
    has_rectifications: bool
    allowed: frozenset[str]
    refused: Mapping[str, CivDeskError] = field(default_factory=lambda: MappingProxyType({}))
    template_version: int = 0
    author_name: str = ""
    reviewer_name: str = ""
    created_at: str = ""
    submitted_at: str | None = None
    content_hash: str = ""

    @property
    def required_signers(self) -> tuple[int, ...]:
        """Who signs it, the author first (workflow.required_signers)."""
        return tuple(x for x in (self.author_id, self.reviewer_id) if x is not None)

    @property
    def reviewed(self) -> bool:
        """It has left its author's hands (submitted at least once): review and sign-off have something to show."""
        return self.state != "draft"

    @property
    def returned(self) -> bool:
        """Back with its author: the reviewer's latest comments are the ones to work on."""
        return self.state == "returned"

    @property
    def awaiting_review(self) -> bool:
        return self.state == "submitted"

    @property
    def awaiting_approval(self) -> bool:
        """Not approved yet (being written, waiting for review, or returned): nobody signs it yet."""
        return self.state not in APPROVED_STATES

    @property
    def approved_by(self) -> int | None:
        """The reviewer who approved it, once it is approved (None before)."""
        return self.reviewer_id if self.state in APPROVED_STATES else None

    @property
    def frozen(self) -> bool:
        """Signed by everyone: its content is fixed (workflow.FROZEN_STATES)."""
        return self.state in FROZEN_STATES

    @property
    def certified(self) -> bool:
        return self.state == "certified"

    def signer_role(self, user_id: int) -> str:
        """ "author" or "reviewer": in which part ``user_id`` signs it."""
        return "author" if user_id == self.author_id else "reviewer"


@dataclass(frozen=True)
class RectificationView(Allows):
    """A rectification as ``actor`` sees it; ``reinspect`` is about the inspection it belongs to."""

    id: int
    inspection_id: int
    item_code: str
    state: str
    site_id: int
    closed_by: int | None
    allowed: frozenset[str]
    refused: Mapping[str, CivDeskError] = field(default_factory=lambda: MappingProxyType({}))


def _row(store: Store, inspection_id: int) -> dict:
    row = inspection_repo.with_names(store.conn, inspection_id)
    if row is None:
        raise NotFound("inspections.no_inspection_id", inspection_id=inspection_id)
    return row


def sites_in_scope(store: Store, by: Actor) -> list[Site]:
    """The sites ``by`` sees, by name (what a screen's site filter offers)."""
    return site_repo.listed(store.conn, _scope.sites(by))


def may_start(by: Actor, kind: str, site_id: int) -> bool:
    """Whether ``by`` may start an inspection of ``kind`` at ``site_id`` (the rules
    services.inspections.new_inspection refuses with: who writes which kind, and scope)."""
    try:
        may_create(by, kind, site_id)
    except NotAllowed:
        return False
    return _scope.covers(by, site_id)


def startable_kinds(by: Actor, site_ids: list[int]) -> list[str]:
    """The kinds ``by`` may start at one of ``site_ids`` at least, in workflow order."""
    return [k for k in KINDS if any(may_start(by, k, s) for s in site_ids)]


def reinspection_refusal(store: Store, by: Actor, follows_id: int) -> CivDeskError | None:
    """Why ``by`` cannot start a 复查 of ``follows_id`` now (the checks services.inspections.new_inspection
    makes for a re-inspection), or None."""
    row = _row(store, follows_id)
    try:
        may_create(by, "reinspection", row["site_id"])
        _scope.require(by, row["site_id"], row["site"])
    except NotAllowed as e:
        return e
    if not rectifications.open_codes(store, follows_id):
        return InputError("inspections.inspection_follows_has_no")
    return None


def _notice_refusal(store: Store, row: dict) -> CivDeskError | None:
    if rect_repo.any_of(store.conn, row["id"]):
        return None
    return InputError("views.no_rectification_items", inspection_id=row["id"], state=row["state"])


def _certify_refusal(store: Store, by: Actor, inspection_id: int) -> CivDeskError | None:
    from .organisation import OrganisationMissing, require_organisation

    refused = certificates.refusal(store, by, inspection_id)
    if refused is not None:
        return refused
    try:
        require_organisation(store)  # a certificate names its issuer (documents.render_certificate asks too)
    except OrganisationMissing as e:
        return e
    return None


def inspection_view(store: Store, by: Actor, inspection_id: int) -> InspectionView:
    """The inspection as ``by`` sees it; OutOfScope when its site is not theirs, NotFound when it is gone."""
    row = _row(store, inspection_id)
    _scope.require(by, row["site_id"], row["site"])
    facts = signing.facts(store, row)
    refused: dict[str, CivDeskError] = {}
    for action in WORKFLOW_ACTIONS:
        try:
            check(by, action, facts)
        except WorkflowError as e:
            refused[action] = e
    others = {
        "certify": lambda: _certify_refusal(store, by, inspection_id),
        "revoke": lambda: certificates.revoke_refusal(store, by, inspection_id),
        "reinspect": lambda: reinspection_refusal(store, by, inspection_id),
        "report": lambda: None,  # anyone whose scope holds the site prints its report
        "notice": lambda: _notice_refusal(store, row),
    }
    for action, why in others.items():
        refusal = why()
        if refusal is not None:
            refused[action] = refusal
    return InspectionView(
        id=row["id"],
        kind=row["kind"],
        state=row["state"],
        site_id=row["site_id"],
        site=row["site"],
        template_title=row["template_title"],
        author_id=row["author_id"],
        reviewer_id=row["reviewer_id"],
        signer_ids=facts.signer_ids,
        follows_id=row["follows_id"],
        has_rectifications="notice" not in refused,
        allowed=frozenset(a for a in INSPECTION_ACTIONS if a not in refused),
        refused=_frozen(refused),
        template_version=row["template_version"],
        author_name=row["author_name"] or "",
        reviewer_name=row["reviewer_name"] or "",
        created_at=row["created_at"],
        submitted_at=row["submitted_at"],
        content_hash=row["content_hash"] or "",
    )


def rectification_view(store: Store, by: Actor, rect_id: int) -> RectificationView:
    """A rectification as ``by`` sees it; OutOfScope when its site is not theirs."""
    row = rectifications.get(store, rect_id)
    _scope.require(by, row.site_id)
    refused: dict[str, CivDeskError] = {}
    for action in RECTIFICATION_ACTIONS:
        refusal = rectifications.refusal(store, by, row, action)
        if refusal is not None:
            refused[action] = refusal
    again = reinspection_refusal(store, by, row.inspection_id)
    if again is not None:
        refused["reinspect"] = again
    actions = (*RECTIFICATION_ACTIONS, "reinspect")
    return RectificationView(
        id=row.id,
        inspection_id=row.inspection_id,
        item_code=row.item_code,
        state=row.state,
        site_id=row.site_id,
        closed_by=row.closed_by,
        allowed=frozenset(a for a in actions if a not in refused),
        refused=_frozen(refused),
    )
