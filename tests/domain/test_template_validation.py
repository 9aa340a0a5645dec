"""Template validation: every fault is reported with the path of the offending node."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from civdesk.domain.template import Band, Problem, TemplateError
from civdesk.domain.template_parsing import parse_template, validate_template
from civdesk.services import templates as template_files
from civdesk.services.errors import InputError

DATA = Path(__file__).resolve().parent.parent / "data"
BAD = DATA / "bad_templates"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "template-format.md"

# file stem → (path of the first problem, a fragment of its message, number of problems)
EXPECTED = {
    "duplicate_item_code": (
        "sections[0].items[1].code",
        "duplicate code '1.1' (first used at sections[0].items[0])",
        1,
    ),
    "duplicate_section_code": ("sections[1].code", "duplicate code '1' (first used at sections[0])", 1),
    "unknown_type": ("sections[0].items[0].type", "unknown item type 'checkbox'", 1),
    "overlapping_bands": ("sections[0].items[1].bands[0]", "band ≥31 overlaps the band before it", 1),
    "gapped_bands": ("sections[0].items[1].bands[1]", "bands leave a gap between 28 and 29", 1),
    "bands_gap_above_max": ("sections[0].items[1].bands[0]", "bands leave a gap above 90", 1),
    "bands_gap_below_min": ("sections[0].items[1].bands[2]", "bands leave a gap below 10", 1),
    "band_gt_and_ge": ("sections[0].items[1].bands[0]", "at most one lower bound (gt/ge)", 1),
    "band_unknown_grade": ("sections[0].items[1].bands[0].grade", "grade 'superb' is not one of", 2),
    "measure_without_bands": ("sections[0].items[1].bands", "bands must be a non-empty list", 1),
    "band_variant_unknown_value": (
        "sections[0].items[1].band_variants.south",
        "band variant for unknown region value 'south'",
        1,
    ),
    "missing_band_variant": ("sections[0].items[1].band_variants", "no bands for region=west", 1),
    "bands_by_unknown_parameter": ("sections[0].items[1].bands_by", "unknown parameter 'province'", 1),
    "negative_points": ("sections[0].items[0].points", "points must not be negative (-2)", 1),
    "empty_criterion_text": ("sections[0].items[1].text", "text must not be empty", 1),
    "veto_on_text": ("sections[0].items[1].veto", "a text item is unscored and cannot be a veto item", 1),
    "points_on_unscored": ("sections[0].items[1].points", "a date item is unscored and cannot carry points", 1),
    "levels_not_descending": ("levels[1].min_percent", "levels must be listed highest first", 1),
    "lowest_level_not_zero": ("levels[2].min_percent", "the lowest level must start at 0", 1),
    "certificate_unknown_level": ("certificates[0].levels", "unknown level 'gold'", 1),
    "unknown_method": ("sections[0].items[0].method", "unknown method 'phone_call'", 1),
    "not_a_mapping": ("", "a template must be a mapping at the top level", 1),
    "partial_fraction_above_one": ("scoring.partial_fraction", "between 0 and 1, not 1.5", 1),
    "item_partial_fraction_above_one": ("sections[0].items[0].partial_fraction", "between 0 and 1, not 1.2", 1),
    "empty_section": ("sections[1]", "section 2 has no items", 1),
    "unknown_item_key": ("sections[0].items[0].weight", "unknown item key 'weight'", 1),
    "unknown_top_key": ("sectoins", "unknown template key 'sectoins'", 1),
    "unknown_scope": ("scope", "scope 'village' is not one of toll_station", 1),
    "source_text_same": ("sections[0].items[0].source_text", "is the same as the wording shown", 1),
    "source_text_rewrite": (
        "sections[0].items[0].source_text",
        "a correction changes a few characters, it does not rewrite the criterion",
        1,
    ),
    "scored_by_unknown": ("sections[0].items[1].scored_by", "scored_by '1.9' must name another item", 1),
    "scored_by_with_points": ("sections[0].items[1].scored_by", "carries no points and is no veto item", 1),
}


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_every_bad_file_has_an_expectation():
    on_disk = {p.stem for p in BAD.glob("*.yaml")}
    assert on_disk == set(EXPECTED)
    assert len(on_disk) >= 15


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_bad_template_names_path_and_fault(stem):
    path, fragment, count = EXPECTED[stem]
    problems = validate_template(load(BAD / f"{stem}.yaml"))
    assert len(problems) == count, problems
    assert problems[0].path == path
    assert fragment in problems[0].message
    # The printed form leads with the path so an admin can find the spot in the file.
    assert str(problems[0]) == (f"{path}: {problems[0].message}" if path else problems[0].message)


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_parse_refuses_bad_template_with_every_problem(stem):
    data = load(BAD / f"{stem}.yaml")
    with pytest.raises(TemplateError) as err:
        parse_template(data)
    assert err.value.problems == validate_template(data)
    assert str(err.value).startswith(str(err.value.problems[0]))


def test_valid_minimal_template_has_no_problems():
    data = load(DATA / "valid_minimal.yaml")
    assert validate_template(data) == []
    tpl = parse_template(data)
    assert [i.code for i in tpl.items()] == ["1.1", "1.2"]
    assert tpl.item("1.2").bands == (Band("excellent", gt=31.0), Band("good", gt=28.0, le=31.0), Band("pass", le=28.0))
    assert tpl.parameter("region").default == "east"


def test_mini_fixture_template_is_valid(mini_data):
    assert validate_template(mini_data) == []


def test_documented_example_is_a_valid_template():
    """The first YAML block of docs/template-format.md is a complete template and must stay valid."""
    first = re.findall(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)[0]
    tpl = parse_template(yaml.safe_load(first))
    assert tpl.id == "civilized-city"
    assert [i.code for i in tpl.items()] == ["1.1.1"]
    assert tpl.item("1.1.1").photo_on_fail is True


def test_all_problems_are_collected_not_only_the_first():
    data = load(DATA / "valid_minimal.yaml")
    data["scope"] = "village"
    data["sections"][0]["items"][0]["points"] = -1
    data["sections"][0]["items"][1]["method"] = "guess"
    problems = validate_template(data)
    assert [p.path for p in problems] == ["scope", "sections[0].items[0].points", "sections[0].items[1].method"]
    with pytest.raises(TemplateError) as err:
        parse_template(data)
    assert (
        str(err.value) == "scope: scope 'village' is not one of toll_station, service_window, unit, city (and 2 more)"
    )


def test_nested_section_paths():
    data = load(DATA / "valid_minimal.yaml")
    data["sections"][0]["sections"] = [
        {
            "code": "1.9",
            "title": "子项",
            "items": [
                {"code": "1.9.1", "text": "好", "type": "check", "points": 1},
                {"code": "1.9.2", "text": "", "type": "check", "points": 1},
            ],
        }
    ]
    problems = validate_template(data)
    assert problems == [Problem("sections[0].sections[0].items[1].text", "tproblem.empty", {"key": "text"})]
    assert str(problems[0]) == "sections[0].sections[0].items[1].text: text must not be empty"
    assert problems[0].worded("zh") == "sections[0].sections[0].items[1].text：text 不能为空"


def test_band_variants_parsed_per_parameter_value():
    data = load(BAD / "missing_band_variant.yaml")
    bands = data["sections"][0]["items"][1]["band_variants"]["east"]
    data["sections"][0]["items"][1]["band_variants"]["west"] = [
        {"grade": "excellent", "gt": 21},
        {"grade": "good", "gt": 18, "le": 21},
        {"grade": "pass", "le": 18},
    ]
    tpl = parse_template(data)
    item = tpl.item("1.2")
    assert item.bands_by == "region"
    assert item.bands_for({"region": "central"})[0] == Band("excellent", gt=31.0)
    assert item.bands_for({"region": "west"})[1] == Band("good", gt=18.0, le=21.0)
    assert len(bands) == 3


def test_both_bands_and_band_variants_refused():
    data = load(DATA / "valid_minimal.yaml")
    item = data["sections"][0]["items"][1]
    item["bands_by"] = "region"
    item["band_variants"] = {r: list(item["bands"]) for r in ("east", "central", "northeast", "west")}
    assert validate_template(data) == [Problem("sections[0].items[1].bands", "tproblem.bands_both")]


def test_resolve_params_defaults_and_refusals():
    tpl = parse_template(load(DATA / "valid_minimal.yaml"))
    assert tpl.resolve_params(None) == {"region": "east"}
    assert tpl.resolve_params({"region": "west"}) == {"region": "west"}
    with pytest.raises(ValueError, match=r"parameter region='south' is not one of east, central, northeast, west"):
        tpl.resolve_params({"region": "south"})
    with pytest.raises(ValueError, match=r"unknown parameter 'city' for template good-example"):
        tpl.resolve_params({"city": "kunming"})


def test_load_file_reports_bad_yaml_and_non_mapping(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nsections: [\n  - a\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.yaml: not valid YAML at line \d+"):
        template_files.load_file(broken)
    with pytest.raises(TemplateError) as err:
        template_files.load_file(BAD / "not_a_mapping.yaml")
    assert err.value.problems == [Problem("", "tproblem.not_mapping")]
    with pytest.raises(InputError, match=r"nothing\.yaml: no such file"):
        template_files.load_file(tmp_path / "nothing.yaml")
