"""Inspections of the ``mini`` checklist in the states documents need, made through the services,
and a drawn signature to sign them with."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from civdesk.services import inspections, signing
from tests.helpers.data import PASSWORD

EXCELLENT = {"1.1": "yes", "1.2": "excellent", "2.1": 35, "2.2": "yes"}
FAILING = {"1.1": "no", "1.2": "good", "2.1": 30, "2.2": "yes"}  # 1.1 failed: one rectification
ORG = "杭州市交通运输局"


def signature_png(seed: int = 0) -> bytes:
    img = Image.new("RGBA", (240, 80), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    points = [(10 + x * 11, 40 + ((x * (7 + seed)) % 23) - 11) for x in range(20)]
    draw.line(points, fill=(0, 0, 0, 255), width=3)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def make_inspection(people, answers: dict, *, site=None, notes=None, photos=None, state="signed") -> int:
    """An inspection of the ``mini`` template at site A, taken to ``state`` (draft … signed)."""
    s = people.store
    iid = inspections.new_inspection(
        s, people.inspector, template_id="mini", site_id=site or people.site_a, kind="inspection"
    )
    for code, value in answers.items():
        inspections.answer(s, people.inspector, iid, code, value, note=(notes or {}).get(code))
    for code, paths in (photos or {}).items():
        for p in paths:
            inspections.attach_photo(s, people.inspector, iid, code, p)
    if state == "draft":
        return iid
    inspections.submit(s, people.inspector, iid)
    if state == "submitted":
        return iid
    manager = people.manager_a if (site or people.site_a) == people.site_a else people.manager_b
    inspections.approve(s, manager, iid)
    if state == "approved":
        return iid
    signing.sign(s, people.inspector, iid, PASSWORD, signature_png(1))
    signing.sign(s, manager, iid, PASSWORD, signature_png(2))
    return iid
