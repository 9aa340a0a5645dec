"""Refusals of ``civdesk-hub``, the hub's administration command (civdesk/hub/cli.py).

Each code: (Chinese, English), with the same {named} placeholders.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "hub_cli.cannot_connect": ("无法连接同步中心数据库：{detail}", "cannot connect to the hub database: {detail}"),
    "hub_cli.needs_migrate": (
        "同步中心数据库需要先执行 `civdesk-hub migrate`（有 {count} 步待执行）",
        "the hub database needs `civdesk-hub migrate` ({count} step(s) pending)",
    ),
    "hub_cli.give_name": ("请用 --name 指定电脑名称", "give the desk a --name"),
    "hub_cli.name_sites": (
        "请用 --site 指定该电脑的被检单位（可重复），或用 --office 设为办公室电脑",
        "name the desk's sites (--site SITE, repeated) or make it an --office desk",
    ),
    "hub_cli.office_or_site": (
        "办公室电脑负责全部被检单位：--office 与 --site 只能用其一",
        "an --office desk covers every site; give either --office or --site",
    ),
    "hub_cli.already_enrolled": (
        "电脑“{name}”已加入；要让新机器加入，请先吊销它",
        "desk {name!r} is already enrolled; revoke it first to enrol a new machine",
    ),
    "hub_cli.empty_site": ("--site 的名称为空", "a --site name is empty"),
    "hub_cli.revoke_what": (
        "请指定要吊销的电脑（--name DESK）或用户（--user NAME）",
        "name either a desk (--name DESK) or a user (--user NAME) to revoke",
    ),
    "hub_cli.no_user_certificate": (
        "同步中心没有用户“{user}”未吊销的证书",
        "the hub holds no unrevoked certificate of a user named {user!r}",
    ),
    "hub_cli.no_desk": ("没有名为“{name}”的已加入电脑", "no enrolled desk named {name!r}"),
    "hub_cli.root_needs_both": (
        "提供单位根证书需要同时给出 --import-certificate 和 --import-key",
        "giving the organisation's root needs both --import-certificate and --import-key",
    ),
    "hub_cli.file": ("{path}：{reason}", "{path}: {reason}"),
    "hub_cli.refused": ("{reason}", "{reason}"),
}
