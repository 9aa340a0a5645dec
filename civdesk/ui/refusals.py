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
    (r"the database is still being checked after start", lambda m: tr("数据文件正在检查中，请稍后再保存。")),
    (r"four-eyes rule: nobody reviews their own work", lambda m: tr("四眼原则：任何人都不能审核自己的工作。")),
    (r"only the manager of the inspected site reviews it", lambda m: tr("只有被检单位的站长可以审核此检查。")),
    (r"only the author and the reviewer sign an inspection", lambda m: tr("只有作者和审核人可以签署此检查。")),
    (r"you have already signed this inspection", lambda m: tr("您已经签署过此检查。")),
    (r"the inspection is (\w+) and frozen: nothing can change it",
     lambda m: tr("此检查{0}，已冻结，任何人都不能再修改。").format(labels.state(m[1]))),
    (r"cannot (\w+) an inspection that is (\w+) \(only from .*\)",
     lambda m: tr("此检查当前为“{0}”，不能{1}。").format(labels.state(m[2]), _action(m[1]))),
    (r"only the author may (\w+) this inspection", lambda m: tr("只有作者可以{0}此检查。").format(_action(m[1]))),
    (r"certificates are (?:issued|revoked) by the assessing side",
     lambda m: tr("证书由检查方（管理员或检查员）颁发，被检单位的站长和职工不能为本单位发证。")),
    (r"a certificate is issued only from an inspection", lambda m: tr("证书只依据检查员的检查结果颁发，自评和复查不能发证。")),
    (r"this site(?: \((.*)\))? is outside your scope",
     lambda m: tr("“{0}”不在您负责的范围内。").format(m[1] or "") if m[1] else tr("此被检单位不在您负责的范围内。")),
    (r"revoking a certificate needs a reason", lambda m: tr("撤销证书需要填写原因。")),
    (r"only an admin assigns inspectors to sites", lambda m: tr("只有管理员可以为检查员分配负责单位。")),
    (r"only inspectors are assigned to sites here", lambda m: tr("负责单位只为检查员设置；站长和职工属于创建时选择的单位。")),
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
    # Limits on input (services.limits, services.xlsx_guard): files refused before they are read in full
    (r"(.+): picture too large \((?:.* = )?([\d,]+) megapixels\); the limit is (\d+) megapixels",
     lambda m: tr("“{0}”图片过大（{1} 百万像素），上限为 {2} 百万像素；未做任何改动。").format(m[1], m[2], m[3])),
    (r"(.+): picture too large; the limit is (\d+) megapixels",
     lambda m: tr("“{0}”图片过大，上限为 {1} 百万像素；未做任何改动。").format(m[1], m[2])),
    (r"(.+?): (?:template file of |answers file of )?([\d,.]+ MiB), over the limit of ([\d,.]+ MiB)",
     lambda m: tr("“{0}”文件过大（{1}），上限为 {2}；未做任何改动。").format(m[1], m[2], m[3])),
    (r"(.+): lists and mappings nested more than (\d+) deep",
     lambda m: tr("“{0}”的内容嵌套超过 {1} 层，已拒绝。").format(m[1], m[2])),
    (r"(.+): sections nested more than (\d+) deep",
     lambda m: tr("“{0}”的章节嵌套超过 {1} 层，已拒绝。").format(m[1], m[2])),
    (r"(.+): more than ([\d,]+) YAML aliases", lambda m: tr("“{0}”使用了超过 {1} 个 YAML 别名，已拒绝。").format(m[1], m[2])),
    (r"(.+): more than ([\d,]+) values once its YAML aliases are expanded",
     lambda m: tr("“{0}”的 YAML 别名展开后超过 {1} 个值（可能是恶意的“别名炸弹”），已拒绝。").format(m[1], m[2])),
    (r"(.+): a YAML alias refers to a list or mapping that contains it",
     lambda m: tr("“{0}”中的 YAML 别名引用了包含它自身的内容，已拒绝。").format(m[1])),
    (r"(.+): part (\S+) declares a DTD",
     lambda m: tr("“{0}”含有 XML 实体声明（可能是恶意的“实体炸弹”），已拒绝。").format(m[1])),
    (r"(.+): unpacks to ([\d,.]+ MiB), over the limit of ([\d,.]+ MiB)",
     lambda m: tr("“{0}”解压后为 {1}，超过上限 {2}（可能是恶意的“压缩炸弹”），已拒绝。").format(m[1], m[2], m[3])),
    (r"(.+): \S+ uses row ([\d,]+), beyond the limit of ([\d,]+) rows",
     lambda m: tr("“{0}”用到第 {1} 行，超过上限 {2} 行，已拒绝。").format(m[1], m[2], m[3])),
    (r"(.+): \S+ uses column ([\d,]+), beyond the limit of (\d+) columns",
     lambda m: tr("“{0}”用到第 {1} 列，超过上限 {2} 列，已拒绝。").format(m[1], m[2], m[3])),
    (r"(.+): more than ([\d,]+) (?:cells|XML elements)",
     lambda m: tr("“{0}”的单元格或 XML 元素超过 {1} 个，已拒绝。").format(m[1], m[2])),
    (r"(.+): ([\d,]+) parts, over the limit of (\d+)",
     lambda m: tr("“{0}”含有 {1} 个部件，超过上限 {2} 个，已拒绝。").format(m[1], m[2], m[3])),
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
    (r"(.+) is open in another CivDesk \(process ([\d, ]+)\)",
     lambda m: tr("“{0}”正在被另一个 CivDesk 使用（进程 {1}）：请先关闭它再恢复；未做任何改动。").format(m[1], m[2])),
    (r"(.+) is (?:already )?being restored by process (\d+)",
     lambda m: tr("“{0}”正在由进程 {1} 恢复，请等它完成后再试。").format(m[1], m[2])),
    (r"(.+) fails its audit chain at entry (\d+)",
     lambda m: tr("“{0}”的审计链在第 {1} 条处断开，不能用于恢复。").format(m[1], m[2])),
    (r"(.+) holds data changed outside CivDesk: (.*)",
     lambda m: tr("“{0}”中有在 CivDesk 之外被改动的数据，不能用于恢复：{1}").format(m[1], m[2])),
    (r"no backup was made: (.+) is damaged",
     lambda m: tr("没有生成备份：数据文件“{0}”已损坏。").format(m[1])),
    (r"user '(.*)' must change the password an admin reset",
     lambda m: tr("管理员重置了“{0}”的密码：请先设置新密码。").format(m[1])),
    (r"the new password must differ from the old one", lambda m: tr("新密码不能与原密码相同。")),
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
    # Trust (services.trust, services.bundle_trust)
    (r"it is signed by (.+) with a certificate that no root this home trusts issued",
     lambda m: tr("签名人 {0} 的证书不是由本机信任的根证书签发的；请管理员先添加对方的根证书（设置 → 信任的根证书）。")
     .format(m[1])),
    (r"user (\S+) of the bundle is another person than this home's",
     lambda m: tr("包中的用户 {0} 与本机的 {0} 不是同一个人（同名，身份不同）。").format(m[1])),
    (r"checklist (\S+) version (\d+) is new to this home and only an admin's bundle",
     lambda m: tr("检查表 {0} 第 {1} 版是本机没有的新版本，只有管理员导出的交换包可以带来检查表版本。").format(m[1], m[2])),
    (r"inspection (\S+) \((.+)\) is (\S+)'s and unsigned: a bundle of (\S+)",
     lambda m: tr("检查 {0}（{1}）属于 {2} 且尚未签署，{3} 导出的交换包不能修改它。").format(m[1], m[2], m[3], m[4])),
    (r"certificate (\S+) of (\S+) is not issued by a root this home trusts",
     lambda m: tr("{1} 的证书 {0} 不是由本机信任的根证书签发的。").format(m[1], m[2])),
    (r"root (.+) is already trusted", lambda m: tr("此根证书已在信任列表中。")),
    (r"that is this home's own root", lambda m: tr("这是本机自己的根证书。")),
    (r"the file is not a certificate", lambda m: tr("该文件不是证书（PEM 或 DER）。")),
    (r"the certificate is not a root", lambda m: tr("该证书不是根证书。")),
    (r"the root certificate's own signature does not verify", lambda m: tr("根证书自身的签名无法验证。")),
    (r"pinning a root needs this home's root key",
     lambda m: tr("添加根证书需要本机的根密钥：请以持有它的管理员身份重新登录。")),
    (r"only an admin changes which roots this home trusts", lambda m: tr("只有管理员可以修改信任的根证书。")),
    (r"has no signing certificate from this home's root yet",
     lambda m: tr("此用户还没有本机根证书签发的签名证书：请管理员重置其密码以签发。")),
    (r"signing a document needs the printing user's key", lambda m: tr("签署文档需要打印人的密钥：请重新登录。")),
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
