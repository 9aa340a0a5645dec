"""Refusals of bundles (.civpack), trust in other homes' roots, and sync with the hub.

Each code: (Chinese, English), with the same {named} placeholders.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "demo.summary": (
        "演示数据：{sites} 个被检单位，{inspections} 次检查 {states}",
        "demo: {sites} sites, {inspections} inspections {states}",
    ),
    "demo.state_count": ("{state} {count}", "{state} {count}"),
    "demo.users_heading": (
        "用户名            密码         角色       被检单位",
        "user              password     role       site",
    ),
    "sync.summary": (
        "收到新记录 {added} 条、更新 {updated} 条，发出 {pushed} 条{conflicts}",
        "pulled {added} new and {updated} updated, pushed {pushed}{conflicts}",
    ),
    "sync.summary_conflicts": ("；有 {count} 处冲突待处理（{files}）", "; {count} conflict(s) to settle ({files})"),
    "sync.home_enrolled_hub_run": (
        "此数据尚未加入同步中心：请先运行 civdesk sync --hub 地址 --code 注册码",
        "this home is not enrolled with a hub: run civdesk sync --hub URL --code CODE first",
    ),
    "sync.home_already_enrolled": ("此数据已加入同步中心 {url}", "this home is already enrolled with {url}"),
    "sync.only_admin_publishes": ("只有管理员可以发布检查表", "only an admin publishes templates"),
    "sync.only_office_desk_publishes": ("只有办公室的电脑可以发布检查表", "only an office desk publishes templates"),
    "sync.what_hub_sent_carries": ("同步中心发来的内容缺少游标", "what the hub sent carries no cursor"),
    "sync.kept_page_from_hub": (
        "保存的同步中心数据被拒绝：{reason}",
        "the kept page from the hub was refused: {reason}",
    ),
    "sync.what_hub_sent_refused": ("同步中心发来的内容被拒绝：{reason}", "what the hub sent was refused: {reason}"),
    "portable.no_inspection_id": ("没有编号为 {inspection_id} 的检查", "no inspection with id {inspection_id}"),
    "portable.inspection_referenced_but_neither": (
        "检查 {uuid} 被引用，但既不在交换包中，也不在此数据中",
        "inspection {uuid} is referenced but neither in the bundle nor in this home",
    ),
    "bundle_format.member_larger_than_declared": (
        "包中的 {filename} 比声明的更大",
        "member {filename} is larger than declared",
    ),
    "bundle_format.members_more_than_civdesk": (
        "交换包含有 {count} 个成员，超过 CivDesk 接受的上限（{max_members}）",
        "{count} members, more than CivDesk accepts ({max_members})",
    ),
    "bundle_format.members_declare_uncompressed_more": (
        "交换包成员声明的解压大小为 {mib}，超过 CivDesk 接受的上限（{mib2}），可能是恶意的“压缩炸弹”",
        "the members declare {mib} uncompressed, more than CivDesk accepts ({mib2}): a possible zip bomb",
    ),
    "bundle_format.manifest_json_does_describe": (
        "manifest.json 描述的不是 CivDesk 交换包",
        "manifest.json does not describe a CivDesk bundle",
    ),
    "bundle_format.bundle_format_version_supported": (
        "交换包格式版本 {version} 不受支持（此 CivDesk 读取版本 {format_version}{value}），请升级 CivDesk",
        "bundle format version {version!r} is not supported (this CivDesk reads version {format_version}{value})",
    ),
    "bundle_format.manifest_json_lists_no": ("manifest.json 没有列出任何成员", "manifest.json lists no members"),
    "bundle_format.manifest_json_does_name": (
        "manifest.json 没有写明导出人",
        "manifest.json does not name its exporter",
    ),
    "bundle_format.manifest_json_lists_no2": ("manifest.json 没有列出任何检查", "manifest.json lists no inspections"),
    "bundle_format.malformed": ("{name} 格式错误", "{name} is malformed"),
    "bundle_format.malformed_fields": ("{name} 格式错误（字段 {sorted}）", "{name} is malformed (fields {sorted})"),
    "bundle_format.holds_inspection": ("{name} 中的检查为 {uuid}", "{name} holds inspection {uuid!r}"),
    "bundle_format.unknown_state_kind": ("{name}：未知的状态或类型", "{name}: unknown state or kind"),
    "bundle_format.uses_template_v_which": (
        "{name} 使用检查表 {id} 第 {version} 版，但交换包中没有它",
        "{name} uses template {id} v{version}, which the bundle does not carry",
    ),
    "bundle_format.names_site_which_bundle": (
        "{name} 引用被检单位“{site}”，但交换包中没有它",
        "{name} names site {site!r}, which the bundle does not carry",
    ),
    "bundle_format.names_user_whom_bundle": (
        "{name} 引用用户“{value}”，但交换包中没有此用户",
        "{name} names user {value!r}, whom the bundle does not carry",
    ),
    "bundle_format.needs_attachment_which_bundle": (
        "{name} 需要附件 {value}…，但交换包中没有它",
        "{name} needs attachment {value}…, which the bundle does not carry",
    ),
    "bundle_format.no_such_file": ("{path}：文件不存在", "{path}: no such file"),
    "bundle_format.exporter_s_certificate_theirs": (
        "导出人的证书不属于导出人",
        "the exporter's certificate is not theirs",
    ),
    "bundle_format.manifest_s_list_inspections": (
        "清单中的检查列表与包中的检查不一致",
        "the manifest's list of inspections does not match the inspections carried",
    ),
    "bundle_format.changed_while_being_imported": (
        "{name} 在导入过程中被改动",
        "{name} changed while it was being imported",
    ),
    "bundle_format.member_damaged": ("包中的 {filename} 已损坏（{e}）", "member {filename} is damaged ({e})"),
    "bundle_format.valid_json": ("{name} 不是有效的 JSON（{e}）", "{name} is not valid JSON ({e})"),
    "bundle_format.member_name_points_outside": (
        "成员名“{name}”指向交换包之外（绝对路径或“..”）",
        "member name {name!r} points outside the bundle (absolute path or '..')",
    ),
    "bundle_format.member_appears_twice": ("成员 {name} 出现了两次", "member {name} appears twice"),
    "bundle_format.unexpected_folder_entry": ("意外的文件夹条目“{name}”", "unexpected folder entry {name!r}"),
    "bundle_format.member_encrypted": ("成员 {name} 已加密", "member {name} is encrypted"),
    "bundle_format.member_uses_unsupported_compression": (
        "成员 {name} 使用了不支持的压缩方式",
        "member {name} uses an unsupported compression method",
    ),
    "bundle_format.member_declares_uncompressed_more": (
        "成员 {name} 声明的解压大小为 {mib}，超过 CivDesk 接受的上限（{mib2}），可能是恶意的“压缩炸弹”",
        "member {name} declares {mib} uncompressed, more than CivDesk accepts ({mib2}): a possible zip bomb",
    ),
    "bundle_format.member_expands_times_possible": (
        "成员 {name} 解压后膨胀 {value} 倍（可能是恶意的“压缩炸弹”）",
        "member {name} expands {value} times (a possible zip bomb)",
    ),
    "bundle_format.manifest_json_has_malformed": (
        "manifest.json 中有格式错误的成员条目",
        "manifest.json has a malformed member entry",
    ),
    "bundle_format.member_part_civdesk_bundle": (
        "成员“{name}”不属于 CivDesk 交换包格式",
        "member {name!r} is not part of the CivDesk bundle format",
    ),
    "bundle_format.manifest_json_lists_twice": ("manifest.json 两次列出 {name}", "manifest.json lists {name} twice"),
    "bundle_format.malformed2": ("{name} 格式错误（{child}）", "{name} is malformed ({child})"),
    "bundle_format.certificate_s_signature_bundle": (
        "{name}：{user} 签名所用的证书不在交换包中",
        "{name}: the certificate of {user}'s signature is not in the bundle",
    ),
    "bundle_format.signature_does_verify": (
        "{name} 中 {user} 的签名无法验证",
        "{name}: the signature of {user} does not verify",
    ),
    "bundle_format.signed_inspection_s_content": (
        "{name}：已签署检查的内容与其签名不符",
        "{name}: the signed inspection's content does not match its signed hash",
    ),
    "bundle_format.signed_inspection_s_signatures": (
        "{name}：已签署检查的签名没有覆盖其内容",
        "{name}: the signed inspection's signatures do not cover its content",
    ),
    "bundle_format.civdesk_bundle_zip_file": (
        "“{name}”不是 CivDesk 交换包（不是 zip 文件）",
        "{name} is not a CivDesk bundle (not a zip file)",
    ),
    "bundle_format.cannot_read": ("无法读取“{path}”：{reason}", "{path}: cannot be read ({reason})"),
    "bundle_format.no_manifest_json_civdesk": (
        "这不是 CivDesk 交换包（缺少清单 manifest.json）",
        "no manifest.json: not a CivDesk bundle",
    ),
    "bundle_format.manifest_json_too_large": ("manifest.json 过大", "manifest.json is too large"),
    "bundle_format.bundle_signed_no_manifest": (
        "交换包没有签名（缺少 manifest.sig）",
        "the bundle is not signed (no manifest.sig)",
    ),
    "bundle_format.exporter_s_certificate_bundle": (
        "导出人的证书不在交换包中",
        "the exporter's certificate is not in the bundle",
    ),
    "bundle_format.member_altered_sha_does": (
        "包中的 {cert_name} 在签名后被改动过（SHA-256 与清单不符）",
        "member {cert_name} was altered: its SHA-256 does not match the manifest",
    ),
    "bundle_format.manifest_signature_names_different": (
        "交换包签名指向的证书与导出人的证书不同",
        "the manifest signature names a different certificate than the exporter's",
    ),
    "bundle_format.manifest_signature_does_verify": (
        "交换包的签名无法用导出人的证书验证：文件可能被篡改",
        "the manifest signature does not verify with the exporter's certificate",
    ),
    "bundle_format.bundle_s_content_malformed": (
        "交换包内容格式错误（{name}：{e}）",
        "the bundle's content is malformed ({name}: {e})",
    ),
    "bundle_format.sites_json_site_malformed": (
        "sites.json：被检单位“{name}”格式错误",
        "sites.json: site {name!r} is malformed",
    ),
    "bundle_format.users_json_user_malformed": (
        "users.json：用户“{get}”格式错误",
        "users.json: user {get!r} is malformed",
    ),
    "bundle_format.does_match_own_id": (
        "{name} 与其自身的编号、版本或哈希不符",
        "{name} does not match its own id, version or hash",
    ),
    "bundle_format.inspection_content_does_match": (
        "检查 {uuid}：内容与清单不符",
        "inspection {uuid}: its content does not match the manifest",
    ),
    "bundle_format.can_no_longer_read": ("{name} 已无法读取（{e}）", "{name} can no longer be read ({e})"),
    "bundle_format.member_listed_manifest_missing": (
        "清单列出的 {name} 不在包中",
        "member {name} listed in the manifest is missing",
    ),
    "bundle_format.member_listed_manifest_added": (
        "{name} 不在签名清单中（签名后被加入）",
        "member {name} is not listed in the manifest (added after signing)",
    ),
    "bundle_format.manifest_signature_malformed": ("交换包的签名格式错误", "the manifest signature is malformed"),
    "bundle_format.member_altered_bytes_manifest": (
        "包中的 {name} 在签名后被改动过：大小为 {file_size} 字节，清单记录为 {size} 字节",
        "member {name} was altered: it is {file_size} bytes, the manifest says {size}",
    ),
    "bundle_format.member_too_large": ("成员 {name} 过大", "member {name} is too large"),
    "bundle_format.member_altered_sha_does2": (
        "包中的 {name} 在签名后被改动过（SHA-256 与清单不符）",
        "member {name} was altered: its SHA-256 does not match the manifest",
    ),
    "bundle_format.holds_certificate_another_fingerprint": (
        "{name} 中的证书指纹与名称不符",
        "{name} holds a certificate with another fingerprint",
    ),
    "bundle_format.holds_private_key": ("{name} 中含有私钥，交换包已拒绝", "{name} holds a private key"),
    "bundle_format.users_json_certificate_bundle": (
        "users.json：{name} 的证书 {value}… 不在交换包中",
        "users.json: the certificate {value}… of {name} is not in the bundle",
    ),
    "bundle_format.users_json_certificate_s": (
        "users.json：证书 {value}… 不属于 {name}",
        "users.json: certificate {value}… is not {name}'s",
    ),
    "bundle_format.valid_template": ("{name} 不是有效的检查表（{e}）", "{name} is not a valid template ({e})"),
    "bundle_format.certificate": ("{name} 不是证书", "{name} is not a certificate"),
    "bundles.choose_at_least_one": ("请至少选择一项检查导出", "choose at least one inspection to export"),
    "bundles.folder_give_file_name": (
        "“{dest}”是文件夹：请给出以 .civpack 结尾的文件名",
        "{dest} is a folder; give a file name ending in .civpack",
    ),
    "bundles.enough_free_space_needs": (
        "“{home}”空间不足（需要 {value:,.0f} MiB，剩余 {value2:,.0f} MiB）；未导入任何内容",
        "not enough free space in {home} (needs {value:,.0f} MiB, {value2:,.0f} MiB free); nothing was imported",
    ),
    "bundles.names_inspection_bundle": (
        "“{ref}”对应交换包中的 {value} 项检查",
        "{ref!r} names {value} inspection of this bundle",
    ),
    "bundles.no_inspection_id": ("没有编号为 {iid} 的检查", "no inspection with id {iid}"),
    "bundles.you_may_export_inspection": (
        "您不能导出检查 {iid}：既不是您本人的，也不属于您的单位",
        "you may not export inspection {iid}: not your own, nor of your site",
    ),
    "bundles.template_version_differs_between": (
        "检查表 {tid} 第 {version} 版在交换包和此数据中不同（两边分别修改过）；请先把该检查表作为新版本导入",
        "template {tid} version {version} differs between the bundle and this home (each was edited separately); import the template under a new version first",
    ),
    "bundles.certificate_belongs_home": (
        "证书 {value}… 在此数据中属于 {owner}，而不是 {holder}",
        "certificate {value}… belongs to {owner} in this home, not to {holder}",
    ),
    "bundles.inspection_signed_home_cannot": (
        "检查 {value}（{site}）在此数据中已签署，不能再修改；交换包中是它的另一个版本",
        "inspection {value} ({site}) is signed in this home and cannot change; the bundle holds a different version of it",
    ),
    "bundles.importing_acts_user_log": ("导入以用户身份执行：请先登录", "importing acts as a user: log in first"),
    "bundles.only_admin_manager_inspector": (
        "只有管理员、站长或检查员可以导入交换包",
        "only an admin, a manager or an inspector imports bundles",
    ),
    "bundles.inspection_conflict_bundle": (
        "检查 {ref} 在此交换包中没有冲突",
        "inspection {ref} is not in conflict in this bundle",
    ),
    "bundles.attachment_missing_altered_home": (
        "附件 {value}… 在此数据中缺失或被改动；请运行 civdesk check",
        "attachment {value}… is missing or altered in this home; run civdesk check",
    ),
    "bundles.inspection_possible_here_choose": (
        "检查 {value}：此处不能选择“{choice}”（可选 {join}）",
        "inspection {value}: {choice!r} is not possible here (choose {join})",
    ),
    "hub.signed_by_another_key": (
        "记录的签名密钥不是此同步登记的密钥",
        "the records were signed by another key than the one enrolled for this exchange",
    ),
    "hub.certificate_of_another": (
        "证书 {fingerprint}… 属于 {owner}，而不是 {holder}",
        "certificate {fingerprint}… belongs to {owner}, not to {holder}",
    ),
    "hub.certificate_names_another": (
        "证书 {fingerprint}… 不属于 {name}（证书上是另一个人）",
        "certificate {fingerprint}… is not {name}'s (it names another person)",
    ),
    "bundles.intact_but": ("完好，但{reason}", "intact, but {reason}"),
    "bundles.intact_no_root": (
        "完好，但此数据还没有信任的根证书（交换包的根证书指纹为 {fingerprint}）",
        "intact, but this home trusts no root yet (the bundle's is {fingerprint})",
    ),
    "bundles.intact_signed": ("完好，由 {who} 签名", "intact and signed by {who}"),
    "bundle_trust.no_uuid": (
        "交换包没有写明 {name} 是谁（缺少 uuid）",
        "the bundle does not say who {name} is (no uuid)",
    ),
    "bundle_trust.renamed": ("交换包中的 {name} 在此数据中是 {here}", "{name} of the bundle is {here} in this home"),
    "bundle_trust.another_person": (
        "包中的用户 {name} 与本机的 {name} 不是同一个人（同名，身份不同）",
        "user {name} of the bundle is another person than this home's {name} (same name, different identity)",
    ),
    "bundles.inspection": ("检查 {value}：{e}", "inspection {value}: {e}"),
    "trust.home_already_has_root": ("此数据已有根密钥", "this home already has its root key"),
    "trust.certificate_root_self_issued": (
        "该证书不是根证书（应为自签发的 CA 证书）",
        "the certificate is not a root (a self-issued CA certificate)",
    ),
    "trust.no_such_file": ("{path}：文件不存在", "{path}: no such file"),
    "trust.too_large_certificate": ("“{path}”过大，不是证书", "{path}: too large for a certificate"),
    "trust.only_admin_changes_which": (
        "只有管理员可以修改信任的根证书",
        "only an admin changes which roots this home trusts",
    ),
    "trust.pinning_root_needs_home": (
        "添加根证书需要本机的根密钥：请以持有它的管理员身份重新登录",
        "pinning a root needs this home's root key: log in again as an admin who holds it",
    ),
    "trust.home_s_own_root": ("这是本机自己的根证书", "that is this home's own root"),
    "trust.root_already_trusted": ("根证书 {value}… 已在信任列表中", "root {value}… is already trusted"),
    "trust.give_at_least_hex": (
        "请至少给出根证书指纹的 8 位十六进制数字",
        "give at least 8 hex digits of the root's fingerprint",
    ),
    "trust.no_pinned_root_fingerprint": ("没有指纹为 {ref} 的信任根证书", "no pinned root with fingerprint {ref}"),
    "trust.matches_more_than_one": (
        "{ref} 与多个根证书匹配：请给出更多位数字",
        "{ref} matches more than one root; give more digits",
    ),
    "trust.file_certificate_pem_der": ("该文件不是证书（PEM 或 DER）", "the file is not a certificate (PEM or DER)"),
    "trust.root_certificate_s_own": (
        "根证书自身的签名无法验证",
        "the root certificate's own signature does not verify",
    ),
    "trust.home_s_own_root2": ("不能移除本机自己的根证书", "this home's own root cannot be removed"),
    "bundle_trust.signed_certificate_no_root": (
        "签名人 {who} 的证书不是由本机信任的根证书签发的；请管理员先添加对方的根证书（civdesk trust add，或 设置 → 信任的根证书）",
        "it is signed by {who} with a certificate that no root this home trusts issued (an admin pins that home's root first: civdesk trust add)",
    ),
    "bundle_trust.exporter_s_certificate_names": (
        "导出人的证书属于另一个人",
        "the exporter's certificate names another person than the exporter",
    ),
    "bundle_trust.checklist_version_new_home": (
        "检查表 {tid} 第 {version} 版是本机没有的新版本，只有管理员导出的交换包可以带来检查表版本（{who} 是{role}）；未导入任何内容",
        "checklist {tid} version {version} is new to this home and only an admin's bundle brings checklist versions ({who} is {role}); nothing was imported",
    ),
    "bundle_trust.inspection_s_unsigned_bundle": (
        "检查 {value}（{site}）属于 {author} 且尚未签署，{me}（{role}）导出的交换包不能修改它；未导入任何内容",
        "inspection {value} ({site}) is {author}'s and unsigned: a bundle of {me} ({role}) cannot write it; nothing was imported",
    ),
    "bundle_trust.certificate_issued_root_home": (
        "{name} 的证书 {value}… 不是由本机信任的根证书签发的；未导入任何内容",
        "certificate {value}… of {name} is not issued by a root this home trusts; nothing was imported",
    ),
    "bundle_trust.certificate_s_names_another": (
        "证书 {value}… 不属于 {name}（证书上是另一个人）；未导入任何内容",
        "certificate {value}… is not {name}'s (it names another person); nothing was imported",
    ),
    "bundle_trust.nothing_imported": ("{problem}；未导入任何内容", "{problem}; nothing was imported"),
    "sync_client.hub_address_http_https": (
        "同步中心地址“{url}”不是 http:// 或 https:// 地址",
        "hub address {url!r} is not an http:// or https:// address",
    ),
    "sync_client.push_mib_more_than": (
        "推送的数据为 {value:,.1f} MiB，超过同步中心接受的上限（{value2:,.1f} MiB）；请分批推送或联系同步中心的管理员",
        "the push is {value:,.1f} MiB, more than the hub accepts ({value2:,.1f} MiB); split it or ask the hub's operator",
    ),
    "sync_client.hub_refused": ("同步中心拒绝：{message}", "the hub refused: {message}"),
    "sync_client.hub_at_cannot_reached": (
        "无法连接同步中心 {url}（{reason}）",
        "the hub at {url} cannot be reached ({reason})",
    ),
    "sync_client.hub_failed": ("同步中心出错（{item_code}）：{message}", "the hub failed ({item_code}): {message}"),
    "exchange.choose_mine_theirs_every": (
        "每处差异都要选择本机或对方的版本；尚未选择：{join}",
        "choose mine or theirs for every difference; missing: {join}",
    ),
    "exchange.no_such_difference": ("没有这样的差异：{join}", "no such difference: {join}"),
    "exchange.home_s_copy_signed": (
        "本机的副本已签署并冻结：其答案、照片和签名保持不变",
        "this home's copy is signed and frozen: its answers, photos and signatures stay",
    ),
    "exchange.possible_here_choose": (
        "{key}：此处不能选择“{choice}”（可选 {join}）",
        "{key}: {choice!r} is not possible here (choose {join})",
    ),
    "exchange.record_answers_photos_signatures": (
        "此记录为“{get}”：答案、照片和签名随记录来自同一方（其余选择了 {join}）",
        "the record is {get}: its answers, photos and signatures come with it from the same side ({join} chosen otherwise)",
    ),
    "bundle_format.refused": ("交换包被拒绝：{reason}", "bundle refused: {reason}"),
}
