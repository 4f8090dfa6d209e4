"""Map plans: a GeoJSON FeatureCollection of points, lines and polygons a resident can comment on.

`parse_map` checks every rule before building a `MapPlan`, so the rest of sayso can trust that
positions are real places, rings are closed and every feature has a unique id to comment on.
"""

from __future__ import annotations

import copy
import numbers
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Literal, get_args

from chalicelib.domain.validation import (
    ID_RULE,
    ProblemList,
    describe,
    fmt,
    is_element_id,
    quote,
    read_number,
)

MAX_FEATURES = 5_000
MAX_POSITIONS = 100_000
MAX_PROPERTY_DEPTH = 32
GeometryType = Literal["Point", "LineString", "Polygon"]
GEOMETRY_TYPES: tuple[GeometryType, ...] = get_args(GeometryType)

Position = tuple[float, ...]  # (lon, lat) or (lon, lat, altitude)


@dataclass(frozen=True)
class Feature:
    id: str  # GeoJSON feature id (string or integer in input; stored as string)
    geometry_type: str  # Point | LineString | Polygon
    coordinates: tuple  # nested tuples of floats, as GeoJSON
    properties: dict = field(hash=False)  # JSON object ({} if null)

    def to_dict(self) -> dict[str, object]:
        return {
            "type": "Feature",
            "id": self.id,
            "geometry": {"type": self.geometry_type, "coordinates": _as_lists(self.coordinates)},
            "properties": copy.deepcopy(self.properties),
        }


@dataclass(frozen=True)
class MapPlan:
    features: tuple[Feature, ...]

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


def _as_lists(coordinates: object) -> object:
    if isinstance(coordinates, tuple):
        return [_as_lists(part) for part in coordinates]
    return coordinates


# --- parsing ----------------------------------------------------------------------------------


class _PositionBudget:
    """Counts positions across the whole map so a huge file is refused before it is walked."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def take(self, count: int) -> bool:
        self.used += count
        return self.used <= self.limit

    @property
    def exceeded(self) -> bool:
        return self.used > self.limit


def parse_map(raw: object, *, path: str = "plan") -> MapPlan:
    """Read a map plan from a GeoJSON FeatureCollection.

    Raises InvalidInput listing every problem (up to 50), each with a dotted field path under
    `path`, e.g. `plan.features[12].geometry.coordinates[3]`. Never raises anything else for bad
    input.
    """
    problems = ProblemList(path)
    plan = _read_collection(raw, path, problems)
    problems.raise_if_any()
    assert plan is not None  # no problems means the collection was read whole
    return plan


def _read_collection(raw: object, path: str, problems: ProblemList) -> MapPlan | None:
    if not isinstance(raw, dict):
        problems.add(
            path, f"a map must be a GeoJSON FeatureCollection object, not {describe(raw)}."
        )
        return None
    if raw.get("type") != "FeatureCollection":
        hint = "; put the feature in a FeatureCollection" if raw.get("type") == "Feature" else ""
        problems.add(
            f"{path}.type",
            f"a map must be a GeoJSON FeatureCollection; its type is {describe(raw.get('type'))}"
            f"{hint}.",
        )
        return None
    field_path = f"{path}.features"
    items = raw.get("features")
    if not isinstance(items, list):
        problems.add(
            field_path, f"features must be a list of GeoJSON features, not {describe(items)}."
        )
        return None
    if not items:
        problems.add(field_path, "the map needs at least one feature.")
        return None
    if len(items) > MAX_FEATURES:
        problems.add(
            field_path,
            f"the map has {len(items):,} features; at most {MAX_FEATURES:,} are allowed.",
        )
    budget = _PositionBudget(MAX_POSITIONS)
    ids: list[str | None] = []
    features: list[Feature] = []
    for index, item in enumerate(items):
        if problems.overflowed or budget.exceeded:
            break
        feature_id, feature = _read_feature(item, index, f"{field_path}[{index}]", budget, problems)
        ids.append(feature_id)
        if feature is not None:
            features.append(feature)
    if budget.exceeded:
        problems.add(
            field_path,
            f"the map has more than {MAX_POSITIONS:,} positions in all; simplify its lines "
            "and shapes, or split it into several maps.",
        )
    _check_unique_ids(ids, field_path, problems)
    if problems:
        return None
    return MapPlan(features=tuple(features))


def _read_feature(
    item: object, index: int, field_path: str, budget: _PositionBudget, problems: ProblemList
) -> tuple[str | None, Feature | None]:
    """The feature's id (checked apart, for the uniqueness check) and the feature if all is well."""
    label = f"feature {index + 1}"
    if not isinstance(item, dict):
        problems.add(field_path, f"{label} must be a GeoJSON Feature object, not {describe(item)}.")
        return None, None
    if item.get("type") != "Feature":
        problems.add(
            f"{field_path}.type",
            f"{label} must have type 'Feature', not {describe(item.get('type'))}.",
        )
    feature_id = _read_feature_id(item.get("id"), label, f"{field_path}.id", problems)
    geometry = _read_geometry(
        item.get("geometry"), label, f"{field_path}.geometry", budget, problems
    )
    properties = _read_properties(
        item.get("properties"), label, f"{field_path}.properties", problems
    )
    if feature_id is None or geometry is None or properties is None:
        return feature_id, None
    geometry_type, coordinates = geometry
    return feature_id, Feature(feature_id, geometry_type, coordinates, properties)


def _read_feature_id(
    value: object, label: str, field_path: str, problems: ProblemList
) -> str | None:
    if value is None:
        problems.add(
            field_path,
            f"{label} has no id; give every feature a unique id (text or a whole number) "
            "so comments can point at it.",
        )
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**64:
        value = str(value)  # bounded first: str() refuses ints of more than 4300 digits
    if not is_element_id(value):
        problems.add(
            field_path,
            f"{label} has the id {describe(value)}; an id must be a whole number of at most "
            f"64 digits or text of {ID_RULE}.",
        )
        return None
    return value  # type: ignore[return-value]  # is_element_id checked it is a str


def _check_unique_ids(ids: list[str | None], field_path: str, problems: ProblemList) -> None:
    first_with: dict[str, int] = {}
    for index, feature_id in enumerate(ids):
        if feature_id is None:
            continue
        if feature_id in first_with:
            problems.add(
                f"{field_path}[{index}].id",
                f"feature {index + 1} has the id '{feature_id}', which feature "
                f"{first_with[feature_id] + 1} already has; ids must be unique in a map.",
            )
        else:
            first_with[feature_id] = index


def _read_geometry(
    value: object, label: str, field_path: str, budget: _PositionBudget, problems: ProblemList
) -> tuple[str, tuple] | None:
    if value is None:
        problems.add(
            field_path, f"{label} has no geometry; give it a Point, LineString or Polygon."
        )
        return None
    if not isinstance(value, dict):
        problems.add(field_path, f"{label} geometry must be an object, not {describe(value)}.")
        return None
    geometry_type = value.get("type")
    if geometry_type not in GEOMETRY_TYPES:
        problems.add(f"{field_path}.type", _geometry_type_message(label, geometry_type))
        return None
    coordinates_path = f"{field_path}.coordinates"
    coordinates = value.get("coordinates")
    if geometry_type == "Point":
        budget.take(1)
        position = _read_position(coordinates, f"{label}'s Point", coordinates_path, problems)
        return None if position is None else (geometry_type, position)
    if geometry_type == "LineString":
        line = _read_line(coordinates, label, coordinates_path, budget, problems)
        return None if line is None else (geometry_type, line)
    polygon = _read_polygon(coordinates, label, coordinates_path, budget, problems)
    return None if polygon is None else (geometry_type, polygon)


def _geometry_type_message(label: str, geometry_type: object) -> str:
    allowed = "Point, LineString or Polygon"
    if isinstance(geometry_type, str):
        hint = "; split it into one feature per part" if geometry_type.startswith("Multi") else ""
        return f"{label} is a {quote(geometry_type)}; a map takes {allowed} geometries{hint}."
    return f"{label} geometry type must be {allowed}, not {describe(geometry_type)}."


def _read_line(
    value: object, label: str, field_path: str, budget: _PositionBudget, problems: ProblemList
) -> tuple[Position, ...] | None:
    if not isinstance(value, list | tuple):
        problems.add(
            field_path,
            f"{label} LineString coordinates must be a list of positions, not {describe(value)}.",
        )
        return None
    if not budget.take(len(value)):
        return None
    if len(value) < 2:
        problems.add(
            field_path, f"{label} is a LineString of {len(value)} position; it needs at least 2."
        )
        return None
    return _read_positions(value, label, field_path, problems)


def _read_polygon(
    value: object, label: str, field_path: str, budget: _PositionBudget, problems: ProblemList
) -> tuple[tuple[Position, ...], ...] | None:
    if not isinstance(value, list | tuple) or not value:
        problems.add(
            field_path,
            f"{label} Polygon coordinates must be a list of rings (the outline first, then any "
            f"holes), not {describe(value)}.",
        )
        return None
    rings = []
    for index, ring in enumerate(value):
        rings.append(_read_ring(ring, label, index, f"{field_path}[{index}]", budget, problems))
    if any(ring is None for ring in rings):
        return None
    return tuple(rings)  # type: ignore[arg-type]  # None ruled out above


def _read_ring(
    value: object,
    label: str,
    index: int,
    field_path: str,
    budget: _PositionBudget,
    problems: ProblemList,
) -> tuple[Position, ...] | None:
    what = f"{label} ring {index + 1}"
    if not isinstance(value, list | tuple):
        problems.add(field_path, f"{what} must be a list of positions, not {describe(value)}.")
        return None
    if not budget.take(len(value)):
        return None
    if len(value) < 4:
        problems.add(
            field_path,
            f"{what} has {len(value)} positions; a ring needs at least 4, the last repeating "
            "the first.",
        )
        return None
    positions = _read_positions(value, what, field_path, problems)
    if positions is not None and positions[0] != positions[-1]:
        problems.add(
            field_path,
            f"{what} is not closed: its last position must repeat its first, "
            f"[{', '.join(fmt(n) for n in positions[0])}].",
        )
        return None
    return positions


def _read_positions(
    values: list | tuple, label: str, field_path: str, problems: ProblemList
) -> tuple[Position, ...] | None:
    positions = [
        _read_position(value, f"{label}, position {index + 1},", f"{field_path}[{index}]", problems)
        for index, value in enumerate(values)
    ]
    if any(position is None for position in positions):
        return None
    return tuple(positions)  # type: ignore[arg-type]  # None ruled out above


def _read_position(
    value: object, label: str, field_path: str, problems: ProblemList
) -> Position | None:
    if not isinstance(value, list | tuple) or len(value) not in (2, 3):
        problems.add(
            field_path,
            f"{label} must be a position [longitude, latitude] or [longitude, latitude, "
            f"altitude], not {describe(value)}.",
        )
        return None
    numbers_read = [read_number(part) for part in value]
    if None in numbers_read:
        bad = next(part for part, number in zip(value, numbers_read, strict=True) if number is None)
        problems.add(
            field_path, f"{label} must hold finite numbers only; it holds {describe(bad)}."
        )
        return None
    position: Position = tuple(numbers_read)  # type: ignore[arg-type]  # None ruled out above
    lon, lat = position[0], position[1]
    if not -180 <= lon <= 180 or not -90 <= lat <= 90:
        problems.add(field_path, _off_the_globe_message(label, lon, lat))
        return None
    return position


def _off_the_globe_message(label: str, lon: float, lat: float) -> str:
    if -90 <= lon <= 90 and -180 <= lat <= 180:
        # Latitude first is the commonest mistake (it is how people say coordinates).
        return (
            f"{label} has latitude {fmt(lat)}, outside -90 to 90; GeoJSON positions are "
            "[longitude, latitude]: are the two swapped?"
        )
    if not -180 <= lon <= 180:
        return f"{label} has longitude {fmt(lon)}, outside -180 to 180."
    return f"{label} has latitude {fmt(lat)}, outside -90 to 90."


class _NotJson(Exception):
    """Raised inside `_clean_json` only; it never leaves this module."""


def _read_properties(
    value: object, label: str, field_path: str, problems: ProblemList
) -> dict | None:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add(
            field_path, f"{label} properties must be an object or null, not {describe(value)}."
        )
        return None
    try:
        return _clean_json(value, depth=0)  # type: ignore[return-value]  # a dict stays a dict
    except _NotJson as error:
        problems.add(field_path, f"{label} properties {error}.")
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
