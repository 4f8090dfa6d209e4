"""Simplifying a map that is too large to store: Douglas–Peucker on every line and ring, with a
tolerance in metres that the import report states. Points, part counts, ids and properties are
kept; a line keeps its ends and a ring stays closed with at least 4 positions. Never silent:
`simplified` returns the plan with a warning saying the tolerance and how many positions went.
"""

from __future__ import annotations

import math
from dataclasses import replace

from chalicelib.domain.errors import Problem
from chalicelib.domain.geo import Feature, MapPlan, MapReport, Position

METRES_PER_DEGREE = 111_320.0
TOLERANCES_M = (0.5, 1.0, 2.0, 5.0, 10.0)  # tried in turn until the plan fits


def simplified(plan: MapPlan, tolerance_m: float) -> MapPlan:
    before = _positions(plan)
    features = tuple(_feature(feature, tolerance_m) for feature in plan.features)
    after = sum(_count(f.geometry_type, f.coordinates) for f in features)
    warning = Problem(
        None,
        f"the map was too large to store, so its lines and outlines were simplified with a "
        f"tolerance of {tolerance_m:g} m (no position moved further than that from them): "
        f"{before:,} positions became {after:,}. Points, parts and ids are unchanged; to keep "
        "every position, split the map into several options.",
    )
    report = plan.report or MapReport("a GeoJSON map", "the features' own ids")
    return MapPlan(features, replace(report, warnings=(*report.warnings, warning)))


def _positions(plan: MapPlan) -> int:
    return sum(_count(f.geometry_type, f.coordinates) for f in plan.features)


def _count(geometry_type: str, coordinates: tuple) -> int:
    if geometry_type == "Point":
        return 1
    if geometry_type == "LineString":
        return len(coordinates)
    if geometry_type == "Polygon":
        return sum(len(ring) for ring in coordinates)
    if geometry_type == "GeometryCollection":
        return sum(_count(kind, coords) for kind, coords in coordinates)
    simple = geometry_type.removeprefix("Multi")
    return sum(_count(simple, part) for part in coordinates)


def _feature(feature: Feature, tolerance_m: float) -> Feature:
    return replace(
        feature, coordinates=_geometry(feature.geometry_type, feature.coordinates, tolerance_m)
    )


def _geometry(geometry_type: str, coordinates: tuple, tolerance_m: float) -> tuple:
    if geometry_type == "Point":
        return coordinates
    if geometry_type == "LineString":
        return _line(coordinates, tolerance_m, keep=2)
    if geometry_type == "Polygon":
        return tuple(_line(ring, tolerance_m, keep=4) for ring in coordinates)
    if geometry_type == "GeometryCollection":
        return tuple((kind, _geometry(kind, coords, tolerance_m)) for kind, coords in coordinates)
    simple = geometry_type.removeprefix("Multi")
    return tuple(_geometry(simple, part, tolerance_m) for part in coordinates)


def _line(positions: tuple[Position, ...], tolerance_m: float, *, keep: int) -> tuple:
    if len(positions) <= keep:
        return positions
    scale = math.cos(math.radians(positions[0][1]))  # metres are shorter east–west off the equator
    points = [(p[0] * METRES_PER_DEGREE * scale, p[1] * METRES_PER_DEGREE) for p in positions]
    kept = [False] * len(points)
    kept[0] = kept[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, distance = _farthest(points, first, last)
        if index is not None and distance > tolerance_m:
            kept[index] = True
            stack += [(first, index), (index, last)]
    result = [position for position, keep_it in zip(positions, kept, strict=True) if keep_it]
    if len(result) < keep:  # a ring must stay a ring: keep the farthest-spread positions
        step = (len(positions) - 1) / (keep - 1)
        result = [positions[round(i * step)] for i in range(keep)]
    return tuple(result)


def _farthest(points: list[tuple[float, float]], first: int, last: int) -> tuple[int | None, float]:
    (ax, ay), (bx, by) = points[first], points[last]
    dx, dy = bx - ax, by - ay
    length = math.hypot(dx, dy)
    best, best_distance = None, -1.0
    for index in range(first + 1, last):
        px, py = points[index]
        if length == 0:
            distance = math.hypot(px - ax, py - ay)
        else:
            distance = abs(dy * px - dx * py + bx * ay - by * ax) / length
        if distance > best_distance:
            best, best_distance = index, distance
    return best, best_distance
