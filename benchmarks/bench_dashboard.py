"""The dashboard (首页) on the 10,000-inspection home: the figures' queries, and the whole screen
rendered (figures read, tables and chart filled, every pixel painted) — target 300 ms.

Offscreen Qt: the paint is real (``QWidget.grab`` renders the widget tree into an image), only
the window system is left out.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from . import Row, at_most, median, percentile, time_ms
from .synthetic import big_home

RENDER_LIMIT_MS = 300


def run() -> list[Row]:
    from civdesk import services
    from civdesk.services import accounts
    from civdesk.services import dashboard as figures
    from civdesk.ui import i18n
    from civdesk.ui.app import make_app
    from civdesk.ui.dashboard.page import DashboardPage
    from civdesk.ui.session import Session

    home = big_home()
    app = make_app()
    i18n.install("zh_CN")
    store = services.open_home(home.home)
    try:
        n = store.scalar("SELECT COUNT(*) FROM inspections")
        sites = store.scalar("SELECT COUNT(*) FROM sites")
        admin = accounts.actor(store, accounts.user_by_name(store, "admin")["id"])
        inspector = accounts.actor(store, home.inspector_id)
        session = Session(store, inspector)

        query = time_ms(lambda: figures.summary(store, inspector), repeat=20)

        def first_show() -> None:
            page = DashboardPage(session)
            page.resize(1190, 690)
            page.refresh()
            page.grab()
            page.deleteLater()
            app.processEvents()

        opened = time_ms(first_show, repeat=5, warmup=1)
        page = DashboardPage(Session(store, admin))
        page.resize(1190, 690)
        page.show()
        app.processEvents()

        def refresh_and_paint() -> None:
            page.refresh()
            page.grab()

        render = time_ms(refresh_and_paint, repeat=20)
        page.close()
        assert page.data.total == n and len(page.data.sites) == sites
    finally:
        store.close()
    return [
        at_most(f"dashboard figures, {n:,} inspections / {sites} sites (median)", median(query), "ms", None),
        at_most(f"dashboard opened and painted, {n:,} inspections (median)", median(opened), "ms", RENDER_LIMIT_MS),
        at_most(f"dashboard refreshed and painted, {n:,} inspections (median)", median(render), "ms", RENDER_LIMIT_MS),
        at_most("dashboard refreshed and painted (p95)", percentile(render, 95), "ms", RENDER_LIMIT_MS),
    ]


if __name__ == "__main__":
    from . import __main__ as cli

    print(cli.table(run()))
