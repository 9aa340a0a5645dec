"""What the review screen reads: the previous result it compares with, the differences, the latest
return's item comments, and one inspection's audit trail."""

from __future__ import annotations

from civdesk.services import inspections, review

ALL_YES = {"1.1": "yes", "1.2": "excellent", "2.1": 35, "2.2": "yes"}


def _submitted(people, by, kind, answers=ALL_YES, submit=True):
    s = people.store
    iid = inspections.new_inspection(s, by, template_id="mini", site_id=people.site_a, kind=kind)
    for code, value in answers.items():
        inspections.answer(s, by, iid, code, value)
    if submit:
        inspections.submit(s, by, iid)
    return iid


def test_self_assessment_is_compared_with_the_latest_inspection(people, mini):
    s = people.store
    first = _submitted(people, people.inspector, "inspection")
    second = _submitted(people, people.inspector2, "inspection", {**ALL_YES, "1.2": "good", "2.1": 30})
    _submitted(people, people.inspector, "inspection", submit=False)  # a draft is not a result
    own = _submitted(people, people.staff_a, "self")
    assert review.previous_for(s, own) == second
    assert review.previous_for(s, second) == first  # an inspection: the one before it
    assert review.previous_for(s, first) == own  # none before it: the self-assessment

    diff = review.compare(inspections.view(s, own), inspections.view(s, second))
    assert {c for c, d in diff.items() if d.differs} == {"1.2", "2.1"}
    assert (diff["1.2"].value, diff["1.2"].previous) == ("excellent", "good")
    assert not any(d.differs for d in review.compare(inspections.view(s, own), None).values())


def test_site_without_earlier_results_has_nothing_to_compare(people, mini):
    own = _submitted(people, people.staff_a, "self")
    assert review.previous_for(people.store, own) is None


def test_last_return_and_audit_trail(people, mini):
    s = people.store
    iid = _submitted(people, people.staff_a, "self")
    assert review.last_return(s, iid) is None and review.returned_items(s, iid) == {}
    inspections.return_inspection(s, people.manager_a, iid, "请核实", {"1.2": "等级偏高"})
    ret = review.last_return(s, iid)
    assert (ret.reason, dict(ret.items)) == ("请核实", {"1.2": "等级偏高"})
    assert review.returned_items(s, iid) == {"1.2": "等级偏高"}
    inspections.answer(s, people.staff_a, iid, "1.2", "good")
    inspections.submit(s, people.staff_a, iid)
    assert review.returned_items(s, iid) == {}  # resubmitted: dealt with
    inspections.return_inspection(s, people.manager_a, iid, "再核实")  # a second return, no item comments
    assert dict(review.last_return(s, iid).items) == {}

    trail = review.audit_trail(s, iid)
    actions = [e.action for e in trail]
    assert actions[0] == "inspection.create" and actions.count("inspection.return") == 2
    assert [e.seq for e in trail] == sorted(e.seq for e in trail)
    answer = next(e for e in trail if e.action == "answer" and e.detail["value"] == "good")
    assert (answer.item_code, answer.login) == ("1.2", "staff_a")
    assert review.chain_problem(s) is None
