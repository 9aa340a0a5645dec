"""Fixtures for the documents: inspections in the states documents need, made through the services
(helpers in tests/helpers/docs.py and tests/helpers/pdf.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PIL import Image

from tests.helpers.data import PASSWORD
from tests.helpers.docs import ORG, make_inspection


@pytest.fixture
def docs(people, mini, tmp_path):
    """``people`` plus a failing-item photo, a helper to make inspections, and ``login(name)``: the
    user as after logging in (their key unlocked, so the PDFs they print are signed by them), in an
    office whose admin has set the issuing organisation (ORG)."""
    from civdesk.services import accounts

    people.store.set_setting("org_name", ORG)
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (320, 240), (40, 120, 200)).save(photo, "JPEG")
    return SimpleNamespace(
        **people.__dict__,
        photo=photo,
        out=tmp_path,
        make=lambda answers, **kw: make_inspection(people, answers, **kw),
        login=lambda name: accounts.authenticate(people.store, name, PASSWORD),
    )
