"""The command line's own refusals and result lines.

Each code: (Chinese, English), with the same {named} placeholders.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "cli.no_password_set_run": (
        "未提供密码：请设置环境变量 {env}，或在终端中运行以便输入",
        "no password: set {env} or run in a terminal to be asked"),
    "cli.command_acts_user_give": ("此命令以用户身份执行：请用 --user 指定用户名", "this command acts as a user: give --user NAME"),
    "cli.only_may_run": (
        "只有{role}可以执行 {command}；{user} 是{actor_role}",
        "only an {role} may run {command}; {user} is {actor_role}"),
    "cli.expected_answers": (
        "{answers}：格式应为 {{\"params\": {{…}}, \"answers\": {{\"编号\": 答案}}}}",
        "{answers}: expected {{\"params\": {{…}}, \"answers\": {{\"CODE\": VALUE}}}}"),
    "cli.users_add_needs_name": ("users add 需要用户名和 --role", "users add needs NAME and --role"),
    "cli.sites_add_needs_name": ("sites add 需要被检单位名称", "sites add needs NAME"),
    "cli.inspections_needs_inspection_id": (
        "inspections {action} 需要检查编号",
        "inspections {action} needs an inspection id"),
    "cli.inspections_show_needs_inspection": ("inspections show 需要检查编号", "inspections show needs an inspection id"),
    "cli.restore_acts_admin_give": ("恢复需要管理员身份：请用 --user 指定用户名", "restore acts as an admin: give --user NAME"),
    "cli.no_such_file": ("{file}：文件不存在", "{file}: no such file"),
    "cli.admin_backup_password_wrong": (
        "{user} 不是备份 {file} 中的管理员（或密码错误）",
        "{user} is not an admin of the backup {file} (or the password is wrong)"),
    "cli.acts_user_who_prints": (
        "{command} 以用户身份执行（由其打印并签署文档）：请用 --user 指定用户名",
        "{command} acts as a user (who prints, and signs, the document): give --user NAME"),
    "cli.unexpected_certificate_id_o": (
        "无法识别“{target}”：用法为 certificate 编号 -o 文件，或 certificate revoke 编号 --reason 原因",
        "unexpected {target!r}: certificate ID -o FILE, or certificate revoke ID --reason TEXT"),
    "cli.certificate_needs_o_file": ("certificate 需要 -o 文件.pdf", "certificate needs -o FILE.pdf"),
    "cli.certificate_revoke_needs_inspection": (
        "certificate revoke 需要检查编号",
        "certificate revoke needs the inspection ID"),
    "cli.certificate_revoke_needs_reason": (
        "certificate revoke 需要 --reason 撤销原因",
        "certificate revoke needs --reason TEXT"),
    "cli.verify_needs_either_file": (
        "verify 需要 PDF 文件或 --code 验证码（二选一）",
        "verify needs either FILE.pdf or --code CODE"),
    "cli.export_signs_bundle_user": (
        "导出时由用户签署交换包：请用 --user 指定用户名",
        "export signs the bundle as a user: give --user NAME"),
    "cli.param_must_look_like": ("--param “{p}” 的格式应为 名称=值", "--param {p!r} must look like name=value"),
    "cli.valid_json": ("{answers}：不是有效的 JSON（{e}）", "{answers}: not valid JSON ({e})"),
    "cli.users_passwd_changes_user": (
        "users passwd 修改 --user 本人的密码：请用 --user 指定用户名",
        "users passwd changes --user's own password: give --user NAME"),
    "cli.users_assign_needs_name": (
        "users assign 需要检查员用户名，每个被检单位一个 --site（不给则负责全部）",
        "users assign needs NAME (an inspector) and --site for each site, none for every site"),
    "cli.inspections_new_needs_template": (
        "inspections new 需要 --template、--site 和 --kind",
        "inspections new needs --template, --site and --kind"),
    "cli.no_such_file2": ("{path}：文件不存在", "{path}: no such file"),
    "cli.resolve_must_look_like": (
        "--resolve “{p}” 的格式应为 UUID=mine|theirs|keep_both 或 UUID/KEY=mine|theirs|both",
        "--resolve {p!r} must look like UUID=mine|theirs|keep_both or UUID/KEY=mine|theirs|both"),
    "cli.import_acts_user_give": ("导入以用户身份执行：请用 --user 指定用户名", "import acts as a user: give --user NAME"),
    "cli.excel_results_needs_at": ("excel results 至少需要一个检查编号", "excel results needs at least one inspection id"),
    "cli.unknown_item_code_template": (
        "检查表 {id} 中没有检查项“{item_code}”",
        "unknown item code {item_code!r} in template {id}"),
    "cli.resolve_settled_whole_item": (
        "--resolve：{ref} 既整体处理又逐项处理，只能选一种",
        "--resolve: {ref} is settled as a whole and item by item"),
    "cli.excel_template_needs_one": ("excel template 需要一个检查表编号", "excel template needs one template id"),
    "cli.templates_show_needs_template": ("templates show 需要检查表编号", "templates show needs a template id"),
    "cli.templates_needs_file": ("templates {action} 需要文件", "templates {action} needs a file"),
    "cli_sync.enrolling_needs_both_hub": (
        "加入同步中心需要同时给出 --hub 地址和 --code 注册码",
        "enrolling needs both --hub URL and --code CODE"),
    "cli_sync.only_admin_enrols_home": ("只有管理员可以把此数据加入同步中心", "only an admin enrols a home with a hub"),
    "cli_sync.enrolling_home_has_users": (
        "此数据已有用户，加入同步中心需要管理员：请用 --user 指定管理员",
        "enrolling a home that has users needs an admin: give --user ADMIN"),
    "cli_trust.compare_fingerprint_other_home": (
        "请与对方数据的管理员核对指纹，然后加 --yes 再次添加",
        "compare the fingerprint with the other home's admin, then add again with --yes"),
    "cli_trust.add_needs_file": ("trust add 需要证书文件", "trust add needs a certificate file"),
    "cli_trust.remove_needs_fingerprint": ("trust remove 需要指纹", "trust remove needs a fingerprint"),
    "cli.no_root_yet": ("（还没有根证书：由第一位管理员创建）", "(no root yet: the first admin creates it)"),
    "cli_trust.home_has_no_root": ("此数据还没有根证书：由第一位管理员创建", "this home has no root yet: the first admin creates it"),
    "cli_trust.trust_export_needs_o": ("trust export 需要 -o 文件.pem", "trust export needs -o FILE.pem"),
    "cli_trust.added_fingerprint_confirmed": ("未添加：指纹未经确认", "not added: the fingerprint was not confirmed"),
    "cli.template_valid": ("{file}：检查表有效", "{file}: valid"),
    "cli.imported_version": ("已导入为第 {version} 版", "imported as version {version}"),
    "cli.unchanged_version": ("未改变（与第 {version} 版相同）", "unchanged (same as version {version})"),
    "cli.template_heading": ("{id} v{version}  {title}  （{count} 项）", "{id} v{version}  {title}  ({count} items)"),
    "cli.template_item": (
        "{code}（{type}，{points:g}分）{veto} {text}",
        "{code} ({type}, {points:g} points){veto} {text}"),
    "cli.template_item_one": ("{code}（{type}，{points:g}分）{veto} {text}", "{code} ({type}, {points:g} point){veto} {text}"),
    "cli.veto_flag": (" [一票否决]", " [veto]"),
    "cli.score_line": (
        "{title} v{version}: {score:g} / {max:g} 分  {percent}%  {level}",
        "{title} v{version}: {score:g} / {max:g} points  {percent}%  {level}"),
    "cli.vetoed_by": ("一票否决: {items}", "vetoed by: {items}"),
    "cli.unanswered": ("未作答 {count} 项: {items}", "{count} unanswered: {items}"),
    "cli.password_changed": ("{user} 的密码已修改", "password of {user} changed"),
    "cli.every_site": ("全部单位", "every site"),
    "cli.assigned_to": ("{user} 负责：{sites}", "{user} is assigned to {sites}"),
    "cli.assigned_everywhere": ("{user} 负责全部被检单位", "{user} is assigned to every site"),
    "cli.user_added": ("已添加用户 {user}（编号 {id}）", "user {user} added (id {id})"),
    "cli.site_added": ("已添加被检单位 {site}（编号 {id}）", "site {site} added (id {id})"),
    "cli.inspection_created": ("已新建检查 {id}（{uuid}）", "inspection {id} ({uuid}) created"),
    "cli.submitted": ("已提交：{score:g}/{max:g} {percent}% {level}", "submitted: {score:g}/{max:g} {percent}% {level}"),
    "cli.approved": ("已审核通过", "approved"),
    "cli.returned": ("已退回给作者修改", "returned to its author"),
    "cli.inspection_summary": (
        "{title} v{version} · {state} · {score:g}/{max:g} {percent}% {level} · 已答 {answered}/{items} 项",
        "{title} v{version} · {state} · {score:g}/{max:g} {percent}% {level} · {answered}/{items} answered"),
    "cli.rectification_line": (
        "整改 {code}: {rect_state}, 期限 {due}{overdue}",
        "rectification {code}: {rect_state}, due {due}{overdue}"),
    "cli.overdue": (" (逾期)", " (overdue)"),
    "cli.certificate_line": ("证书 {serial} {title}", "certificate {serial} {title}"),
    "cli.certificate_revoked_line": (
        "证书 {serial} {title} — 已撤销: {why}",
        "certificate {serial} {title} — revoked: {why}"),
    "cli.saved_answer": ("已保存 {code} = {value}", "saved {code} = {value}"),
    "cli.check_ok": (
        "正常：数据库完整性、审计链、每行数据的封印、已存结果和附件均已核对",
        "ok: integrity, audit chain, every row against its seal, stored results and attachments verified"),
    "cli.sweep_skipped": (
        "未查找中断写入留下的文件：{reason}",
        "files left by an interrupted write were not looked for: {reason}"),
    "cli.backup_written": ("备份已写入 {path}", "backup written to {path}"),
    "cli.backup_written_photos": (
        "备份已写入 {path}；照片在 {photos}",
        "backup written to {path}; its photos are in {photos}"),
    "cli.restored": ("已从 {file} 恢复{kept}{missing}", "restored {file}{kept}{missing}"),
    "cli.restored_kept": ("；被替换的数据库保存为 {kept}", "; the replaced database is kept as {kept}"),
    "cli.restored_missing": (
        "；其中 {count} 张照片既不在此数据中，也不在 {folder}",
        "; {count} photo(s) it names are in neither this home nor {folder}"),
    "cli.document_written": ("{document}已写入 {file}", "{document} written to {file}"),
    "cli.document_written_code": (
        "{document}已写入 {file}（验证码 {code}）",
        "{document} written to {file} (verification code {code})"),
    "cli.certificate_revoked": (
        "检查 {id} 的证书 {serial} 已撤销：{why}",
        "certificate {serial} of inspection {id} revoked: {why}"),
    "cli.exported": (
        "已导出 {count} 项检查{extra}到 {path}（{mib:.2f} MiB，由 {user} 签名）",
        "exported {count} inspection(s){extra} to {path} ({mib:.2f} MiB, signed by {user})"),
    "cli.exported_extra": ("（另加其引用的 {count} 项）", " (+{count} they refer to)"),
    "cli.import_from": ("{file}：由 {who} 于 {at} 导出{new_cert}", "{file}: exported by {who} at {at}{new_cert}"),
    "cli.import_new_certificate": (" — 本机此前没有的证书", " — a certificate new to this home"),
    "cli.import_counts": (
        "新增 {added}，更新 {updated}，未变 {unchanged}，冲突 {conflicts}{resolved}",
        "added {added}, updated {updated}, unchanged {unchanged}, conflicts {conflicts}{resolved}"),
    "cli.import_resolved": ("，已解决 {count}", ", resolved {count}"),
    "cli.import_adopted_root": (
        "此数据原本没有根证书：现在信任交换包的根证书，指纹 {fingerprint}",
        "this home had no root: it now trusts the bundle's, fingerprint {fingerprint}"),
    "cli.import_added_row": ("  新增      {uuid}  {title}", "  added     {uuid}  {title}"),
    "cli.import_updated_row": ("  更新      {uuid}  {title}", "  updated   {uuid}  {title}"),
    "cli.import_resolved_row": ("  已解决    {uuid}  {title}：{how}{copy}", "  resolved  {uuid}  {title}: {how}{copy}"),
    "cli.import_copy": ("（对方版本另存为 {uuid}）", " (their version kept as {uuid})"),
    "cli.import_conflict_row": (
        "  冲突      {uuid}  {title}：{count} 处差异：{keys}{more}",
        "  conflict  {uuid}  {title}: {count} difference(s): {keys}{more}"),
    "cli.import_conflicts_hint": (
        "有冲突的检查没有写入任何内容；请用 --resolve UUID=mine|theirs|keep_both（或 UUID/KEY=mine|theirs|both）再次导入",
        "nothing of a conflicting inspection was written; import again with --resolve UUID=mine|theirs|keep_both (or UUID/KEY=mine|theirs|both)"),
    "cli.import_nothing_changed": (
        "没有变化：此数据已有交换包中的全部内容",
        "nothing changed: this home already had everything in the bundle"),
    "cli.bundle_ok": ("{file}：正常：{reason}", "{file}: OK: {reason}"),
    "cli.bundle_not_ok": ("{file}：异常：{reason}", "{file}: NOT OK: {reason}"),
    "cli.written": ("已写入 {path}", "written to {path}"),
    "cli.none": ("（无）", "(none)"),
    "cli.invalid_template": ("检查表无效：{problems}{more}", "invalid template: {problems}{more}"),
    "cli.more": ("（另有 {count} 处）", " (+{count} more)"),
    "cli.database_error": ("数据库错误：{detail}", "database error: {detail}"),
    "cli.nested_too_deeply": ("输入嵌套过深，无法读取", "the input is nested too deeply to be read"),
    "cli.password_prompt": ("{user} 的密码: ", "password of {user}: "),
    "cli.current_password_prompt": ("{user} 的当前密码: ", "current password of {user}: "),
    "cli.new_password_prompt": ("{user} 的新密码: ", "new password of {user}: "),
    "cli.new_user_password_prompt": ("新用户 {user} 的密码: ", "password for the new user {user}: "),
    "cli.enrolled": ("已加入为 {desk}：{scope}", "enrolled as {desk}: {scope}"),
    "cli.office_desk": ("办公室电脑（全部单位）", "office desk (every site)"),
    "cli.station_desk": ("站点电脑（{sites}）", "station desk for {sites}"),
    "cli.published": ("已发布 {templates}", "published {templates}"),
    "cli.published_nothing": ("没有新的检查表需要发布", "published nothing new"),
    "cli.sync_refused": ("同步被拒绝：{reason}", "sync refused: {reason}"),
    "cli.sync_done": ("{summary}，用时 {seconds:.2f} 秒", "{summary} in {seconds:.2f} s"),
    "cli.trust_own": ("本机  ", "own   "),
    "cli.trust_pinned": ("已添加", "pinned"),
    "cli.trust_row": ("{own}  {fingerprint}  {name}", "{own}  {fingerprint}  {name}"),
    "cli.root_written": (
        "根证书已写入 {file}\n指纹 {fingerprint}",
        "root certificate written to {file}\nfingerprint {fingerprint}"),
    "cli.root_trusted": ("已信任根证书 {name}\n指纹 {fingerprint}", "trusted root {name}\nfingerprint {fingerprint}"),
    "cli.root_removed": ("已不再信任：{name}（{fingerprint}）", "no longer trusted: {name} ({fingerprint})"),
    "heading.id": ("ID", "ID"),
    "heading.version": ("版本", "version"),
    "heading.items": ("检查项", "items"),
    "heading.scope": ("范围", "scope"),
    "heading.title": ("名称", "name"),
    "heading.name": ("用户名", "name"),
    "heading.display_name": ("姓名", "display name"),
    "heading.role": ("角色", "role"),
    "heading.sites": ("单位", "sites"),
    "heading.site_name": ("名称", "name"),
    "heading.kind": ("类型", "kind"),
    "heading.region": ("地区", "region"),
    "heading.managers": ("站长", "managers"),
    "heading.uuid": ("编号", "uuid"),
    "heading.date": ("日期", "date"),
    "heading.site": ("被检单位", "site"),
    "heading.template": ("检查表", "template"),
    "heading.state": ("状态", "state"),
    "heading.percent": ("得分率", "percent"),
    "heading.level": ("等级", "level"),
}
