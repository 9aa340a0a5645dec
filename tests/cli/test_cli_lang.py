"""The command line speaks the language of --lang, Chinese by default like the GUI: its own
messages, the refusals, table headings and the score's lines, each worded by code (civdesk.messages)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from civdesk.cli import main
from civdesk.cli import text as cli_text
from civdesk.messages import render as say


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.delenv("CIVDESK_HOME", raising=False)
    monkeypatch.delenv("CIVDESK_PASSWORD", raising=False)
    return tmp_path / "home"


@pytest.fixture(autouse=True)
def back_to_chinese():
    yield
    cli_text.set_language(None)


def run(home, capsys, *argv, password=None):
    if password is not None:
        os.environ["CIVDESK_PASSWORD"] = password
        os.environ["CIVDESK_NEW_PASSWORD"] = "new-password-1"
    try:
        code = main(["--home", str(home), *argv])
    finally:
        os.environ.pop("CIVDESK_PASSWORD", None)
        os.environ.pop("CIVDESK_NEW_PASSWORD", None)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_messages_in_chinese_by_default_and_english_on_request(home, capsys):
    assert run(home, capsys, "users", "add", "boss", "--role", "admin", password="x")[0] == 0  # first admin
    os.environ["CIVDESK_NEW_PASSWORD"] = "admin-pass-1"

    # A result line.
    code, out, _ = run(home, capsys, "sites", "add", "杭州东收费站", "--user", "boss", password="new-password-1")
    assert code == 0 and out == "已添加被检单位 杭州东收费站（编号 1）\n"
    code, out, _ = run(
        home, capsys, "--lang", "en", "sites", "add", "成都北收费站", "--user", "boss", password="new-password-1"
    )
    assert code == 0 and out == "site 成都北收费站 added (id 2)\n"

    # The command line's own refusal, and a service's: one line on stderr, exit 2.
    code, _, err = run(home, capsys, "sites", "add", "某站")
    assert code == 2 and err == "civdesk: 此命令以用户身份执行：请用 --user 指定用户名\n"
    code, _, err = run(home, capsys, "--lang", "en", "sites", "add", "某站")
    assert code == 2 and err == "civdesk: this command acts as a user: give --user NAME\n"
    code, _, err = run(home, capsys, "sites", "add", "某站", "--user", "boss", password="wrong-one")
    assert code == 2 and err == "civdesk: 用户名或密码错误\n"
    code, _, err = run(home, capsys, "--lang", "en", "sites", "add", "某站", "--user", "boss", password="wrong-two")
    assert code == 2 and err == "civdesk: wrong user name or password\n"
    code, _, err = run(home, capsys, "inspections", "show", "999", "--user", "boss", password="new-password-1")
    assert code == 2 and err == "civdesk: 没有编号为 999 的检查\n"


def test_table_headings_and_score_lines_follow_the_language(home, capsys, tmp_path):
    code, out, _ = run(home, capsys, "templates", "list")
    assert code == 0 and out.splitlines()[0].split() == ["ID", "版本", "检查项", "范围", "名称"]
    code, out, _ = run(home, capsys, "--lang", "en", "templates", "list")
    assert out.splitlines()[0].split() == ["ID", "version", "items", "scope", "name"]

    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"answers": {"1.1": "yes"}}), encoding="utf-8")
    _, zh, _ = run(home, capsys, "score", "toll-window", str(answers))
    _, en, _ = run(home, capsys, "--lang", "en", "score", "toll-window", str(answers))
    assert " 分  " in zh.splitlines()[0] and zh.splitlines()[1].startswith("未作答 ")
    assert " points  " in en.splitlines()[0] and " unanswered: " in en.splitlines()[1]
    assert "分" not in en.splitlines()[0].split(":", 1)[1].split("%")[0]

    code, _, err = run(home, capsys, "score", "toll-window", str(tmp_path / "missing.json"))
    assert code == 2 and err == f"civdesk: {tmp_path / 'missing.json'}：文件不存在\n"


def test_a_code_with_no_wording_is_shown_as_the_code_not_hidden():
    cli_text.set_language("zh")
    assert say("cli.no_such_code", x=1) == "cli.no_such_code {'x': 1}"
    assert say("cli.approved") == "已审核通过" and say("cli.returned") == "已退回给作者修改"
    cli_text.set_language("en")
    assert say("cli.approved") == "approved"


@pytest.mark.parametrize(
    "code, params, english, chinese",
    [
        (
            "cli.check_ok",
            {},
            "ok: integrity, audit chain, every row against its seal, stored results and attachments verified",
            "正常：数据库完整性、审计链、每行数据的封印、已存结果和附件均已核对",
        ),
        ("cli.password_changed", {"user": "mgr_hzd"}, "password of mgr_hzd changed", "mgr_hzd 的密码已修改"),
        (
            "cli.assigned_everywhere",
            {"user": "inspector2"},
            "inspector2 is assigned to every site",
            "inspector2 负责全部被检单位",
        ),
        (
            "cli.only_may_run",
            {"role": "admin", "command": "restore", "user": "mgr_hzd", "actor_role": "manager"},
            "only an admin may run restore; mgr_hzd is manager",
            "只有管理员可以执行 restore；mgr_hzd 是站长",
        ),
        (
            "cli.certificate_revoked",
            {"serial": "CD-2026-0001", "id": 7, "why": "复查不合格"},
            "certificate CD-2026-0001 of inspection 7 revoked: 复查不合格",
            "检查 7 的证书 CD-2026-0001 已撤销：复查不合格",
        ),
        (
            "cli.document_written_code",
            {"document": "report", "file": "/tmp/r.pdf", "code": "ABCD-1234"},
            "report written to /tmp/r.pdf (verification code ABCD-1234)",
            "检查报告已写入 /tmp/r.pdf（验证码 ABCD-1234）",
        ),
        (
            "cli.document_written_code",
            {"document": "self_report", "file": "/tmp/r.pdf", "code": "ABCD-1234"},
            "self-assessment report written to /tmp/r.pdf (verification code ABCD-1234)",
            "自评报告已写入 /tmp/r.pdf（验证码 ABCD-1234）",
        ),
        ("cli.current_password_prompt", {"user": "mgr_hzd"}, "current password of mgr_hzd: ", "mgr_hzd 的当前密码: "),
        (
            "cli.new_user_password_prompt",
            {"user": "staff2"},
            "password for the new user staff2: ",
            "新用户 staff2 的密码: ",
        ),
        (
            "cli.rectification_line",
            {"code": "1.3", "rect_state": "open", "due": "2026-12-31", "overdue": " (逾期)"},
            "rectification 1.3: open, due 2026-12-31 (逾期)",
            "整改 1.3: 待整改, 期限 2026-12-31 (逾期)",
        ),
    ],
)
def test_each_line_is_worded_by_code_in_both_languages(code, params, english, chinese):
    assert say(code, "en", **params) == english
    assert say(code, "zh", **params) == chinese


BAD_TEMPLATES = Path(__file__).resolve().parents[1] / "data" / "bad_templates"


def test_a_templates_problems_follow_the_language(home, capsys):
    """`templates validate` names each problem's path unchanged and words the problem by --lang."""
    bad = str(BAD_TEMPLATES / "bands_gap_above_max.yaml")
    code, _, zh = run(home, capsys, "templates", "validate", bad)
    assert code == 2 and zh == "civdesk: 检查表无效：sections[0].items[1].bands[0]：分段在 90 以上留有空缺\n"
    code, _, en = run(home, capsys, "--lang", "en", "templates", "validate", bad)
    assert code == 2 and en == "civdesk: invalid template: sections[0].items[1].bands[0]: bands leave a gap above 90\n"

    code, _, zh = run(home, capsys, "templates", "validate", str(BAD_TEMPLATES / "duplicate_item_code.yaml"))
    assert code == 2 and "编号 '1.1' 重复（首次用于 sections[0].items[0]）" in zh and "duplicate" not in zh
    assert not home.exists()  # validating never opens the home


def test_what_check_finds_follows_the_language(home, capsys):
    """`civdesk check` words each finding (here a rewritten audit entry) by --lang, Chinese by default."""
    import sqlite3

    assert run(home, capsys, "demo")[0] == 0
    conn = sqlite3.connect(home / "civdesk.db")
    conn.execute("DROP TRIGGER audit_no_update")
    seq = conn.execute("SELECT MIN(seq) FROM audit WHERE action = 'answer'").fetchone()[0]
    conn.execute("UPDATE audit SET detail = replace(detail, 'yes', 'no') WHERE seq = ?", (seq,))
    conn.commit()
    conn.close()
    code, zh, _ = run(home, capsys, "check")
    assert code == 1 and f"审计链在第 {seq} 条处断开：其内容与其哈希不符" in zh.splitlines()
    assert "audit chain" not in zh and "outside CivDesk" not in zh
    code, en, _ = run(home, capsys, "--lang", "en", "check")
    assert code == 1 and f"audit chain broken at entry {seq}: its content does not match its hash" in en.splitlines()
    assert "审计" not in en


def test_verifying_a_pdf_follows_the_language(home, capsys, tmp_path):
    """`civdesk verify FILE.pdf` and `verify --code`: the verdict, each signature and the record, by --lang."""
    assert run(home, capsys, "demo")[0] == 0
    pdf = tmp_path / "r.pdf"
    assert run(home, capsys, "report", "1", "-o", str(pdf), "--user", "admin", password="admin123")[0] == 0
    code, zh, _ = run(home, capsys, "verify", str(pdf))
    lines = zh.splitlines()
    assert code == 0 and lines[0] == "通过：文件完整，并由受信任根颁发的证书签署"
    assert lines[1].startswith("签名 civdesk：") and lines[1].endswith("完整，有效，由受信任的根颁发")
    assert lines[2].startswith("检查报告 ") and "，检查 1，" in lines[2]
    code, en, _ = run(home, capsys, "--lang", "en", "verify", str(pdf))
    lines = en.splitlines()
    assert code == 0 and lines[0] == "OK: the document is intact and signed by certificates of trusted roots"
    assert lines[1].endswith("intact, valid, issued by a trusted root") and ", inspection 1, " in lines[2]

    cut = tmp_path / "cut.pdf"
    cut.write_bytes(pdf.read_bytes()[:2000])
    code, zh, _ = run(home, capsys, "verify", str(cut))
    assert code == 1 and zh.splitlines()[0] == "未通过：文件不完整、未签署，或签署证书不是受信任的根颁发的"
    assert zh.splitlines()[1].startswith("不是可读取的 PDF：")
    code, zh, _ = run(home, capsys, "verify", "--code", "ZZZZ-ZZZZ-ZZZZ")
    assert code == 1 and zh == "未通过：本机没有验证码为 ZZZZ-ZZZZ-ZZZZ 的文件\n"
    code, en, _ = run(home, capsys, "--lang", "en", "verify", "--code", "ZZZZ-ZZZZ-ZZZZ")
    assert code == 1 and en == "FAILED: no document with verification code ZZZZ-ZZZZ-ZZZZ in this home\n"
