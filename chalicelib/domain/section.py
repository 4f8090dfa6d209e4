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
    SEGMENT_MAX_WIDTH,
    SEGMENT_MIN_WIDTH,
)
from chalicelib.domain.streetmix import (
    FIRST_METRIC_SCHEMA,
    FOOT,
    LATEST_SCHEMA,
    NO_FLOORS,
    schema_of,
    upgrade,
)
from chalicelib.domain.validation import (
    ID_RULE,
    ProblemList,
    describe,
    fmt,
    is_element_id,
    quote,
    read_number,
)

STREET_MIN_WIDTH = 3.0
STREET_MAX_WIDTH = 120.0
STREET_MAX_WIDTH_IMPERIAL = 121.92  # Streetmix: 400 ft
MAX_SEGMENTS = 60
# Widths saved in feet and rounded to millimetres can add up to a hair more than the street.
OVER_WIDTH_TOLERANCE = 0.01
MIN_ELEVATION = -10.0
MAX_ELEVATION = 10.0
MAX_BUILDING_FLOORS = 200
MAX_NAME_CHARS = 200
MAX_VARIANT_CHARS = 200
MAX_TYPE_CHARS = 100

OLDEST_SCHEMA = 1
NEWEST_SCHEMA = LATEST_SCHEMA
METRES_PER_FOOT = FOOT

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
    """How the numbers of a document read: widths are metres once upgraded; `stored_unit` is the
    unit the document itself holds them in (feet before Streetmix schema 30), for messages about
    values that are not numbers at all."""

    stored_unit: str  # "metres" or "feet"

    def width(self, value: float) -> float:
        return round(value, 3)

    def elevation(self, value: float) -> float:
        return round(value, 3)


_METRES = _Scale("metres")


def in_units(metres: float, units: int) -> str:
    """'2.438 m', or '2.438 m (8 ft)' on a street drawn in imperial units."""
    if units != IMPERIAL:
        return f"{fmt(metres)} m"
    feet = f"{metres / FOOT:.2f}".rstrip("0").rstrip(".")
    return f"{fmt(metres)} m ({feet} ft)"


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
        # Streetmix's own rule for streets saved without one (schema 17 if from 2018, else 1).
        street = {
            **street,
            "schemaVersion": schema_of(
                street, created_at=raw.get("createdAt"), updated_at=raw.get("updatedAt")
            ),
        }
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
        scale = _Scale("feet" if version < FIRST_METRIC_SCHEMA else "metres")
        raw = upgrade(raw, version)
    # With an unknown schema the units of every number are unknown: check only their types.
    return _read_street(raw, path, problems, scale, name=name)


def _read_street(
    raw: dict, path: str, problems: ProblemList, scale: _Scale | None, *, name: str | None
) -> Section | None:
    # The width's message needs the units, its problem comes first all the same.
    hint = IMPERIAL if read_number(raw.get("units")) == IMPERIAL else METRIC
    width = _read_street_width(raw.get("width"), f"{path}.width", scale, hint, problems)
    units = _read_units(raw.get("units"), f"{path}.units", problems)
    if name is None:
        name = _read_name(raw.get("name"), f"{path}.name", problems)
    left = _read_building(raw, "left", path, problems)
    right = _read_building(raw, "right", path, problems)
    segments = _read_segments(raw.get("segments"), f"{path}.segments", scale, units, problems)
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
    value: object, field: str, scale: _Scale | None, units: int | None, problems: ProblemList
) -> float | None:
    unit = "metres" if scale is None else scale.stored_unit
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
    units = METRIC if units is None else units
    widest = STREET_MAX_WIDTH_IMPERIAL if units == IMPERIAL else STREET_MAX_WIDTH
    if not STREET_MIN_WIDTH <= metres <= widest:
        problems.add(
            field,
            f"the street is {in_units(metres, units)} wide; a street must be "
            f"{in_units(STREET_MIN_WIDTH, units)} to {in_units(widest, units)} wide "
            "(Streetmix's own limits).",
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


def _read_building(raw: dict, side: str, path: str, problems: ProblemList) -> float | None:
    """Floors of the building on one side: from `boundary` (schema 32 on), else the old fields.

    A boundary Streetmix draws without floors (grass, a fence, a parking lot, water) is no
    building, whatever floor count it keeps.
    """
    boundary = raw.get("boundary")
    edge = boundary.get(side) if isinstance(boundary, dict) else None
    if isinstance(edge, dict):
        variant, floors, field = edge.get("variant"), edge.get("floors"), f"boundary.{side}.floors"
    else:
        variant = raw.get(f"{side}BuildingVariant")
        floors, field = raw.get(f"{side}BuildingHeight"), f"{side}BuildingHeight"
    height = _read_floors(floors, f"{path}.{field}", problems)
    if isinstance(variant, str) and variant in NO_FLOORS:
        return None
    return height


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
    value: object, field: str, scale: _Scale | None, units: int | None, problems: ProblemList
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
        drafts.append(_read_segment(item, index, f"{field}[{index}]", scale, units, problems))
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
    item: object,
    index: int,
    field: str,
    scale: _Scale | None,
    units: int | None,
    problems: ProblemList,
) -> _SegmentDraft:
    number = index + 1
    if not isinstance(item, dict):
        problems.add(
            field,
            f"segment {number} must be an object with a type and a width, not {describe(item)}.",
        )
        return _MISSING
    type_name = _read_type(item.get("type"), number, f"{field}.type", problems)
    label = f"segment {number}" if type_name is None else f"segment {number} ({type_name})"
    return _SegmentDraft(
        given_id=_read_segment_id(item.get("id"), label, f"{field}.id", problems),
        type=type_name,
        variant=_read_variant(item, label, field, problems),
        width=_read_segment_width(
            item.get("width"), label, f"{field}.width", scale, units, problems
        ),
        elevation=_read_elevation(
            item.get("elevation"), label, f"{field}.elevation", scale, problems
        ),
    )


def _read_type(value: object, number: int, field: str, problems: ProblemList) -> str | None:
    """The type's name. A type sayso does not know is kept (drawn as a plain part with its name)
    and warned about by `section_warnings`, as Streetmix keeps types its plugins add."""
    if value is None:
        problems.add(field, f"segment {number} has no type; give its kind, e.g. 'sidewalk'.")
        return None
    if not isinstance(value, str) or not value.strip():
        problems.add(
            field,
            f"segment {number} type must be text such as 'sidewalk', not {describe(value)}.",
        )
        return None
    if len(value) > MAX_TYPE_CHARS:
        problems.add(
            field,
            f"segment {number} type is {len(value)} characters long; the limit is "
            f"{MAX_TYPE_CHARS}.",
        )
        return None
    return value


def _unknown_type_message(name: str) -> str:
    close = difflib.get_close_matches(name, list(CATALOGUE), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return (
        f"sayso does not know the segment type {quote(name)}{hint}; it is kept with its name and "
        "drawn as a plain part."
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
    field: str,
    scale: _Scale | None,
    units: int | None,
    problems: ProblemList,
) -> float | None:
    unit = "metres" if scale is None else scale.stored_unit
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
    units = METRIC if units is None else units
    if not SEGMENT_MIN_WIDTH <= metres <= SEGMENT_MAX_WIDTH:
        problems.add(
            field,
            f"{label} is {in_units(metres, units)} wide; a segment must be "
            f"{in_units(SEGMENT_MIN_WIDTH, units)} to {in_units(SEGMENT_MAX_WIDTH, units)} wide "
            "(Streetmix's own limits).",
        )
        return None
    return metres


def _read_elevation(
    value: object, label: str, field: str, scale: _Scale | None, problems: ProblemList
) -> float | None:
    if value is None:
        return 0.0
    number = read_number(value)
    unit = "metres above road level"
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


# --- warnings: what Streetmix saves and sayso accepts, but staff should see -------------------

WarningKind = str  # "overflow", "unusual-width", "unknown-type"


@dataclass(frozen=True)
class SectionWarning:
    field: str
    message: str
    kind: WarningKind

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message, "kind": self.kind}


def section_warnings(section: Section, *, path: str = "plan") -> tuple[SectionWarning, ...]:
    """What a person should look at in a section sayso accepted: segments overflowing the street,
    widths outside what sayso expects of their type, types sayso does not know. Worked out from
    the section alone, so the dry run, the stored option and the report say the same."""
    warnings: list[SectionWarning] = []
    units = section.units
    for index, segment in enumerate(section.segments):
        field = f"{path}.segments[{index}]"
        label = f"segment {index + 1} ({segment.type})"
        kind = CATALOGUE.get(segment.type)
        if kind is None:
            warnings.append(
                SectionWarning(f"{field}.type", _unknown_type_message(segment.type), "unknown-type")
            )
        elif not kind.allows_width(segment.width):
            size = "narrow" if segment.width < kind.min_width else "wide"
            warnings.append(
                SectionWarning(
                    f"{field}.width",
                    f"{label} is {in_units(segment.width, units)} wide, unusually {size} for "
                    f"a {kind.label.lower()} (usually {in_units(kind.min_width, units)} to "
                    f"{in_units(kind.max_width, units)}); check it is what you meant.",
                    "unusual-width",
                )
            )
    occupied = section.occupied_width
    if occupied > section.width + OVER_WIDTH_TOLERANCE:
        over = round(occupied - section.width, 3)
        warnings.append(
            SectionWarning(
                f"{path}.segments",
                f"the segments add up to {in_units(occupied, units)}, {in_units(over, units)} more "
                f"than the street's width of {in_units(section.width, units)}; Streetmix saves "
                "such a street and so does sayso, drawn overflowing. Narrow or remove segments, "
                "or widen the street, if it was not meant.",
                "overflow",
            )
        )
    return tuple(warnings)
