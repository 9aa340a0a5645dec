"""Refusals of the organisation's root of trust: the hub's checks of certificates and
signatures against it, giving the hub the organisation's own root, and enrolling a desk under it.

Each code: (Chinese, English), with the same {named} placeholders.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "hub.certificate_not_chained": (
        "{who} 的证书 {fingerprint}… 不是由单位根证书签发的（签发者为 {issuer}，同步中心不信任它）",
        "certificate {fingerprint}… of {who} is not chained to the organisation's root (it was issued by "
        "{issuer}, which the hub does not trust)",
    ),
    "hub.certificate_expired": (
        "{who} 的证书 {fingerprint}… 已于 {date} 过期",
        "certificate {fingerprint}… of {who} has expired on {date}",
    ),
    "hub.certificate_not_yet_valid": (
        "{who} 的证书 {fingerprint}… 在 {date} 之前无效",
        "certificate {fingerprint}… of {who} is not valid before {date}",
    ),
    "hub.signature_after_revocation": (
        "检查 {inspection} 带有 {who} 于 {signed_at} 的签名，而单位已于 {revoked_at} 撤销该密钥{why}",
        "inspection {inspection} carries a signature of {who} made on {signed_at}, after the organisation "
        "revoked that key on {revoked_at}{why}",
    ),
    "hub.another_organisation_root": (
        "同步中心现在代表的单位根证书与加入时固定的不同",
        "the hub now speaks for another organisation root than the one pinned at enrolment",
    ),
    "hub.intermediate_not_certificate": (
        "同步中心发来的中间证书不是证书",
        "the hub sent an intermediate that is not a certificate",
    ),
    "hub.intermediate_untrusted": (
        "同步中心发来的中间证书（{name}）不是由本机信任的根证书签发的",
        "the hub sent an intermediate ({name}) that no root this home trusts certified",
    ),
    "hub.certificate_not_from_trusted_root": (
        "{name} 的证书 {fingerprint}… 不是由本机信任的根证书签发的",
        "certificate {fingerprint}… of {name} is not issued by a root this home trusts",
    ),
    "orgroot.key_not_pem": ("密钥文件不是未加密的 PEM 私钥", "the key file is not an unencrypted PEM private key"),
    "orgroot.key_not_of_certificate": (
        "该密钥与证书不匹配（需要 EC 密钥）",
        "the key does not belong to the certificate (an EC key is needed)",
    ),
    "orgroot.desks_already_trust_root": (
        "已有电脑信任此同步中心的单位根证书；单位根证书须在第一台电脑加入前提供",
        "desks already trust this hub's organisation root; a root is given before the first desk enrols",
    ),
    "sync.enrolling_needs_root_key": (
        "加入同步中心要固定单位的根证书，需要本机的根密钥：请以持有它的管理员身份登录",
        "enrolling this home pins the organisation's root, which needs this home's root key: "
        "log in as an admin who holds it",
    ),
    "sync.org_root_refused": (
        "同步中心的单位根证书被拒绝：{reason}",
        "the hub's organisation root is refused: {reason}",
    ),
    "sync.root_certificate_mismatch": (
        "同步中心发回的本机根证书与本机的根证书不符",
        "the hub sent back a certificate for this home's root that does not match it",
    ),
    "sync.ca_file_unreadable": (
        "{path}：不是可读取的证书颁发机构 PEM 文件（{reason}）",
        "{path}: not a readable PEM file of certificate authorities ({reason})",
    ),
    "sync_client.hub_certificate_untrusted": (
        "同步中心 {url} 的 HTTPS 证书不受本机信任（{reason}）：请用 --ca-file 或 {env} 指定同步中心的证书颁发机构",
        "the hub at {url} presents an HTTPS certificate this desk does not trust ({reason}); "
        "give the hub's CA with --ca-file or {env}",
    ),
    "sync_client.no_secure_connection": (
        "无法与同步中心 {url} 建立安全连接（{reason}）",
        "no secure connection to the hub at {url} ({reason})",
    ),
    "signing.key_revoked": (
        "{name} 的签名密钥已于 {revoked_at} 被单位撤销：请管理员重置密码以签发新密钥",
        "{name}'s signing key was revoked by the organisation on {revoked_at}: an admin issues a new one by "
        "resetting the password",
    ),
    "bundle_trust.signed_after_revocation": (
        "交换包由 {who} 于 {signed_at} 签署，而单位已于 {revoked_at} 撤销该密钥（或其所在电脑的根证书）",
        "it was signed by {who} on {signed_at}, after the organisation revoked that key (or its home's root) "
        "on {revoked_at}",
    ),
    "views.no_rectification_items": (
        "检查 {inspection_id}（{state}）没有整改项：整改项在提交时为不合格的检查项创建",
        "inspection {inspection_id} ({state}) has no rectification items: they are created for failed items "
        "when it is submitted",
    ),
    "store.writes_held": (
        "数据文件正在检查中，请稍后再保存",
        "the database is still being checked after start; try again in a moment",
    ),
    "maintenance.backup_cancelled": ("备份已取消，未写入备份文件", "backup cancelled: no backup file was written"),
    "cli.enrolled_with_root": (
        "已加入为 {desk}：{scope}；信任单位根证书 {root}…",
        "enrolled as {desk}: {scope}; trusting the organisation root {root}…",
    ),
    "help.ca_file": (
        "通过 HTTPS 加入时：为同步中心证书担保的证书颁发机构（随加入信息保存；默认：系统的，或 $CIVDESK_HUB_CA）",
        "enrolling over HTTPS: the certificate authorities that vouch for the hub's certificate (kept with the "
        "enrolment; default: the system's, or $CIVDESK_HUB_CA)",
    ),
}
