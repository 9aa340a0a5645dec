"""The demo home: the certificate cases (certified, eligible, blocked by open rectifications) and a
year of history per toll station, so the dashboard's trends are lines."""

from __future__ import annotations

import datetime as _dt

import pytest

from civdesk import cli
from civdesk.services import accounts, certificates, dashboard, demo


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory):
    from civdesk import services

    store = services.open_home(tmp_path_factory.mktemp("demo") / "home")
    demo.fill(store)
    yield store
    store.close()


def _inspector(store):
    return accounts.actor(store, accounts.user_by_name(store, "inspector1")["id"])


def test_certificate_cases(demo_home):
    s, who = demo_home, _inspector(demo_home)
    certified = [r[0] for r in s.conn.execute("SELECT id FROM inspections WHERE state = 'certified'")]
    assert len(certified) >= 1
    rec = certificates.latest(s, certified[0])
    assert rec is not None and not rec.revoked and rec.serial
    # It was certified after a signed re-inspection closed its rectifications.
    assert (
        s.scalar(
            "SELECT COUNT(*) FROM rectifications WHERE inspection_id = ? AND closed_by IS NOT NULL", (certified[0],)
        )
        >= 1
    )
    assert (
        s.scalar("SELECT state FROM inspections WHERE follows_id = ? AND kind = 'reinspection'", (certified[0],))
        == "signed"
    )
    signed = [r[0] for r in s.conn.execute("SELECT id FROM inspections WHERE state = 'signed' AND kind = 'inspection'")]
    reasons = {iid: getattr(certificates.refusal(s, who, iid), "reason", None) for iid in signed}
    assert any(r is None for r in reasons.values())  # eligible, not yet certified
    assert any(r == "rectifications_open" for r in reasons.values())  # signed, rectifications still open


def test_a_year_of_history_per_toll_station(demo_home):
    s = demo_home
    today = _dt.date.today()
    year_ago = (today - _dt.timedelta(days=370)).isoformat()
    for name, _kind, *_ in demo.SITES[:6]:
        sid = accounts.find_site(s, name)["id"]
        months = {
            r[0]
            for r in s.conn.execute(
                "SELECT substr(submitted_at, 1, 7) FROM inspections WHERE site_id = ? AND kind = 'self' "
                "AND submitted_at >= ?",
                (sid, year_ago),
            )
        }
        assert len(months) >= 12, name
        quarters = s.scalar(
            "SELECT COUNT(*) FROM inspections WHERE site_id = ? AND kind = 'inspection' AND submitted_at >= ?",
            (sid, year_ago),
        )
        assert quarters >= 4, name
    d = dashboard.summary(s)
    for site in d.sites:
        if site.kind == "toll_station":
            assert len(site.series) >= 4, site.name  # a line, not a dot
            first, last = site.series[0].submitted_at[:10], site.series[-1].submitted_at[:10]
            assert (_dt.date.fromisoformat(last) - _dt.date.fromisoformat(first)).days >= 250, site.name
    # The history's own rectifications were worked and verified: only those of the current inspections
    # submitted weeks ago (PLAN's first four, at 杭州东 and 萧山) are overdue.
    assert {r.site for r in d.overdue} <= {"杭州东收费站", "萧山收费站"}


def test_manager_lists_only_his_station(demo_home, capsys, monkeypatch):
    monkeypatch.setenv("CIVDESK_PASSWORD", demo.MANAGER_PASSWORD)
    capsys.readouterr()
    assert cli.main(["--home", str(demo_home.home), "inspections", "list", "--user", "mgr_hzd", "--json"]) == 0
    import json

    rows = json.loads(capsys.readouterr().out)
    assert len(rows) >= 17 and {r["site"] for r in rows} == {"杭州东收费站"}
