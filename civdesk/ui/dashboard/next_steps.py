"""What a new desk still lacks, said where a new admin (or a new inspector) looks first.

A fresh home has the admin and the built-in checklists and nothing else: no sites, no inspectors or
managers, so nobody can start an inspection yet. The home page shows the missing steps with a
button to the page that does each; the inspections page says why 新建检查 is not offered to this
user; the sites and users pages say what to add first when they are empty.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...domain.workflow import Actor
from ...services import accounts, admin_views
from ...store import Store
from ..session import Change, Session


def tr(text: str) -> str:
    return QCoreApplication.translate("NextSteps", text)


@dataclass(frozen=True)
class Step:
    key: str  # what is missing: sites, users
    text: str
    page: str  # the page that does it
    button: str


def steps(store: Store, actor: Actor) -> list[Step]:
    """The setup steps still open, for whoever may take them (an admin)."""
    if accounts.user_refusal(actor, "add") is not None and accounts.site_refusal(actor, "add") is not None:
        return []  # nobody else takes them: no need to read every user and site at start-up
    d = admin_views.directory(store, actor)
    out = []
    if d.can("add_site") and not d.sites:
        out.append(
            Step(
                "sites",
                tr("还没有被检单位。先新增收费站、服务窗口等被检单位：检查和自评都要选择被检单位。"),
                "sites",
                tr("新增被检单位…"),
            )
        )
    roles = {u.role for u in d.users if u.active}
    if d.can("add_user") and not {"inspector", "manager"} <= roles:
        out.append(
            Step(
                "users",
                tr(
                    "还没有检查员或站长账户。新增用户：检查员做检查，站长审核本单位的检查、"
                    "管理自评和整改（站长和职工要指定所属被检单位）。"
                ),
                "users",
                tr("新增用户…"),
            )
        )
    return out


def new_inspection_note(store: Store, actor: Actor) -> str:
    """Why this user is not offered 新建检查 ('' when they are)."""
    if actor.role == "admin":
        return tr("管理员不新建检查：检查和复查由检查员新建，自评由被检单位的站长或职工新建。")
    if actor.role == "inspector" and not accounts.list_sites(store):
        return tr("还没有被检单位，无法新建检查：请管理员先新增被检单位。")
    if actor.role in ("manager", "staff") and not actor.site_ids:
        return tr("您还没有所属的被检单位，无法新建自评：请管理员在“用户”页为您指定单位。")
    return ""


def empty_sites_hint(actor: Actor) -> str:
    return (
        tr("还没有被检单位。点“新增…”添加第一个：名称、类型（收费站、服务窗口、单位、城市）和地区。")
        if actor.role == "admin"
        else tr("还没有被检单位，请管理员新增。")
    )


def lonely_users_hint(store: Store) -> str:
    """Said on the users page while no one but admins has an account."""
    if any(u.role != "admin" for u in accounts.list_users(store)):
        return ""
    return tr(
        "目前只有管理员账户。点“新增用户…”为检查员、站长和职工建立账户；站长和职工要指定所属被检单位"
        "（请先在“被检单位”页新增）。"
    )


class NextStepsCard(QFrame):
    """The open setup steps with a button each; hidden when there is none. ``go(page)`` asks the
    main window for the page that takes the step."""

    go = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("card")
        self.box = QVBoxLayout(self)
        self.title = QLabel(tr("开始使用"))
        self.title.setObjectName("breadcrumb")
        self.buttons: dict[str, QPushButton] = {}
        self.refresh()
        session.changed.connect(self._on_changed)

    def refresh(self) -> None:
        while self.box.count():
            item = self.box.takeAt(0)
            if item.widget() is not None and item.widget() is not self.title:
                item.widget().deleteLater()
            elif item.layout() is not None:
                _clear(item.layout())
        self.buttons.clear()
        found = steps(self.session.store, self.session.actor)
        self.box.addWidget(self.title)
        for n, step in enumerate(found, start=1):
            row = QHBoxLayout()
            text = QLabel(f"{n}. {step.text}")
            text.setWordWrap(True)
            button = QPushButton(step.button)
            button.clicked.connect(lambda _=False, page=step.page: self.go.emit(page))
            self.buttons[step.key] = button
            row.addWidget(text, 1)
            row.addWidget(button)
            self.box.addLayout(row)
        if found:
            last = QLabel(tr("{0}. 之后检查员登录即可新建检查，站长或职工可新建自评。").format(len(found) + 1))
            last.setObjectName("muted")
            self.box.addWidget(last)
        self.setVisible(bool(found))

    def _on_changed(self, change: Change) -> None:
        if change.sites or change.users:
            self.refresh()


def _clear(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()
