"""Every setting of a CivDesk home, declared once: name, type, default, description, limits.

The settings service (civdesk/services/settings.py) checks values against this schema before it
stores them; the Settings screen (civdesk/ui/settings/page.py) builds its form from it; the reports and
the backup rules read the same names. Pure Python (no Qt), so the CLI and the services share it.

Descriptions are Chinese source text, translated in the interface through the context
``settings_schema`` (``QT_TRANSLATE_NOOP`` below marks them for ``pyside6-lupdate``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .domain.errors import InputError


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


CONTEXT = "settings_schema"

# Types: text, int, float, bool, choice (one of ``choices``), image (a PNG file inside the home),
# folder (the home folder itself: not stored in the database, changed by moving the data).
# The ``backup.*`` settings are the keys services.maintenance reads for the rolling backups.
TYPES = ("text", "int", "float", "bool", "choice", "image", "folder")
GROUPS = {
    "organisation": QT_TRANSLATE_NOOP("settings_schema", "单位与证书"),
    "inspection": QT_TRANSLATE_NOOP("settings_schema", "检查"),
    "interface": QT_TRANSLATE_NOOP("settings_schema", "界面"),
    "data": QT_TRANSLATE_NOOP("settings_schema", "数据与备份"),
}


@dataclass(frozen=True)
class Setting:
    name: str  # key in the home's settings table
    type: str
    default: Any
    description: str  # Chinese; translated in the UI (context "settings_schema")
    group: str
    choices: tuple = ()
    minimum: float | None = None
    maximum: float | None = None
    admin_only: bool = False  # organisation-wide settings are changed by an admin only
    stored: bool = True  # False: not a row in the settings table (the data folder)
    help: str = ""  # a longer hint shown under the field (translated too)


SCHEMA: tuple[Setting, ...] = (
    Setting(
        "org_name",
        "text",
        "",
        QT_TRANSLATE_NOOP("settings_schema", "单位名称"),
        "organisation",
        admin_only=True,
        help=QT_TRANSLATE_NOOP("settings_schema", "证书、报告和整改通知书落款的单位名称"),
    ),
    Setting(
        "seal_image",
        "image",
        "",
        QT_TRANSLATE_NOOP("settings_schema", "公章图片"),
        "organisation",
        admin_only=True,
        help=QT_TRANSLATE_NOOP("settings_schema", "带透明背景的 PNG 图片，盖在证书落款处"),
    ),
    Setting(
        "certificate_validity_months",
        "int",
        36,
        QT_TRANSLATE_NOOP("settings_schema", "证书有效期（月）"),
        "organisation",
        minimum=1,
        maximum=120,
        admin_only=True,
    ),
    Setting(
        "default_region",
        "choice",
        "east",
        QT_TRANSLATE_NOOP("settings_schema", "默认地区"),
        "inspection",
        choices=("east", "central", "northeast", "west"),
        admin_only=True,
        help=QT_TRANSLATE_NOOP("settings_schema", "检查表编辑器中新加“地区”参数时的默认地区"),
    ),
    Setting(
        "dashboard.stale_months",
        "int",
        6,
        QT_TRANSLATE_NOOP("settings_schema", "久未检查提醒（月）"),
        "inspection",
        minimum=1,
        maximum=60,
        help=QT_TRANSLATE_NOOP("settings_schema", "首页列出超过这么多个月没有检查的被检单位"),
    ),
    Setting(
        "ui.language",
        "choice",
        "zh_CN",
        QT_TRANSLATE_NOOP("settings_schema", "界面语言"),
        "interface",
        choices=("zh_CN", "en"),
        help=QT_TRANSLATE_NOOP("settings_schema", "切换语言后界面立即刷新；检查表内容（检查项、章节）保持原文。"),
    ),
    Setting(
        "ui.theme",
        "choice",
        "system",
        QT_TRANSLATE_NOOP("settings_schema", "主题"),
        "interface",
        choices=("light", "dark", "system"),
    ),
    Setting(
        "ui.font_scale",
        "float",
        1.0,
        QT_TRANSLATE_NOOP("settings_schema", "字体缩放"),
        "interface",
        choices=(0.9, 1.0, 1.15, 1.3, 1.5),
    ),
    Setting(
        "ui.lock_minutes",
        "int",
        0,
        QT_TRANSLATE_NOOP("settings_schema", "空闲锁定（分钟）"),
        "interface",
        minimum=0,
        maximum=240,
        help=QT_TRANSLATE_NOOP(
            "settings_schema",
            "无人操作这么多分钟后锁定窗口，输入密码继续或由另一人登录；"
            "0 表示不锁定。Ctrl+Shift+L 随时锁定，Ctrl+L 切换用户。",
        ),
    ),
    Setting(
        "ui.auto_advance", "bool", False, QT_TRANSLATE_NOOP("settings_schema", "作答后自动跳到下一项"), "interface"
    ),
    Setting(
        "data_folder",
        "folder",
        "",
        QT_TRANSLATE_NOOP("settings_schema", "数据文件夹"),
        "data",
        admin_only=True,
        stored=False,
        help=QT_TRANSLATE_NOOP("settings_schema", "移动时先复制并逐一核对，核对无误后才切换到新位置；原文件夹保留"),
    ),
    Setting("backup.enabled", "bool", True, QT_TRANSLATE_NOOP("settings_schema", "自动备份"), "data", admin_only=True),
    Setting(
        "backup.every_hours",
        "float",
        6.0,
        QT_TRANSLATE_NOOP("settings_schema", "备份间隔（小时）"),
        "data",
        minimum=0.5,
        maximum=24 * 7,
        admin_only=True,
    ),
    Setting(
        "backup.keep_last",
        "int",
        10,
        QT_TRANSLATE_NOOP("settings_schema", "保留最近备份（份）"),
        "data",
        minimum=1,
        maximum=1000,
        admin_only=True,
    ),
    Setting(
        "backup.keep_days",
        "int",
        30,
        QT_TRANSLATE_NOOP("settings_schema", "每日备份保留（天）"),
        "data",
        minimum=0,
        maximum=3650,
        admin_only=True,
    ),
)

BY_NAME: dict[str, Setting] = {s.name: s for s in SCHEMA}

CHOICE_LABELS = {  # labels of choice values (translated in the UI, context settings_schema)
    "zh_CN": "中文（简体）",
    "en": "English",
    "light": QT_TRANSLATE_NOOP("settings_schema", "浅色"),
    "dark": QT_TRANSLATE_NOOP("settings_schema", "深色"),
    "system": QT_TRANSLATE_NOOP("settings_schema", "跟随系统"),
}


def setting(name: str) -> Setting:
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown setting {name!r}") from None


def problem(s: Setting, value: Any) -> InputError | None:
    """Why ``value`` does not fit setting ``s`` (a refusal to raise), or None when it does."""
    if s.type == "bool":
        ok = isinstance(value, bool)
    elif s.type == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif s.type == "float":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    else:
        ok = isinstance(value, str)
    if not ok:
        return InputError("settings.wrong_type", name=s.name, type=s.type, value=value)
    if s.choices and value not in s.choices:
        return InputError("settings.not_a_choice", name=s.name, choices=[str(c) for c in s.choices], value=value)
    if s.minimum is not None and value < s.minimum:
        return InputError("settings.below_minimum", name=s.name, minimum=s.minimum, value=value)
    if s.maximum is not None and value > s.maximum:
        return InputError("settings.above_maximum", name=s.name, maximum=s.maximum, value=value)
    if s.type == "text" and len(value) > 200:
        return InputError("settings.too_long", name=s.name, limit=200)
    return None


def coerce(s: Setting, raw: Any) -> Any:
    """A stored raw value as the setting's type; the default when it does not fit."""
    if s.type == "float" and isinstance(raw, int) and not isinstance(raw, bool):
        raw = float(raw)
    return s.default if raw is None or problem(s, raw) else raw


def defaults() -> dict[str, Any]:
    return {s.name: s.default for s in SCHEMA if s.stored}
