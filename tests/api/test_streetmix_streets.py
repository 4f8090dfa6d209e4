"""Streetmix streets at the door: real streets through the dry run, warnings instead of refusals,
and the round trip through the Streetmix download of an option and of an alternative."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chalicelib.domain.section import parse_section, section_warnings
from tests.support.staff_api import call, mint
from tests.support.streetmix import STREETMIX_DOCUMENTS, needs_documents

REAL_STREETS = [
    "3dstreet-sample-streetmix-response.json",  # schema 17, imperial, feet, no elevations
    "3dstreet-streetmix-schema30.json",  # schema 30, metric, levels
    "3dstreet-light-rail-avenue.streetmix.json",  # schema 33, units 2
]
OWN_STREETS = sorted(
    (Path(__file__).resolve().parents[1] / "fixtures" / "real" / "streetmix").glob("*.json")
)
OPTIONS = "/staff/consultations/demo/options"


def _option(doc: object, oid: str = "s") -> dict:
    return {"id": oid, "title": {"en": "A street"}, "kind": "section", "streetmix": doc}


@needs_documents
@pytest.mark.parametrize("name", REAL_STREETS)
def test_each_real_street_passes_the_dry_run_as_streetmix_reads_it(api, staff_keys, name):
    admin = mint(staff_keys, "admin")
    doc = json.loads((STREETMIX_DOCUMENTS / name).read_text())

    answer = call(api, "POST", f"{OPTIONS}?dry_run=true", admin, _option(doc))

    assert answer.status_code == 200, answer.json_body
    assert parse_section(answer.json_body["plan"]) == parse_section(doc)
    assert answer.json_body["warnings"] == []


@pytest.mark.parametrize("path", OWN_STREETS, ids=lambda p: p.name)
def test_each_openly_licensed_real_street_passes_the_dry_run_with_its_warnings(
    api, staff_keys, path
):
    admin = mint(staff_keys, "admin")
    doc = json.loads(path.read_text())
    expected = parse_section(doc)

    answer = call(api, "POST", f"{OPTIONS}?dry_run=true", admin, _option(doc))

    assert answer.status_code == 200, answer.json_body
    assert parse_section(answer.json_body["plan"]) == expected
    assert answer.json_body["warnings"] == [w.to_dict() for w in section_warnings(expected)]


@pytest.mark.parametrize("path", OWN_STREETS, ids=lambda p: p.name)
def test_each_openly_licensed_real_street_is_added_by_the_cli(
    api, staff_keys, tmp_path, capsys, path
):
    from chalicelib import cli

    spec = tmp_path / "consultation.json"
    spec.write_text(json.dumps({"id": "real-street", "title": {"en": "A real street"}}))
    assert cli.main(["create-consultation", str(spec)]) == 0
    assert cli.main(["add-option", "real-street", "a", str(path), "--title", "As saved"]) == 0
    out = capsys.readouterr().out
    expected = section_warnings(parse_section(json.loads(path.read_text())))
    assert "added option 'a' (section)" in out
    assert out.count("warning: ") == len(expected)
    admin = mint(staff_keys, "admin")
    stored = call(api, "GET", "/staff/consultations/real-street/options/a", admin)
    assert stored.status_code == 200, stored.json_body
    assert parse_section(stored.json_body["plan"]) == parse_section(json.loads(path.read_text()))
    assert len(stored.json_body["warnings"]) == len(expected)


def test_an_overflowing_street_with_a_one_foot_bench_is_accepted_with_warnings(api, staff_keys):
    admin = mint(staff_keys, "admin")
    doc = {
        "schemaVersion": 35,
        "units": 1,
        "width": 9.144,  # 30 ft
        "segments": [
            {"type": "sidewalk-bench", "variantString": "left", "width": 0.305, "elevation": 0.152},
            {"type": "drive-lane", "variantString": "inbound|car", "width": 6.096},
            {"type": "drive-lane", "variantString": "outbound|car", "width": 6.096},
            {"type": "hovercraft", "variantString": "", "width": 1.0},
        ],
    }

    answer = call(api, "POST", f"{OPTIONS}?dry_run=true", admin, _option(doc))

    assert answer.status_code == 200, answer.json_body
    warnings = answer.json_body["warnings"]
    assert [w["kind"] for w in warnings] == ["unusual-width", "unknown-type", "overflow"]
    assert warnings[0]["message"].startswith(
        "segment 1 (sidewalk-bench) is 0.305 m (1 ft) wide, unusually narrow"
    )
    assert "13.497 m (44.28 ft), 4.353 m (14.28 ft) more" in warnings[2]["message"]


def test_an_option_downloads_as_a_streetmix_street_that_imports_as_the_same_plan(api):
    option = api.get("/consultations/demo/options/a").json_body

    download = api.get("/consultations/demo/options/a/streetmix")

    assert download.status_code == 200, download.json_body
    assert "attachment" in download.headers["Content-Disposition"]
    document = download.json_body
    assert document["data"]["street"]["schemaVersion"] == 35
    assert parse_section(document) == parse_section(option["plan"])


def test_a_map_option_has_no_streetmix_download(api):
    answer = api.get("/consultations/demo/options/b/streetmix")

    assert answer.status_code == 404
    assert "street section" in answer.json_body["error"]["message"]


def test_an_alternative_downloads_as_the_same_plan(api):
    plan = api.get("/consultations/demo/options/a").json_body["plan"]
    plan["segments"][0]["width"] = round(plan["segments"][0]["width"] + 0.5, 3)
    plan["segments"][1]["type"] = "hovercraft"  # kept, with a warning
    created = api.post(
        "/consultations/demo/submissions",
        {"option_id": "a", "kind": "alternative", "text": "Wider footpath.", "plan": plan},
    )
    assert created.status_code == 201, created.json_body
    sid = created.json_body["id"]
    stored = api.get(f"/consultations/demo/submissions/{sid}").json_body["plan"]

    download = api.get(f"/consultations/demo/submissions/{sid}/streetmix")

    assert download.status_code == 200, download.json_body
    assert parse_section(download.json_body) == parse_section(stored)
