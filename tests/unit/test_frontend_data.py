"""The pages' generated data (scripts/build_frontend_data.py) says what the Python sources say."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest

from chalicelib.domain import (
    catalogue,
    consultation,
    ids,
    response,
    section,
    staff,
    stats,
    submission,
    validation,
)
from tests.e2e.stack import ROOT

pytestmark = pytest.mark.unit

_spec = importlib.util.spec_from_file_location(
    "build_frontend_data", ROOT / "scripts" / "build_frontend_data.py"
)
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)


def test_catalogue_document_is_the_python_catalogue(tmp_path):
    build.main(tmp_path, tmp_path / "vendor", tmp_path / "sprites.json")
    document = json.loads((tmp_path / "catalogue.json").read_text())
    assert [t["name"] for t in document["types"]] == list(catalogue.CATALOGUE)
    for entry in document["types"]:
        kind = catalogue.CATALOGUE[entry["name"]]
        assert (entry["label"], entry["min_width"], entry["max_width"], entry["category"]) == (
            kind.label,
            kind.min_width,
            kind.max_width,
            kind.category,
        )
        assert kind.min_width <= entry["default_width"] <= kind.max_width
        assert entry["colour"] == catalogue.CATEGORY_COLOURS[kind.category]
    assert document["max_segments"] == section.MAX_SEGMENTS
    assert document["street_min_width"] == section.STREET_MIN_WIDTH
    assert document["common_types"] == list(catalogue.COMMON_TYPES)
    assert (document["max_name_chars"], document["max_building_floors"]) == (
        section.MAX_NAME_CHARS,
        section.MAX_BUILDING_FLOORS,
    )
    assert document["max_problems"] == validation.MAX_PROBLEMS
    assert (document["id_pattern"], document["id_rule"]) == (
        ids.ELEMENT_ID_PATTERN,
        validation.ID_RULE,
    )


DOMAIN_LISTS = {
    "FLAG_REASONS": submission.FLAG_REASONS,
    "STANCES": submission.STANCES,
    "STATISTICS_STANCES": stats.STANCES,
    "STATISTICS_KINDS": stats.KINDS,
    "STATISTICS_STATES": stats.STATES,
    "DECISIONS": consultation.DECISIONS,
    "RESPONSE_STATUSES": response.RESPONSE_STATUSES,
    "ROLES": staff.ROLES,
}


def test_values_module_is_the_domain_lists(tmp_path):
    build.main(tmp_path, tmp_path / "vendor", tmp_path / "sprites.json")
    exported = dict(
        re.findall(r"^export const (\w+) = (.+);$", (tmp_path / "values.js").read_text(), re.M)
    )
    for name, values in DOMAIN_LISTS.items():
        assert json.loads(exported[name]) == list(values), name
    assert [json.loads(exported[role]) for role in ("ADMIN", "MODERATOR", "ANALYST")] == list(
        staff.ROLES
    )


def _page_scripts() -> list:
    return sorted((ROOT / "frontend" / "js").rglob("*.js"))


def test_the_pages_hold_no_hand_typed_copy_of_an_allowed_value_list():
    """An array literal in the pages' scripts with exactly a domain list's values is a copy that
    would drift: the pages import it from frontend/generated/values.js instead."""
    copies = []
    for path in _page_scripts():
        for literal in re.findall(r"\[([^\[\]]*)\]", path.read_text()):
            items = set(re.findall(r"[\"']([^\"']+)[\"']", literal))
            copies += [
                f"{path.relative_to(ROOT)}: {name}"
                for name, values in DOMAIN_LISTS.items()
                if len(values) > 1 and items == set(values)
            ]
    assert copies == []


def test_the_section_validator_takes_its_limits_from_the_generated_catalogue():
    source = (ROOT / "frontend" / "js" / "section" / "validate.js").read_text()
    assert re.findall(r"^const [A-Z_]+ = .*\d;$", source, re.M) == []
    assert validation.ID_RULE not in source
    assert ids.ELEMENT_ID_PATTERN.strip("^$") not in source


def test_languages_are_the_catalogue_files_english_first(tmp_path):
    (tmp_path / "i18n").mkdir()
    for tag, name in (("mi", "Te reo Māori"), ("en", "English"), ("es", "Español")):
        (tmp_path / "i18n" / f"{tag}.json").write_text(json.dumps({"meta": {"name": name}}))
    assert build.languages_document(tmp_path / "i18n") == [
        {"tag": "en", "name": "English"},
        {"tag": "es", "name": "Español"},
        {"tag": "mi", "name": "Te reo Māori"},
    ]


def test_every_ui_catalogue_has_the_english_keys():
    def keys(node: dict, prefix: str = "") -> set[str]:
        found: set[str] = set()
        for key, value in node.items():
            found |= keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
        return found

    # Every string, residents' and staff's, in every language.
    english = keys(json.loads((ROOT / "frontend" / "i18n" / "en.json").read_text()))
    for path in (ROOT / "frontend" / "i18n").glob("*.json"):
        other = keys(json.loads(path.read_text()))
        assert english - other == set(), path.name


def test_every_translation_of_a_staff_string_keeps_its_placeholders():
    def strings(node: dict, prefix: str = "") -> dict[str, str]:
        found: dict[str, str] = {}
        for key, value in node.items():
            if isinstance(value, dict):
                found |= strings(value, f"{prefix}{key}.")
            else:
                found[prefix + key] = value
        return found

    def names(text: str) -> set[str]:
        return set(re.findall(r"\{(\w+)\}", text))

    english = strings(json.loads((ROOT / "frontend" / "i18n" / "en.json").read_text())["staff"])
    for path in (ROOT / "frontend" / "i18n").glob("*.json"):
        other = strings(json.loads(path.read_text()).get("staff", {}))
        wrong = [k for k, text in english.items() if k in other and names(other[k]) != names(text)]
        assert wrong == [], path.name
