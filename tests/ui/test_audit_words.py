"""The audit trail's detail column says what each entry recorded in words, never as raw data."""

from __future__ import annotations

import pytest

from civdesk.services.review import AuditEntry
from civdesk.ui.review.audit_view import describe


def entry(action: str, detail: dict) -> AuditEntry:
    return AuditEntry(
        1, "2026-12-02T04:59:35+00:00", 2, "王海燕", "manager", action, "rectification", "7", "3.4", detail, "h"
    )


@pytest.mark.parametrize(
    "action, detail, shown",
    [
        ("rectification.verify", {"reason": ""}, ""),
        ("rectification.reopen", {"reason": "整改不彻底"}, "原因：整改不彻底"),
        ("rectification.done", {"note": "已口头提醒", "photos": ["ab"]}, "已口头提醒；照片 1 张"),
    ],
)
def test_rectification_entries_read_as_words(qapp, action, detail, shown):
    assert describe(entry(action, detail)) == shown
