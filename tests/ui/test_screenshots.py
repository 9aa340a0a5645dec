"""`python -m tools.screenshots`: every main screen in both languages at 1366×768."""

from __future__ import annotations

from PySide6.QtGui import QImage

from tools import screenshots

MAIN = {
    "03-home",
    "04-inspections",
    "05-sites",
    "08-walkthrough",
    "09-walkthrough-veto",
    "10-measure-band",
    "11-measure-refused",
    "12-submit-blocked",
    "13-settings",
    "40-review",
    "41-review-signed",
    "43-rectifications",
    "46-users",
    "48-walkthrough-returned",
    # 我的待办, a station manager's dashboard (their site only), and the certificate panel states.
    "50-home-manager",
    "51-my-work",
    "52-review-eligible",
    "54-certificate-refused",
    "55-certificate-issued",
    "57-certificate-manager",
}
# The dashboard, the template editor (and a fault it finds) and settings, in light and dark.
MAIN |= {
    f"{shot}-{mode}"
    for shot in ("20-dashboard", "21-template-editor", "22-template-problem", "23-settings")
    for mode in ("light", "dark")
}


def test_screens_render_in_both_languages_at_1366x768(qtbot, tmp_path):
    paths = screenshots.render(tmp_path)
    names = {(p.parent.name, p.stem) for p in paths}
    for lang in ("zh_CN", "en"):
        assert {(lang, m) for m in MAIN} <= names
        assert (lang, "02-login") in names and (lang, "01-first-run") in names
    for p in paths:
        image = QImage(str(p))
        assert not image.isNull(), p
        if p.stem in MAIN:
            # The window did not have to grow to fit its contents (nothing forced wider or taller).
            assert (image.width(), image.height()) == (1366, 768), p
        else:
            assert image.width() <= 1366 and image.height() <= 768, p
        colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)}
        assert len(colours) > 3, f"{p} looks blank"
