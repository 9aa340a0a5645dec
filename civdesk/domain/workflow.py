"""The inspection workflow: one state machine with its role rules, enforced here for every caller.

    draft → submitted → (returned → submitted)* → approved → signed → certified

Who may do what is decided by ``check`` from plain facts (the acting user's role and sites,
the inspection's kind, site, author and state); services call it before every change, so a
hidden button is never the only protection. Four-eyes: nobody reviews their own work.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import NotAllowed

ROLES = ("admin", "inspector", "manager", "staff")
KINDS = ("self", "inspection", "reinspection")
STATES = ("draft", "submitted", "returned", "approved", "signed", "certified")
EDITABLE_STATES = ("draft", "returned")
FROZEN_STATES = ("signed", "certified")

# action → (states it may start from, state it leads to; None = unchanged)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "answer": (EDITABLE_STATES, None),
    "submit": (EDITABLE_STATES, "submitted"),
    "return": (("submitted",), "returned"),
    "approve": (("submitted",), "approved"),
    "sign": (("approved",), None),  # becomes signed once every required signature is there
    "certify": (("signed",), "certified"),
}

ROLE_LABELS = {"admin": "管理员", "inspector": "检查员", "manager": "站长", "staff": "窗口职工"}
STATE_LABELS = {
    "draft": "草稿",
    "submitted": "已提交",
    "returned": "已退回",
    "approved": "已审核",
    "signed": "已签署",
    "certified": "已发证",
}
KIND_LABELS = {"self": "自评", "inspection": "检查", "reinspection": "复查"}


class WorkflowError(NotAllowed):
    """An action refused by a workflow or role rule; the message names the rule."""


@dataclass(frozen=True)
class Actor:
    id: int
    name: str
    role: str
    site_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Facts:
    """What the rules need to know about one inspection."""

    kind: str
    state: str
    site_id: int
    author_id: int
    signer_ids: frozenset[int] = frozenset()
    reviewer_id: int | None = None


def may_create(actor: Actor, kind: str, site_id: int) -> None:
    """Self-assessments are written by the site's staff or manager; inspections by inspectors."""
    if kind not in KINDS:
        raise WorkflowError("workflow.unknown_inspection_kind_expected", kind=kind, join=", ".join(KINDS))
    if kind == "self":
        if actor.role not in ("staff", "manager") or site_id not in actor.site_ids:
            raise WorkflowError("workflow.self_assessment_written_staff")
    elif actor.role != "inspector":
        raise WorkflowError("workflow.only_inspector_starts", kind=kind)


def _is_site_manager(actor: Actor, site_id: int) -> bool:
    return actor.role == "manager" and site_id in actor.site_ids


def check(actor: Actor, action: str, facts: Facts) -> str:
    """Refuse (WorkflowError) or return the state the inspection will be in after ``action``."""
    if action not in TRANSITIONS:
        raise WorkflowError("workflow.unknown_action", action=action)
    sources, target = TRANSITIONS[action]
    if facts.state in FROZEN_STATES and action != "certify":
        raise WorkflowError("workflow.inspection_frozen_nothing_can", state=facts.state)
    if facts.state not in sources:
        raise WorkflowError(
            "workflow.cannot_inspection_only_from", action=action, state=facts.state, from_states=list(sources)
        )
    if action in ("answer", "submit"):
        if actor.id != facts.author_id:
            # A self-assessment is the site's shared draft: its staff and manager may all work on it.
            shared = facts.kind == "self" and actor.role in ("staff", "manager") and facts.site_id in actor.site_ids
            if not shared:
                raise WorkflowError("workflow.only_author_may_inspection", action=action)
    elif action in ("return", "approve"):
        if actor.id == facts.author_id:
            raise WorkflowError("workflow.four_eyes_rule_nobody")
        if not _is_site_manager(actor, facts.site_id):
            raise WorkflowError("workflow.only_manager_inspected_site")
    elif action == "sign":
        if actor.id not in (facts.author_id, facts.reviewer_id):
            raise WorkflowError("workflow.only_author_reviewer_sign")
        if actor.id in facts.signer_ids:
            raise WorkflowError("workflow.you_have_already_signed")
    elif action == "certify":
        # The assessing side certifies; a site never certifies itself.
        if actor.role not in ("admin", "inspector"):
            raise WorkflowError("workflow.certificates_issued_assessing_side")
        if facts.kind != "inspection":
            raise WorkflowError("workflow.certificate_issued_only_from")
    return target or facts.state


def required_signers(facts: Facts) -> frozenset[int]:
    """Author and reviewer both sign; signed once both have."""
    return frozenset(x for x in (facts.author_id, facts.reviewer_id) if x is not None)


def is_fully_signed(facts: Facts) -> bool:
    need = required_signers(facts)
    return bool(need) and need <= facts.signer_ids
