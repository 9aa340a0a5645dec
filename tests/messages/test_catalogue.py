"""The message catalogue: every code worded in Chinese and English with the same placeholders,
every code the source raises or prints worded, and no refusal class an OSError."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import string
from pathlib import Path

import pytest

import civdesk
from civdesk import messages
from civdesk.domain.errors import CivDeskError, InputError, NotAllowed
from civdesk.domain.scoring import Blocker
from civdesk.domain.workflow import WorkflowError

SOURCE = Path(civdesk.__file__).resolve().parent
CODE = re.compile(r"^[a-z_]+\.[a-z0-9_]+$")
CJK = re.compile(r"[\u4e00-\u9fff]")
# Wordings the same in both languages on purpose: names, symbols, codes a user types.
SAME = {
    "heading.id",
    "cli.trust_row",
    "xlsx_guard.in_file",
    "health.and",
    "health.row_of",
    "verify.document",
    "verify.extra",
    "demo.state_count",
    "hub_cli.refused",
    "hub_cli.file",
}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("code", sorted(messages.CATALOGUE))
def test_every_code_has_both_languages_with_the_same_placeholders(code):
    zh, en = messages.CATALOGUE[code]
    assert zh.strip() and en.strip(), code
    assert fields(zh) == fields(en), code
    if code not in SAME and not code.startswith(("heading.", "argparse.")) and CJK.sub("", en) == en:
        assert CJK.search(zh), f"{code}: the Chinese wording has no Chinese: {zh!r}"
    assert "�" not in zh + en


def test_every_certificate_reason_is_worded():
    from civdesk.services.certificates import REASONS

    assert [r for r in REASONS if f"certificate.{r}" not in messages.CATALOGUE] == []


def test_every_reason_an_inspection_cannot_be_submitted_is_worded():
    from civdesk.services.errors import SubmitBlocked

    blocked = SubmitBlocked(
        [Blocker("1.1", "unanswered"), Blocker("1.2", "photo_missing"), Blocker("1.3", "note_missing")]
    )
    assert (
        messages.describe(blocked, "zh")
        == "不能提交，有 3 项未完成：1.1 未作答、1.2 不符合项缺少照片、1.3 不符合项缺少说明"
    )
    assert (
        str(blocked)
        == "cannot submit, 3 item(s) block it: 1.1 unanswered / 1.2: failed, no photo / 1.3: failed, no note"
    )


def test_the_catalogue_is_not_a_handful():
    assert len(messages.CATALOGUE) > 400


RAISERS = re.compile(
    r"^(?:[A-Z]\w*(?:Error|Refused|NotFound|NotAllowed|Exceeded|Unreachable|Busy|Scope|Required)"
    r"|say|render|refuse|Line)$"
)


def _codes_in_source() -> dict[str, str]:
    """Every code given first to a refusal class or to say()/render() in civdesk/ → where."""
    found = {}
    for path in SOURCE.rglob("*.py"):
        if path.relative_to(SOURCE).parts[0] == "messages" or (
            path.relative_to(SOURCE).parts[0] == "hub" and path.name != "cli.py"
        ):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            if RAISERS.match(name) and isinstance(node.args[0].value, str):
                found.setdefault(node.args[0].value, f"{path.relative_to(SOURCE)}:{node.lineno}")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # A template's problems: Problem(path, code, params) and the parser's add(path, code, **params).
            if isinstance(node, ast.Call) and len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
                f = node.func
                name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
                if (
                    name in ("Problem", "add")
                    and isinstance(node.args[1].value, str)
                    and CODE.match(node.args[1].value)
                ):
                    found.setdefault(node.args[1].value, f"{path.relative_to(SOURCE)}:{node.lineno}")
    return found


def test_every_code_the_source_uses_is_worded():
    used = _codes_in_source()
    assert len(used) > 350
    assert len([c for c in used if c.startswith("tproblem.")]) > 70  # every template problem is a code
    assert len([c for c in used if c.startswith("health.")]) > 30  # and every finding of civdesk check
    assert {c: where for c, where in used.items() if c not in messages.CATALOGUE} == {}


def _all_modules():
    for info in pkgutil.walk_packages(civdesk.__path__, "civdesk."):
        if info.name.startswith(("civdesk.ui", "civdesk.hub")) or info.name.endswith("__main__"):
            continue
        importlib.import_module(info.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_no_refusal_is_an_os_error():
    _all_modules()
    classes = list(_subclasses(CivDeskError))
    names = {c.__name__ for c in classes}
    assert {
        "WorkflowError",
        "RectificationError",
        "OutOfScope",
        "PasswordChangeRequired",
        "InputError",
        "NotFound",
        "CertificateRefused",
        "BundleRefused",
        "TemplateError",
        "AnswerError",
        "StoreError",
        "LimitExceeded",
        "SyncRefused",
        "DocumentError",
        "MergeError",
        "CliError",
        "NotAllowed",
    } <= names
    assert [c.__name__ for c in classes if issubclass(c, OSError)] == []


def test_a_refusal_carries_its_code_and_arguments_and_reads_as_english():
    err = WorkflowError("workflow.cannot_inspection_only_from", action="sign", state="draft", from_states=["approved"])
    assert isinstance(err, NotAllowed) and not isinstance(err, PermissionError)
    assert err.code == "workflow.cannot_inspection_only_from" and err.params["state"] == "draft"
    assert str(err) == "cannot sign an inspection that is draft (only from approved)"
    # Arguments that are codes (states, actions) are worded through the same catalogue.
    assert messages.describe(err, "zh") == "此检查当前为“草稿”，不能签署（只能从“已审核”）"


def test_a_refusal_inside_a_refusal_is_worded_in_the_same_language():
    inner = InputError("limits.utf_text", path="a.yaml")
    outer = InputError("bundle_format.refused", reason=inner)
    assert messages.describe(outer, "en") == "bundle refused: a.yaml: not UTF-8 text"
    assert messages.describe(outer, "zh") == "交换包被拒绝：“a.yaml”不是 UTF-8 文本"


def test_file_system_refusals_name_the_path_and_the_reason():
    import errno

    denied = PermissionError(errno.EACCES, "Permission denied", "/media/usb/x.pdf")
    full = OSError(errno.ENOSPC, "No space left on device", "/media/usb/x.pdf")
    read_only = OSError(errno.EROFS, "Read-only file system", "/media/usb/x.pdf")
    assert messages.describe(denied, "zh") == "无法写入 /media/usb/x.pdf：没有写入权限"
    assert messages.describe(full, "zh") == "无法写入 /media/usb/x.pdf：磁盘已满"
    assert messages.describe(read_only, "en") == "cannot write /media/usb/x.pdf: read-only file system"
    assert messages.describe(FileNotFoundError(errno.ENOENT, "No such file", "/x/y"), "zh") == "找不到“/x/y”"
