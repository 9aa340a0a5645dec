"""Bundles' JSON within the depth limit: a bundle signed by a key the home knows, whose members
nest lists hundreds deep (or whose template nests sections hundreds deep), is refused with one line
that names the limit, before anything is written; the CLI exits 2."""

from __future__ import annotations

import json

import pytest

from civdesk.cli import main
from civdesk.services import exchange
from civdesk.services.exchange.bundle_format import BundleRefused
from tests.helpers.exchange import members, resign, snapshot, write_zip


def _deep_history(content):
    name = next(n for n in sorted(content) if n.startswith("inspections/"))
    member = json.loads(content[name])
    text = json.dumps(member, ensure_ascii=False)
    deep = "[" * 5000 + "]" * 5000
    return {**content, name: text.replace('"history": [', f'"history": [{deep}, ', 1).encode()}


def _deep_template(content):
    name = next(n for n in sorted(content) if n.startswith("templates/"))
    t = json.loads(content[name])
    data = json.loads(t["data"])
    section = data["sections"][0]
    for d in range(300):
        section = {"code": f"D{d}", "title": "深", "sections": [section]}
    data["sections"] = [section]
    t["data"] = _dumps_deep(data)
    return {**content, name: json.dumps(t, ensure_ascii=False).encode()}


def _dumps_deep(data) -> str:
    """json.dumps of data nested deeper than the interpreter's default recursion limit allows."""
    import sys

    old = sys.getrecursionlimit()
    sys.setrecursionlimit(20_000)
    try:
        return json.dumps(data, ensure_ascii=False)
    finally:
        sys.setrecursionlimit(old)


@pytest.mark.parametrize(
    "deepen, where",
    [(_deep_history, "inspections/"), (_deep_template, "templates/")],
    ids=["inspection member", "template data"],
)
def test_deep_json_in_a_signed_bundle_is_refused(demo_a, home_b, bundle_few, tmp_path, capsys, deepen, where):
    bad = write_zip(tmp_path / "deep.civpack", resign(deepen(members(bundle_few)), demo_a, "admin", "admin123"))
    before = snapshot(home_b.home)
    with pytest.raises(
        BundleRefused,
        match=rf"bundle refused: {where}\S+: lists and mappings nested more than 40 "
        r"deep \(the limit is 40\)",
    ):
        exchange.import_bundle(home_b, bad, by=None)
    assert snapshot(home_b.home) == before
    capsys.readouterr()
    assert main(["--home", str(home_b.home), "--lang", "en", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nested more than 40 deep" in err and "Traceback" not in err
    assert snapshot(home_b.home) == before
