"""A map too large to store is simplified with a stated tolerance (`domain/simplify.py`), never
silently cut: points, parts, ids and properties stay; no position moves further than the
tolerance from the simplified line."""

from __future__ import annotations

import itertools
import math

import pytest

from chalicelib.domain.geo import MapPlan, parse_map
from chalicelib.domain.simplify import METRES_PER_DEGREE, simplified

pytestmark = pytest.mark.unit


def dense_route(points: int = 20_000) -> list[list[float]]:
    """A smooth 10 km arc, a position every half metre, as GPS-traced GTFS shapes are."""
    return [
        [174.7 + 0.09 * t, -36.85 + 0.02 * math.sin(3 * t)]
        for t in (i / (points - 1) for i in range(points))
    ]


def network() -> MapPlan:
    route = dense_route()
    ring = [*dense_route(400), [174.7, -36.85]]
    return parse_map(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "id": "route",
                    "geometry": {"type": "MultiLineString", "coordinates": [route, route[::2]]},
                    "properties": {"route_id": "R1"},
                },
                {
                    "type": "Feature",
                    "id": "depot",
                    "geometry": {"type": "Polygon", "coordinates": [ring]},
                    "properties": {},
                },
                {
                    "type": "Feature",
                    "id": "stop",
                    "geometry": {"type": "Point", "coordinates": [174.75, -36.84]},
                    "properties": {"name": "Stop"},
                },
            ],
        }
    )


def distance_to_segment_m(p, a, b) -> float:
    scale = math.cos(math.radians(p[1])) * METRES_PER_DEGREE
    px, py, ax, ay, bx, by = (
        p[0] * scale,
        p[1] * METRES_PER_DEGREE,
        a[0] * scale,
        a[1] * METRES_PER_DEGREE,
        b[0] * scale,
        b[1] * METRES_PER_DEGREE,
    )
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy or 1)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def test_simplified_with_the_tolerance_stated_and_nothing_else_changed() -> None:
    plan = network()

    smaller = simplified(plan, 1.0)

    route, depot, stop = smaller.features
    assert [f.id for f in smaller.features] == ["route", "depot", "stop"]
    assert len(route.parts()) == 2 and route.properties == {"route_id": "R1"}
    assert stop == plan.features[2]
    assert sum(len(line) for line in route.coordinates) < 2_000
    assert route.coordinates[0][0] == plan.features[0].coordinates[0][0]  # ends kept
    assert route.coordinates[0][-1] == plan.features[0].coordinates[0][-1]
    assert depot.coordinates[0][0] == depot.coordinates[0][-1] and len(depot.coordinates[0]) >= 4
    assert smaller.report is not None
    [warning] = smaller.report.warnings
    assert "tolerance of 1 m" in warning.message and "30,402 positions became" in warning.message


def test_no_position_moves_further_than_the_tolerance() -> None:
    original = dense_route(5_000)
    plan = parse_map(
        {
            "type": "Feature",
            "id": "r",
            "geometry": {"type": "LineString", "coordinates": original},
            "properties": {},
        }
    )

    kept = simplified(plan, 0.5).features[0].coordinates

    for position in original[::7]:
        nearest = min(distance_to_segment_m(position, a, b) for a, b in itertools.pairwise(kept))
        assert nearest <= 0.5 + 1e-6
