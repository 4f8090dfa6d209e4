"""Map plans: GeoJSON features a resident can comment on, as agencies and GIS tools publish them.

`read_map` takes a FeatureCollection, a bare Feature or a bare geometry (any of GeoJSON's seven
types, one element each however many parts it has), finds every feature an id (`map_ids.py`),
converts Web Mercator and refuses other projected systems (`crs.py`), and says what it did in a
`MapReport`. It checks every rule before building a `MapPlan`, so the rest of sayso can trust
that positions are real places, rings are closed and every feature has a unique id. Problems
come one per kind, with their count and first places (`tally.py`).
"""

from __future__ import annotations

import copy
import math
import numbers
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from itertools import pairwise
from typing import Literal, get_args

from chalicelib.domain import crs as crs_rules
from chalicelib.domain import map_ids
from chalicelib.domain.errors import Problem
from chalicelib.domain.tally import Tally
from chalicelib.domain.validation import describe, fmt, quote, read_number

MAX_FEATURES = 5_000
MAX_POSITIONS = 100_000
MAX_PROPERTY_DEPTH = 32
GeometryType = Literal[
    "Point",
    "LineString",
    "Polygon",
    "MultiPoint",
    "MultiLineString",
    "MultiPolygon",
    "GeometryCollection",
]
GEOMETRY_TYPES: tuple[GeometryType, ...] = get_args(GeometryType)
SIMPLE_TYPES = ("Point", "LineString", "Polygon")
_BY_LOWER = {name.lower(): name for name in (*GEOMETRY_TYPES, "Feature", "FeatureCollection")}

Position = tuple[float, ...]  # (lon, lat)

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG): every distance sayso measures uses it


def distance_m(a: Position, b: Position) -> float:
    """Great-circle (haversine) distance in metres between two [longitude, latitude] positions."""
    lon_a, lat_a, lon_b, lat_b = map(math.radians, (a[0], a[1], b[0], b[1]))
    haversine = (
        math.sin((lat_b - lat_a) / 2) ** 2
        + math.cos(lat_a) * math.cos(lat_b) * math.sin((lon_b - lon_a) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, haversine)))


def line_length_m(positions: tuple[Position, ...]) -> float:
    """The length in metres of a line through `positions`, leg by leg along great circles."""
    return math.fsum(distance_m(a, b) for a, b in pairwise(positions))


class NearestPoint:
    """Which of `points` is nearest a position along the great circle (of points at the same
    distance, the first listed), without measuring every point each time (a diff asks twice
    per re-routed line, and a map may have thousands of stops, an alternative thousands of
    changed lines).

    Points are unit vectors: the straight chord between two points of the sphere grows with the
    great-circle distance, so the nearest by chord is the nearest by distance, at any latitude
    and across the antimeridian alike. They sit in a tree of boxes (split at the median of the
    widest side, at most `LEAF` points a leaf); a search opens the nearer box first and skips
    every box farther than the nearest point found so far."""

    LEAF = 8

    def __init__(self, points: tuple[Position, ...]) -> None:
        self.points = points
        self._vectors = [_unit_vector(point) for point in points]
        self._tree = self._build(list(range(len(points)))) if points else None

    def _build(self, indexes: list[int]) -> _Box:
        vectors = self._vectors
        low = tuple(min(vectors[i][axis] for i in indexes) for axis in range(3))
        high = tuple(max(vectors[i][axis] for i in indexes) for axis in range(3))
        if len(indexes) <= self.LEAF:
            return (low, high, tuple(indexes), ())
        axis = max(range(3), key=lambda a: high[a] - low[a])
        indexes.sort(key=lambda i: (vectors[i][axis], i))
        middle = len(indexes) // 2
        return (low, high, (), (self._build(indexes[:middle]), self._build(indexes[middle:])))

    def nearest(self, position: Position) -> int | None:
        """The index in `points` of the one nearest `position`; None when there are none."""
        if self._tree is None:
            return None
        target = _unit_vector(position)
        vectors = self._vectors
        best = (math.inf, -1)
        boxes = [(0.0, self._tree)]
        while boxes:
            gap, box = boxes.pop()
            if gap > best[0]:
                continue
            _, _, indexes, children = box
            for index in indexes:
                x, y, z = vectors[index]
                chord = (target[0] - x) ** 2 + (target[1] - y) ** 2 + (target[2] - z) ** 2
                best = min(best, (chord, index))
            if children:
                # The nearer box last, so it is opened first.
                gaps = [(_box_gap(target, child), child) for child in children]
                gaps.sort(key=lambda item: item[0], reverse=True)
                boxes.extend(item for item in gaps if item[0] <= best[0])
        return best[1]


_Box = tuple[tuple[float, ...], tuple[float, ...], tuple[int, ...], tuple["_Box", ...]]


def _box_gap(target: tuple[float, float, float], box: _Box) -> float:
    """The squared distance from `target` to the nearest point of `box` (0 inside it)."""
    low, high = box[0], box[1]
    return sum(
        (low[a] - target[a]) ** 2
        if target[a] < low[a]
        else (target[a] - high[a]) ** 2
        if target[a] > high[a]
        else 0.0
        for a in range(3)
    )


def _unit_vector(position: Position) -> tuple[float, float, float]:
    lon, lat = math.radians(position[0]), math.radians(position[1])
    return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))


@dataclass(frozen=True)
class Feature:
    id: str  # GeoJSON feature id (string or integer in input; stored as string)
    geometry_type: str  # one of GEOMETRY_TYPES
    # Nested tuples of floats as GeoJSON's coordinates; a GeometryCollection holds a tuple of
    # (type, coordinates) pairs, one per member geometry.
    coordinates: tuple
    properties: dict = field(hash=False)  # JSON object ({} if null)

    def to_dict(self) -> dict[str, object]:
        return {
            "type": "Feature",
            "id": self.id,
            "geometry": geometry_dict(self.geometry_type, self.coordinates),
            "properties": copy.deepcopy(self.properties),
        }

    def parts(self) -> tuple[tuple[str, tuple], ...]:
        """The simple geometries (Point, LineString, Polygon) this feature is drawn with."""
        return simple_parts(self.geometry_type, self.coordinates)


@dataclass(frozen=True)
class MapReport:
    """How a document was read: where the ids came from and what was changed or left out.

    Shown to staff in the dry run and the preview; never stored (the stored plan has its ids
    written in and its positions converted, so reading it again changes nothing)."""

    read_as: str
    ids_from: str
    warnings: tuple[Problem, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "read_as": self.read_as,
            "ids_from": self.ids_from,
            "warnings": [{"field": w.field, "message": w.message} for w in self.warnings],
        }


@dataclass(frozen=True)
class MapPlan:
    features: tuple[Feature, ...]
    report: MapReport | None = field(default=None, compare=False, hash=False, repr=False)

    @cached_property
    def _by_id(self) -> dict[str, Feature]:
        return {feature.id: feature for feature in self.features}

    @property
    def element_ids(self) -> frozenset[str]:
        return frozenset(self._by_id)

    def feature(self, feature_id: str) -> Feature | None:
        return self._by_id.get(feature_id)

    def to_dict(self) -> dict[str, object]:
        return {
            "type": "FeatureCollection",
            "features": [feature.to_dict() for feature in self.features],
        }


def geometry_dict(geometry_type: str, coordinates: tuple) -> dict[str, object]:
    if geometry_type == "GeometryCollection":
        return {
            "type": geometry_type,
            "geometries": [geometry_dict(kind, coords) for kind, coords in coordinates],
        }
    return {"type": geometry_type, "coordinates": _as_lists(coordinates)}


def geometry_from_dict(data: dict) -> tuple[str, tuple]:
    """The inverse of `geometry_dict`, for geometries sayso wrote itself (no checks)."""
    if data["type"] == "GeometryCollection":
        return data["type"], tuple(geometry_from_dict(member) for member in data["geometries"])
    return data["type"], _as_tuples(data["coordinates"])


def simple_parts(geometry_type: str, coordinates: tuple) -> tuple[tuple[str, tuple], ...]:
    if geometry_type in SIMPLE_TYPES:
        return ((geometry_type, coordinates),)
    if geometry_type == "GeometryCollection":
        return tuple(part for kind, coords in coordinates for part in simple_parts(kind, coords))
    simple = geometry_type.removeprefix("Multi")
    return tuple((simple, part) for part in coordinates)


def _as_lists(coordinates: object) -> object:
    if isinstance(coordinates, tuple):
        return [_as_lists(part) for part in coordinates]
    return coordinates


def _as_tuples(value: object) -> object:
    if isinstance(value, list | tuple):
        return tuple(_as_tuples(part) for part in value)
    return value


# --- parsing ----------------------------------------------------------------------------------


class _Reading:
    """Everything one read of a document collects: problems, warnings, the position budget and
    how positions are converted."""

    def __init__(self) -> None:
        self.problems = Tally()
        self.warnings = Tally()
        self.positions = 0
        self.web_mercator = False
        self.crs_name: str | None = None
        self.extra_dimensions = 0

    def take(self, count: int) -> bool:
        self.positions += count
        return self.positions <= MAX_POSITIONS

    @property
    def over_budget(self) -> bool:
        return self.positions > MAX_POSITIONS


def parse_map(raw: object, *, path: str = "plan") -> MapPlan:
    """Read a map plan; raises InvalidInput listing every kind of problem, each with a dotted
    field path under `path`, e.g. `plan.features[12].geometry.coordinates[3]`. Never raises
    anything else for bad input. The plan's `report` says how it was read."""
    return read_map(raw, path=path)


def read_map(raw: object, *, path: str = "plan") -> MapPlan:
    reading = _Reading()
    plan = _read_document(raw, path, reading)
    reading.problems.raise_if_any()
    assert plan is not None  # no problems means the document was read whole
    return plan


def _canonical_type(value: object, reading: _Reading, field_path: str) -> str | None:
    """GeoJSON's type names are case-sensitive; `featurecollection` is read, with a warning."""
    if not isinstance(value, str):
        return None
    canonical = _BY_LOWER.get(value.lower())
    if canonical is not None and canonical != value:
        reading.warnings.add(
            "type-case",
            field_path,
            f"the type {quote(value)} was read as {quote(canonical)}; GeoJSON type names are "
            "case-sensitive, so other tools may refuse this file.",
            field_path,
        )
    return canonical


def _read_document(raw: object, path: str, reading: _Reading) -> MapPlan | None:
    if not isinstance(raw, dict):
        reading.problems.add(
            "not-object",
            path,
            "a map must be a GeoJSON object (a FeatureCollection, a Feature or a geometry), "
            f"not {describe(raw)}.",
        )
        return None
    kind = _canonical_type(raw.get("type"), reading, f"{path}.type")
    _read_crs(raw, path, reading)
    if reading.problems:
        return None
    if kind == "FeatureCollection":
        read_as = "a GeoJSON FeatureCollection"
        items = raw.get("features")
        if not isinstance(items, list):
            reading.problems.add(
                "features",
                f"{path}.features",
                f"features must be a list of GeoJSON features, not {describe(items)}.",
            )
            return None
        entries = [(item, f"{path}.features[{index}]") for index, item in enumerate(items)]
    elif kind == "Feature":
        read_as = "a single GeoJSON Feature, read as a map of one feature"
        entries = [(raw, path)]
    elif kind in GEOMETRY_TYPES:
        read_as = f"a bare GeoJSON {kind} geometry, read as a map of one feature"
        entries = [({"type": "Feature", "geometry": raw, "properties": {}}, path)]
    else:
        reading.problems.add(
            "type",
            f"{path}.type",
            "a map must be a GeoJSON FeatureCollection, Feature or geometry; its type is "
            f"{describe(raw.get('type'))}.",
        )
        return None
    return _read_features(entries, read_as, path, reading)


def _read_crs(raw: dict, path: str, reading: _Reading) -> None:
    name = crs_rules.crs_name(raw)
    if name is None:
        return
    reading.crs_name = name
    kind = crs_rules.classify(name)
    if kind == "web-mercator":
        reading.web_mercator = True
        reading.warnings.add(
            "crs",
            f"{path}.crs",
            f"the file is in Web Mercator ({quote(name, 60)}, metres); its positions were "
            "converted to longitude and latitude (WGS 84).",
        )
    elif kind == "other":
        reading.problems.add(
            "crs",
            f"{path}.crs",
            f"the file is in the coordinate system {quote(name, 80)}, not longitude and "
            f"latitude; {crs_rules.REPROJECT_HOW}.",
        )


def _read_features(
    entries: list[tuple[object, str]], read_as: str, path: str, reading: _Reading
) -> MapPlan | None:
    list_path = f"{path}.features" if len(entries) != 1 or entries[0][1] != path else path
    if not entries:
        reading.problems.add("empty", list_path, "the map needs at least one feature.")
        return None
    if len(entries) > MAX_FEATURES:
        reading.problems.add(
            "too-many",
            list_path,
            f"the map has {len(entries):,} features; at most {MAX_FEATURES:,} are allowed. "
            "Split it into several options, or keep only the features residents comment on.",
        )
        return None
    drafts: list[map_ids.Draft] = []
    for index, (item, field_path) in enumerate(entries):
        if reading.over_budget:
            break
        draft = _read_feature(item, index, field_path, reading)
        if draft is not None:
            drafts.append(draft)
    if reading.over_budget:
        reading.problems.add(
            "too-many-positions",
            list_path,
            f"the map has more than {MAX_POSITIONS:,} positions in all; simplify its lines "
            "and shapes (e.g. QGIS Vector → Geometry Tools → Simplify, or `ogr2ogr "
            "-simplify 0.00001`), or split it into several options.",
        )
    if reading.extra_dimensions:
        reading.warnings.add(
            "altitude",
            None,
            f"{_count(reading.extra_dimensions, 'position')} with a third (altitude) or fourth "
            "number: the map keeps their longitude and latitude only.",
        )
    if reading.problems:
        if drafts:
            map_ids.choose(drafts, reading.problems, Tally())  # id problems too, all at once
        return None
    if not drafts:
        reading.problems.add(
            "empty",
            list_path,
            f"none of the map's {len(entries):,} features has a geometry; give at least one "
            "a Point, LineString, Polygon or another GeoJSON geometry.",
        )
        return None
    chosen = map_ids.choose(drafts, reading.problems, reading.warnings)
    if chosen is None or reading.problems:
        return None
    features = tuple(
        Feature(feature_id, draft.geometry_type, draft.coordinates, draft.properties)
        for feature_id, draft in zip(chosen.ids, drafts, strict=True)
    )
    report = MapReport(read_as, chosen.source, tuple(reading.warnings.problems()))
    return MapPlan(features=features, report=report)


def _read_feature(
    item: object, index: int, field_path: str, reading: _Reading
) -> map_ids.Draft | None:
    label = f"feature {index + 1}"
    if not isinstance(item, dict):
        reading.problems.add(
            "feature-not-object",
            field_path,
            f"{label} must be a GeoJSON Feature object, not {describe(item)}.",
            label,
        )
        return None
    if _canonical_type(item.get("type"), reading, f"{field_path}.type") != "Feature":
        reading.problems.add(
            "feature-type",
            f"{field_path}.type",
            f"{label} must have type 'Feature', not {describe(item.get('type'))}.",
            label,
        )
        return None
    properties = _read_properties(
        item.get("properties"), label, f"{field_path}.properties", reading
    )
    geometry_value = item.get("geometry")
    if geometry_value is None:
        named = _feature_name(item, properties)
        reading.warnings.add(
            "null-geometry",
            f"{field_path}.geometry",
            f"{label}{named} has no geometry (null) and was left out of the map.",
            f"{label}{named}",
        )
        return None
    geometry = _read_geometry(geometry_value, label, f"{field_path}.geometry", reading, top=True)
    if geometry is None or properties is None:
        # Kept (without its geometry) so that its id is still checked with the others'.
        return map_ids.Draft(index, field_path, item.get("id"), "", (), properties or {})
    return map_ids.Draft(
        index=index,
        field_path=field_path,
        own_id=item.get("id"),
        geometry_type=geometry[0],
        coordinates=geometry[1],
        properties=properties,
    )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _feature_name(item: dict, properties: dict | None) -> str:
    own = item.get("id")
    if isinstance(own, str | int) and not isinstance(own, bool):
        return f" (id {quote(str(own))})"
    name = (properties or {}).get("name")
    return f" ({quote(name)})" if isinstance(name, str) else ""


def _read_geometry(
    value: object, label: str, field_path: str, reading: _Reading, *, top: bool
) -> tuple[str, tuple] | None:
    if not isinstance(value, dict):
        reading.problems.add(
            "geometry-not-object",
            field_path,
            f"{label} geometry must be an object, not {describe(value)}.",
            label,
        )
        return None
    geometry_type = _canonical_type(value.get("type"), reading, f"{field_path}.type")
    if geometry_type not in GEOMETRY_TYPES:
        reading.problems.add(
            "geometry-type",
            f"{field_path}.type",
            f"{label} geometry type must be one of {', '.join(GEOMETRY_TYPES)}, not "
            f"{describe(value.get('type'))}.",
            label,
        )
        return None
    if geometry_type == "GeometryCollection":
        return _read_collection_geometry(value, label, field_path, reading, top=top)
    coordinates_path = f"{field_path}.coordinates"
    coordinates = value.get("coordinates")
    read = _read_coordinates(geometry_type, coordinates, label, coordinates_path, reading)
    return None if read is None else (geometry_type, read)


def _read_collection_geometry(
    value: dict, label: str, field_path: str, reading: _Reading, *, top: bool
) -> tuple[str, tuple] | None:
    members = value.get("geometries")
    members_path = f"{field_path}.geometries"
    if not top:
        reading.problems.add(
            "nested-collection",
            field_path,
            f"{label} has a GeometryCollection inside a GeometryCollection; list its "
            "geometries in the outer one instead.",
            label,
        )
        return None
    if not isinstance(members, list) or not members:
        reading.problems.add(
            "collection-members",
            members_path,
            f"{label} GeometryCollection must list at least one geometry in geometries, not "
            f"{describe(members)}.",
            label,
        )
        return None
    parts = [
        _read_geometry(
            member, f"{label}, geometry {i + 1},", f"{members_path}[{i}]", reading, top=False
        )
        for i, member in enumerate(members)
    ]
    if any(part is None for part in parts):
        return None
    return "GeometryCollection", tuple(parts)  # type: ignore[arg-type]  # None ruled out


def _read_coordinates(
    geometry_type: str, value: object, label: str, field_path: str, reading: _Reading
) -> tuple | None:
    if geometry_type == "Point":
        reading.take(1)
        return _read_position(value, f"{label}'s Point", field_path, reading)
    if geometry_type == "LineString":
        return _read_line(value, label, field_path, reading)
    if geometry_type == "Polygon":
        return _read_polygon(value, label, field_path, reading)
    simple = geometry_type.removeprefix("Multi")
    if not isinstance(value, list | tuple) or not value:
        reading.problems.add(
            "multi-coordinates",
            field_path,
            f"{label} {geometry_type} coordinates must be a list of at least one {simple}'s "
            f"coordinates, not {describe(value)}.",
            label,
        )
        return None
    parts = [
        _read_coordinates(simple, part, f"{label}, part {i + 1},", f"{field_path}[{i}]", reading)
        for i, part in enumerate(value)
    ]
    if any(part is None for part in parts):
        return None
    return tuple(parts)


def _read_line(
    value: object, label: str, field_path: str, reading: _Reading
) -> tuple[Position, ...] | None:
    if not isinstance(value, list | tuple):
        reading.problems.add(
            "line-coordinates",
            field_path,
            f"{label} LineString coordinates must be a list of positions, not {describe(value)}.",
            label,
        )
        return None
    if not reading.take(len(value)):
        return None
    if len(value) < 2:
        reading.problems.add(
            "short-line",
            field_path,
            f"{label} is a LineString of {len(value)} position; it needs at least 2.",
            label,
        )
        return None
    return _read_positions(value, label, field_path, reading)


def _read_polygon(
    value: object, label: str, field_path: str, reading: _Reading
) -> tuple[tuple[Position, ...], ...] | None:
    if not isinstance(value, list | tuple) or not value:
        reading.problems.add(
            "polygon-coordinates",
            field_path,
            f"{label} Polygon coordinates must be a list of rings (the outline first, then any "
            f"holes), not {describe(value)}.",
            label,
        )
        return None
    rings = [
        _read_ring(ring, label, index, f"{field_path}[{index}]", reading)
        for index, ring in enumerate(value)
    ]
    if any(ring is None for ring in rings):
        return None
    return tuple(rings)  # type: ignore[arg-type]  # None ruled out above


def _read_ring(
    value: object, label: str, index: int, field_path: str, reading: _Reading
) -> tuple[Position, ...] | None:
    what = f"{label} ring {index + 1}"
    if not isinstance(value, list | tuple):
        reading.problems.add(
            "ring-coordinates",
            field_path,
            f"{what} must be a list of positions, not {describe(value)}.",
            what,
        )
        return None
    if not reading.take(len(value)):
        return None
    if len(value) < 4:
        reading.problems.add(
            "short-ring",
            field_path,
            f"{what} has {len(value)} positions; a ring needs at least 4, the last repeating "
            "the first.",
            what,
        )
        return None
    positions = _read_positions(value, what, field_path, reading)
    if positions is not None and positions[0] != positions[-1]:
        reading.problems.add(
            "open-ring",
            field_path,
            f"{what} is not closed: its last position must repeat its first, "
            f"[{', '.join(fmt(n) for n in positions[0])}].",
            what,
        )
        return None
    return positions


def _read_positions(
    values: list | tuple, label: str, field_path: str, reading: _Reading
) -> tuple[Position, ...] | None:
    positions = [
        _read_position(value, f"{label}, position {index + 1},", f"{field_path}[{index}]", reading)
        for index, value in enumerate(values)
    ]
    if any(position is None for position in positions):
        return None
    return tuple(positions)  # type: ignore[arg-type]  # None ruled out above


def _read_position(
    value: object, label: str, field_path: str, reading: _Reading
) -> Position | None:
    place = label.rstrip(",")
    if not isinstance(value, list | tuple) or len(value) < 2:
        reading.problems.add(
            "position",
            field_path,
            f"{place} must be a position [longitude, latitude], not {describe(value)}.",
            place,
        )
        return None
    numbers_read = [read_number(part) for part in value]
    if None in numbers_read:
        bad = next(part for part, number in zip(value, numbers_read, strict=True) if number is None)
        reading.problems.add(
            "not-finite",
            field_path,
            f"{place} must hold finite numbers only; it holds {describe(bad)}.",
            place,
        )
        return None
    if len(value) > 2:
        reading.extra_dimensions += 1
    x, y = numbers_read[0], numbers_read[1]
    assert x is not None and y is not None  # None ruled out above
    if reading.web_mercator:
        if abs(x) > 20_037_508.35 or abs(y) > 20_048_966.11:
            reading.problems.add(
                "off-mercator",
                field_path,
                f"{place} is [{fmt(x)}, {fmt(y)}], outside Web Mercator's range although the "
                f"file says it is in {quote(reading.crs_name or '', 60)}; "
                f"{crs_rules.REPROJECT_HOW}.",
                place,
            )
            return None
        return crs_rules.from_web_mercator(x, y)
    if not -180 <= x <= 180 or not -90 <= y <= 90:
        _off_the_globe(x, y, place, field_path, reading)
        return None
    return (x, y)


def _off_the_globe(x: float, y: float, place: str, field_path: str, reading: _Reading) -> None:
    if -90 <= x <= 90 and -180 <= y <= 180:
        # Latitude first is the commonest mistake (it is how people say coordinates).
        reading.problems.add(
            "swapped",
            field_path,
            f"{place} has latitude {fmt(y)}, outside -90 to 90; GeoJSON positions are "
            "[longitude, latitude]: are the two swapped?",
            place,
        )
        return
    if abs(x) > 360 or abs(y) > 360:
        reading.problems.add(
            "projected",
            field_path,
            f"{place} is [{fmt(x)}, {fmt(y)}]: not longitude and latitude but metres or feet "
            "of a projected coordinate system (the file names none); "
            f"{crs_rules.REPROJECT_HOW}.",
            place,
        )
        return
    reading.problems.add(
        "off-globe",
        field_path,
        f"{place} is [{fmt(x)}, {fmt(y)}], outside longitude -180 to 180 and latitude -90 to 90.",
        place,
    )


class _NotJson(Exception):
    """Raised inside `_clean_json` only; it never leaves this module."""


def _read_properties(value: object, label: str, field_path: str, reading: _Reading) -> dict | None:
    if value is None:
        return {}
    if not isinstance(value, dict):
        reading.problems.add(
            "properties",
            field_path,
            f"{label} properties must be an object or null, not {describe(value)}.",
            label,
        )
        return None
    try:
        return _clean_json(value, depth=0)  # type: ignore[return-value]  # a dict stays a dict
    except _NotJson as error:
        reading.problems.add("properties-json", field_path, f"{label} properties {error}.", label)
        return None


def _clean_json(value: object, depth: int) -> object:
    """A deep copy of a JSON value, refusing what JSON cannot carry (NaN, non-text keys...)."""
    if depth > MAX_PROPERTY_DEPTH:
        raise _NotJson(f"are nested more than {MAX_PROPERTY_DEPTH} levels deep")
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        if value.bit_length() > 64:
            raise _NotJson("hold a whole number too large to store")
        return value
    if isinstance(value, numbers.Real | Decimal):
        number = read_number(value)
        if number is None:
            raise _NotJson(f"hold {describe(value)}; numbers must be finite")
        return number
    if isinstance(value, list | tuple):
        return [_clean_json(item, depth + 1) for item in value]
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise _NotJson("have a key that is not text")
        return {key: _clean_json(item, depth + 1) for key, item in value.items()}
    raise _NotJson(f"hold {describe(value)}, which JSON cannot carry")
