"""The command line's messages in the language of ``--lang``: Chinese by default, like the GUI.

cli.py and the services word their messages in English. At the edge, where cli.py prints a result
or the one-line refusal on stderr, ``localize`` puts each line that this table knows into Chinese;
a line it does not know (a rare, detailed refusal) is printed as written, so nothing is hidden.
The few texts cli.py writes in Chinese (password prompts, table headings, the score's lines) go
the other way for ``--lang en``. Every message of both languages lives in this one module.
"""

from __future__ import annotations

import re
from typing import Callable

_lang = "zh"

_KIND = {"report": "检查报告", "certificate": "证书", "notice": "整改通知书", "form": "空白检查表"}
_ROLE = {"admin": "管理员", "inspector": "检查员", "manager": "站长", "staff": "职工"}
_ADMIN_ACTS = {"adds users": "添加用户", "resets passwords": "重置密码", "imports templates": "导入检查表",
               "changes templates": "修改检查表", "adds sites": "添加被检单位", "edits sites": "修改被检单位",
               "assigns site managers": "指定站长",
               "changes which roots this home trusts": "修改此数据信任的根证书"}

# English message (a regular expression matching a whole line) → its Chinese; {0}, {1}… are the groups.
_ZH: list[tuple[str, str | Callable[[re.Match], str]]] = [
    # cli.py's own messages
    (r"no password: set (\S+) or run in a terminal to be asked", "未提供密码：请设置环境变量 {0}，或在终端中运行以便输入"),
    (r"this command acts as a user: give --user NAME", "此命令以用户身份执行：请用 --user 指定用户名"),
    (r"(?:export signs the bundle|import acts) as a user: give --user NAME", "此命令以用户身份执行：请用 --user 指定用户名"),
    (r"--sign needs --user NAME \(the signer\)", "--sign 需要用 --user 指定签名人"),
    (r"--param '(.*)' must look like name=value", "--param “{0}” 的格式应为 名称=值"),
    (r"(.+): valid", "{0}：检查表有效"),
    (r"imported as version (\d+)", "已导入为第 {0} 版"),
    (r"unchanged \(same as version (\d+)\)", "未改变（与第 {0} 版相同）"),
    (r"(.+): not valid JSON \((.*)\)", "{0}：不是有效的 JSON（{1}）"),
    (r'(.+): expected \{"params".*', "{0}：格式应为 {{\"params\": {{…}}, \"answers\": {{\"编号\": 答案}}}}"),
    (r"users add needs NAME and --role", "users add 需要用户名和 --role"),
    (r"user (\S+) added \(id (\d+)\)", "已添加用户 {0}（编号 {1}）"),
    (r"sites add needs NAME", "sites add 需要被检单位名称"),
    (r"site (.+) added \(id (\d+)\)", "已添加被检单位 {0}（编号 {1}）"),
    (r"inspections new needs --template, --site and --kind", "inspections new 需要 --template、--site 和 --kind"),
    (r"inspection (\d+) \((\S+)\) created", "已新建检查 {0}（{1}）"),
    (r"inspections (\w+) needs an inspection id", "inspections {0} 需要检查编号"),
    (r"submitted: (.+)", "已提交：{0}"),
    (r"approved", "已审核通过"),
    (r"returned to its author", "已退回给作者修改"),
    (r"saved (\S+) = (.*)", "已保存 {0} = {1}"),
    (r"ok: integrity, audit chain and attachments verified", "正常：数据库完整性、审计链和附件均已核对"),
    (r"ok: integrity, audit chain, every row against its seal, stored results and attachments verified",
     "正常：数据库完整性、审计链、每行数据的封印、已存结果和附件均已核对"),
    (r"password of (\S+) changed", "{0} 的密码已修改"),
    (r"(\S+) is assigned to every site", "{0} 负责全部被检单位"),
    (r"(\S+) is assigned to (.+)", "{0} 负责：{1}"),
    (r"users passwd changes --user's own password: give --user NAME", "users passwd 修改 --user 本人的密码：请用 --user 指定用户名"),
    (r"users assign needs NAME \(an inspector\) and --site for each site, none for every site",
     "users assign 需要检查员用户名，每个被检单位一个 --site（不给则负责全部）"),
    (r"only an? (\w+) may run (\S+); (\S+) is (\w+)",
     lambda m: f"只有{_ROLE.get(m[1], m[1])}可以执行 {m[2]}；{m[3]} 是{_ROLE.get(m[4], m[4])}"),
    (r"restore acts as an admin: give --user NAME", "恢复需要管理员身份：请用 --user 指定用户名"),
    (r"(\w+) acts as a user \(who prints, and signs, the document\): give --user NAME",
     "{0} 以用户身份执行（由其打印并签署文档）：请用 --user 指定用户名"),
    (r"certificate needs -o FILE\.pdf", "certificate 需要 -o 文件.pdf"),
    (r"certificate revoke needs the inspection ID", "certificate revoke 需要检查编号"),
    (r"certificate revoke needs --reason TEXT", "certificate revoke 需要 --reason 撤销原因"),
    (r"certificate (\S+) of inspection (\d+) revoked: (.*)", "检查 {1} 的证书 {0} 已撤销：{2}"),
    (r"user '(.*)' must change the password an admin reset before acting: .*",
     "管理员重置了“{0}”的密码：请先用 civdesk users passwd --user {0} 设置新密码"
     "（CIVDESK_PASSWORD 为重置后的密码，CIVDESK_NEW_PASSWORD 为新密码）"),
    (r"the new password must differ from the old one", "新密码不能与原密码相同"),
    (r"(.+) is being restored by process (\d+); try again when it has finished", "{0} 正在由进程 {1} 恢复，请等它完成后再试"),
    (r"(.+) is open in another CivDesk \(process ([\d, ]+)\): close it first, then restore; nothing was changed",
     "{0} 正在被另一个 CivDesk 使用（进程 {1}）：请先关闭它再恢复；未做任何改动"),
    (r"no backup was made: (.+) is damaged: (.*)", "没有生成备份：{0} 已损坏：{1}"),
    (r"(.+) is damaged: (.*)", "{0} 已损坏：{1}"),
    (r"backup written to (.+); its photos are in (.+)", "备份已写入 {0}；照片在 {1}"),
    (r"backup written to (.+)", "备份已写入 {0}"),
    (r"restored (.+?); the replaced database is kept as (.+)", "已从 {0} 恢复；被替换的数据库保存为 {1}"),
    (r"restored (.+)", "已从 {0} 恢复"),
    (r"(report|certificate|notice|form) written to (.+) \(verification code (\S+)\)",
     lambda m: f"{_KIND[m[1]]}已写入 {m[2]}（验证码 {m[3]}）"),
    (r"(report|certificate|notice|form) written to (.+)", lambda m: f"{_KIND[m[1]]}已写入 {m[2]}"),
    (r"verify needs either FILE\.pdf or --code CODE", "verify 需要 PDF 文件或 --code 验证码（二选一）"),
    (r"excel results needs at least one inspection id", "excel results 至少需要一个检查编号"),
    (r"excel template needs one template id", "excel template 需要一个检查表编号"),
    (r"written to (.+)", "已写入 {0}"),
    (r"templates show needs a template id", "templates show 需要检查表编号"),
    (r"templates (\w+) needs a file", "templates {0} 需要文件"),
    (r"invalid template: (.*)", "检查表无效：{0}"),
    (r"database error: (.*)", "数据库错误：{0}"),
    (r"\(none\)", "（无）"),
    # the services' most common refusals
    (r"wrong user name or password", "用户名或密码错误"),
    (r"too many failed logins for '(.*)'; try again in (\d+) s", "“{0}”密码错误次数过多，请 {1} 秒后再试"),
    (r"no inspection (?:with id )?'?([^']+)'?", "没有编号为 {0} 的检查"),
    (r"no site named '(.*)'", "没有名为“{0}”的被检单位"),
    (r"no user named '(.*)'", "没有名为“{0}”的用户"),
    (r"no template '([^']*)' \(installed: (.*)\)", "没有检查表“{0}”（已安装：{1}）"),
    (r"unknown item code '(.*)' in template (\S+)", "检查表 {1} 中没有检查项“{0}”"),
    (r"template (\S+?)(?: v\d+)? has no item '(.*)'", "检查表 {0} 中没有检查项“{1}”"),
    (r"(.+): no such file", "{0}：文件不存在"),
    (r"the password must have at least (\d+) characters", "密码至少需要 {0} 个字符"),
    (r"only an admin (.+)", lambda m: "只有管理员可以" + _ADMIN_ACTS.get(m[1], f"执行此操作（{m[1]}）")),
    (r"No such file or directory(.*)", "没有那个文件或目录{0}"),
    (r"Permission denied(.*)", "权限不足{0}"),
    (r"No space left on device(.*)", "磁盘空间不足{0}"),
]

# The texts cli.py writes in Chinese → English (for --lang en).
_EN: list[tuple[str, str | Callable[[re.Match], str]]] = [
    (r"新用户 (.+) 的密码: ", "password for the new user {0}: "),
    (r"(.+) 的当前密码: ", "current password of {0}: "),
    (r"(.+) 的新密码: ", "new password of {0}: "),
    (r"整改 (\S+): (\w+), 期限 (\S+)( \(逾期\))?", lambda m: f"rectification {m[1]}: {m[2]}, due {m[3]}"
     + (" (overdue)" if m[4] else "")),
    (r"证书 (\S+) (.+?) — 已撤销: (.*)", "certificate {0} {1} — revoked: {2}"),
    (r"证书 (\S+) (.+)", "certificate {0} {1}"),
    (r"(.+) 的密码: ", "password of {0}: "),
    (r"一票否决: (.*)", "vetoed by: {0}"),
    (r"未作答 (\d+) 项: (.*)", "{0} unanswered: {1}"),
    (r"(.+): (\S+) / (\S+) 分  (.*)", "{0}: {1} / {2} points  {3}"),
    (r"(\s*)(\S+) \((\w+), (\S+)分\)( \[一票否决\])? (.*)",
     lambda m: f"{m[1]}{m[2]} ({m[3]}, {m[4]} point{'' if m[4] == '1' else 's'}){' [veto]' if m[5] else ''} {m[6]}"),
    (r"(.+) \((\d+) 项\)", "{0} ({1} items)"),
]

HEADINGS = {"版本": "version", "检查项": "items", "范围": "scope", "名称": "name", "用户名": "name",
            "姓名": "display name", "角色": "role", "单位": "sites", "类型": "kind", "地区": "region",
            "站长": "managers", "编号": "uuid", "日期": "date", "被检单位": "site", "检查表": "template",
            "状态": "state", "得分率": "percent", "等级": "level"}

_compiled: dict[str, list] = {}


def set_language(lang: str | None) -> str:
    """'zh' (also the default for None) or 'en' for the rest of this run; returns it."""
    global _lang
    _lang = "en" if (lang or "").lower().startswith("en") else "zh"
    return _lang


def language() -> str:
    return _lang


def _rules() -> list:
    if _lang not in _compiled:
        table = _ZH if _lang == "zh" else _EN
        _compiled[_lang] = [(re.compile(p + r"\Z", re.S), words) for p, words in table]
    return _compiled[_lang]


def _line(text: str) -> str:
    for pattern, words in _rules():
        m = pattern.match(text)
        if m:
            return words(m) if callable(words) else words.format(*(g or "" for g in m.groups()))
    return text


def localize(text: str) -> str:
    """``text`` (one or more lines) in the chosen language, each known line translated."""
    return "\n".join(_line(line) for line in text.split("\n"))


def heading(text: str) -> str:
    """A table heading (written in Chinese in cli.py) in the chosen language."""
    return HEADINGS.get(text, text) if _lang == "en" else text
