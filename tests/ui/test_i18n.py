"""Translations: every interface string has its English, the shipped .qm matches the .ts, and the
label tables agree with the domain's."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from civdesk.domain import workflow
from civdesk.ui import i18n, labels


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    return str(exe) if exe.exists() else shutil.which(name) or name


def test_every_source_string_has_a_finished_english_translation():
    missing = i18n.missing()  # what the code asks for (lupdate over civdesk/ui) against the shipped .ts
    by_context = Counter(context for context, _ in missing)
    assert not missing, (
        "strings without English — run `python -m civdesk.ui.i18n update`, translate, then "
        f"`compile`: {dict(by_context)}; first: {missing[:3]}"
    )


def test_the_shipped_qm_is_compiled_from_the_ts(tmp_path):
    out = tmp_path / "civdesk_en.qm"
    subprocess.run([_tool("pyside6-lrelease"), str(i18n.ts_path()), "-qm", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == i18n.qm_path().read_bytes(), "run `python -m civdesk.ui.i18n compile`"


def test_labels_say_what_the_domain_says():
    assert labels.STATES == workflow.STATE_LABELS
    assert labels.KINDS == workflow.KIND_LABELS
    assert labels.ROLES == workflow.ROLE_LABELS
    assert set(labels.STATES) == set(workflow.STATES)


def test_labels_follow_the_installed_language():
    assert labels.state("draft") == "草稿" and labels.data_label("优秀") == "优秀"
    i18n.install("en")
    try:
        assert labels.state("draft") == "Draft"
        assert labels.region("northeast") == "Northeast"
        assert labels.data_label("优秀") == "Excellent"
        assert labels.data_label("某个模板自定的等级") == "某个模板自定的等级"  # data stays as written
    finally:
        i18n.install("zh_CN")


def test_language_names_normalise():
    assert i18n.normalize("zh") == "zh_CN" and i18n.normalize("EN_us") == "en"
    assert i18n.normalize("fr") is None and i18n.normalize(None) is None


def test_shipped_qt_extra_qm_matches_its_ts(tmp_path):
    """resources/i18n/qt_extra_zh_CN.qm is the compiled qt_extra_zh_CN.ts."""
    out = tmp_path / "qt_extra_zh_CN.qm"
    subprocess.run(
        [_tool("pyside6-lrelease"), str(i18n.qt_extra_ts()), "-qm", str(out)], check=True, capture_output=True
    )
    assert out.read_bytes() == i18n.qt_extra_qm().read_bytes(), "run `python -m civdesk.ui.i18n compile`"
