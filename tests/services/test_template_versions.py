"""Template versions from the editor's point of view: only admins store them, a copy is a new
template, and the version list says which versions inspections use."""

from __future__ import annotations

import pytest

from civdesk.domain.errors import NotAllowed
from civdesk.services import inspections, templates
from civdesk.services.errors import InputError


def test_only_an_admin_stores_a_version(people, mini_data):
    for who in (people.inspector, people.manager_a, people.staff_a, None):
        with pytest.raises(NotAllowed):
            templates.add_version(people.store, mini_data, by=who)
    assert not people.store.scalar("SELECT COUNT(*) FROM templates")
    pk, created = templates.add_version(people.store, mini_data, by=people.admin)
    assert created and templates.template_row(people.store, pk)["version"] == 1
    # CivDesk itself installs the built-in checklists (no user).
    _pk2, created = templates.add_version(people.store, mini_data | {"id": "mini-builtin"}, by=None, builtin=True)
    assert created


def test_versions_count_the_inspections_that_use_them(people, mini, mini_data):
    s = people.store
    iid = inspections.new_inspection(s, people.inspector, template_id="mini", site_id=people.site_a, kind="inspection")
    mini_data["sections"][0]["items"][0]["text"] = "使用文明用语（修订）"
    pk2, created = templates.add_version(s, mini_data, by=people.admin)
    assert created
    assert [(v.version, v.inspections) for v in templates.versions(s, "mini")] == [(2, 0), (1, 1)]
    assert inspections.view(s, iid).template.item("1.1").text == "使用文明用语"
    assert templates.template_data(s, pk2)["version"] == 2


def test_duplicate_is_version_1_of_a_new_template(people, mini):
    s = people.store
    pk, tid = templates.duplicate(s, mini, by=people.admin)
    assert tid == "mini-copy" and templates.template_row(s, pk)["version"] == 1
    assert templates.get_template(s, pk).title == "小型检查表（副本）"
    assert templates.free_id(s, "mini-copy") == "mini-copy-2"
    with pytest.raises(InputError, match="already exists"):
        templates.duplicate(s, mini, by=people.admin, new_id="mini-copy")
    with pytest.raises(NotAllowed):
        templates.duplicate(s, mini, by=people.inspector, new_id="mine")


def _as_before_corrections(data: dict) -> dict:
    """A built-in template as version 1 had it: the seed's words shown, no source fields."""
    import copy

    old = copy.deepcopy(data)

    def walk(sections):
        for sec in sections:
            if "source_title" in sec:
                sec["title"] = sec.pop("source_title")
            for item in sec.get("items") or []:
                if "source_text" in item:
                    item["text"] = item.pop("source_text")
                item.pop("scored_by", None)
            walk(sec.get("sections") or [])

    walk(old["sections"])
    old["version"] = 1
    return old


def test_corrected_builtins_get_the_same_version_in_new_and_existing_homes(tmp_path):
    """Bundles refuse a template version whose content differs between two homes, so a built-in file
    whose content changed carries the version number an existing home gives it (the next one)."""
    from civdesk import services
    from civdesk.services import templates as tpl_service

    fresh = services.open_home(tmp_path / "fresh")
    old = services.open_home(tmp_path / "old")
    try:
        with old.write():
            old.conn.execute("DELETE FROM templates")
        old.set_setting("builtin_templates_fingerprint", "")
        for path in tpl_service.builtin_files():
            data = tpl_service.load_file(path)
            if data["version"] > 1:
                tpl_service.add_version(old, _as_before_corrections(data), by=None, builtin=True)
        tpl_service.install_builtin(old)
        for tid in ("toll-window", "civilized-city", "civilized-unit"):
            here = {v.version for v in tpl_service.versions(old, tid)}
            assert here == {1, 2}, tid
            a = fresh.one("SELECT version, sha256 FROM templates WHERE template_id = ?", (tid,))
            b = old.one("SELECT version, sha256 FROM templates WHERE template_id = ? AND version = 2", (tid,))
            assert a == b, tid
            assert (
                tpl_service.latest(old, tid)
                .item("3.3" if tid == "toll-window" else {"civilized-city": "1.4.1", "civilized-unit": "3.2"}[tid])
                .source_text
            )
    finally:
        fresh.close()
        old.close()
