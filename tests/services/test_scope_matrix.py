"""Scope: role × site × action. Staff and managers see and act on their own site only; an
inspector on the sites assigned to them (every site when none is); admins on every site. Each
cell asks the service itself (the queries take the scope), never a screen."""

from __future__ import annotations

import pytest

from civdesk.domain.errors import NotAllowed
from civdesk.domain.scope import OutOfScope
from civdesk.services import accounts, certificates, dashboard, documents, inspections, rectifications
from civdesk.services.errors import CertificateRefused
from civdesk.services.exchange import excel
from tests.helpers.org import EXCELLENT, FIXABLE, make, two_site_people

ROLES = ("admin", "inspector", "inspector_b", "manager_a", "staff_a", "manager_b")
SCOPE = {
    "admin": {"A", "B"},
    "inspector": {"A", "B"},
    "inspector_b": {"B"},
    "manager_a": {"A"},
    "staff_a": {"A"},
    "manager_b": {"B"},
}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Both sites with a certified inspection and a submitted one with an open rectification; a
    second inspector assigned to site B only. Built once: every cell only reads or writes files."""
    mp = pytest.MonkeyPatch()
    p = two_site_people(tmp_path_factory.mktemp("scope") / "home", mp)
    store = p.store
    p.sites = {"A": p.site_a, "B": p.site_b}
    p.certified, p.open = {}, {}
    for key, sid in p.sites.items():
        p.certified[key] = make(p, EXCELLENT, site=sid)
        certificates.issue(store, p.inspector, p.certified[key])
        p.open[key] = make(p, FIXABLE, site=sid, state="submitted")
    # Everyone logs in (a signed inspection's report is signed by whoever prints it).
    from tests.helpers.data import PASSWORD

    p.actors = {
        role: accounts.authenticate(store, who.name, PASSWORD)
        for role, who in (
            ("admin", p.admin),
            ("inspector", p.inspector),
            ("inspector_b", p.inspector2),
            ("manager_a", p.manager_a),
            ("staff_a", p.staff_a),
            ("manager_b", p.manager_b),
        )
    }
    yield p
    store.close()
    mp.undo()


def _sees(rows, site_id) -> bool:
    return any(r["site_id"] == site_id for r in rows)


def act(w, action: str, who, site: str, tmp_path) -> bool:
    """True when ``who`` may do ``action`` on ``site``; False when the service refuses or shows nothing."""
    s, sid = w.store, w.sites[site]
    try:
        if action == "list":
            return _sees(inspections.list_inspections(s, scope=who), sid)
        if action == "dashboard":
            d = dashboard.summary(s, who)
            return any(x.site_id == sid and x.series for x in d.sites)
        if action == "rectifications":
            return any(r.site_id == sid for r in rectifications.list_rectifications(s, scope=who))
        if action == "sites":
            return any(x.id == sid for x in accounts.list_sites(s, who))
        if action == "view":
            inspections.view_for(s, who, w.open[site])
            return True
        if action == "report":
            documents.render_report(s, w.certified[site], by=who)
            return True
        if action == "excel_results":
            excel.export_inspections(s, [w.certified[site]], tmp_path / "r.xlsx", by=who)
            return True
        if action == "excel_rectifications":
            from openpyxl import load_workbook

            excel.export_rectifications(s, tmp_path / "x.xlsx", by=who)
            names = [row[0].value for row in load_workbook(tmp_path / "x.xlsx")["整改清单"].iter_rows(min_row=2)]
            return f"收费站{site}" in names
        if action == "reprint":
            certificates.for_reprint(s, who, w.certified[site])
            return True
    except (OutOfScope, CertificateRefused) as e:
        assert "outside your scope" in str(e)
        return False
    raise AssertionError(action)


ACTIONS = (
    "list",
    "dashboard",
    "rectifications",
    "sites",
    "view",
    "report",
    "excel_results",
    "excel_rectifications",
    "reprint",
)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_matrix(world, role, action, tmp_path):
    got = {site for site in ("A", "B") if act(world, action, world.actors[role], site, tmp_path)}
    assert got == SCOPE[role], f"{role} {action}"


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_figures_count_only_the_scope(world, role):
    d = dashboard.summary(world.store, world.actors[role])
    per_site = 2  # a certified inspection and a submitted one
    assert d.total == per_site * len(SCOPE[role])
    assert {s.name[-1] for s in d.sites} == SCOPE[role]
    # The trend's default site (the first with results) is one of theirs.
    assert next(s for s in d.sites if s.series).name[-1] in SCOPE[role]


@pytest.mark.parametrize(
    "role, site, allowed",
    [("inspector", "A", True), ("inspector", "B", True), ("inspector_b", "B", True), ("inspector_b", "A", False)],
)
def test_inspectors_start_inspections_only_in_scope(world, role, site, allowed):
    s = world.store
    before = s.scalar("SELECT COUNT(*) FROM inspections")
    who = world.actors[role]
    if allowed:
        iid = inspections.new_inspection(s, who, template_id="mini", site_id=world.sites[site], kind="inspection")
        assert s.scalar("SELECT site_id FROM inspections WHERE id = ?", (iid,)) == world.sites[site]
        with s.write() as conn:  # leave the module's world as it was
            conn.execute("DELETE FROM inspections WHERE id = ?", (iid,))
    else:
        with pytest.raises(OutOfScope, match="收费站A"):
            inspections.new_inspection(s, who, template_id="mini", site_id=world.sites[site], kind="inspection")
    assert s.scalar("SELECT COUNT(*) FROM inspections") == before


def test_inspector_outside_scope_cannot_verify_a_rectification(world):
    s = world.store
    rid = s.scalar("SELECT id FROM rectifications WHERE inspection_id = ?", (world.open["A"],))
    with pytest.raises(OutOfScope):
        rectifications.verify(s, world.inspector2, rid)


def test_bundle_export_refuses_out_of_scope(world, tmp_path):
    from civdesk.services import exchange
    from tests.helpers.data import PASSWORD

    with pytest.raises(NotAllowed, match="you may not export"):
        exchange.export_bundle(
            world.store, [world.certified["A"]], tmp_path / "x.civpack", by=world.inspector2, password=PASSWORD
        )
    assert not (tmp_path / "x.civpack").exists()
