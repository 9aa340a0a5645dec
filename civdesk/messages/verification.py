"""What ``civdesk verify`` says of a PDF or a verification code (reports.documents, reports.pdfsign).

Each code: (Chinese, English), with the same {named} placeholders.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "verify.pdf_ok": (
        "通过：文件完整，并由受信任根颁发的证书签署",
        "OK: the document is intact and signed by certificates of trusted roots",
    ),
    "verify.pdf_failed": (
        "未通过：文件不完整、未签署，或签署证书不是受信任的根颁发的",
        "FAILED: the document is not intact, not signed, or signed by a certificate no trusted root issued",
    ),
    "verify.no_code": (
        "未通过：本机没有验证码为 {code} 的文件",
        "FAILED: no document with verification code {code} in this home",
    ),
    "verify.code_ok": ("通过：{record}", "OK: {record}"),
    "verify.revoked": (
        "已撤销：证书 {serial} 已于 {at} 撤销：{why}",
        "REVOKED: certificate {serial} was revoked on {at}: {why}",
    ),
    "verify.signature": (
        "签名 {field}：{signer}，{at}，{intact}，{valid}，{known}{extra}",
        "signature {field}: {signer}, {at}, {intact}, {valid}, {known}{extra}",
    ),
    "verify.intact": ("完整", "intact"),
    "verify.altered": ("已被改动", "ALTERED"),
    "verify.valid": ("有效", "valid"),
    "verify.invalid": ("无效", "INVALID"),
    "verify.trusted": ("由受信任的根颁发", "issued by a trusted root"),
    "verify.untrusted": ("并非本机信任的根颁发", "NOT issued by a root this home trusts"),
    "verify.extra": ("——{problem}", " — {problem}"),
    "verify.unreadable_pdf": ("不是可读取的 PDF：{reason}", "not a readable PDF: {reason}"),
    "verify.no_signature": ("该 PDF 没有数字签名", "the PDF carries no digital signature"),
    "verify.cannot_check": ("无法核验：{reason}", "cannot be checked: {reason}"),
    "verify.changed_after_last": ("文件在最后一次签名后被改动", "the file was changed after its last signature"),
    "verify.changed_after_signing": ("签署后被改动（{level}）", "changed after signing ({level})"),
    "verify.document": ("{document} {code}", "{document} {code}"),
    "verify.of_inspection": ("检查 {id}", "inspection {id}"),
    "verify.serial": ("编号 {serial}", "serial {serial}"),
    "verify.title": ("名称 {value}", "title {value}"),
    "verify.site": ("被检单位 {value}", "site {value}"),
    "verify.score": ("得分 {value}", "score {value}"),
    "verify.percent": ("得分率 {value}", "percent {value}"),
    "verify.level": ("等次 {value}", "level {value}"),
    "verify.issued_on": ("颁发日期 {value}", "issued_on {value}"),
    "verify.valid_until": ("有效期至 {value}", "valid_until {value}"),
    "verify.issued": ("生成于 {at}", "issued {at}"),
    "verify.sha256": ("最近一份 PDF 的 sha256 {sha}…", "last PDF sha256 {sha}…"),
}
