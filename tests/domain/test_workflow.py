"""The inspection state machine and its role rules (who may do what, in which state)."""

from __future__ import annotations

import pytest

from civdesk.domain.workflow import (
    STATES,
    TRANSITIONS,
    Actor,
    Facts,
    WorkflowError,
    check,
    is_fully_signed,
    may_create,
    required_signers,
)

SITE_A, SITE_B = 10, 20
ADMIN = Actor(1, "admin", "admin")
INSPECTOR = Actor(2, "insp", "inspector")
INSPECTOR2 = Actor(3, "insp2", "inspector")
MANAGER_A = Actor(4, "mgr_a", "manager", frozenset({SITE_A}))
STAFF_A = Actor(5, "staff_a", "staff", frozenset({SITE_A}))
MANAGER_B = Actor(6, "mgr_b", "manager", frozenset({SITE_B}))
STAFF_A2 = Actor(7, "staff_a2", "staff", frozenset({SITE_A}))
STAFF_B = Actor(8, "staff_b", "staff", frozenset({SITE_B}))


def inspection(state="draft", **kw):
    """An inspection of site A written by INSPECTOR."""
    return Facts(**({"kind": "inspection", "state": state, "site_id": SITE_A, "author_id": INSPECTOR.id} | kw))


def self_assessment(state="draft", author=STAFF_A, **kw):
    return Facts(**({"kind": "self", "state": state, "site_id": SITE_A, "author_id": author.id} | kw))


# ------------------------------------------------------------------ creating


@pytest.mark.parametrize(
    "actor, kind, site",
    [
        (INSPECTOR, "inspection", SITE_A),
        (INSPECTOR, "inspection", SITE_B),
        (INSPECTOR, "reinspection", SITE_B),
        (STAFF_A, "self", SITE_A),
        (MANAGER_A, "self", SITE_A),
        (MANAGER_B, "self", SITE_B),
    ],
)
def test_may_create_allowed(actor, kind, site):
    assert may_create(actor, kind, site) is None


@pytest.mark.parametrize(
    "actor, kind, site, message",
    [
        (INSPECTOR, "self", SITE_A, "a self-assessment is written by staff or the manager of that site"),
        (STAFF_A, "self", SITE_B, "a self-assessment is written by staff or the manager of that site"),
        (MANAGER_A, "self", SITE_B, "a self-assessment is written by staff or the manager of that site"),
        (ADMIN, "self", SITE_A, "a self-assessment is written by staff or the manager of that site"),
        (STAFF_A, "inspection", SITE_A, "only an inspector starts an inspection"),
        (MANAGER_A, "inspection", SITE_A, "only an inspector starts an inspection"),
        (ADMIN, "reinspection", SITE_A, "only an inspector starts an reinspection"),
        (INSPECTOR, "audit", SITE_A, "unknown inspection kind 'audit'; expected one of self, inspection, reinspection"),
    ],
)
def test_may_create_refused(actor, kind, site, message):
    with pytest.raises(WorkflowError) as err:
        may_create(actor, kind, site)
    assert str(err.value) == message


# ------------------------------------------------------------------ states: which action starts where

# An actor that passes the role rule of each action on an inspection of site A by INSPECTOR.
LEGAL_ACTOR = {
    "answer": INSPECTOR,
    "submit": INSPECTOR,
    "return": MANAGER_A,
    "approve": MANAGER_A,
    "sign": INSPECTOR,
    "certify": INSPECTOR,
}
EXPECTED_TARGET = {
    ("answer", "draft"): "draft",
    ("answer", "returned"): "returned",
    ("submit", "draft"): "submitted",
    ("submit", "returned"): "submitted",
    ("return", "submitted"): "returned",
    ("approve", "submitted"): "approved",
    ("sign", "approved"): "approved",  # becomes signed only when every signer has signed
    ("certify", "signed"): "certified",
}


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
@pytest.mark.parametrize("state", STATES)
def test_state_matrix(action, state):
    facts = inspection(state, reviewer_id=MANAGER_A.id)
    expected = EXPECTED_TARGET.get((action, state))
    if expected is not None:
        assert check(LEGAL_ACTOR[action], action, facts) == expected
        return
    with pytest.raises(WorkflowError) as err:
        check(LEGAL_ACTOR[action], action, facts)
    if state in ("signed", "certified") and action != "certify":
        assert str(err.value) == f"the inspection is {state} and frozen: nothing can change it"
    else:
        sources = " / ".join(TRANSITIONS[action][0])
        assert str(err.value) == f"cannot {action} an inspection that is {state} (only from {sources})"


@pytest.mark.parametrize("state", ["submitted", "approved", "signed", "certified"])
def test_answer_refused_once_submitted(state):
    with pytest.raises(WorkflowError):
        check(INSPECTOR, "answer", inspection(state))


def test_return_needs_submitted_and_sign_needs_approved():
    with pytest.raises(WorkflowError, match=r"^cannot return an inspection that is draft \(only from submitted\)$"):
        check(MANAGER_A, "return", inspection("draft"))
    with pytest.raises(WorkflowError, match=r"^cannot sign an inspection that is submitted \(only from approved\)$"):
        check(INSPECTOR, "sign", inspection("submitted", reviewer_id=MANAGER_A.id))


def test_unknown_action():
    with pytest.raises(WorkflowError, match="^unknown action 'delete'$"):
        check(ADMIN, "delete", inspection())


# ------------------------------------------------------------------ roles


@pytest.mark.parametrize(
    "actor, action, facts, message",
    [
        # staff never review, even their own site's self-assessment written by someone else
        (
            STAFF_A,
            "approve",
            self_assessment("submitted", author=STAFF_A2),
            "only the manager of the inspected site reviews it",
        ),
        (
            STAFF_A,
            "return",
            self_assessment("submitted", author=MANAGER_A),
            "only the manager of the inspected site reviews it",
        ),
        # four-eyes: the author never reviews their own self-assessment, even as the site's manager
        (
            MANAGER_A,
            "approve",
            self_assessment("submitted", author=MANAGER_A),
            "four-eyes rule: nobody reviews their own work",
        ),
        (
            MANAGER_A,
            "return",
            self_assessment("submitted", author=MANAGER_A),
            "four-eyes rule: nobody reviews their own work",
        ),
        (INSPECTOR, "approve", inspection("submitted"), "four-eyes rule: nobody reviews their own work"),
        # a manager reviews only their own site
        (MANAGER_B, "approve", inspection("submitted"), "only the manager of the inspected site reviews it"),
        (MANAGER_B, "return", self_assessment("submitted"), "only the manager of the inspected site reviews it"),
        (INSPECTOR2, "approve", inspection("submitted"), "only the manager of the inspected site reviews it"),
        (ADMIN, "approve", inspection("submitted"), "only the manager of the inspected site reviews it"),
        # only the author answers an inspection; a self-assessment is shared by its site only
        (INSPECTOR2, "answer", inspection("draft"), "only the author may answer this inspection"),
        (MANAGER_A, "answer", inspection("draft"), "only the author may answer this inspection"),
        (INSPECTOR2, "submit", inspection("returned"), "only the author may submit this inspection"),
        (STAFF_B, "answer", self_assessment("draft"), "only the author may answer this inspection"),
        (MANAGER_B, "submit", self_assessment("draft"), "only the author may submit this inspection"),
        (INSPECTOR, "answer", self_assessment("draft"), "only the author may answer this inspection"),
        # signing: author and reviewer only, once each
        (
            MANAGER_B,
            "sign",
            inspection("approved", reviewer_id=MANAGER_A.id),
            "only the author and the reviewer sign an inspection",
        ),
        (
            INSPECTOR,
            "sign",
            inspection("approved", reviewer_id=MANAGER_A.id, signer_ids=frozenset({INSPECTOR.id})),
            "you have already signed this inspection",
        ),
        # certificates: the site's manager or an admin
        (
            MANAGER_A,
            "certify",
            inspection("signed"),
            "certificates are issued by the assessing side (an admin or an "
            "inspector), never by the site's manager or staff",
        ),
        (
            MANAGER_B,
            "certify",
            inspection("signed"),
            "certificates are issued by the assessing side (an admin or an "
            "inspector), never by the site's manager or staff",
        ),
        (
            STAFF_A,
            "certify",
            inspection("signed"),
            "certificates are issued by the assessing side (an admin or an "
            "inspector), never by the site's manager or staff",
        ),
    ],
)
def test_role_refusals(actor, action, facts, message):
    with pytest.raises(WorkflowError) as err:
        check(actor, action, facts)
    assert str(err.value) == message


@pytest.mark.parametrize(
    "actor, action, facts, target",
    [
        (MANAGER_A, "approve", self_assessment("submitted", author=STAFF_A), "approved"),
        (MANAGER_A, "return", self_assessment("submitted", author=STAFF_A), "returned"),
        (MANAGER_A, "approve", inspection("submitted"), "approved"),
        (STAFF_A2, "answer", self_assessment("draft", author=STAFF_A), "draft"),
        (MANAGER_A, "answer", self_assessment("returned", author=STAFF_A), "returned"),
        (STAFF_A, "submit", self_assessment("draft", author=MANAGER_A), "submitted"),
        (
            MANAGER_A,
            "sign",
            inspection("approved", reviewer_id=MANAGER_A.id, signer_ids=frozenset({INSPECTOR.id})),
            "approved",
        ),
        (ADMIN, "certify", inspection("signed"), "certified"),
        (INSPECTOR, "certify", inspection("signed"), "certified"),
    ],
)
def test_role_allowed(actor, action, facts, target):
    assert check(actor, action, facts) == target


def test_second_manager_of_a_site_reviews_the_first_managers_self_assessment():
    other = Actor(9, "mgr_a2", "manager", frozenset({SITE_A, SITE_B}))
    assert check(other, "approve", self_assessment("submitted", author=MANAGER_A)) == "approved"


# ------------------------------------------------------------------ signatures


def test_required_signers_and_fully_signed():
    f = inspection("approved", reviewer_id=MANAGER_A.id)
    assert required_signers(f) == frozenset({INSPECTOR.id, MANAGER_A.id})
    assert is_fully_signed(f) is False
    assert (
        is_fully_signed(inspection("approved", reviewer_id=MANAGER_A.id, signer_ids=frozenset({INSPECTOR.id}))) is False
    )
    assert (
        is_fully_signed(
            inspection("approved", reviewer_id=MANAGER_A.id, signer_ids=frozenset({INSPECTOR.id, MANAGER_A.id}))
        )
        is True
    )
    # extra signatures do not hurt, but the author's own is still required
    assert (
        is_fully_signed(
            inspection("approved", reviewer_id=MANAGER_A.id, signer_ids=frozenset({MANAGER_A.id, ADMIN.id}))
        )
        is False
    )


def test_without_reviewer_only_the_author_signs():
    f = inspection("approved")
    assert required_signers(f) == frozenset({INSPECTOR.id})
    assert is_fully_signed(f) is False
    assert is_fully_signed(inspection("approved", signer_ids=frozenset({INSPECTOR.id}))) is True
