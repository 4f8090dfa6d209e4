"""The pages' generated data (scripts/build_frontend_data.py) says what the Python sources say."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest

from chalicelib.domain import catalogue, section
from tests.e2e.stack import ROOT

pytestmark = pytest.mark.unit

_spec = importlib.util.spec_from_file_location(
    "build_frontend_data", ROOT / "scripts" / "build_frontend_data.py"
)
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)


def test_catalogue_document_is_the_python_catalogue(tmp_path):
    build.main(tmp_path)
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
