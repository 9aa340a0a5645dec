"""Lines services report for the command line and the screens are worded by code: English where a
str is read (logs, JSON, the hub), the reader's language where shown (civdesk.messages.word)."""

from __future__ import annotations

import json
from pathlib import Path

from civdesk.messages import word
from civdesk.services import demo
from civdesk.services.orphans import Orphans
from civdesk.services.sync import SyncReport
from civdesk.services.sync_client import HubUnreachable
from civdesk.services.sync_state import last_message, worded


def test_the_sync_summary_in_both_languages_and_kept_for_a_later_reader():
    report = SyncReport(
        pulled_added=["a"], pulled_updated=["b", "c"], pushed=["d"], conflicts=["e"], conflict_files=["/tmp/x.json"]
    )
    line = report.summary()
    assert line == "pulled 1 new and 2 updated, pushed 1; 1 conflict(s) to settle (/tmp/x.json)"
    assert word(line, "zh") == "收到新记录 1 条、更新 2 条，发出 1 条；有 1 处冲突待处理（/tmp/x.json）"
    stored = json.loads(json.dumps({"message": str(line), "worded": worded(line)}))  # as the settings keep it
    assert last_message(stored, "zh").startswith("收到新记录 1 条") and last_message(stored, "en") == line
    assert last_message({"message": "pulled 0 new"}, "zh") == "pulled 0 new"  # recorded by an older CivDesk


def test_a_failed_syncs_message_is_kept_in_both_languages():
    err = HubUnreachable("sync_client.hub_at_cannot_reached", url="https://hub", reason="timed out")
    kept = worded(err)
    assert kept["en"] == str(err) and kept["zh"] != kept["en"]


def test_orphan_lines_in_both_languages():
    found = Orphans(temporary=[Path("/h/a.part"), Path("/h/b.part")], unnamed=[Path("/h/no-such-photo")])
    found.removed = [Path("/h/a.part")]
    lines = found.lines(False)
    assert lines[0] == "removed 1 of 2 temporary file(s) left by an interrupted write"
    assert word(lines[0], "zh") == "已删除 1/2 个中断写入留下的临时文件"
    assert word(lines[1], "zh").startswith("1 个照片文件（0.0 MiB）没有记录或备份引用")
    assert word(lines[1], "en").endswith("`civdesk check --sweep` removes them")


def test_the_demo_description_in_both_languages():
    summary = {
        "sites": 2,
        "inspections": 3,
        "states": {"draft": 1, "signed": 2, "returned": 0},
        "users": [{"name": "admin", "password": "admin123", "role": "admin", "site": ""}],
    }
    zh = demo.describe(summary, "zh").splitlines()
    assert zh[0] == "演示数据：2 个被检单位，3 次检查 草稿 1，已签署 2"
    assert zh[3].split() == ["admin", "admin123", "管理员"]
    en = demo.describe(summary, "en").splitlines()
    assert en[0] == "demo: 2 sites, 3 inspections draft 1, signed 2" and en[2].split()[:3] == [
        "user",
        "password",
        "role",
    ]
