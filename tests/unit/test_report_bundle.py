"""The report bundle on handmade data with known answers: one pass feeds every file."""

from __future__ import annotations

import copy
import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from chalicelib.domain.report.bundle import CONTENT_TYPES, build_bundle
from chalicelib.domain.submission import Submission, alternative_of
from tests.support.report_fixtures import CONSULTATION, LETTER, OPTIONS, START, comment

SECTION = OPTIONS[0]

OWN_WORDS = [
    "The central platform is too narrow for the crowds after a rugby match at Eden Park.",
    "Could the cycleway be separated from the footpath by a kerb? Kids ride here daily.",
    "I support light rail but please keep one loading zone near the shops at Balmoral.",
    "Trams every five minutes would finally make this road usable without a car for me.",
    "Please think about the night-time noise for the flats above the shops on this block.",
]


def alternative(n: int, remove: set[str], widen: dict[str, float] | None = None) -> Submission:
    raw = SECTION.plan.to_dict()
    raw["segments"] = [s for s in copy.deepcopy(raw["segments"]) if s["id"] not in remove]
    for segment in raw["segments"]:
        segment["width"] = (widen or {}).get(segment["id"], segment["width"])
    plan, diff = alternative_of(SECTION, raw)
    return comment(n, f"My street, version {n}.", kind="alternative", plan=plan, diff=diff)


def dataset() -> list[Submission]:
    names = [
        ("Ana", "Mt Eden"),
        ("Bo", "Balmoral"),
        ("Cy", "Sandringham"),
        ("Di", "Epsom"),
        ("Ed", "Kingsland"),
        ("Flo", "Three Kings"),
    ]
    items = [
        comment(i, LETTER.format(name=n, town=t), stance="oppose") for i, (n, t) in enumerate(names)
    ]
    items += [comment(10 + i, text, stance="support") for i, text in enumerate(OWN_WORDS)]
    items += [
        comment(20, "Keep these trees.", element_id="west-trees", stance="support", endorsements=7),
        comment(
            21,
            "Trees block the view of the tram.",
            element_id="west-trees",
            stance="oppose",
            endorsements=2,
        ),
        comment(22, "Fine as drawn.", element_id="west-trees"),
        comment(23, "=cmd|' /C calc'!A0", stance="neutral"),
        comment(24, "<script>alert(1)</script> is not a comment", endorsements=9),
        comment(25, "A stop here please.", option_id="b", point=(174.7467, -36.8792)),
        # Two days after the others: the day between them has none.
        comment(70, "Late thought.", created_at=START + timedelta(days=3)),
        comment(71, "Held for moderation.", status="pending"),
        comment(72, "Hidden by a moderator.", status="hidden"),
    ]
    items += [
        alternative(30, {"west-trees"}),
        alternative(31, {"west-trees"}, {"west-footpath": 3.0}),
        alternative(32, {"east-trees"}, {"west-footpath": 3.5}),
    ]
    return sorted(items, key=lambda s: s.id)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bundle")
    seen: list[int] = []
    result = build_bundle(
        CONSULTATION, OPTIONS, dataset(), folder, progress=seen.append, progress_every=10
    )
    return result, folder, seen


def _read(folder: Path, name: str) -> bytes:
    return (folder / name).read_bytes()


def test_counts_per_option_kind_stance_day_and_state(bundle):
    result, folder, progress = bundle
    summary = json.loads(_read(folder, "summary.json"))
    assert summary["totals"] == {
        "submissions": 21,
        "comments": 18,
        "alternatives": 3,
        "endorsements": 18,
        "endorsements_earlier_versions": 0,
        "edited": 0,
        "pins": 1,
        "unique_comments": 12,
    }
    per_option = {
        (r["option_id"], r["kind"], r["stance"]): r["count"] for r in summary["per_option"]
    }
    assert per_option == {
        ("a", "comment", "oppose"): 7,
        ("a", "comment", "support"): 6,
        ("a", "comment", "neutral"): 1,
        ("a", "comment", "none"): 3,
        ("a", "alternative", "none"): 3,
        ("b", "comment", "none"): 1,
    }
    assert [d["submissions"] for d in summary["per_day"]] == [11, 9, 0, 1]
    assert summary["per_day"][0]["date"] == "2026-11-02"
    assert summary["moderation"] == {"published": 21, "pending": 1, "hidden": 1, "withdrawn": 0}
    assert result.counts["read"] == 23 and progress == [10, 20, 23]


def test_elements_and_top_endorsed(bundle):
    _, folder, _ = bundle
    summary = json.loads(_read(folder, "summary.json"))
    [trees] = [e for e in summary["elements"] if e["element_id"] == "west-trees"]
    assert trees["label"] == "sidewalk-tree"
    assert trees["comments"] == 3
    assert trees["stance"] == {"support": 1, "oppose": 1, "neutral": 0, "none": 1}
    assert [t["endorsements"] for t in trees["top_endorsed"]] == [7, 2]
    assert [t["endorsements"] for t in summary["top_endorsed"]] == [9, 7, 2]


def test_campaign_of_six_letters_found_and_own_words_not_merged(bundle):
    _, folder, _ = bundle
    campaigns = json.loads(_read(folder, "summary.json"))["campaigns"]
    [cluster] = campaigns["clusters"]
    assert cluster["size"] == 6
    assert cluster["first_at"] == "2026-11-02T09:00:00Z"
    assert cluster["last_at"] == "2026-11-02T14:00:00Z"
    assert campaigns["unique_comments"] == 12  # the 5 own-words letters among them


def test_consensus_removes_what_most_alternatives_removed(bundle):
    _, folder, _ = bundle
    [section, route] = json.loads(_read(folder, "alternatives.json"))["options"]
    assert route["alternatives"] == 0 and route["consensus"] is None
    assert section["alternatives"] == 3
    elements = {e["id"]: e for e in section["elements"]}
    assert elements["west-trees"]["removed"] == 2
    assert elements["east-trees"]["removed"] == 1
    ids = [s["id"] for s in section["consensus"]["plan"]["segments"]]
    assert "west-trees" not in ids and "east-trees" in ids
    footpath = next(
        s for s in section["consensus"]["plan"]["segments"] if s["id"] == "west-footpath"
    )
    assert footpath["width"] == 3.0  # median of 2.5, 3.0, 3.5


def test_csv_has_only_published_rows_neutralised(bundle):
    _, folder, _ = bundle
    raw = _read(folder, "submissions.csv")
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == 21
    texts = {r["text"] for r in rows}
    assert "'=cmd|' /C calc'!A0" in texts
    assert not {"Held for moderation.", "Hidden by a moderator."} & texts


def test_html_escapes_resident_text_and_pins_are_geojson(bundle):
    _, folder, _ = bundle
    html = _read(folder, "report.html").decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count('class="chart section-drawing"') == 2  # the option and the consensus
    pins = json.loads(_read(folder, "pins.geojson"))
    assert pins["type"] == "FeatureCollection"
    assert [
        f["geometry"]["coordinates"] for f in pins["features"] if f["properties"]["kind"] == "pin"
    ] == [[174.7467, -36.8792]]


def test_two_runs_give_identical_bytes(bundle, tmp_path):
    result, folder, _ = bundle
    again = build_bundle(CONSULTATION, OPTIONS, dataset(), tmp_path)
    assert [f.name for f in again.files] == list(CONTENT_TYPES)
    for name in CONTENT_TYPES:
        assert _read(tmp_path, name) == _read(folder, name), name
    assert [f.sha256 for f in again.files] == [f.sha256 for f in result.files]


def test_no_submissions_still_make_a_report(tmp_path):
    result = build_bundle(CONSULTATION, OPTIONS, [], tmp_path)
    summary = json.loads(_read(tmp_path, "summary.json"))
    assert summary["totals"]["submissions"] == 0 and summary["per_day"] == []
    assert result.counts["read"] == 0
    assert "</html>" in _read(tmp_path, "report.html").decode()
