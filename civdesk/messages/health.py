"""What ``civdesk check`` finds in a home: integrity, the audit chain against the backups, the
seals of rows, stored results, signatures and attachments (services.maintenance, integrity, signing).

Each code: (Chinese, English), with the same {named} placeholders.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "health.integrity": ("数据库完整性：{detail}", "integrity: {detail}"),
    "health.foreign_key": (
        "外键：{table} 第 {row} 行指向不存在的 {parent}",
        "foreign key: {table} row {row} points at a missing {parent}",
    ),
    "health.audit_broken": ("审计链在第 {seq} 条处断开：{why}", "audit chain broken at entry {seq}: {why}"),
    "health.audit_entry_missing": (
        "第 {seq} 条缺失（找到的是第 {found} 条）",
        "entry {seq} is missing (found {found})",
    ),
    "health.audit_previous_hash": (
        "其前一条哈希与前一条记录不符",
        "its previous-hash does not match the entry before it",
    ),
    "health.audit_content_hash": ("其内容与其哈希不符", "its content does not match its hash"),
    "health.attachment": ("附件 {sha}… 缺失或已被改动", "attachment {sha}… is missing or altered"),
    "health.backup_restore_unread": (
        "审计日志：备份 {backup} 含有到第 {seq} 条的记录，于 {at} 进行的恢复（第 {entry} 条）丢弃了它们，"
        "且被替换的数据库无法读取以证明它们当时仍在",
        "audit log: the backup {backup} holds entries up to {seq} that the restore of {at} (entry {entry}) "
        "dropped, and the database it replaced could not be read to show they were still there",
    ),
    "health.backup_restore_cut": (
        "审计日志：备份 {backup} 含有到第 {seq} 条的记录，但于 {at} 进行的恢复（第 {entry} 条）所替换的数据库"
        "止于第 {end} 条（记录在那次恢复之前被删除）",
        "audit log: the backup {backup} holds entries up to {seq}, but the database replaced by the restore of "
        "{at} (entry {entry}) ended at {end} (entries were removed before that restore)",
    ),
    "health.backup_cut": (
        "审计日志：备份 {backup} 含有到第 {seq} 条的记录，本日志止于第 {end} 条（记录被删除）",
        "audit log: the backup {backup} holds entries up to {seq}, this log ends at {end} (entries were removed)",
    ),
    "health.backup_differs": (
        "审计日志：第 {entry} 条与备份 {backup} 不同（日志被改写）",
        "audit log: entry {entry} differs from the backup {backup} (the log was rewritten)",
    ),
    "health.schema_part": ("数据库结构中的 {what} {name}", "the schema's {what} {name}"),
    "health.row": ("{table} 第 {key} 行", "{table} row {key}"),
    "health.row_of": ("{row}（{of}）", "{row} ({of})"),
    "health.and": ("{first}，{then}", "{first}, {then}"),
    "health.of_inspection": ("检查 {uuid}", "inspection {uuid}"),
    "health.of_item": ("检查项 {code}", "item {code}"),
    "health.of_user": ("用户 {name}", "user {name}"),
    "health.row_added": (
        "{where}：在 CivDesk 之外添加（没有审计记录）",
        "{where}: added outside CivDesk (no audit entry records it)",
    ),
    "health.row_changed": (
        "{where}：{columns} 在 CivDesk 之外被修改（最后由第 {entry} 条审计记录）",
        "{where}: {columns} changed outside CivDesk (audit entry {entry} recorded it last)",
    ),
    "health.row_removed": (
        "{where}：在 CivDesk 之外被删除（最后由第 {entry} 条审计记录）",
        "{where}: removed outside CivDesk (audit entry {entry} recorded it last)",
    ),
    "health.more_rows": ("… 另有 {count} 行在 CivDesk 之外被改动", "… and {count} more rows changed outside CivDesk"),
    "health.result_unreadable": (
        "检查 {id}（{uuid}）：无法重新计算其结果：{reason}",
        "inspection {id} ({uuid}): its result cannot be recomputed: {reason}",
    ),
    "health.result_disagrees": (
        "检查 {id}（{uuid}）：保存的结果（{stored}）与其作答（{computed}）不符：{fields}",
        "inspection {id} ({uuid}): the stored result ({stored}) disagrees with its answers ({computed}): {fields}",
    ),
    "health.no_root": (
        "本机还没有根密钥，签名无从担保：请管理员登录一次以创建（随后本机用户的密钥将重新认证）",
        "this home has no root key yet, so no signature is vouched for: an admin logs in once to create it "
        "(the keys of this home's users are then re-certified)",
    ),
    "health.changed_after_signing": (
        "检查 {id}（{uuid}）在签署后被改动",
        "inspection {id} ({uuid}) was changed after it was signed",
    ),
    "health.signature_no_certificate": (
        "检查 {id}（{uuid}）：{name} 的签名缺少证书",
        "inspection {id} ({uuid}): the signature of {name}: its certificate is missing",
    ),
    "health.signature_fails": (
        "检查 {id}（{uuid}）：{name} 的签名验证失败",
        "inspection {id} ({uuid}): the signature of {name} does not verify",
    ),
    "health.signature_untrusted": (
        "检查 {id}（{uuid}）：{name} 的签名所用证书 {fingerprint}… 不是本机信任的根颁发的",
        "inspection {id} ({uuid}): the signature of {name} is made with certificate {fingerprint}…, "
        "which no root this home trusts issued",
    ),
    "health.signature_other_person": (
        "检查 {id}（{uuid}）：{name} 的签名所用证书 {fingerprint}… 是颁发给另一个人的",
        "inspection {id} ({uuid}): the signature of {name} is made with certificate {fingerprint}…, "
        "issued to another person",
    ),
    "health.signature_after_revocation": (
        "检查 {id}（{uuid}）：{name} 的签名作于 {signed_at}，在单位吊销其密钥（{revoked}）之后",
        "inspection {id} ({uuid}): the signature of {name} was made on {signed_at}, after the organisation "
        "revoked its key ({revoked})",
    ),
    "health.orphans_temporary_removed": (
        "已删除 {done}/{count} 个中断写入留下的临时文件",
        "removed {done} of {count} temporary file(s) left by an interrupted write",
    ),
    "health.orphans_photos_removed": (
        "已删除 {done}/{count} 个没有记录或备份引用的照片文件（{mib} MiB）",
        "removed {done} of {count} photo file(s) ({mib} MiB) that no record or backup names",
    ),
    "health.orphans_photos_found": (
        "{count} 个照片文件（{mib} MiB）没有记录或备份引用，是中断的导入或保存留下的；"
        "`civdesk check --sweep` 可删除它们",
        "{count} photo file(s) ({mib} MiB) that no record or backup names, left by an interrupted import or "
        "save; `civdesk check --sweep` removes them",
    ),
}
