"""The inspection workflow: one state machine with its role rules, enforced here for every caller.

    draft → submitted → (returned → submitted)* → approved → signed → certified

Who may do what is decided by ``check`` from plain facts (the acting user's role and sites,
the inspection's kind, site, author and state); services call it before every change, so a
hidden button is never the only protection. Four-eyes: nobody reviews their own work.
"""

from __future__ import annotations

from dataclasses import dataclass

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
STATE_LABELS = {"draft": "草稿", "submitted": "已提交", "returned": "已退回", "approved": "已审核",
                "signed": "已签署", "certified": "已发证"}
KIND_LABELS = {"self": "自评", "inspection": "检查", "reinspection": "复查"}


class WorkflowError(PermissionError):
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
        raise WorkflowError(f"unknown inspection kind {kind!r}; expected one of {', '.join(KINDS)}")
    if kind == "self":
        if actor.role not in ("staff", "manager") or site_id not in actor.site_ids:
            raise WorkflowError("a self-assessment is written by staff or the manager of that site")
    elif actor.role != "inspector":
        raise WorkflowError(f"only an inspector starts an {kind}")


def _is_site_manager(actor: Actor, site_id: int) -> bool:
    return actor.role == "manager" and site_id in actor.site_ids


def check(actor: Actor, action: str, facts: Facts) -> str:
    """Refuse (WorkflowError) or return the state the inspection will be in after ``action``."""
    if action not in TRANSITIONS:
        raise WorkflowError(f"unknown action {action!r}")
    sources, target = TRANSITIONS[action]
    if facts.state in FROZEN_STATES and action != "certify":
        raise WorkflowError(f"the inspection is {facts.state} and frozen: nothing can change it")
    if facts.state not in sources:
        raise WorkflowError(f"cannot {action} an inspection that is {facts.state} "
                            f"(only from {' / '.join(sources)})")
    if action in ("answer", "submit"):
        if actor.id != facts.author_id:
            # A self-assessment is the site's shared draft: its staff and manager may all work on it.
            shared = facts.kind == "self" and actor.role in ("staff", "manager") and facts.site_id in actor.site_ids
            if not shared:
                raise WorkflowError(f"only the author may {action} this inspection")
    elif action in ("return", "approve"):
        if actor.id == facts.author_id:
            raise WorkflowError("four-eyes rule: nobody reviews their own work")
        if not _is_site_manager(actor, facts.site_id):
            raise WorkflowError("only the manager of the inspected site reviews it")
    elif action == "sign":
        if actor.id not in (facts.author_id, facts.reviewer_id):
            raise WorkflowError("only the author and the reviewer sign an inspection")
        if actor.id in facts.signer_ids:
            raise WorkflowError("you have already signed this inspection")
    elif action == "certify":
        # The assessing side certifies; a site never certifies itself.
        if actor.role not in ("admin", "inspector"):
            raise WorkflowError("certificates are issued by the assessing side (an admin or an inspector), "
                                "never by the site's manager or staff")
        if facts.kind != "inspection":
            raise WorkflowError("a certificate is issued only from an inspection (检查), "
                                "never from a self-assessment or a re-inspection")
    return target or facts.state


def required_signers(facts: Facts) -> frozenset[int]:
    """Author and reviewer both sign; signed once both have."""
    return frozenset(x for x in (facts.author_id, facts.reviewer_id) if x is not None)


def is_fully_signed(facts: Facts) -> bool:
    need = required_signers(facts)
    return bool(need) and need <= facts.signer_ids
