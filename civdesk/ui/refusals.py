"""Service refusals worded for the screen.

The services and the domain refuse with English messages that name the rule (the CLI prints them
as they are). The review, sign-off, rectification and user screens show the same refusal in the
interface language: each known message is matched here and translated; an unknown one is shown
as the service wrote it, so a refusal is never hidden.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from . import labels


def tr(text: str) -> str:
    return QCoreApplication.translate("refusals", text)


def _action(code: str) -> str:
    names = {
        "answer": tr("修改"), "submit": tr("提交"), "return": tr("退回"), "approve": tr("审核通过"),
        "sign": tr("签署"), "certify": tr("发证"), "done": tr("标记已整改"), "verify": tr("验证"),
        "reopen": tr("要求重新整改"),
    }
    return names.get(code, code)


def _rect_state(code: str) -> str:
    names = {"open": tr("待整改"), "done": tr("已整改"), "verified": tr("已验证"), "reopened": tr("重新整改")}
    return names.get(code, code)


# (pattern, function of the match giving the translated text)
_RULES = [
    (r"four-eyes rule: nobody reviews their own work", lambda m: tr("四眼原则：任何人都不能审核自己的工作。")),
    (r"only the manager of the inspected site reviews it", lambda m: tr("只有被检单位的站长可以审核此检查。")),
    (r"only the author and the reviewer sign an inspection", lambda m: tr("只有作者和审核人可以签署此检查。")),
    (r"you have already signed this inspection", lambda m: tr("您已经签署过此检查。")),
    (r"the inspection is (\w+) and frozen: nothing can change it",
     lambda m: tr("此检查{0}，已冻结，任何人都不能再修改。").format(labels.state(m[1]))),
    (r"cannot (\w+) an inspection that is (\w+) \(only from .*\)",
     lambda m: tr("此检查当前为“{0}”，不能{1}。").format(labels.state(m[2]), _action(m[1]))),
    (r"only the author may (\w+) this inspection", lambda m: tr("只有作者可以{0}此检查。").format(_action(m[1]))),
    (r"certificates are issued by the site's manager or an admin", lambda m: tr("证书由被检单位的站长或管理员颁发。")),
    (r"this result earns no certificate", lambda m: tr("此结果不能获得证书。")),
    (r"the issuing organisation is not set",
     lambda m: tr("尚未设置出具单位：请管理员在“设置 → 单位与证书”中填写单位名称后再颁发证书。")),
    (r"a handwritten signature \(PNG image\) is needed", lambda m: tr("需要手写签名。")),
    (r"wrong user name or password", lambda m: tr("密码错误。")),
    (r"too many failed logins for '.*'; try again in (\d+) s",
     lambda m: tr("密码错误次数过多，请 {0} 秒后再试。").format(m[1])),
    (r"the password does not unlock this user's signing key", lambda m: tr("此密码无法解锁您的签名密钥。")),
    (r"returning an inspection needs a reason", lambda m: tr("退回需要填写原因。")),
    (r"a manager works only the rectifications of their own site", lambda m: tr("站长只能处理本单位的整改。")),
    (r"four-eyes rule: whoever marked a rectification done does not verify it",
     lambda m: tr("四眼原则：标记整改完成的人不能再验证或退回它。")),
    (r"cannot (\w+) a rectification that is (\w+)",
     lambda m: tr("此整改当前为“{0}”，不能{1}。").format(_rect_state(m[2]), _action(m[1]))),
    (r"an? (\w+) cannot (\w+) a rectification",
     lambda m: tr("{0}不能{1}整改。").format(labels.role(m[1]), _action(m[2]))),
    (r"marking a rectification done needs evidence \(a note or a photo\)",
     lambda m: tr("标记已整改需要证据：填写整改说明或附照片。")),
    (r"reopening a rectification needs a reason", lambda m: tr("要求重新整改需要填写原因。")),
    (r"the inspection it follows has no open rectification to re-inspect", lambda m: tr("该检查没有待复查的整改项。")),
    (r"only an inspector starts an? (\w+)", lambda m: tr("只有检查员可以发起{0}。").format(labels.kind(m[1]))),
    (r"only an admin (adds users|resets passwords)", lambda m: tr("只有管理员可以管理用户。")),
    (r"the password must have at least (\d+) characters", lambda m: tr("密码至少需要 {0} 个字符。").format(m[1])),
    (r"a user named '(.*)' already exists", lambda m: tr("已有名为“{0}”的用户。").format(m[1])),
    (r"user name '(.*)' must be one word without spaces", lambda m: tr("用户名不能为空，也不能包含空格。")),
    (r"an? (\w+) belongs to at least one site", lambda m: tr("{0}至少要属于一个被检单位。").format(labels.role(m[1]))),
    (r"(.*): not a picture CivDesk can read",
     lambda m: tr("“{0}”不是可读取的图片（支持 JPEG、PNG、WebP、BMP、TIFF、GIF）。").format(m[1])),
    (r"(.*): (\w+) pictures are not supported", lambda m: tr("“{0}”是 {1} 格式，不受支持；请使用 JPEG 或 PNG。").format(m[1], m[2])),
    (r"(.*): no such file", lambda m: tr("找不到文件“{0}”。").format(m[1])),
    # Files, backups, restore and moving the data folder (services.maintenance, services.settings, store)
    (r"(.+) already exists; choose a new file name", lambda m: tr("“{0}”已存在，请换一个文件名。").format(m[1])),
    (r"(.+) is not a CivDesk database \(not an SQLite file\)",
     lambda m: tr("“{0}”不是 CivDesk 数据库（不是 SQLite 文件），未做任何改动。").format(m[1])),
    (r"(.+) is truncated \((\d+) bytes, the header says (\d+)\)",
     lambda m: tr("“{0}”不完整（{1} 字节，文件头表明应有 {2} 字节），未做任何改动。").format(m[1], m[2], m[3])),
    (r"(.+) fails its integrity check: (.*)", lambda m: tr("“{0}”未通过完整性检查：{1}").format(m[1], m[2])),
    (r"(.+) is not a CivDesk backup \(no CivDesk tables\)",
     lambda m: tr("“{0}”不是 CivDesk 备份（没有 CivDesk 的数据表）。").format(m[1])),
    (r"(.+) is not a usable backup: (.*)", lambda m: tr("“{0}”不是可用的备份：{1}").format(m[1], m[2])),
    (r"(.+) is inside the current data folder; choose a folder elsewhere",
     lambda m: tr("“{0}”在当前数据文件夹之内，请选择其他位置。").format(m[1])),
    (r"(.+) is not empty; choose a new or empty folder",
     lambda m: tr("“{0}”不是空文件夹，请选择新的或空的文件夹。").format(m[1])),
    (r"copying to (.+) failed: (.*)", lambda m: tr("复制到“{0}”失败：{1}").format(m[1], m[2])),
    (r"a site named '(.*)' already exists", lambda m: tr("已有名为“{0}”的被检单位。").format(m[1])),
    (r"the site name must not be empty", lambda m: tr("被检单位名称不能为空。")),
    (r"No space left on device", lambda m: tr("磁盘空间不足。")),
    (r"Read-only file system", lambda m: tr("文件系统为只读，无法写入。")),
    (r"Permission denied: '(.*)'", lambda m: tr("没有写入“{0}”的权限。").format(m[1])),
    # Bundles refused on import (services.bundle_format); the rarer, technical reasons stay as written.
    (r"(.+) is not a CivDesk bundle \(not a zip file\)", lambda m: tr("“{0}”不是 CivDesk 交换包（不是 zip 文件）。").format(m[1])),
    (r"no manifest\.json: not a CivDesk bundle", lambda m: tr("这不是 CivDesk 交换包（缺少清单 manifest.json）。")),
    (r"member (\S+) was altered", lambda m: tr("包中的 {0} 在签名后被改动过。").format(m[1])),
    (r"member (\S+) listed in the manifest is missing", lambda m: tr("清单列出的 {0} 不在包中。").format(m[1])),
    (r"member (\S+) is not listed in the manifest", lambda m: tr("{0} 不在签名清单中（签名后被加入）。").format(m[1])),
    (r"the bundle is not signed", lambda m: tr("交换包没有签名。")),
    (r"the manifest signature does not verify", lambda m: tr("交换包的签名无法用导出人的证书验证：文件可能被篡改。")),
    (r"the manifest signature", lambda m: tr("交换包的签名无效。")),
    (r"bundle format version (.+) is not supported", lambda m: tr("交换包格式版本 {0} 不受支持，请升级 CivDesk。").format(m[1])),
    (r"(\S+): the signature of (.+) does not verify", lambda m: tr("{0} 中 {1} 的签名无法验证。").format(m[1], m[2])),
    (r"(\S+): the signed inspection's", lambda m: tr("{0}：已签署检查的内容与其签名不符。").format(m[1])),
    (r"holds a private key", lambda m: tr("交换包中含有私钥，已拒绝。")),
    (r"not enough free space in (.+) \(needs (.+), (.+) free\)",
     lambda m: tr("“{0}”空间不足（需要 {1}，剩余 {2}）。").format(m[1], m[2], m[3])),
]
_compiled: list = []  # compiled on the first refusal, not at start-up (the start dialogs import this module)


def explain(error: BaseException | str) -> str:
    """The refusal in the interface language (the service's own words when it is not a known one)."""
    text = str(error)
    if not _compiled:
        _compiled.extend((re.compile(p), f) for p, f in _RULES)
    for pattern, words in _compiled:
        m = pattern.search(text)
        if m:
            return words(m)
    return text
