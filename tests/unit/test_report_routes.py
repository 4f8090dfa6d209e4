"""The report on re-routed lines, from the demo consultation's light-rail map: alternatives.json
counts each line's re-routings, their median length change and the stretches changed most;
report.html tables them; the submissions table's `changes` tells each one's route sentence."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from chalicelib.domain.consultation import Option
from chalicelib.domain.diff import diff_plans
from chalicelib.domain.geo import MapPlan, parse_map
from chalicelib.domain.report.alternatives import AlternativesTally
from chalicelib.domain.report.html import render_report
from chalicelib.domain.report.tables import COLUMNS, submission_row
from chalicelib.domain.submission import Submission
from tests.support.demo_route import (
    BALMORAL,
    EDEN_VALLEY,
    JUNCTION,
    MT_ROSKILL,
    VIEW_ROAD,
    demo_map,
)


def with_route(coordinates: list) -> MapPlan:
    document = demo_map()
    for item in document["features"]:
        if item["id"] == "route":
            item["geometry"]["coordinates"] = coordinates
    return parse_map(document)


def with_stop_moved() -> MapPlan:
    document = demo_map()
    for item in document["features"]:
        if item["id"] == "stop-eden-valley":
            item["geometry"]["coordinates"] = [174.7530, -36.8762]
    return parse_map(document)


NEAR_DETOUR = [[174.7425, -36.8915], [174.7405, -36.9005]]
WIDE_DETOUR = [[174.7400, -36.8920], [174.7390, -36.9000]]
OPTION = Option("b", {"en": "Option B: the route"}, {}, "map", parse_map(demo_map()), 0)
PLANS = [
    # two detours west between Balmoral and Mt Roskill, one wider than the other
    with_route([VIEW_ROAD, EDEN_VALLEY, BALMORAL, *NEAR_DETOUR, MT_ROSKILL, JUNCTION]),
    with_route([VIEW_ROAD, EDEN_VALLEY, BALMORAL, *WIDE_DETOUR, MT_ROSKILL, JUNCTION]),
    # the Balmoral vertex moved west
    with_route([VIEW_ROAD, EDEN_VALLEY, [174.7446, -36.8881], MT_ROSKILL, JUNCTION]),
    # a stop moved, the line as it was
    with_stop_moved(),
]


def alternative(plan: MapPlan, number: int) -> Submission:
    return Submission(
        id=f"01J{number:023d}",
        consultation_id="demo",
        option_id="b",
        kind="alternative",
        text="My version",
        element_id=None,
        point=None,
        stance=None,
        status="published",
        created_at=datetime(2025, 3, 1, tzinfo=UTC),
        plan=plan,
        diff=diff_plans(OPTION.plan, plan),
    )


def tallied() -> dict:
    tally = AlternativesTally(OPTION)
    for number, plan in enumerate(PLANS):
        tally.add(alternative(plan, number))
    return tally.result()


def changes_of(plan: MapPlan) -> list[float]:
    return [route.length_change_m for moved in diff_plans(OPTION.plan, plan).moved
            for route in moved.routes]  # fmt: skip


def test_a_line_counts_its_reroutings_median_length_change_and_stretches() -> None:
    result = tallied()

    [route] = [element for element in result["elements"] if element["id"] == "route"]
    lengths = sorted(change for plan in PLANS[:3] for change in changes_of(plan))
    assert len(lengths) == 3 and all(change > 0 for change in lengths)
    assert route["moved"] == 3
    assert route["rerouted"] == 3
    assert route["median_length_change_m"] == round(lengths[1], 1)
    assert route["stretches"] == [
        {"start": "Balmoral", "end": "Mt Roskill", "count": 2},
        {"start": "Balmoral", "end": "Balmoral", "count": 1},
    ]
    stop = next(element for element in result["elements"] if element["id"] == "stop-balmoral")
    assert "rerouted" not in stop  # only lines are re-routed


def test_report_html_tables_the_rerouted_line() -> None:
    summary = {"options": [{"id": "b", "title": {"en": "Option B: the route"}, "kind": "map"}]}
    result = tallied()
    median = round(result["elements"][0]["median_length_change_m"])

    document = render_report(summary, {"options": [result]})

    section = re.search(r'<section id="routes".*?</section>', document, flags=re.DOTALL)
    assert section is not None
    text = re.sub(r"<[^>]+>", " ", section.group(0))
    assert "Dominion Road light rail" in text and "Option B: the route" in text
    assert f"+{median:,} m" in text
    assert "between Balmoral and Mt Roskill (2 alternatives); near Balmoral (1 alternative)" in text


def test_report_html_says_when_no_line_was_rerouted() -> None:
    tally = AlternativesTally(OPTION)
    tally.add(alternative(with_stop_moved(), 0))

    document = render_report({}, {"options": [tally.result()]})

    assert "No alternative re-routed a line." in document


def test_the_submissions_table_tells_the_route_sentence() -> None:
    row = submission_row(alternative(PLANS[0], 0))

    change = round(changes_of(PLANS[0])[0])
    assert row[COLUMNS.index("changes")] == (
        "Dominion Road light rail: route changed between Balmoral and Mt Roskill, "
        f"{change} m longer"
    )
