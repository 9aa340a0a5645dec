"""Refusals about the home folder, its database, backups, locks, fonts and built-in resources.

Each code: (Chinese, English), with the same {named} placeholders.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "maintenance.already_exists_choose_new": (
        "“{dest}”已存在，请换一个文件名",
        "{dest} already exists; choose a new file name",
    ),
    "maintenance.fails_integrity_check": (
        "“{path}”未通过完整性检查：{value}",
        "{path} fails its integrity check: {value}",
    ),
    "maintenance.civdesk_backup_no_civdesk": (
        "“{path}”不是 CivDesk 备份（没有 CivDesk 的数据表）",
        "{path} is not a CivDesk backup (no CivDesk tables)",
    ),
    "maintenance.fails_audit_chain_at": (
        "“{path}”的审计链在第 {value} 条处断开，不能用于恢复：{value2}",
        "{path} fails its audit chain at entry {value}: {value2}",
    ),
    "maintenance.no_such_file": ("{src}：文件不存在", "{src}: no such file"),
    "maintenance.unknown_backup_setting": ("未知的备份设置“{value}”", "unknown backup setting {value!r}"),
    "maintenance.no_backup_made_damaged": (
        "没有生成备份：数据文件“{path}”已损坏：{value}",
        "no backup was made: {path} is damaged: {value}",
    ),
    "maintenance.backup_cancelled_no_backup": (
        "备份已取消：没有写入备份文件（已复制的照片保留，下次备份会跳过它们）",
        "backup cancelled: no backup file was written (the photos copied so far are kept and the next backup skips them)",
    ),
    "maintenance.choose_a_backup": ("请选择一个备份", "choose a backup"),
    "maintenance.only_admin_backs_up": (
        "只有管理员可以手动备份或恢复：备份包含全部用户、密钥和检查数据",
        "only an admin backs up or restores by hand: a backup holds every user, key and inspection",
    ),
    "maintenance.usable_backup": ("“{path}”不是可用的备份：{e}", "{path} is not a usable backup: {e}"),
    "demo.home_already_has_users": (
        "此数据已有用户；演示数据只填入空数据（请使用其他 --home）",
        "this home already has users; the demo fills only an empty home (use another --home)",
    ),
    "lock.being_restored_process_try": (
        "“{home}”正在由进程 {pid} 恢复，请等它完成后再试",
        "{home} is being restored by process {pid}; try again when it has finished",
    ),
    "lock.open_another_civdesk_process": (
        "“{home}”正在被另一个 CivDesk 使用（进程 {join}）：请先关闭它再恢复；未做任何改动",
        "{home} is open in another CivDesk (process {join}): close it first, then restore; nothing was changed",
    ),
    "lock.already_being_restored_process": (
        "“{home}”已在由进程 {pid} 恢复",
        "{home} is already being restored by process {pid}",
    ),
    "db.civdesk_database_sqlite_file": (
        "“{path}”不是 CivDesk 数据库（不是 SQLite 文件），未做任何改动",
        "{path} is not a CivDesk database (not an SQLite file); it was left untouched",
    ),
    "db.truncated_bytes_header_says": (
        "“{path}”不完整（{size} 字节，文件头表明应有 {value} 字节），未做任何改动",
        "{path} is truncated ({size} bytes, the header says {value}); it was left untouched",
    ),
    "db.could_switch_wal_journal": (
        "“{path}”：无法切换到 WAL 日志模式（得到 {mode}）",
        "{path}: could not switch to WAL journal (got {mode})",
    ),
    "db.cannot_opened": ("无法打开“{path}”：{e}", "{path} cannot be opened: {e}"),
    "db.cannot_used": ("无法使用“{path}”：{e}", "{path} cannot be used: {e}"),
    "fonts.has_no_face": ("{source_path} 中没有 {sc_face} 字体", "{source_path} has no {sc_face} face"),
    "fonts.chinese_font_package_installed": (
        "未安装中文字体包 {replace}（pip install manimgx-fonts-cjk）",
        "the Chinese font package {replace} is not installed (pip install manimgx-fonts-cjk)",
    ),
    "maintenance.altered_outside": (
        "“{path}”中有在 CivDesk 之外被改动的数据，不能用于恢复：{first}（另有 {more} 处）",
        "{path} holds data changed outside CivDesk: {first} (+{more} more)",
    ),
    "maintenance.cannot_be_read": ("无法读取“{path}”：{detail}", "{path} cannot be read: {detail}"),
    "maintenance.damaged": ("“{path}”已损坏：{detail}", "{path} is damaged: {detail}"),
    "files.cannot_read": ("无法读取“{path}”：{reason}", "{path}: cannot be read ({reason})"),
    "backups.every_hours": ("备份间隔必须大于 0 小时（收到 {value!r}）", "every_hours must be above 0, not {value!r}"),
    "backups.keep_last": ("至少要保留 1 份备份（收到 {value!r}）", "keep_last must be at least 1, not {value!r}"),
    "backups.keep_days": ("保留天数不能为负数（收到 {value!r}）", "keep_days must not be negative, not {value!r}"),
    "resource.missing": (
        "内置资源 {part} 缺失（位于 {folder}）；请重新安装 CivDesk",
        "built-in resource {part} is missing (in {folder}); reinstall CivDesk",
    ),
    "resource.not_a_file": (
        "内置资源 {part} 不是文件（位于 {folder}）；请重新安装 CivDesk",
        "built-in resource {part} is not a file (in {folder}); reinstall CivDesk",
    ),
    "resource.unreadable": (
        "内置资源 {part} 无法读取（{detail}，位于 {folder}）；请重新安装 CivDesk",
        "built-in resource {part} is unreadable ({detail}) (in {folder}); reinstall CivDesk",
    ),
}
