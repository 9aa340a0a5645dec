"""``civdesk certificate``: every refusal is exit 2 with one line on stderr and no file; revoking;
``verify`` of a revoked certificate is exit 1; ``inspections show --json`` lists rectifications;
``inspections list --user`` is that person's scope."""

from __future__ import annotations

import json

import pytest

from civdesk import cli
from civdesk.services import accounts, certificates
from tests.helpers.data import PASSWORD
from tests.helpers.org import EXCELLENT, FIXABLE, MEDIOCRE, add_mini_v2, make, reinspect


@pytest.fixture
def org(people, mini, monkeypatch):
    from civdesk.services import organisation

    add_mini_v2(people)
    organisation.set_up(people.store, people.admin, "某市文明办")  # certificates are issued in its name
    monkeypatch.setenv("CIVDESK_PASSWORD", PASSWORD)
    return people


def run(org, *argv) -> int:
    return cli.main(["--home", str(org.store.home), "--lang", "en", *map(str, argv)])


def _case(org, reason):
    """(inspection id, extra CLI arguments, user) that meet the refusal ``reason``."""
    if reason == "out_of_scope":
        accounts.assign_sites(org.store, by=org.admin, user_id=org.inspector2.id, site_ids=[org.site_b])
        return make(org, EXCELLENT), [], "inspector2"
    if reason == "not_assessor":
        return make(org, EXCELLENT), [], "manager_a"
    if reason == "self_assessment":
        return make(org, EXCELLENT, kind="self"), [], "inspector"
    if reason == "reinspection":
        return reinspect(org, make(org, FIXABLE)), [], "inspector"
    if reason == "not_signed":
        return make(org, EXCELLENT, state="approved"), [], "inspector"
    if reason == "rectifications_open":
        return make(org, FIXABLE), [], "inspector"
    if reason == "no_title":
        return make(org, MEDIOCRE), [], "inspector"
    if reason == "wrong_title":
        return make(org, EXCELLENT), ["--title", "文明单位"], "inspector"
    if reason == "needs_user":
        return make(org, EXCELLENT), [], None
    if reason == "revoked":
        iid = make(org, EXCELLENT)
        certificates.issue(org.store, org.inspector, iid)
        certificates.revoke(org.store, org.admin, iid, "误发")
        return iid, [], "manager_a"
    raise AssertionError(reason)


CLI_REASONS = [
    "out_of_scope",
    "not_assessor",
    "self_assessment",
    "reinspection",
    "not_signed",
    "rectifications_open",
    "no_title",
    "wrong_title",
    "needs_user",
    "revoked",
]
WORDS = {
    "out_of_scope": "outside your scope",
    "not_assessor": "assessing side",
    "self_assessment": "self-assessment",
    "reinspection": "re-inspection",
    "not_signed": "only for a signed inspection",
    "rectifications_open": "not verified yet",
    "no_title": "earns no certificate",
    "wrong_title": "does not earn",
    "needs_user": "--user",
    "revoked": "was revoked",
}


@pytest.mark.parametrize("reason", CLI_REASONS)
def test_each_refusal_exits_2_with_one_line_and_no_file(org, reason, capsys, tmp_path):
    iid, extra, user = _case(org, reason)
    out = tmp_path / "cert.pdf"
    serials = org.store.scalar("SELECT COUNT(*) FROM documents WHERE kind = 'certificate'")
    capsys.readouterr()
    argv = ["certificate", iid, "-o", out, *extra] + (["--user", user] if user else [])
    assert run(org, *argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("civdesk: ") and WORDS[reason] in err, err
    assert not out.exists() and not list(tmp_path.glob(".tmp-*"))
    assert org.store.scalar("SELECT COUNT(*) FROM documents WHERE kind = 'certificate'") == serials


def test_every_issuing_refusal_is_covered_by_the_cli_tests():
    # already_issued and not_issued cannot happen on the command line: it prints an issued certificate again.
    assert set(certificates.REASONS) - set(CLI_REASONS) == {"already_issued", "not_issued"}


def test_issue_reprint_revoke_and_verify(org, capsys, tmp_path):
    iid = make(org, EXCELLENT)
    first, again = tmp_path / "c1.pdf", tmp_path / "c2.pdf"
    assert run(org, "certificate", iid, "-o", first, "--user", "inspector", "--json") == 0
    issued = json.loads(capsys.readouterr().out)
    assert issued["serial"].endswith("-0001") and issued["title"] == "文明服务示范窗口"
    # The site's manager prints it again: same serial and code.
    assert run(org, "certificate", iid, "-o", again, "--user", "manager_a", "--json") == 0
    reprint = json.loads(capsys.readouterr().out)
    assert (reprint["serial"], reprint["code"]) == (issued["serial"], issued["code"])
    assert run(org, "verify", first) == 0 and run(org, "verify", "--code", issued["code"]) == 0
    capsys.readouterr()

    assert run(org, "certificate", "revoke", iid, "--user", "manager_a", "--reason", "x") == 2
    assert "assessing side" in capsys.readouterr().err
    assert run(org, "certificate", "revoke", iid, "--user", "admin") == 2
    assert "--reason" in capsys.readouterr().err
    assert run(org, "certificate", "revoke", iid, "--user", "admin", "--reason", "复核发现投诉属实") == 0
    assert "revoked: 复核发现投诉属实" in capsys.readouterr().out

    assert run(org, "verify", first) == 1
    text = capsys.readouterr().out
    assert text.startswith(f"REVOKED: certificate {issued['serial']} was revoked on ") and "复核发现投诉属实" in text
    assert run(org, "verify", "--code", issued["code"], "--json") == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["record"]["revoked_reason"] == "复核发现投诉属实"


def test_inspections_show_lists_rectifications_and_certificate(org, capsys):
    iid = make(org, FIXABLE)
    capsys.readouterr()
    assert run(org, "inspections", "show", iid, "--json", "--user", "admin") == 0
    data = json.loads(capsys.readouterr().out)
    due = org.store.scalar("SELECT due_date FROM rectifications WHERE inspection_id = ?", (iid,))
    assert data["rectifications"] == [{"code": "1.3", "state": "open", "due_date": due, "overdue": False}]
    assert data["certificate"] is None
    reinspect(org, iid)
    certificates.issue(org.store, org.inspector, iid)
    assert run(org, "inspections", "show", iid, "--json", "--user", "admin") == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["state"] for r in data["rectifications"]] == ["verified"]
    assert data["certificate"]["title"] == "文明服务示范窗口" and data["certificate"]["revoked"] is False
    # Out of scope with --user: refused.
    assert run(org, "inspections", "show", iid, "--user", "manager_b") == 2
    assert "outside your scope" in capsys.readouterr().err


def test_inspections_list_with_user_is_their_scope(org, capsys):
    a, b = make(org, EXCELLENT), make(org, EXCELLENT, site=org.site_b)
    capsys.readouterr()
    for user, expected in (
        ("manager_a", {a}),
        ("staff_a", {a}),
        ("manager_b", {b}),
        ("inspector", {a, b}),
        ("admin", {a, b}),
    ):
        assert run(org, "inspections", "list", "--user", user, "--json") == 0
        assert {r["id"] for r in json.loads(capsys.readouterr().out)} == expected, user
    assert run(org, "users", "assign", "inspector", "--site", "收费站B", "--user", "admin") == 0
    assert "assigned to 收费站B" in capsys.readouterr().out
    assert run(org, "inspections", "list", "--user", "inspector", "--json") == 0
    assert {r["id"] for r in json.loads(capsys.readouterr().out)} == {b}
    assert run(org, "users", "assign", "manager_a", "--site", "收费站B", "--user", "admin") == 2
    assert run(org, "users", "assign", "inspector", "--user", "manager_a") == 2
    assert run(org, "users", "assign", "inspector", "--user", "admin") == 0
    assert "every site" in capsys.readouterr().out


@pytest.mark.parametrize(
    "kind, zh, en",
    [
        ("self", "自评报告已写入", "self-assessment report written to"),
        ("inspection", "检查报告已写入", "report written to"),
    ],
)
def test_report_says_which_report_was_written(org, capsys, tmp_path, kind, zh, en):
    iid = make(org, EXCELLENT, kind=kind)
    capsys.readouterr()
    assert (
        cli.main(
            ["--home", str(org.store.home), "report", str(iid), "-o", str(tmp_path / "zh.pdf"), "--user", "inspector"]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert out.startswith(f"{zh} {tmp_path / 'zh.pdf'}（验证码 ") and (tmp_path / "zh.pdf").stat().st_size > 1000
    assert run(org, "report", iid, "-o", tmp_path / "en.pdf", "--user", "inspector") == 0
    assert capsys.readouterr().out.startswith(f"{en} {tmp_path / 'en.pdf'} (verification code ")


def test_help_is_chinese_by_default_and_english_with_lang_en(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["--help"])
    zh = capsys.readouterr().out
    assert done.value.code == 0
    assert zh.startswith("用法：civdesk") and "显示此帮助信息并退出" in zh and "生成检查报告（PDF）" in zh
    assert "show this help" not in zh and "usage:" not in zh
    with pytest.raises(SystemExit):
        cli.main(["--lang", "en", "--help"])
    en = capsys.readouterr().out
    assert en.startswith("usage: civdesk") and "show this help message and exit" in en
    assert "write the inspection report (检查报告) as PDF" in en and "用法" not in en
    # argparse's own refusals follow --lang too: exit 2, Chinese by default.
    with pytest.raises(SystemExit) as done:
        cli.main(["templates", "lis"])
    err = capsys.readouterr().err
    assert done.value.code == 2 and "错误：参数 action：无效的选项：'lis'" in err.splitlines()[-1]
    with pytest.raises(SystemExit) as done:
        cli.main(["--lang", "en", "--bogus"])
    assert (
        done.value.code == 2
        and capsys.readouterr().err.splitlines()[-1] == "civdesk: error: unrecognized arguments: --bogus"
    )
