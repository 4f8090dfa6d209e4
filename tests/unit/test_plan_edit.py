"""Map edits (domain/plan_edit.py): an alternative sent as what it changes in the option's map."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain.diff import apply_diff, diff_plans
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.geo import MapPlan
from chalicelib.domain.plan_edit import apply_map_edit, map_edit_between
from tests.support.plans import collection, feature

STOP_A = feature("stop-a", "Point", [174.77, -41.28], name="A")
STOP_B = feature("stop-b", "Point", [174.78, -41.29], name="B")
ROUTE = feature(
    "route-1",
    "MultiLineString",
    [[[174.77, -41.28], [174.78, -41.28]], [[174.78, -41.28], [174.79, -41.29]]],
    name="Route 1",
)
OPTION = collection(STOP_A, STOP_B, ROUTE)


def fields_of(error: pytest.ExceptionInfo[InvalidInput]) -> list[str | None]:
    return [problem.field for problem in error.value.problems]


def test_a_moved_stop_an_added_stop_and_a_removed_one_give_that_map() -> None:
    new_stop = feature("stop-c", "Point", [174.8, -41.3], name="C")
    edit = {
        "removed": ["stop-b"],
        "moved": [
            {"id": "stop-a", "geometry": {"type": "Point", "coordinates": [174.771, -41.28]}}
        ],
        "added": [new_stop],
    }
    alternative = apply_map_edit(OPTION, edit)
    assert [f.id for f in alternative.features] == ["stop-a", "route-1", "stop-c"]
    assert alternative.feature("stop-a").coordinates == (174.771, -41.28)
    diff = diff_plans(OPTION, alternative)
    assert {r.id for r in diff.removed} == {"stop-b"}
    assert [f.id for f in diff.added] == ["stop-c"] and diff.order is None


def test_a_rerouted_part_of_a_line_is_a_moved_part_in_the_diff() -> None:
    parts = [[[174.77, -41.28], [174.78, -41.28]], [[174.78, -41.28], [174.8, -41.3]]]
    edit = {
        "moved": [{"id": "route-1", "geometry": {"type": "MultiLineString", "coordinates": parts}}]
    }
    diff = diff_plans(OPTION, apply_map_edit(OPTION, edit))
    (moved,) = diff.moved
    assert moved.parts is not None and moved.parts.moved == (1,)


def test_properties_and_order_change_as_sent() -> None:
    edit = {
        "properties": [{"id": "stop-a", "properties": {"name": "Aotea"}}],
        "order": ["route-1", "stop-b", "stop-a"],
    }
    alternative = apply_map_edit(OPTION, edit)
    assert [f.id for f in alternative.features] == ["route-1", "stop-b", "stop-a"]
    assert alternative.feature("stop-a").properties == {"name": "Aotea"}


@pytest.mark.parametrize(
    ("edit", "field", "words"),
    [
        ({"removed": ["stop-z"]}, "plan_edit.removed[0]", "no feature 'stop-z' to remove"),
        (
            {"removed": ["stop-a"], "moved": [{"id": "stop-a", "geometry": {}}]},
            "plan_edit.moved[0].id",
            "this edit removes it",
        ),
        ({"added": [STOP_A]}, "plan_edit.added[0].id", "already has a feature 'stop-a'"),
        (
            {"added": [{"type": "Feature", "geometry": None, "properties": {}}]},
            "plan_edit.added[0].id",
            "needs an `id`",
        ),
        ({"order": ["stop-a"]}, "plan_edit.order", "every feature"),
        ({"renamed": []}, "plan_edit.renamed", "not part of an edit"),
        ({"moved": [{"id": "stop-a"}]}, "plan_edit.moved[0]", "exactly `id` and `geometry`"),
    ],
)
def test_an_edit_that_does_not_fit_the_option_names_its_field(
    edit: dict, field: str, words: str
) -> None:
    with pytest.raises(InvalidInput) as error:
        apply_map_edit(OPTION, edit)
    assert field in fields_of(error)
    assert words in error.value.message


def test_bad_coordinates_are_named_in_the_edit_not_in_the_applied_map() -> None:
    bad = {"type": "Point", "coordinates": [200.0, -41.28]}
    with pytest.raises(InvalidInput) as error:
        apply_map_edit(OPTION, {"moved": [{"id": "stop-b", "geometry": bad}]})
    assert fields_of(error)[0].startswith("plan_edit.moved[0].geometry")
    assert "@alternative" not in error.value.message

    added = feature("stop-c", "Point", [174.8, 95.0])
    with pytest.raises(InvalidInput) as error:
        apply_map_edit(OPTION, {"added": [added]})
    assert fields_of(error)[0].startswith("plan_edit.added[0].geometry")


# --- the edit between two maps, applied back (what the map page sends) ------------------------

IDS = st.text("abcdefgh", min_size=1, max_size=4)
POSITIONS = st.tuples(
    st.integers(-1800, 1800).map(lambda n: n / 10), st.integers(-850, 850).map(lambda n: n / 10)
).map(list)
NAMES = st.one_of(st.none(), st.text("xyz ", max_size=3), st.integers(0, 3), st.booleans())


@st.composite
def geometries(draw: st.DrawFn) -> dict:
    kind = draw(st.sampled_from(["Point", "LineString", "MultiLineString", "MultiPoint"]))
    if kind == "Point":
        return {"type": kind, "coordinates": draw(POSITIONS)}
    if kind == "MultiPoint":
        return {"type": kind, "coordinates": draw(st.lists(POSITIONS, min_size=1, max_size=3))}
    line = st.lists(POSITIONS, min_size=2, max_size=4)
    if kind == "LineString":
        return {"type": kind, "coordinates": draw(line)}
    return {"type": kind, "coordinates": draw(st.lists(line, min_size=1, max_size=3))}


@st.composite
def maps(draw: st.DrawFn, ids: list[str]) -> list[dict]:
    return [draw(features(feature_id)) for feature_id in ids]


@st.composite
def features(draw: st.DrawFn, feature_id: str) -> dict:
    properties = {"n": draw(NAMES)}
    return {
        "type": "Feature",
        "id": feature_id,
        "geometry": draw(geometries()),
        "properties": properties,
    }


@st.composite
def map_pairs(draw: st.DrawFn) -> tuple[MapPlan, MapPlan]:
    ids = draw(st.lists(IDS, min_size=2, max_size=8, unique=True))
    split = draw(st.integers(1, len(ids)))
    option = draw(maps(ids[:split]))
    kept = [f for f in option if draw(st.booleans())]
    kept = [f if draw(st.booleans()) else draw(maps([f["id"]]))[0] for f in kept]
    features = draw(st.permutations(kept + draw(maps(ids[split:]))))
    if not features:
        features = option[:1]
    return collection(*option), collection(*features)


@settings(max_examples=60, deadline=None)
@given(map_pairs())
def test_the_edit_between_two_maps_applies_back_to_the_second(
    pair: tuple[MapPlan, MapPlan],
) -> None:
    option, alternative = pair
    edit = json.loads(json.dumps(map_edit_between(option, alternative)))  # as sent
    applied = apply_map_edit(option, edit)
    assert applied.to_dict() == alternative.to_dict()
    # and the diff stored for it is the whole plan's: applying it gives the alternative
    assert apply_diff(option, diff_plans(option, applied)).to_dict() == alternative.to_dict()
