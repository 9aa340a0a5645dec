"""Display names for CivDesk's codes (states, kinds, roles, methods…), in Chinese, translatable.
Answers and item types read as civdesk.domain.answer_text words them, in the interface language.

The source texts are Chinese (the product's language); English comes from the .qm file. The
literals are marked with QT_TRANSLATE_NOOP so ``pyside6-lupdate`` collects them; the domain's
own label tables (civdesk.domain.workflow) must say the same, which tests/ui/test_i18n.py checks.
Template data (criteria, section titles, level labels) is not translated, except that a data
label equal to one of these words (优秀, 东部…) is shown in the interface language.
"""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ..domain import answer_text
from . import i18n

CTX = "labels"

STATES = {
    "draft": QT_TRANSLATE_NOOP("labels", "草稿"),
    "submitted": QT_TRANSLATE_NOOP("labels", "已提交"),
    "returned": QT_TRANSLATE_NOOP("labels", "已退回"),
    "approved": QT_TRANSLATE_NOOP("labels", "已审核"),
    "signed": QT_TRANSLATE_NOOP("labels", "已签署"),
    "certified": QT_TRANSLATE_NOOP("labels", "已发证"),
}
KINDS = {
    "self": QT_TRANSLATE_NOOP("labels", "自评"),
    "inspection": QT_TRANSLATE_NOOP("labels", "检查"),
    "reinspection": QT_TRANSLATE_NOOP("labels", "复查"),
}
ROLES = {
    "admin": QT_TRANSLATE_NOOP("labels", "管理员"),
    "inspector": QT_TRANSLATE_NOOP("labels", "检查员"),
    "manager": QT_TRANSLATE_NOOP("labels", "站长"),
    "staff": QT_TRANSLATE_NOOP("labels", "窗口职工"),
}
SITE_KINDS = {
    "toll_station": QT_TRANSLATE_NOOP("labels", "收费站"),
    "service_window": QT_TRANSLATE_NOOP("labels", "服务窗口"),
    "unit": QT_TRANSLATE_NOOP("labels", "单位"),
    "city": QT_TRANSLATE_NOOP("labels", "城市"),
}
REGIONS = {
    "east": QT_TRANSLATE_NOOP("labels", "东部"),
    "central": QT_TRANSLATE_NOOP("labels", "中部"),
    "northeast": QT_TRANSLATE_NOOP("labels", "东北部"),
    "west": QT_TRANSLATE_NOOP("labels", "西部"),
}
METHODS = {
    "site_visit": QT_TRANSLATE_NOOP("labels", "实地考察"),
    "document_review": QT_TRANSLATE_NOOP("labels", "材料审核"),
    "survey": QT_TRANSLATE_NOOP("labels", "问卷调查"),
    "mystery_visit": QT_TRANSLATE_NOOP("labels", "暗访"),
}
LEVELS = {
    "excellent": QT_TRANSLATE_NOOP("labels", "优秀"),
    "good": QT_TRANSLATE_NOOP("labels", "良好"),
    "pass": QT_TRANSLATE_NOOP("labels", "达标"),
    "fail": QT_TRANSLATE_NOOP("labels", "不达标"),
    "veto": QT_TRANSLATE_NOOP("labels", "一票否决"),
}
RECT_STATES = {
    "open": QT_TRANSLATE_NOOP("labels", "待整改"),
    "done": QT_TRANSLATE_NOOP("labels", "已整改"),
    "verified": QT_TRANSLATE_NOOP("labels", "已验证"),
    "reopened": QT_TRANSLATE_NOOP("labels", "重新整改"),
}
# Words that template data uses as labels (parameter names), shown in the interface language.
DATA_WORDS = (QT_TRANSLATE_NOOP("labels", "地区"),)

BLOCKERS = {
    "unanswered": QT_TRANSLATE_NOOP("labels", "未作答"),
    "photo_missing": QT_TRANSLATE_NOOP("labels", "不符合项缺少照片"),
    "note_missing": QT_TRANSLATE_NOOP("labels", "不符合项缺少说明"),
}


# How much of a stored time stamp a screen shows, in this machine's time zone.
DAY = "%Y-%m-%d"
MINUTE = "%Y-%m-%d %H:%M"
SECOND = "%Y-%m-%d %H:%M:%S"
CLOCK = "%H:%M:%S"  # today's saves: the walkthrough's "saved at"
SHORT = "%m-%d %H:%M"  # the status bar and the hub's figures


def local_time(at: str | None, fmt: str = MINUTE) -> str:
    """A stored UTC time stamp (ISO 8601) as local time in ``fmt``; "" for none, and the text
    itself (cut to the format's length) when it is no time stamp."""
    if not at:
        return ""
    try:
        return _dt.datetime.fromisoformat(at).astimezone().strftime(fmt)
    except (ValueError, TypeError):
        return str(at)[: len(_SAMPLE.strftime(fmt))]


def local_date(at: str | None) -> str:
    """A stored UTC time stamp as the local calendar day (2026-11-30)."""
    return local_time(at, DAY)


_SAMPLE = _dt.datetime(2026, 12, 31, 23, 59, 59)


def _t(table: dict[str, str], code: str | None) -> str:
    if code is None:
        return ""
    text = table.get(code)
    return QCoreApplication.translate(CTX, text) if text else str(code)


def state(code: str) -> str:
    return _t(STATES, code)


def kind(code: str) -> str:
    return _t(KINDS, code)


def rect_state(code: str) -> str:
    return _t(RECT_STATES, code)


def role(code: str) -> str:
    return _t(ROLES, code)


def site_kind(code: str) -> str:
    return _t(SITE_KINDS, code)


def region(code: str) -> str:
    return _t(REGIONS, code)


def method(code: str) -> str:
    return _t(METHODS, code)


def answer(code: str) -> str:
    return answer_text.answer_label(code, i18n.current())


def level(code: str | None) -> str:
    return _t(LEVELS, code)


def item_type(code: str) -> str:
    return answer_text.type_label(code, i18n.current())


def blocker(reason: str) -> str:
    return _t(BLOCKERS, reason)


def data_label(text: str) -> str:
    """A label that comes from template data (a level or choice label): translated when it is
    one of the words above or an answer's word (domain.answer_text), else shown as written."""
    if not text:
        return text
    if i18n.current() == "en" and text in _ANSWER_WORDS:
        return answer_text.answer_label(_ANSWER_WORDS[text], "en")
    return QCoreApplication.translate(CTX, text)


_ANSWER_WORDS = {zh: code for code, (zh, _en) in answer_text.ANSWERS.items()}
