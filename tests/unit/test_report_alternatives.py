"""Alternatives tally and consensus plan: known answers on small sections and maps."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime

import pytest

from chalicelib.domain.consultation import Option
from chalicelib.domain.diff import DiffError, diff_plans
from chalicelib.domain.plans import Plan
from chalicelib.domain.report.alternatives import AlternativesTally, _closest_gap, _median_mm
from chalicelib.domain.section import Section, Segment, parse_section
from chalicelib.domain.submission import Submission
from tests.support.plans import collection, feature, segment, street


def moved_to(base: dict, coordinates: object) -> dict:
    return base | {"geometry": {"type": base["geometry"]["type"], "coordinates": coordinates}}


def option_of(plan: Plan, option_id: str = "a") -> Option:
    kind = "section" if isinstance(plan, Section) else "map"
    return Option(option_id, {"en": "Option"}, {}, kind, plan, 0)


def alternative(option: Option, plan: Plan, number: int, *, with_diff: bool = True) -> Submission:
    return Submission(
        id=f"01J{number:023d}",
        consultation_id="demo",
        option_id=option.id,
        kind="alternative",
        text="My version",
        element_id=None,
        point=None,
        stance=None,
        status="published",
        created_at=datetime(2025, 3, 1, tzinfo=UTC),
        plan=plan,
        diff=diff_plans(option.plan, plan) if with_diff else None,
    )


def tally_of(option: Option, plans: list[Plan]) -> AlternativesTally:
    tally = AlternativesTally(option)
    for number, plan in enumerate(plans):
        tally.add(alternative(option, plan, number))
    return tally


WEST_FOOTPATH = segment("west-footpath", "sidewalk", 3.0, 0.15)
WEST_TREES = segment("west-trees", "sidewalk-tree", 1.0, 0.15)
LANE = segment("lane", "drive-lane", 3.0, variant="outbound|car")
LRT = segment("lrt-inbound", "light-rail", 3.4, variant="inbound|grass")
EAST_FOOTPATH = segment("east-footpath", "sidewalk", 2.5, 0.15)


def resized(base: dict, width: float) -> dict:
    return base | {"width": width}


def bike(segment_id: str, width: float) -> dict:
    return segment(segment_id, "bike-lane", width)


def bus(segment_id: str, width: float) -> dict:
    return segment(segment_id, "bus-lane", width)


SECTION_OPTION = option_of(street(WEST_FOOTPATH, WEST_TREES, LANE, LRT, EAST_FOOTPATH))

# Five alternatives: 1–3 remove the trees, add a bike lane after the west footpath and widen the
# east footpath (1 and 2 widen the lane too); 4 and 5 remove the light rail and add a bus lane
# on the east side; 4 turns the lane into a bus lane, 5 moves the east footpath to the west.
FIVE_SECTIONS = [
    street(WEST_FOOTPATH, bike("b1", 1.8), resized(LANE, 3.2), LRT, resized(EAST_FOOTPATH, 3.0)),
    street(WEST_FOOTPATH, bike("b2", 2.0), resized(LANE, 3.5), LRT, resized(EAST_FOOTPATH, 3.5)),
    street(WEST_FOOTPATH, bike("b3", 1.5), LANE, LRT, resized(EAST_FOOTPATH, 4.0)),
    street(WEST_FOOTPATH, WEST_TREES, LANE | {"type": "bus-lane"}, EAST_FOOTPATH, bus("x4", 3.0)),
    street(EAST_FOOTPATH, WEST_FOOTPATH, WEST_TREES, LANE, bus("x5", 3.2)),
]


def element(result: dict, element_id: str) -> dict:
    return next(row for row in result["elements"] if row["id"] == element_id)


# --- medians ----------------------------------------------------------------------------------


def test_median_of_an_odd_count_is_the_middle_value() -> None:
    assert _median_mm(Counter({2500: 2, 3000: 1, 4000: 2})) == 3000


def test_median_of_an_even_count_is_the_mean_of_the_middle_two_halves_to_even() -> None:
    assert _median_mm(Counter({3200: 1, 3500: 1})) == 3350
    assert _median_mm(Counter({3200: 1, 3201: 1})) == 3200  # 3200.5 -> even
    assert _median_mm(Counter({3201: 1, 3202: 1})) == 3202  # 3201.5 -> even
    assert _median_mm(Counter({1000: 3, 9000: 1})) == 1000


def test_median_of_nothing_is_none() -> None:
    assert _median_mm(Counter()) is None


# --- sections ---------------------------------------------------------------------------------


def test_section_element_counts_read_the_diffs() -> None:
    result = tally_of(SECTION_OPTION, FIVE_SECTIONS).result()

    assert result["option_id"] == "a"
    assert result["kind"] == "section"
    assert result["alternatives"] == 5
    assert [row["id"] for row in result["elements"]] == [
        "west-footpath",
        "west-trees",
        "lane",
        "lrt-inbound",
        "east-footpath",
    ]
    assert element(result, "west-trees") == {
        "id": "west-trees",
        "type": "sidewalk-tree",
        "width": 1.0,
        "kept": 2,
        "removed": 3,
        "resized": 0,
        "median_new_width": None,
        "median_kept_width": 1.0,
        "moved": 0,
        "retyped": 0,
        "in_consensus": False,
    }
    assert element(result, "lane") == {
        "id": "lane",
        "type": "drive-lane",
        "width": 3.0,
        "kept": 5,
        "removed": 0,
        "resized": 2,
        "median_new_width": 3.35,  # of 3.2 and 3.5
        "median_kept_width": 3.0,  # of 3.0, 3.0, 3.0, 3.2, 3.5
        "moved": 0,
        "retyped": 1,
        "in_consensus": True,
    }
    east = element(result, "east-footpath")
    assert (east["resized"], east["median_new_width"], east["median_kept_width"]) == (3, 3.5, 3.0)
    assert east["moved"] == 1  # alternative 5 only; the LCS rule moves nothing else
    assert element(result, "west-footpath")["moved"] == 0
    lrt = element(result, "lrt-inbound")
    assert (lrt["kept"], lrt["removed"], lrt["in_consensus"]) == (3, 2, True)


def test_section_added_types_with_counts_shares_and_medians() -> None:
    result = tally_of(SECTION_OPTION, FIVE_SECTIONS).result()

    assert result["added"] == [
        {
            "type": "bike-lane",
            "count": 3,
            "share": 0.6,
            "segments": 3,
            "median_width": 1.8,
            "median_position": 3.9,  # centres 3.9, 4.0 and 3.75 m from the left edge
            "in_consensus": True,
        },
        {
            "type": "bus-lane",
            "count": 2,
            "share": 0.4,
            "segments": 2,
            "median_width": 3.1,
            "median_position": 11.05,  # centres 11.0 and 11.1 m
            "in_consensus": False,
        },
    ]


def test_street_width_changes_are_counted() -> None:
    wider = parse_section(
        {"width": 24.0, "segments": [WEST_FOOTPATH, WEST_TREES, LANE, LRT, EAST_FOOTPATH]}
    )
    result = tally_of(SECTION_OPTION, [wider, FIVE_SECTIONS[0]]).result()

    assert result["street"] == {"width": 20.0, "resized": 1, "median_new_width": 24.0}
    assert result["consensus"]["plan"]["width"] == 20.0  # the option's width stays


def test_section_consensus_removes_what_most_removed_and_adds_what_half_added() -> None:
    consensus = tally_of(SECTION_OPTION, FIVE_SECTIONS).result()["consensus"]

    assert consensus == {
        "plan": {
            "width": 20.0,
            "units": 0,
            "remainingWidth": 5.8,
            "segments": [
                segment("west-footpath", "sidewalk", 3.0, 0.15),
                segment("consensus-bike-lane", "bike-lane", 1.8),
                segment("lane", "drive-lane", 3.0, variant="outbound|car"),
                segment("lrt-inbound", "light-rail", 3.4, variant="inbound|grass"),
                segment("east-footpath", "sidewalk", 3.0, 0.15),
            ],
        },
        "valid": True,
        "changes": [
            "west-trees removed",
            "consensus-bike-lane added at position 2: bike-lane, 1.8 m",
            "east-footpath resized 2.5 m → 3.0 m",
        ],
        "violations": [],
    }


def test_exactly_half_keeps_a_segment_and_includes_a_type() -> None:
    option = option_of(street(WEST_FOOTPATH, LANE, EAST_FOOTPATH))
    plans = [
        street(WEST_FOOTPATH, LANE, EAST_FOOTPATH, bike("b", 1.5)),
        street(resized(WEST_FOOTPATH, 2.0), LANE),
    ]

    consensus = tally_of(option, plans).result()["consensus"]

    assert [s["id"] for s in consensus["plan"]["segments"]] == [
        "west-footpath",
        "lane",
        "east-footpath",
        "consensus-bike-lane",
    ]
    # west-footpath kept by both at 3.0 and 2.0: the median is their mean
    assert consensus["plan"]["segments"][0]["width"] == 2.5


def test_a_type_added_twice_by_one_alternative_counts_that_alternative_once() -> None:
    option = option_of(street(WEST_FOOTPATH, LANE, EAST_FOOTPATH))
    both_sides = street(bike("bw", 1.5), WEST_FOOTPATH, LANE, EAST_FOOTPATH, bike("be", 2.0))
    one_side = street(WEST_FOOTPATH, LANE, EAST_FOOTPATH, bike("b", 2.0))

    result = tally_of(option, [both_sides, one_side, one_side]).result()

    [added] = result["added"]
    assert (added["count"], added["share"], added["segments"]) == (3, 1.0, 4)
    assert added["median_width"] == 2.0  # of 1.5, 2.0, 2.0, 2.0


def test_added_segment_goes_where_its_centre_is_closest_to_the_median_position() -> None:
    layout = [
        Segment("a", "sidewalk", "", 3.0, 0.0),
        Segment("b", "drive-lane", "", 3.0, 0.0),
        Segment("c", "sidewalk", "", 3.0, 0.0),
    ]
    new = Segment("n", "bus-lane", "", 3.0, 0.0)

    assert _closest_gap(layout, new, 0) == 0
    assert _closest_gap(layout, new, 7500) == 2  # centre 7.5 m between b and c
    assert _closest_gap(layout, new, 6000) == 1  # 4.5 and 7.5 are equally close: leftmost
    assert _closest_gap(layout, new, 50_000) == 3
    assert _closest_gap([], new, 4000) == 0


def test_consensus_overflowing_the_street_is_a_warning_and_still_returned() -> None:
    option = option_of(
        street(WEST_FOOTPATH, WEST_TREES, LANE, LRT, EAST_FOOTPATH, width=13.0)
    )  # 12.9 m of segments
    plans = [
        street(WEST_FOOTPATH, WEST_TREES, LANE, bike("b1", 2.0), EAST_FOOTPATH, width=13.0),
        street(WEST_FOOTPATH, WEST_TREES, bike("b2", 2.0), LRT, EAST_FOOTPATH, width=13.0),
        street(bike("b3", 2.0), WEST_TREES, LANE, LRT, EAST_FOOTPATH, width=13.0),
    ]

    consensus = tally_of(option, plans).result()["consensus"]

    assert consensus["valid"] is True  # Streetmix saves an overflowing street; sayso warns
    assert [s["id"] for s in consensus["plan"]["segments"]] == [
        "west-footpath",
        "west-trees",
        "consensus-bike-lane",
        "lane",
        "lrt-inbound",
        "east-footpath",
    ]
    assert consensus["plan"]["remainingWidth"] == 0.0
    assert consensus["violations"] == []
    [warning] = consensus["warnings"]
    assert warning["field"] == "plan.segments"
    assert warning["kind"] == "overflow"
    assert "add up to 14.9 m" in warning["message"]
    assert consensus["changes"] == ["consensus-bike-lane added at position 3: bike-lane, 2.0 m"]


def test_consensus_with_every_segment_removed_reports_the_empty_street() -> None:
    option = option_of(street(WEST_FOOTPATH, LANE))
    plans = [street(bike("b", 2.0)), street(bus("x", 3.0)), street(segment("p", "parklet", 2.0))]

    consensus = tally_of(option, plans).result()["consensus"]

    assert consensus["plan"]["segments"] == []
    assert consensus["violations"] == [
        {"field": "plan.segments", "message": "the street needs at least one segment."}
    ]


def test_an_alternative_without_a_stored_diff_is_diffed_against_the_option() -> None:
    with_diffs = tally_of(SECTION_OPTION, FIVE_SECTIONS).result()
    tally = AlternativesTally(SECTION_OPTION)
    for number, plan in enumerate(FIVE_SECTIONS):
        tally.add(alternative(SECTION_OPTION, plan, number, with_diff=False))

    assert tally.result() == with_diffs


# --- maps -------------------------------------------------------------------------------------

STOP = feature("bus-stop", "Point", [174.77, -41.28], name="Stop A", shelter=True)
ROUTE = feature("route", "LineString", [[174.77, -41.28], [174.78, -41.28]])
SQUARE = [[0, 0], [0.002, 0], [0.002, 0.002], [0, 0.002], [0, 0]]
PLAZA = feature("plaza", "Polygon", [SQUARE], kind="plaza")
TREES = feature("west-trees", "LineString", [[174.7, -41.2], [174.7, -41.3]])
BENCH = feature("bench", "Point", [174.771, -41.28])
PATH = feature("path", "LineString", [[174.771, -41.28], [174.772, -41.28]])

MAP_OPTION = option_of(collection(STOP, ROUTE, PLAZA, TREES), "m")

# One thousandth of a degree of latitude, in metres, as the diff measures it.
MILLIDEGREE_M = 111.2

FOUR_MAPS = [
    collection(moved_to(STOP, [174.77, -41.281]), ROUTE, PLAZA),
    collection(moved_to(STOP, [174.77, -41.283]), ROUTE, PLAZA),
    collection(STOP, ROUTE, PLAZA, BENCH),
    collection(STOP, PLAZA | {"properties": {"kind": "park"}}, TREES, BENCH, PATH),
]


def test_map_tallies_removed_moved_and_property_changes() -> None:
    result = tally_of(MAP_OPTION, FOUR_MAPS).result()

    assert (result["option_id"], result["kind"], result["alternatives"]) == ("m", "map", 4)
    assert "street" not in result
    assert result["elements"] == [
        {
            "id": "bus-stop",
            "geometry_type": "Point",
            "name": "Stop A",
            "kept": 4,
            "removed": 0,
            "moved": 2,
            "median_move_m": 222.4,  # of 111.2 and 333.6 m
            "properties_changed": 0,
            "in_consensus": True,
        },
        {
            "id": "route",
            "geometry_type": "LineString",
            "name": None,
            "kept": 3,
            "removed": 1,
            "moved": 0,
            "median_move_m": None,
            "properties_changed": 0,
            "in_consensus": True,
            "rerouted": 0,
            "median_length_change_m": None,
            "stretches": [],
        },
        {
            "id": "plaza",
            "geometry_type": "Polygon",
            "name": None,
            "kept": 4,
            "removed": 0,
            "moved": 0,
            "median_move_m": None,
            "properties_changed": 1,
            "in_consensus": True,
        },
        {
            "id": "west-trees",
            "geometry_type": "LineString",
            "name": None,
            "kept": 1,
            "removed": 3,
            "moved": 0,
            "median_move_m": None,
            "properties_changed": 0,
            "in_consensus": False,
            "rerouted": 0,
            "median_length_change_m": None,
            "stretches": [],
        },
    ]
    assert result["added"] == [
        {"geometry_type": "Point", "count": 2, "share": 0.5, "features": 2},
        {"geometry_type": "LineString", "count": 1, "share": 0.25, "features": 1},
    ]


def test_map_consensus_drops_what_most_removed_and_keeps_option_geometry() -> None:
    consensus = tally_of(MAP_OPTION, FOUR_MAPS).result()["consensus"]

    assert consensus["valid"] is True
    assert consensus["plan"] == collection(STOP, ROUTE, PLAZA).to_dict()
    assert consensus["changes"] == ["west-trees removed"]
    assert consensus["violations"] == []


def test_map_consensus_without_features_is_reported() -> None:
    option = option_of(collection(STOP), "m")

    consensus = tally_of(option, [collection(BENCH)]).result()["consensus"]

    assert consensus["plan"] == {"type": "FeatureCollection", "features": []}
    assert consensus["violations"] == [
        {"field": "plan.features", "message": "the map needs at least one feature."}
    ]
    assert consensus["changes"] == ["bus-stop ('Stop A') removed"]


def test_moved_distance_matches_the_diff() -> None:
    [moved] = diff_plans(MAP_OPTION.plan, FOUR_MAPS[0]).moved
    assert moved.distance_m == MILLIDEGREE_M


# --- zero alternatives, input checks, determinism ---------------------------------------------


@pytest.mark.parametrize("option", [SECTION_OPTION, MAP_OPTION], ids=["section", "map"])
def test_zero_alternatives_have_no_consensus(option: Option) -> None:
    result = AlternativesTally(option).result()

    assert result["alternatives"] == 0
    assert result["consensus"] is None
    assert result["added"] == []
    assert all(row["kept"] == row["removed"] == row["moved"] == 0 for row in result["elements"])
    assert not any(row["in_consensus"] for row in result["elements"])


def test_comments_are_ignored() -> None:
    tally = AlternativesTally(SECTION_OPTION)
    comment = alternative(SECTION_OPTION, FIVE_SECTIONS[0], 1)
    comment = Submission(**{**comment.__dict__, "kind": "comment", "plan": None, "diff": None})

    tally.add(comment)

    assert tally.alternatives == 0


def test_an_alternative_of_another_option_or_kind_is_refused() -> None:
    other = option_of(SECTION_OPTION.plan, "b")
    with pytest.raises(ValueError, match="option 'b'"):
        AlternativesTally(SECTION_OPTION).add(alternative(other, FIVE_SECTIONS[0], 1))
    map_as_a = option_of(MAP_OPTION.plan, "a")
    with pytest.raises(DiffError, match="street section"):
        AlternativesTally(SECTION_OPTION).add(alternative(map_as_a, FOUR_MAPS[0], 1))


@pytest.mark.parametrize(
    ("option", "plans"),
    [(SECTION_OPTION, FIVE_SECTIONS), (MAP_OPTION, FOUR_MAPS)],
    ids=["section", "map"],
)
def test_results_are_identical_across_runs_and_input_orders(option: Option, plans: list) -> None:
    first = json.dumps(tally_of(option, plans).result(), ensure_ascii=False)
    again = json.dumps(tally_of(option, plans).result(), ensure_ascii=False)
    reversed_order = json.dumps(tally_of(option, plans[::-1]).result(), ensure_ascii=False)

    assert first == again == reversed_order
