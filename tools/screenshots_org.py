"""Screenshots of the organisation screens (called by tools.screenshots.render): 我的待办 and
its count, the scoped dashboard of a station manager, issuing a certificate (the confirmation),
a refusal under the button, an issued certificate with 撤销证书…, the revoke dialog, and an
inspector's sites on the users screen. Nothing is saved, so both languages show the same data."""

from __future__ import annotations

from pathlib import Path


def render_org(store, prefs, d: Path, app, grab, settle) -> list[Path]:
    from civdesk.services import accounts, certificates
    from civdesk.services import inspections as insp
    from civdesk.ui.main_window import MainWindow
    from civdesk.ui.session import Session

    def actor(name: str):
        return accounts.actor(store, accounts.user_by_name(store, name)["id"])

    def window(name: str) -> MainWindow:
        return MainWindow(Session(store, actor(name), prefs), resume=False)

    def close(win) -> None:
        win.close()
        win.deleteLater()
        settle(app)

    out: list[Path] = []
    win = window("mgr_hzd")
    out.append(grab(win, d / "50-home-manager.png", app))
    win.show_page("mywork")
    out.append(grab(win, d / "51-my-work.png", app))
    close(win)

    inspector = actor("inspector1")
    signed = [r["id"] for r in insp.list_inspections(store, state="signed") if r["kind"] == "inspection"]
    eligible = next(i for i in signed if certificates.refusal(store, inspector, i) is None)
    refused = next(
        i for i in signed if getattr(certificates.refusal(store, inspector, i), "reason", "") == "rectifications_open"
    )
    certified = insp.list_inspections(store, state="certified")[0]["id"]

    win = window("inspector1")
    panel = win.open_review(eligible).cert_panel
    out.append(grab(win, d / "52-review-eligible.png", app))
    dialog = panel.certificate()
    out.append(grab(dialog, d / "53-certificate-confirm.png", app, None))
    dialog.reject()
    win.open_review(refused)
    out.append(grab(win, d / "54-certificate-refused.png", app))
    panel = win.open_review(certified).cert_panel
    out.append(grab(win, d / "55-certificate-issued.png", app))
    dialog = panel.open_revoke()
    dialog.reason.setPlainText("复核发现该站存在有效投诉，证书收回")
    out.append(grab(dialog, d / "56-revoke-dialog.png", app, None))
    dialog.reject()
    close(win)

    win = window("mgr_hzd")
    win.open_review(eligible if insp.view(store, eligible).row["site_id"] in actor("mgr_hzd").site_ids else refused)
    out.append(grab(win, d / "57-certificate-manager.png", app))
    close(win)

    win = window("admin")
    win.show_page("users")
    page = win.page("users")
    page.select_user("inspector2")
    dialog = page.assign_sites()
    dialog.check_site(next(s.id for s in accounts.list_sites(store) if s.name == "杭州东收费站"))
    out.append(grab(dialog, d / "58-inspector-sites.png", app, None))
    dialog.reject()
    close(win)
    return out
