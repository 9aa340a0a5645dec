"""Refusals about people, sites, passwords, signing keys, settings and the organisation.

Each code: (Chinese, English), with the same {named} placeholders.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "accounts.no_active_user_id": ("没有编号为 {user_id} 的在用用户", "no active user with id {user_id}"),
    "accounts.no_user_named": ("没有名为“{name}”的用户", "no user named {name!r}"),
    "accounts.wrong_user_name_password": ("用户名或密码错误", "wrong user name or password"),
    "accounts.password_must_have_at": (
        "密码至少需要 {min_password} 个字符",
        "the password must have at least {min_password} characters",
    ),
    "accounts.new_password_must_differ": ("新密码不能与原密码相同", "the new password must differ from the old one"),
    "accounts.only_admin_resets_passwords": ("只有管理员可以重置密码", "only an admin resets passwords"),
    "accounts.no_user_id": ("没有编号为 {user_id} 的用户", "no user with id {user_id}"),
    "accounts.user_name_must_one": (
        "用户名“{name}”不能为空，也不能包含空格",
        "user name {name!r} must be one word without spaces",
    ),
    "accounts.role_one": ("角色“{role}”无效，应为 {join} 之一", "role {role!r} is not one of {join}"),
    "accounts.user_named_already_exists": ("已有名为“{name}”的用户", "a user named {name!r} already exists"),
    "accounts.belongs_at_least_one": ("{role}至少要属于一个被检单位", "a {role} belongs to at least one site"),
    "accounts.site_name_must_empty": ("被检单位名称不能为空", "the site name must not be empty"),
    "accounts.site_type_one": ("单位类型“{kind}”无效，应为 {join} 之一", "site type {kind!r} is not one of {join}"),
    "accounts.region_one": ("地区“{region}”无效，应为 {join} 之一", "region {region!r} is not one of {join}"),
    "accounts.only_admin_adds_sites": ("只有管理员可以添加被检单位", "only an admin adds sites"),
    "accounts.site_named_already_exists": ("已有名为“{strip}”的被检单位", "a site named {strip!r} already exists"),
    "accounts.only_admin_edits_sites": ("只有管理员可以修改被检单位", "only an admin edits sites"),
    "accounts.site_has_signed_inspections": (
        "被检单位“{name}”有已签署的检查，签名包含其名称，因此不能改名（类型、地区和地址可以修改）",
        "site {name!r} has signed inspections whose signatures cover its name; it cannot be renamed (its type, region and address can change)",
    ),
    "accounts.no_site_id": ("没有编号为 {site_id} 的被检单位", "no site with id {site_id}"),
    "accounts.no_site_named": ("没有名为“{ref}”的被检单位", "no site named {ref!r}"),
    "accounts.only_admin_assigns_site": ("只有管理员可以指定站长", "only an admin assigns site managers"),
    "accounts.only_admin_assigns_inspectors": (
        "只有管理员可以为检查员分配负责单位",
        "only an admin assigns inspectors to sites",
    ),
    "accounts.only_inspectors_assigned_sites": (
        "负责单位只为检查员设置；站长和职工属于创建时选择的单位（站长在被检单位页面指定）",
        "only inspectors are assigned to sites here (a manager or staff member belongs to their site from when the account is made; the site's manager is set on the sites screen)",
    ),
    "accounts.no_site_id2": ("没有编号为 {sid} 的被检单位", "no site with id {sid}"),
    "accounts.only_admin_adds_users": ("只有管理员可以添加用户", "only an admin adds users"),
    "accounts.first_user_new_home": ("新数据的第一个用户必须是管理员", "the first user of a new home must be an admin"),
    "accounts.no_user_id2": ("没有编号为 {manager_id} 的用户", "no user with id {manager_id}"),
    "accounts.user_active_manager": ("用户 {manager_id} 不是在用的站长", "user {manager_id} is not an active manager"),
    "accounts.too_many_failed_logins": (
        "“{name}”密码错误次数过多，请 {value} 秒后再试",
        "too many failed logins for {name!r}; try again in {value} s",
    ),
    "settings.only_admin_changes": ("只有管理员可以修改“{name}”", "only an admin changes {name}"),
    "settings.changed_moving_data_folder": (
        "“{name}”通过移动数据文件夹来修改，不单独保存",
        "{name} is changed by moving the data folder, not stored",
    ),
    "settings.seal_image_installed_set": (
        "公章图片须从 PNG 文件设置（set_seal_image）",
        "the seal image is installed with set_seal_image(), from a PNG file",
    ),
    "settings.inside_current_data_folder": (
        "“{dest}”在当前数据文件夹之内，请选择其他位置",
        "{dest} is inside the current data folder; choose a folder elsewhere",
    ),
    "settings.empty_choose_new_empty": (
        "“{dest}”不是空文件夹，请选择新的或空的文件夹",
        "{dest} is not empty; choose a new or empty folder",
    ),
    "settings.differs_after_copying": ("复制后“{rel}”与原文件不一致", "{rel} differs after copying"),
    "settings.copied_database_fails_integrity": (
        "复制到“{dest}”的数据库未通过完整性检查",
        "the copied database in {dest} fails its integrity check",
    ),
    "settings.copied_database_does_hold": (
        "复制后的数据库与原数据不一致",
        "the copied database does not hold the same rows",
    ),
    "settings.copying_failed": ("复制到“{dest}”失败：{value}", "copying to {dest} failed: {value}"),
    "organisation.organisation_s_name_must": ("单位名称不能为空", "the organisation's name must not be empty"),
    "keys.no_user_id": ("没有编号为 {user_id} 的用户", "no user with id {user_id}"),
    "keys.has_no_signing_certificate": (
        "{name} 还没有本机根证书签发的签名证书：请管理员重置其密码以签发（用户 → 重置密码）",
        "{name} has no signing certificate from this home's root yet: an admin issues one by resetting the password (用户 → 重置密码)",
    ),
    "keys.signing_document_needs_printing": (
        "签署文档需要打印人的密钥：请重新登录（命令行请用 --user 并提供密码）",
        "signing a document needs the printing user's key: log in again (with --user and the password on the command line)",
    ),
    "keys.signing_key_changed_since": (
        "登录后签名密钥已更换：请重新登录",
        "the signing key changed since this login: log in again",
    ),
    "keys.no_certificate_fingerprint": ("没有指纹为 {value}… 的证书", "no certificate with fingerprint {value}…"),
    "keys.password_does_unlock_key": ("此密码无法解锁该密钥", "the password does not unlock this key"),
    "keys.password_does_unlock_user": (
        "此密码无法解锁您的签名密钥",
        "the password does not unlock this user's signing key",
    ),
    "accounts.password_change_required": (
        "管理员重置了“{name}”的密码：请先用 civdesk users passwd --user {name} 设置新密码（CIVDESK_PASSWORD 为重置后的密码，CIVDESK_NEW_PASSWORD 为新密码）",
        "user {name!r} must change the password an admin reset before acting: civdesk users passwd --user {name} (CIVDESK_PASSWORD: the reset password, CIVDESK_NEW_PASSWORD: the new one)",
    ),
    "settings.wrong_type": ("设置“{name}”应为 {type} 类型，不能是 {value!r}", "{name} must be {type}, not {value!r}"),
    "settings.not_a_choice": (
        "设置“{name}”应为 {choices} 之一，不能是 {value!r}",
        "{name} must be one of {choices}, not {value!r}",
    ),
    "settings.below_minimum": (
        "设置“{name}”不能小于 {minimum:g}（收到 {value!r}）",
        "{name} must be at least {minimum:g}, not {value!r}",
    ),
    "settings.above_maximum": (
        "设置“{name}”不能大于 {maximum:g}（收到 {value!r}）",
        "{name} must be at most {maximum:g}, not {value!r}",
    ),
    "settings.too_long": ("设置“{name}”过长（最多 {limit} 个字符）", "{name} is too long (at most {limit} characters)"),
    "settings.not_png": ("“{name}”不是 PNG 图片", "{name} is not a PNG image"),
    "settings.unusable_png": ("“{name}”不是可用的 PNG 图片（{detail}）", "{name} is not a usable PNG image ({detail})"),
    "organisation.missing": (
        "尚未设置出具单位：请管理员在“设置 → 单位与证书”中填写单位名称后再颁发证书",
        "the issuing organisation is not set: an admin enters it in Settings (单位名称) before certificates are issued",
    ),
}
