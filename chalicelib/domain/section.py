"""Street sections: a street cut across, as a row of segments from left to right.

The model follows Streetmix (https://streetmix.net), so a street drawn there imports as it is.
`parse_section` reads three shapes: a Streetmix API response, a Streetmix street, and sayso's
canonical form (`Section.to_dict()`), and checks every rule before building a `Section`.

"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass

from chalicelib.domain.catalogue import (
    CATALOGUE,
    COMMON_TYPES,
    SEGMENT_MAX_WIDTH,
    SEGMENT_MIN_WIDTH,
    SegmentType,
)
from chalicelib.domain.validation import (
    ID_RULE,
    ProblemList,
    describe,
    fmt,
    is_element_id,
    quote,
    read_number,
    shorten,
)

STREET_MIN_WIDTH = 3.0
STREET_MAX_WIDTH = 120.0
MAX_SEGMENTS = 60
# Widths saved in feet and rounded to millimetres can add up to a hair more than the street.
OVER_WIDTH_TOLERANCE = 0.01
MIN_ELEVATION = -10.0
MAX_ELEVATION = 10.0
MAX_BUILDING_FLOORS = 200
MAX_NAME_CHARS = 200
MAX_VARIANT_CHARS = 200

OLDEST_SCHEMA = 17
NEWEST_SCHEMA = 35
METRIC_WIDTHS_SCHEMA = 30  # before it, Streetmix stored widths in feet, whatever `units` said
METRIC_ELEVATIONS_SCHEMA = 33  # before it, elevation was a level: 0 road, 1 kerb, ...
METRES_PER_FOOT = 0.3048
METRES_PER_LEVEL = 0.15

METRIC = 0
IMPERIAL = 1
_OLD_METRIC = 2  # what Streetmix once stored for metric


# --- validation to-----------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    id: str
    type: str
    variant: str  # Streetmix "variantString", e.g. "inbound|regular"; "" if none
    width: float  # metres, rounded to 3 decimals
    elevation: float  # metres (0 = road level)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "type": self.type,
            "variantString": self.variant,
            "width": self.width,
            "elevation": self.elevation,
        }


@dataclass(frozen=True)
class Section:
    width: float  # metres
    units: int  # display units: 0 metric, 1 imperial
    segments: tuple[Segment, ...]
    name: str | None = None
    left_building_height: float | None = None  # floors, as Streetmix
    right_building_height: float | None = None

    @property
    def element_ids(self) -> frozenset[str]:
        return frozenset(segment.id for segment in self.segments)

    @property
    def occupied_width(self) -> float:
        return round(sum(segment.width for segment in self.segments), 3)

    @property
    def remaining_width(self) -> float:
        return max(0.0, round(self.width - self.occupied_width, 3))

    def segment(self, segment_id: str) -> Segment | None:
        return next((s for s in self.segments if s.id == segment_id), None)

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"width": self.width, "units": self.units}
        optional = {
            "name": self.name,
            "leftBuildingHeight": self.left_building_height,
            "rightBuildingHeight": self.right_building_height,
        }
        data.update({key: value for key, value in optional.items() if value is not None})
        data["remainingWidth"] = self.remaining_width
        data["segments"] = [segment.to_dict() for segment in self.segments]
        return data


# --- parsing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scale:
    """How a document's numbers turn into metres."""

    metres_per_width_unit: float
    width_unit: str  # "m" or "ft", for messages
    metres_per_elevation_unit: float
    elevation_in_levels: bool

    def width(self, value: float) -> float:
        return round(value * self.metres_per_width_unit, 3)

    def elevation(self, value: float) -> float:
        return round(value * self.metres_per_elevation_unit, 3)

    def original_width(self, value: float) -> str:
        """' (9 ft)' when the document was in feet, so the resident recognises their number."""
        return "" if self.width_unit == "m" else f" ({fmt(value)} ft)"


_METRES = _Scale(1.0, "m", 1.0, elevation_in_levels=False)


def _streetmix_scale(schema_version: int) -> _Scale:
    in_feet = schema_version < METRIC_WIDTHS_SCHEMA
    in_levels = schema_version < METRIC_ELEVATIONS_SCHEMA
    return _Scale(
        METRES_PER_FOOT if in_feet else 1.0,
        "ft" if in_feet else "m",
        METRES_PER_LEVEL if in_levels else 1.0,
        elevation_in_levels=in_levels,
    )


@dataclass(frozen=True)
class _SegmentDraft:
    """One segment as read, before ids are settled; None fields failed their checks."""

    given_id: str | None
    type: str | None
    variant: str | None
    width: float | None
    elevation: float | None

    @property
    def complete(self) -> bool:
        return None not in (self.type, self.variant, self.width, self.elevation)


def parse_section(raw: object, *, path: str = "plan") -> Section:
    """Read a street section from a Streetmix API response, a Streetmix street or canonical form.

    Raises InvalidInput listing every problem (up to MAX_PROBLEMS), each with a dotted field path
    under `path`, e.g. `plan.segments[3].width`. Never raises anything else for bad input.
    """
    problems = ProblemList(path)
    section = _read_document(raw, path, problems)
    problems.raise_if_any()
    assert section is not None  # no problems means the document was read whole
    return section


def _read_document(raw: object, path: str, problems: ProblemList) -> Section | None:
    if not isinstance(raw, dict):
        problems.add(
            path,
            "a street section must be a JSON object (a Streetmix street, a Streetmix API "
            f"response, or an object with width and segments), not {describe(raw)}.",
        )
        return None
    if "schemaVersion" in raw:
        return _read_streetmix_street(raw, path, problems, name=None)
    if "data" in raw:
        return _read_api_response(raw, path, problems)
    return _read_street(raw, path, problems, _METRES, name=None)


def _read_api_response(raw: dict, path: str, problems: ProblemList) -> Section | None:
    data = raw["data"]
    if not isinstance(data, dict) or not isinstance(data.get("street"), dict):
        problems.add(
            f"{path}.data.street",
            "a Streetmix API response must have the street in data.street; "
            "this one has no street object there.",
        )
        return None
    # Streetmix keeps the street's name at the top of the response, next to its owner.
    top_name = raw.get("name")
    name = _read_name(top_name, f"{path}.name", problems) if isinstance(top_name, str) else None
    street_path = f"{path}.data.street"
    street = data["street"]
    if "schemaVersion" not in street:
        problems.add(
            f"{street_path}.schemaVersion",
            "the Streetmix street has no schemaVersion; sayso reads schema versions "
            f"{OLDEST_SCHEMA} to {NEWEST_SCHEMA}.",
        )
        return None
    return _read_streetmix_street(street, street_path, problems, name=name)


def _read_streetmix_street(
    raw: dict, path: str, problems: ProblemList, *, name: str | None
) -> Section | None:
    version = raw["schemaVersion"]
    field = f"{path}.schemaVersion"
    if isinstance(version, bool) or not isinstance(version, int):
        problems.add(
            field,
            f"schemaVersion must be a whole number from {OLDEST_SCHEMA} to {NEWEST_SCHEMA}, "
            f"not {describe(version)}.",
        )
        scale = None
    elif not OLDEST_SCHEMA <= version <= NEWEST_SCHEMA:
        advice = (
            "open the street in Streetmix and save it again to bring it up to date."
            if version < OLDEST_SCHEMA
            else "it is newer than sayso knows; please tell the sayso team."
        )
        problems.add(
            field,
            f"Streetmix schema version {describe(version)} is not supported; sayso reads "
            f"schema versions {OLDEST_SCHEMA} to {NEWEST_SCHEMA}: {advice}",
        )
        scale = None
    else:
        scale = _streetmix_scale(version)
    # With an unknown schema the units of every number are unknown: check only their types.
    return _read_street(raw, path, problems, scale, name=name)


def _read_street(
    raw: dict, path: str, problems: ProblemList, scale: _Scale | None, *, name: str | None
) -> Section | None:
    width = _read_street_width(raw.get("width"), f"{path}.width", scale, problems)
    units = _read_units(raw.get("units"), f"{path}.units", problems)
    if name is None:
        name = _read_name(raw.get("name"), f"{path}.name", problems)
    left = _read_floors(raw.get("leftBuildingHeight"), f"{path}.leftBuildingHeight", problems)
    right = _read_floors(raw.get("rightBuildingHeight"), f"{path}.rightBuildingHeight", problems)
    segments = _read_segments(raw.get("segments"), f"{path}.segments", scale, problems)
    if width is not None and segments:
        _check_total_width(width, segments, f"{path}.segments", problems)
    if problems or width is None or units is None or segments is None:
        return None
    return Section(
        width=width,
        units=units,
        segments=segments,
        name=name,
        left_building_height=left,
        right_building_height=right,
    )


def _read_street_width(
    value: object, field: str, scale: _Scale | None, problems: ProblemList
) -> float | None:
    unit = "metres" if scale is None or scale.width_unit == "m" else "feet"
    if value is None:
        problems.add(field, f"the street has no width; give its width in {unit}.")
        return None
    number = read_number(value)
    if number is None:
        problems.add(field, f"the street width must be a number of {unit}, not {describe(value)}.")
        return None
    if scale is None:
        return None
    metres = scale.width(number)
    if not STREET_MIN_WIDTH <= metres <= STREET_MAX_WIDTH:
        problems.add(
            field,
            f"the street is {fmt(metres)} m{scale.original_width(number)} wide; a street must be "
            f"{fmt(STREET_MIN_WIDTH)}–{fmt(STREET_MAX_WIDTH)} m wide.",
        )
        return None
    return metres


def _read_units(value: object, field: str, problems: ProblemList) -> int | None:
    if value is None:
        return METRIC
    number = read_number(value)
    if number in (METRIC, _OLD_METRIC):
        return METRIC
    if number == IMPERIAL:
        return IMPERIAL
    problems.add(field, f"units must be 0 (metric) or 1 (imperial), not {describe(value)}.")
    return None


def _read_name(value: object, field: str, problems: ProblemList) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        problems.add(field, f"the street name must be text, not {describe(value)}.")
        return None
    if len(value) > MAX_NAME_CHARS:
        problems.add(
            field,
            f"the street name is {len(value)} characters long; the limit is {MAX_NAME_CHARS}.",
        )
        return None
    return value


def _read_floors(value: object, field: str, problems: ProblemList) -> float | None:
    if value is None:
        return None
    number = read_number(value)
    if number is None or not 0 <= number <= MAX_BUILDING_FLOORS:
        problems.add(
            field,
            f"a building height is a number of floors from 0 to {MAX_BUILDING_FLOORS}, "
            f"not {describe(value)}.",
        )
        return None
    return int(number) if number.is_integer() else number


def _read_segments(
    value: object, field: str, scale: _Scale | None, problems: ProblemList
) -> tuple[Segment, ...] | None:
    if value is None:
        problems.add(field, "the street has no segments; list them from left to right.")
        return None
    if not isinstance(value, list):
        problems.add(field, f"segments must be a list of segment objects, not {describe(value)}.")
        return None
    if not value:
        problems.add(field, "the street needs at least one segment.")
        return None
    if len(value) > MAX_SEGMENTS:
        problems.add(
            field, f"the street has {len(value)} segments; at most {MAX_SEGMENTS} are allowed."
        )
    drafts: list[_SegmentDraft] = []
    for index, item in enumerate(value):
        if problems.overflowed:
            return None
        drafts.append(_read_segment(item, index, f"{field}[{index}]", scale, problems))
    _check_unique_ids(drafts, field, problems)
    if not all(draft.complete for draft in drafts):
        return None
    ids = _settle_ids(drafts)
    return tuple(
        Segment(
            id=segment_id,
            type=draft.type,  # type: ignore[arg-type]  # complete: checked above
            variant=draft.variant,  # type: ignore[arg-type]
            width=draft.width,  # type: ignore[arg-type]
            elevation=draft.elevation,  # type: ignore[arg-type]
        )
        for segment_id, draft in zip(ids, drafts, strict=True)
    )


_MISSING = _SegmentDraft(None, None, None, None, None)


def _read_segment(
    item: object, index: int, field: str, scale: _Scale | None, problems: ProblemList
) -> _SegmentDraft:
    number = index + 1
    if not isinstance(item, dict):
        problems.add(
            field,
            f"segment {number} must be an object with a type and a width, not {describe(item)}.",
        )
        return _MISSING
    type_name, kind = _read_type(item.get("type"), number, f"{field}.type", problems)
    label = f"segment {number}" if type_name is None else f"segment {number} ({type_name})"
    return _SegmentDraft(
        given_id=_read_segment_id(item.get("id"), label, f"{field}.id", problems),
        type=type_name if kind is not None else None,
        variant=_read_variant(item, label, field, problems),
        width=_read_segment_width(
            item.get("width"), label, kind, f"{field}.width", scale, problems
        ),
        elevation=_read_elevation(
            item.get("elevation"), label, f"{field}.elevation", scale, problems
        ),
    )


def _read_type(
    value: object, number: int, field: str, problems: ProblemList
) -> tuple[str | None, SegmentType | None]:
    """The type's name (when it is text, for labels) and its catalogue entry (when known)."""
    if value is None:
        problems.add(field, f"segment {number} has no type; give its kind, e.g. 'sidewalk'.")
        return None, None
    if not isinstance(value, str):
        problems.add(
            field,
            f"segment {number} type must be text such as 'sidewalk', not {describe(value)}.",
        )
        return None, None
    kind = CATALOGUE.get(value)
    if kind is None:
        problems.add(field, _unknown_type_message(value))
        return shorten(value), None
    return value, kind


def _unknown_type_message(name: str) -> str:
    close = difflib.get_close_matches(name, list(CATALOGUE), n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return (
        f"unknown segment type {quote(name)}; {hint}known types include "
        f"{', '.join(COMMON_TYPES)} ({len(CATALOGUE)} in all, see the segment catalogue)."
    )


def _read_segment_id(value: object, label: str, field: str, problems: ProblemList) -> str | None:
    if value is None:
        return None
    if not is_element_id(value):
        problems.add(
            field,
            f"{label} has the id {describe(value)}; an id must be {ID_RULE}, e.g. 'west-footpath'.",
        )
        return None
    return value  # type: ignore[return-value]  # is_element_id checked it is a str


def _read_variant(item: dict, label: str, field: str, problems: ProblemList) -> str | None:
    """Streetmix's variantString, or a template's variant object joined with '|' in order."""
    if item.get("variantString") is not None:
        value, field = item["variantString"], f"{field}.variantString"
    elif item.get("variant") is not None:
        value, field = item["variant"], f"{field}.variant"
    else:
        return ""
    if isinstance(value, dict) and all(isinstance(part, str) for part in value.values()):
        value = "|".join(value.values())
    if not isinstance(value, str):
        problems.add(
            field,
            f"{label} variant must be text such as 'inbound|regular', not {describe(value)}.",
        )
        return None
    if len(value) > MAX_VARIANT_CHARS:
        problems.add(
            field,
            f"{label} variant is {len(value)} characters long; the limit is {MAX_VARIANT_CHARS}.",
        )
        return None
    return value


def _read_segment_width(
    value: object,
    label: str,
    kind: SegmentType | None,
    field: str,
    scale: _Scale | None,
    problems: ProblemList,
) -> float | None:
    unit = "metres" if scale is None or scale.width_unit == "m" else "feet"
    if value is None:
        problems.add(field, f"{label} has no width; give its width in {unit}.")
        return None
    number = read_number(value)
    if number is None:
        problems.add(field, f"{label} width must be a number of {unit}, not {describe(value)}.")
        return None
    if scale is None:
        return None
    metres = scale.width(number)
    low, high, what = (
        (kind.min_width, kind.max_width, f"a {kind.name}")
        if kind is not None
        else (SEGMENT_MIN_WIDTH, SEGMENT_MAX_WIDTH, "a segment")
    )
    if not low <= metres <= high:
        problems.add(
            field,
            f"{label} is {fmt(metres)} m{scale.original_width(number)} wide; "
            f"{what} must be {fmt(low)}–{fmt(high)} m.",
        )
        return None
    return metres


def _read_elevation(
    value: object, label: str, field: str, scale: _Scale | None, problems: ProblemList
) -> float | None:
    if value is None:
        return 0.0
    number = read_number(value)
    in_levels = scale is not None and scale.elevation_in_levels
    unit = "a level (0 road, 1 kerb)" if in_levels else "metres above road level"
    if number is None:
        problems.add(
            field, f"{label} elevation must be a number, in {unit}; not {describe(value)}."
        )
        return None
    if scale is None:
        return None
    metres = scale.elevation(number)
    if not MIN_ELEVATION <= metres <= MAX_ELEVATION:
        problems.add(
            field,
            f"{label} is raised {fmt(metres)} m; elevation must be between "
            f"{fmt(MIN_ELEVATION)} and {fmt(MAX_ELEVATION)} m, 0 being road level.",
        )
        return None
    return metres


def _check_unique_ids(drafts: list[_SegmentDraft], field: str, problems: ProblemList) -> None:
    first_with: dict[str, int] = {}
    for index, draft in enumerate(drafts):
        if draft.given_id is None:
            continue
        if draft.given_id in first_with:
            problems.add(
                f"{field}[{index}].id",
                f"segment {index + 1} has the id '{draft.given_id}', which segment "
                f"{first_with[draft.given_id] + 1} already has; ids must be unique in a street.",
            )
        else:
            first_with[draft.given_id] = index


def _settle_ids(drafts: list[_SegmentDraft]) -> list[str]:
    """Given ids as they are; the others `{type}-{n}`, n counting that type from the left."""
    taken = {draft.given_id for draft in drafts if draft.given_id is not None}
    seen_of_type: Counter[str] = Counter()
    ids: list[str] = []
    for draft in drafts:
        type_name = draft.type or "segment"
        seen_of_type[type_name] += 1
        if draft.given_id is not None:
            ids.append(draft.given_id)
            continue
        base = candidate = f"{type_name}-{seen_of_type[type_name]}"
        suffix = 2
        while candidate in taken:
            candidate = f"{base}_{suffix}"
            suffix += 1
        taken.add(candidate)
        ids.append(candidate)
    return ids


def _check_total_width(
    width: float, segments: tuple[Segment, ...], field: str, problems: ProblemList
) -> None:
    occupied = round(sum(segment.width for segment in segments), 3)
    if occupied > width + OVER_WIDTH_TOLERANCE:
        problems.add(
            field,
            f"the segments add up to {fmt(occupied)} m, {fmt(round(occupied - width, 3))} m more "
            f"than the street's width of {fmt(width)} m; narrow or remove segments, "
            "or widen the street.",
        )
