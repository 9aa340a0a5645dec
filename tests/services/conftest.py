"""Fixtures for the service tests (the shared ones are in tests/conftest.py)."""

from __future__ import annotations

import pytest

from civdesk.services import inspections as insp
from tests.helpers.data import picture_bytes


@pytest.fixture
def home_with_data(people, mini, tmp_path):
    """One inspection with answers, a note and a photo (audit entries 1..N)."""
    s = people.store
    iid = insp.new_inspection(s, people.inspector, template_id="mini", site_id=people.site_a, kind="inspection")
    insp.answer(s, people.inspector, iid, "1.1", "no", note="地面不洁")
    insp.answer(s, people.inspector, iid, "2.1", 29.5)
    f = tmp_path / "photo.jpg"
    f.write_bytes(picture_bytes())
    insp.attach_photo(s, people.inspector, iid, "1.1", f)
    return iid
