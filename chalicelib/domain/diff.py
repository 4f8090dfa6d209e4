"""Plan diffs: what a resident's alternative plan changes in the option it was drawn from.

`diff_plans` compares the alternative with the option's plan element by element (segments and
features are matched by id); `apply_diff` replays the diff on the option and gives the
alternative back, so the option plus the diff is as good as the alternative itself.

Values compare exactly as stored (the parsers already rounded widths to the millimetre) and
their JSON types count: a property going from 1 to 1.0 or to true has changed. Numbers that are
equal are the same, so 0.0 and -0.0 do not differ.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, fields, replace
from itertools import chain
from typing import ClassVar, Literal, TypeVar

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.geo import (
    SIMPLE_TYPES,
    Feature,
    MapPlan,
    NearestPoint,
    Position,
    distance_m,
    geometry_dict,
    geometry_from_dict,
    line_length_m,
)
from chalicelib.domain.plans import Plan, PlanKind
from chalicelib.domain.section import IMPERIAL, Section, Segment
from chalicelib.domain.validation import describe, fmt, quote, shorten

Measure = Literal["point", "max-vertex", "centroid"]


class DiffError(ValueError):
    """A diff that cannot be read back, or that was not made from the plan it is applied to.

    Not a DomainError: it means stored data or the calling code is wrong, not the resident.
    """


# --- records ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueChange:
    old: object
    new: object

    def to_dict(self) -> dict[str, object]:
        return {"old": copy.deepcopy(self.old), "new": copy.deepcopy(self.new)}

    @classmethod
    def from_dict(cls, data: dict) -> ValueChange:
        return cls(copy.deepcopy(data["old"]), copy.deepcopy(data["new"]))


@dataclass(frozen=True)
class AddedSegment:
    index: int  # in the alternative
    segment: Segment

    @property
    def id(self) -> str:
        return self.segment.id

    def to_dict(self) -> dict[str, object]:
        return {"index": self.index, **self.segment.to_dict()}

    @classmethod
    def from_dict(cls, data: dict) -> AddedSegment:
        segment = Segment(
            id=data["id"],
            type=data["type"],
            variant=data["variantString"],
            width=data["width"],
            elevation=data["elevation"],
        )
        return cls(data["index"], segment)


@dataclass(frozen=True)
class RemovedSegment:
    id: str
    type: str
    width: float
    index: int  # in the option


@dataclass(frozen=True)
class SegmentChange:
    """One field of a segment in both plans changed: its width, type, variant or elevation."""

    id: str
    old: object
    new: object


@dataclass(frozen=True)
class MovedSegment:
    id: str
    old_index: int  # in the option
    new_index: int  # in the alternative


@dataclass(frozen=True)
class RemovedFeature:
    id: str
    geometry_type: str
    name: str | None  # the feature's "name" property, when it is text


@dataclass(frozen=True)
class RouteChange:
    """How one line was re-routed: a LineString (`part` None) or part `part` (from 0) of a
    MultiLineString, both before and after.

    `start` and `end` name the stretch that changed: the named stops (Point features of the
    option's map with a text `name`) nearest to its first and last changed vertex; the same stop
    when one is nearest to both, None when the map has no named stop."""

    part: int | None
    length_m: float  # of the new line, to 0.1 m
    length_change_m: float  # new length minus old, to 0.1 m: positive when the line is longer
    start: str | None = None
    end: str | None = None

    @property
    def words(self) -> str:
        """'route changed between Balmoral and Mt Roskill, 420 m longer'."""
        if self.start is None or self.end is None:
            place = ""
        elif self.start == self.end:
            place = f" near {shorten(self.start)}"
        else:
            place = f" between {shorten(self.start)} and {shorten(self.end)}"
        metres = round(self.length_change_m)
        if metres == 0:
            length = "same length"
        else:
            length = f"{abs(metres):,} m {'longer' if metres > 0 else 'shorter'}"
        return f"route changed{place}, {length}"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> RouteChange:
        return cls(
            part=data["part"],
            length_m=data["length_m"],
            length_change_m=data["length_change_m"],
            start=data.get("start"),
            end=data.get("end"),
        )


@dataclass(frozen=True)
class MovedFeature:
    """A feature whose geometry changed, with the new geometry and how far it moved.

    For a geometry of several parts (MultiLineString, GeometryCollection, ...) `parts` says,
    part by part in order, which kept parts moved or were re-routed (their index from 0) and
    how many parts were added or removed at the end.

    A line re-routed (a LineString still one, or a MultiLineString's kept parts) also has
    `routes`, one per changed line, and `name`, the feature's text `name` property (None without
    one: it is then named by its id). Both are stored only for such lines, and diffs stored
    before they existed read back without them."""

    id: str
    geometry_type: str  # of the new geometry
    measure: Measure
    distance_m: float
    coordinates: tuple  # of the new geometry, nested tuples as in Feature
    parts: PartChanges | None = None
    routes: tuple[RouteChange, ...] = ()
    name: str | None = None

    @property
    def label(self) -> str:
        return self.id if self.name is None else shorten(self.name)

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "id": self.id,
            "geometry_type": self.geometry_type,
            "measure": self.measure,
            "distance_m": self.distance_m,
            "geometry": geometry_dict(self.geometry_type, self.coordinates),
        }
        if self.parts is not None:
            data["parts"] = asdict(self.parts) | {"moved": list(self.parts.moved)}
        if self.routes:
            data["name"] = self.name
            data["routes"] = [route.to_dict() for route in self.routes]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> MovedFeature:
        geometry_type, coordinates = geometry_from_dict(data["geometry"])
        parts = data.get("parts")
        return cls(
            id=data["id"],
            geometry_type=geometry_type,
            measure=data["measure"],
            distance_m=data["distance_m"],
            coordinates=coordinates,
            parts=None
            if parts is None
            else PartChanges(tuple(parts["moved"]), parts["added"], parts["removed"]),
            routes=tuple(RouteChange.from_dict(item) for item in data.get("routes") or ()),
            name=data.get("name"),
        )


@dataclass(frozen=True)
class PartChanges:
    moved: tuple[int, ...]  # kept parts (index from 0) whose positions changed
    added: int  # parts after the option's last one
    removed: int  # the option's parts beyond the alternative's last one


@dataclass(frozen=True)
class PropertyChanges:
    id: str
    changed: dict[str, ValueChange] = field(default_factory=dict)
    added: dict[str, object] = field(default_factory=dict)
    removed: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "changed": {key: change.to_dict() for key, change in self.changed.items()},
            "added": copy.deepcopy(self.added),
            "removed": list(self.removed),
        }

    @classmethod
    def from_dict(cls, data: dict) -> PropertyChanges:
        return cls(
            id=data["id"],
            changed={key: ValueChange.from_dict(item) for key, item in data["changed"].items()},
            added=copy.deepcopy(dict(data["added"])),
            removed=tuple(data["removed"]),
        )


_Record = TypeVar("_Record", RemovedSegment, MovedSegment, RemovedFeature)


def _record_from_dict(record_type: type[_Record], data: dict) -> _Record:
    return record_type(**{item.name: data[item.name] for item in fields(record_type)})


# --- how changes are stored and told ----------------------------------------------------------


def _metres(value: object) -> str:
    return f"{fmt(value)} m"


def _text(value: object) -> str:
    return "none" if value is None else quote(str(value))


def _variant(value: object) -> str:
    return quote(str(value)) if value else "none"


def _units(value: object) -> str:
    return "imperial" if value == IMPERIAL else "metric"


def _floors(value: object) -> str:
    return "none" if value is None else f"{describe(value)} floors"


@dataclass(frozen=True)
class _FieldGroup:
    """One kind of in-place segment change: the Segment field, its JSON keys, its summary."""

    attribute: str
    old_key: str
    new_key: str
    label: str
    show: Callable[[object], str]

    def to_dict(self, change: SegmentChange) -> dict[str, object]:
        return {"id": change.id, self.old_key: change.old, self.new_key: change.new}

    def from_dict(self, data: dict) -> SegmentChange:
        return SegmentChange(data["id"], data[self.old_key], data[self.new_key])

    def sentence(self, change: SegmentChange) -> str:
        return f"{change.id} {self.label} {self.show(change.old)} → {self.show(change.new)}"


# SectionDiff attribute -> how it is stored and told.
_FIELD_GROUPS = {
    "resized": _FieldGroup("width", "old_width", "new_width", "resized", _metres),
    "retyped": _FieldGroup("type", "old_type", "new_type", "retyped", str),
    "revarianted": _FieldGroup("variant", "old_variant", "new_variant", "variant", _variant),
    "elevation": _FieldGroup("elevation", "old", "new", "elevation", _metres),
}


@dataclass(frozen=True)
class _StreetField:
    attribute: str  # of Section
    label: str
    show: Callable[[object], str]


# Keys as in Section.to_dict(). The street width has a field of its own in SectionDiff.
_STREET_FIELDS = {
    "name": _StreetField("name", "street name", _text),
    "units": _StreetField("units", "display units", _units),
    "leftBuildingHeight": _StreetField("left_building_height", "left building height", _floors),
    "rightBuildingHeight": _StreetField("right_building_height", "right building height", _floors),
}


# --- the diffs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionDiff:
    """What an alternative street section changes; lists follow the alternative's order, except
    `removed`, which follows the option's."""

    kind: ClassVar[PlanKind] = "section"

    width: ValueChange | None = None
    street: dict[str, ValueChange] = field(default_factory=dict)  # key as in Section.to_dict()
    added: tuple[AddedSegment, ...] = ()
    removed: tuple[RemovedSegment, ...] = ()
    resized: tuple[SegmentChange, ...] = ()
    retyped: tuple[SegmentChange, ...] = ()
    revarianted: tuple[SegmentChange, ...] = ()
    elevation: tuple[SegmentChange, ...] = ()
    moved: tuple[MovedSegment, ...] = ()

    @property
    def is_empty(self) -> bool:
        return self.width is None and not self.street and not any(self._segment_records())

    @property
    def element_ids(self) -> frozenset[str]:
        return frozenset(record.id for group in self._segment_records() for record in group)

    def _segment_records(self) -> tuple[tuple, ...]:
        changes = tuple(getattr(self, name) for name in _FIELD_GROUPS)
        return (self.added, self.removed, *changes, self.moved)

    @property
    def summary(self) -> list[str]:
        lines = []
        if self.width is not None:
            lines.append(f"street resized {_metres(self.width.old)} → {_metres(self.width.new)}")
        for key, change in self.street.items():
            street_field = _STREET_FIELDS[key]
            show = street_field.show
            lines.append(f"{street_field.label} {show(change.old)} → {show(change.new)}")
        lines += [f"{removed.id} removed" for removed in self.removed]
        lines += [
            f"{added.id} added at position {added.index + 1}: "
            f"{added.segment.type}, {_metres(added.segment.width)}"
            for added in self.added
        ]
        for name, group in _FIELD_GROUPS.items():
            lines += [group.sentence(change) for change in getattr(self, name)]
        lines += [
            f"{moved.id} moved from position {moved.old_index + 1} to {moved.new_index + 1}"
            for moved in self.moved
        ]
        return lines

    def to_dict(self) -> dict[str, object]:
        changes = {
            name: [group.to_dict(change) for change in getattr(self, name)]
            for name, group in _FIELD_GROUPS.items()
        }
        return {
            "kind": self.kind,
            "width": None if self.width is None else self.width.to_dict(),
            "street": {key: change.to_dict() for key, change in self.street.items()},
            "added": [added.to_dict() for added in self.added],
            "removed": [asdict(removed) for removed in self.removed],
            **changes,
            "moved": [asdict(moved) for moved in self.moved],
            "summary": self.summary,
        }

    @classmethod
    def from_dict(cls, data: dict) -> SectionDiff:
        street = {key: ValueChange.from_dict(item) for key, item in data["street"].items()}
        unknown = sorted(set(street) - set(_STREET_FIELDS))
        if unknown:
            raise DiffError(f"unknown street fields {unknown}")
        changes = {
            name: tuple(group.from_dict(item) for item in data[name])
            for name, group in _FIELD_GROUPS.items()
        }
        return cls(
            width=None if data["width"] is None else ValueChange.from_dict(data["width"]),
            street=street,
            added=tuple(AddedSegment.from_dict(item) for item in data["added"]),
            removed=tuple(_record_from_dict(RemovedSegment, item) for item in data["removed"]),
            moved=tuple(_record_from_dict(MovedSegment, item) for item in data["moved"]),
            **changes,
        )


@dataclass(frozen=True)
class MapDiff:
    """What an alternative map changes; lists follow the alternative's order, except `removed`,
    which follows the option's. `order` is the alternative's feature ids in order, or None when
    that is the option's order without the removed features, then the added ones."""

    kind: ClassVar[PlanKind] = "map"

    added: tuple[Feature, ...] = ()
    removed: tuple[RemovedFeature, ...] = ()
    moved: tuple[MovedFeature, ...] = ()
    properties: tuple[PropertyChanges, ...] = ()
    order: tuple[str, ...] | None = None

    @property
    def is_empty(self) -> bool:
        records = (self.added, self.removed, self.moved, self.properties)
        return not any(records) and self.order is None

    @property
    def element_ids(self) -> frozenset[str]:
        """Features added, removed, moved or with changed properties; a new order alone (which
        only changes what is drawn on top) touches none."""
        records: Iterable = chain(self.added, self.removed, self.moved, self.properties)
        return frozenset(record.id for record in records)

    @property
    def summary(self) -> list[str]:
        lines = [f"{_feature_label(r.id, r.name)} removed" for r in self.removed]
        lines += [
            f"{_feature_label(f.id, _name_of(f))} added ({f.geometry_type})" for f in self.added
        ]
        lines += [_moved_sentence(moved) for moved in self.moved]
        lines += [_properties_sentence(changes) for changes in self.properties]
        if self.order is not None:
            lines.append("features reordered")
        return lines

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "added": [feature.to_dict() for feature in self.added],
            "removed": [asdict(removed) for removed in self.removed],
            "moved": [moved.to_dict() for moved in self.moved],
            "properties": [changes.to_dict() for changes in self.properties],
            "order": None if self.order is None else list(self.order),
            "summary": self.summary,
        }

    @classmethod
    def from_dict(cls, data: dict) -> MapDiff:
        order = data["order"]
        return cls(
            added=tuple(_feature_from_dict(item) for item in data["added"]),
            removed=tuple(_record_from_dict(RemovedFeature, item) for item in data["removed"]),
            moved=tuple(MovedFeature.from_dict(item) for item in data["moved"]),
            properties=tuple(PropertyChanges.from_dict(item) for item in data["properties"]),
            order=None if order is None else tuple(order),
        )


PlanDiff = SectionDiff | MapDiff


def _feature_label(feature_id: str, name: str | None) -> str:
    return feature_id if name is None else f"{feature_id} ({quote(name)})"


def _moved_sentence(moved: MovedFeature) -> str:
    if moved.routes:
        return _route_sentence(moved)
    distance = f"{moved.distance_m:.1f} m"
    if moved.measure == "point":
        sentence = f"{moved.id} moved {distance}"
    elif moved.measure == "max-vertex":
        sentence = f"{moved.id} reshaped, vertices moved up to {distance}"
    else:
        sentence = f"{moved.id} redrawn, its centre moved {distance}"
    return sentence + _parts_words(moved.parts)


def _route_sentence(moved: MovedFeature) -> str:
    """'Dominion Road light rail: route changed between Balmoral and Mt Roskill, 420 m longer';
    a MultiLineString's changed parts one after the other ('Red line, part 2: route changed
    ...; part 3: route changed ...')."""
    if moved.parts is None:
        return f"{moved.label}: {'; '.join(route.words for route in moved.routes)}"
    routed = {route.part for route in moved.routes}
    words = [f"part {route.part + 1}: {route.words}" for route in moved.routes]
    others = replace(moved.parts, moved=tuple(i for i in moved.parts.moved if i not in routed))
    return f"{moved.label}, {'; '.join(words)}{_parts_words(others)}"


def _parts_words(parts: PartChanges | None) -> str:
    if parts is None:
        return ""
    words = []
    if parts.moved:
        numbers = ", ".join(str(index + 1) for index in parts.moved)
        words.append(f"part{'s' if len(parts.moved) > 1 else ''} {numbers} moved or re-routed")
    if parts.added:
        words.append(f"{parts.added} part{'s' if parts.added > 1 else ''} added")
    if parts.removed:
        words.append(f"{parts.removed} part{'s' if parts.removed > 1 else ''} removed")
    return f" ({'; '.join(words)})" if words else ""


def _properties_sentence(changes: PropertyChanges) -> str:
    parts = [f"{quote(key)} changed" for key in changes.changed]
    parts += [f"{quote(key)} added" for key in changes.added]
    parts += [f"{quote(key)} removed" for key in changes.removed]
    return f"{changes.id} properties: {', '.join(parts)}"


# --- public entry points ----------------------------------------------------------------------


def diff_plans(option: Plan, alternative: Plan) -> PlanDiff:
    """What `alternative` changes in `option`; raises InvalidInput if they are different kinds."""
    if isinstance(option, Section) and isinstance(alternative, Section):
        return _diff_sections(option, alternative)
    if isinstance(option, MapPlan) and isinstance(alternative, MapPlan):
        return _diff_maps(option, alternative)
    raise InvalidInput.one(
        "plan",
        f"the alternative is {_kind_of(alternative)}, but the option's plan is "
        f"{_kind_of(option)}; an alternative must be the same kind of plan as the option.",
    )


def apply_diff(option: Plan, diff: PlanDiff) -> Plan:
    """The alternative that `diff` was made from; raises DiffError if it was not made from
    `option` (an element it names is missing, or an old value is not the option's)."""
    if isinstance(option, Section) and isinstance(diff, SectionDiff):
        return _apply_to_section(option, diff)
    if isinstance(option, MapPlan) and isinstance(diff, MapDiff):
        return _apply_to_map(option, diff)
    raise DiffError(f"a {diff.kind} diff cannot be applied to {_kind_of(option)}")


def diff_from_dict(data: dict) -> PlanDiff:
    """Read back what `PlanDiff.to_dict()` wrote (its summary is recomputed, not read)."""
    kind = data.get("kind") if isinstance(data, dict) else None
    readers = {"section": SectionDiff.from_dict, "map": MapDiff.from_dict}
    if not isinstance(kind, str) or kind not in readers:
        raise DiffError(f"not a plan diff: its kind is {describe(kind)}")
    try:
        return readers[kind](data)
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise DiffError(f"not a readable {kind} diff: {error!r}") from error


def _kind_of(plan: object) -> str:
    if isinstance(plan, Section):
        return "a street section"
    if isinstance(plan, MapPlan):
        return "a map"
    return describe(plan)


def _same(old: object, new: object) -> bool:
    """Equal as JSON values: 1, 1.0 and true differ (Python's == says they are equal)."""
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(_same(old[key], new[key]) for key in old)
    if isinstance(old, list | tuple) and isinstance(new, list | tuple):
        return len(old) == len(new) and all(map(_same, old, new))
    return type(old) is type(new) and old == new


def _expect(condition: bool, problem: str) -> None:
    if not condition:
        raise _mismatch(problem)


def _mismatch(problem: str) -> DiffError:
    return DiffError(f"the diff does not fit this option: {problem}")


# --- sections ---------------------------------------------------------------------------------


def _diff_sections(option: Section, alternative: Section) -> SectionDiff:
    old_segments = {segment.id: segment for segment in option.segments}
    new_ids = alternative.element_ids
    kept = [
        (old_segments[segment.id], segment)
        for segment in alternative.segments
        if segment.id in old_segments
    ]
    return SectionDiff(
        width=_value_change(option.width, alternative.width),
        street=_street_changes(option, alternative),
        added=tuple(
            AddedSegment(index, segment)
            for index, segment in enumerate(alternative.segments)
            if segment.id not in old_segments
        ),
        removed=tuple(
            RemovedSegment(segment.id, segment.type, segment.width, index)
            for index, segment in enumerate(option.segments)
            if segment.id not in new_ids
        ),
        resized=_segment_changes(kept, "width"),
        retyped=_segment_changes(kept, "type"),
        revarianted=_segment_changes(kept, "variant"),
        elevation=_segment_changes(kept, "elevation"),
        moved=_moved_segments(option, alternative),
    )


def _value_change(old: object, new: object) -> ValueChange | None:
    return None if _same(old, new) else ValueChange(old, new)


def _street_changes(option: Section, alternative: Section) -> dict[str, ValueChange]:
    changes = {
        key: _value_change(getattr(option, f.attribute), getattr(alternative, f.attribute))
        for key, f in _STREET_FIELDS.items()
    }
    return {key: change for key, change in changes.items() if change is not None}


def _segment_changes(
    kept: list[tuple[Segment, Segment]], attribute: str
) -> tuple[SegmentChange, ...]:
    changes = []
    for old, new in kept:
        old_value, new_value = getattr(old, attribute), getattr(new, attribute)
        if not _same(old_value, new_value):
            changes.append(SegmentChange(new.id, old_value, new_value))
    return tuple(changes)


def _moved_segments(option: Section, alternative: Section) -> tuple[MovedSegment, ...]:
    """Kept segments outside a longest common subsequence of the kept ids, so that removing or
    adding a segment does not count everything to its right as moved."""
    old_index = {segment.id: index for index, segment in enumerate(option.segments)}
    new_ids = alternative.element_ids
    kept_in_option = [segment.id for segment in option.segments if segment.id in new_ids]
    kept_in_alternative = [
        segment.id for segment in alternative.segments if segment.id in old_index
    ]
    in_place = _longest_common_subsequence(kept_in_option, kept_in_alternative)
    return tuple(
        MovedSegment(segment.id, old_index[segment.id], new_index)
        for new_index, segment in enumerate(alternative.segments)
        if segment.id in old_index and segment.id not in in_place
    )


def _longest_common_subsequence(first: list[str], second: list[str]) -> set[str]:
    """One longest common subsequence, as a set; of equals, the one keeping later ids of `first`."""
    rows, columns = len(first), len(second)
    # longest[i][j]: length of a longest common subsequence of first[i:] and second[j:]
    longest = [[0] * (columns + 1) for _ in range(rows + 1)]
    for i in reversed(range(rows)):
        for j in reversed(range(columns)):
            longest[i][j] = (
                longest[i + 1][j + 1] + 1
                if first[i] == second[j]
                else max(longest[i + 1][j], longest[i][j + 1])
            )
    common: set[str] = set()
    i = j = 0
    while i < rows and j < columns:
        if first[i] == second[j]:
            common.add(first[i])
            i, j = i + 1, j + 1
        elif longest[i + 1][j] >= longest[i][j + 1]:
            i += 1
        else:
            j += 1
    return common


def _apply_to_section(option: Section, diff: SectionDiff) -> Section:
    kept = {segment.id: segment for segment in option.segments}
    for removed in diff.removed:
        _expect(removed.id in kept, f"segment {removed.id!r} to remove is not in it")
        del kept[removed.id]
    for name, group in _FIELD_GROUPS.items():
        for change in getattr(diff, name):
            segment = kept.get(change.id)
            if segment is None or not _same(getattr(segment, group.attribute), change.old):
                raise _mismatch(
                    f"it has no segment {change.id!r} of {group.attribute} {change.old!r}"
                )
            kept[change.id] = replace(segment, **{group.attribute: change.new})
    return replace(_apply_to_street(option, diff), segments=_arrange(kept, diff))


def _apply_to_street(option: Section, diff: SectionDiff) -> Section:
    updates = {}
    for key, change in diff.street.items():
        attribute = _STREET_FIELDS[key].attribute
        _expect(_same(getattr(option, attribute), change.old), f"its {key} is not {change.old!r}")
        updates[attribute] = change.new
    if diff.width is not None:
        _expect(_same(option.width, diff.width.old), f"its width is not {diff.width.old!r}")
        updates["width"] = diff.width.new
    return replace(option, **updates)


def _arrange(kept: dict[str, Segment], diff: SectionDiff) -> tuple[Segment, ...]:
    """Added and moved segments at their index; the others fill the gaps in the option's order."""
    slots: list[Segment | None] = [None] * (len(kept) + len(diff.added))
    placed = [(added.index, added.segment) for added in diff.added]
    placed += [(moved.new_index, kept.get(moved.id)) for moved in diff.moved]
    for index, segment in placed:
        _expect(segment is not None, "a moved segment is not in it")
        _expect(0 <= index < len(slots) and slots[index] is None, f"index {index} is not free")
        slots[index] = segment
    _expect(not any(added.id in kept for added in diff.added), "it already has an added segment")
    moved_ids = {moved.id for moved in diff.moved}
    staying = [segment for segment_id, segment in kept.items() if segment_id not in moved_ids]
    free = [index for index, slot in enumerate(slots) if slot is None]
    _expect(len(free) == len(staying), "segments are moved twice")
    for index, segment in zip(free, staying, strict=True):
        slots[index] = segment
    return tuple(slots)  # type: ignore[arg-type]  # every slot is filled now


# --- maps -------------------------------------------------------------------------------------


def _diff_maps(option: MapPlan, alternative: MapPlan) -> MapDiff:
    new_ids = alternative.element_ids
    kept = [
        (old, new) for new in alternative.features if (old := option.feature(new.id)) is not None
    ]
    added = tuple(feature for feature in alternative.features if option.feature(feature.id) is None)
    expected_order = [feature.id for feature in option.features if feature.id in new_ids]
    expected_order += [feature.id for feature in added]
    order = tuple(feature.id for feature in alternative.features)
    stops = _named_stops(option)
    return MapDiff(
        added=added,
        removed=tuple(
            RemovedFeature(feature.id, feature.geometry_type, _name_of(feature))
            for feature in option.features
            if feature.id not in new_ids
        ),
        moved=tuple(
            _moved_feature(old, new, stops) for old, new in kept if not _same_geometry(old, new)
        ),
        properties=tuple(
            changes for old, new in kept if (changes := _property_changes(old, new)) is not None
        ),
        order=None if list(order) == expected_order else order,
    )


def _name_of(feature: Feature) -> str | None:
    name = feature.properties.get("name")
    return name if isinstance(name, str) else None


def _same_geometry(old: Feature, new: Feature) -> bool:
    return old.geometry_type == new.geometry_type and _same(old.coordinates, new.coordinates)


def _moved_feature(old: Feature, new: Feature, stops: _Stops) -> MovedFeature:
    measure, distance = _displacement(old, new)
    routes = _route_changes(old, new, stops)
    return MovedFeature(
        new.id,
        new.geometry_type,
        measure,
        round(distance, 1),
        new.coordinates,
        _parts(old, new),
        routes=routes,
        name=_name_of(new) if routes else None,
    )


@dataclass(frozen=True)
class _Stops:
    """A map's named stops (Point features with a text `name`), to find the one nearest a place."""

    names: tuple[str, ...]
    index: NearestPoint

    def nearest(self, position: Position) -> str | None:
        """The name of the stop nearest `position`, None without stops."""
        found = self.index.nearest(position)
        return None if found is None else self.names[found]


def _named_stops(plan: MapPlan) -> _Stops:
    named = [
        (name, feature.coordinates)
        for feature in plan.features
        if feature.geometry_type == "Point" and (name := _name_of(feature))
    ]
    return _Stops(
        tuple(name for name, _ in named), NearestPoint(tuple(place for _, place in named))
    )


def _route_changes(old: Feature, new: Feature, stops: _Stops) -> tuple[RouteChange, ...]:
    """One RouteChange per line whose vertices changed: a LineString still one, or each kept
    part of a MultiLineString still one (added and removed parts are counted in `parts`)."""
    if old.geometry_type != new.geometry_type:
        return ()
    if new.geometry_type == "LineString":
        return (_route_change(None, old.coordinates, new.coordinates, stops),)
    if new.geometry_type != "MultiLineString":
        return ()
    return tuple(
        _route_change(index, before, after, stops)
        for index, (before, after) in enumerate(zip(old.coordinates, new.coordinates, strict=False))
        if not _same(before, after)
    )


def _route_change(
    part: int | None, old: tuple[Position, ...], new: tuple[Position, ...], stops: _Stops
) -> RouteChange:
    first, last = _changed_stretch(old, new)
    new_length = line_length_m(new)
    return RouteChange(
        part=part,
        length_m=round(new_length, 1),
        length_change_m=round(new_length - line_length_m(old), 1),
        start=stops.nearest(first),
        end=stops.nearest(last),
    )


def _changed_stretch(
    old: tuple[Position, ...], new: tuple[Position, ...]
) -> tuple[Position, Position]:
    """The first and last changed vertex: of the new line, or of the old one when vertices were
    only removed. The lines' common start and common end are what did not change."""
    shortest = min(len(old), len(new))
    start = 0
    while start < shortest and _same(old[start], new[start]):
        start += 1
    end = 0
    while end < shortest - start and _same(old[-1 - end], new[-1 - end]):
        end += 1
    changed = new[start : len(new) - end] or old[start : len(old) - end]
    return changed[0], changed[-1]


def _parts(old: Feature, new: Feature) -> PartChanges | None:
    """Part by part changes, when either geometry has parts (Multi* or GeometryCollection)."""
    if old.geometry_type in SIMPLE_TYPES and new.geometry_type in SIMPLE_TYPES:
        return None
    old_parts, new_parts = old.parts(), new.parts()
    kept = min(len(old_parts), len(new_parts))
    moved = tuple(
        index
        for index in range(kept)
        if old_parts[index][0] != new_parts[index][0]
        or not _same(old_parts[index][1], new_parts[index][1])
    )
    return PartChanges(
        moved, max(0, len(new_parts) - len(old_parts)), max(0, len(old_parts) - len(new_parts))
    )


def _displacement(old: Feature, new: Feature) -> tuple[Measure, float]:
    """How far a feature moved, in metres, and how that was measured."""
    if old.geometry_type == new.geometry_type == "Point":
        return "point", distance_m(old.coordinates, new.coordinates)
    old_rings, new_rings = _rings(old), _rings(new)
    same_shape = [len(ring) for ring in old_rings] == [len(ring) for ring in new_rings]
    if old.geometry_type == new.geometry_type and same_shape:
        pairs = zip(chain(*old_rings), chain(*new_rings), strict=True)
        return "max-vertex", max(distance_m(a, b) for a, b in pairs)
    return "centroid", distance_m(_centroid(old), _centroid(new))


def _rings(feature: Feature, *, closing: bool = True) -> tuple[tuple[Position, ...], ...]:
    """A geometry's positions as rings, part after part: a Point is one ring of one, a
    LineString one ring, a Polygon its rings (without their closing repeat if not `closing`)."""
    rings: list[tuple[Position, ...]] = []
    for kind, coordinates in feature.parts():
        if kind == "Point":
            rings.append((coordinates,))
        elif kind == "LineString":
            rings.append(coordinates)
        else:
            rings.extend(ring if closing else ring[:-1] for ring in coordinates)
    return tuple(rings)


def _centroid(feature: Feature) -> Position:
    """The mean of the vertices (a ring's closing repeat not counted twice).

    Plain means of longitude and latitude: plans cover a neighbourhood, not the antimeridian.
    """
    rings = _rings(feature, closing=False)
    vertices = [position for ring in rings for position in ring]
    return (
        math.fsum(position[0] for position in vertices) / len(vertices),
        math.fsum(position[1] for position in vertices) / len(vertices),
    )


def _property_changes(old: Feature, new: Feature) -> PropertyChanges | None:
    before, after = old.properties, new.properties
    changed = {
        key: ValueChange(copy.deepcopy(before[key]), copy.deepcopy(value))
        for key, value in after.items()
        if key in before and not _same(before[key], value)
    }
    added = {key: copy.deepcopy(value) for key, value in after.items() if key not in before}
    removed = tuple(key for key in before if key not in after)
    if not (changed or added or removed):
        return None
    return PropertyChanges(new.id, changed, added, removed)


def _apply_to_map(option: MapPlan, diff: MapDiff) -> MapPlan:
    features = {feature.id: feature for feature in option.features}
    for removed in diff.removed:
        _expect(removed.id in features, f"feature {removed.id!r} to remove is not in it")
        del features[removed.id]
    for moved in diff.moved:
        _expect(moved.id in features, f"feature {moved.id!r} to move is not in it")
        features[moved.id] = replace(
            features[moved.id], geometry_type=moved.geometry_type, coordinates=moved.coordinates
        )
    for changes in diff.properties:
        _expect(changes.id in features, f"feature {changes.id!r} to change is not in it")
        feature = features[changes.id]
        features[changes.id] = replace(
            feature, properties=_apply_properties(feature.properties, changes)
        )
    for added in diff.added:
        _expect(added.id not in features, f"it already has a feature {added.id!r}")
        features[added.id] = added
    if diff.order is not None:
        _expect(sorted(diff.order) == sorted(features), "the order does not list its features")
        features = {feature_id: features[feature_id] for feature_id in diff.order}
    return MapPlan(tuple(features.values()))


def _apply_properties(properties: dict, changes: PropertyChanges) -> dict:
    result = dict(properties)
    for key in changes.removed:
        _expect(key in result, f"{changes.id!r} has no property {key!r} to remove")
        del result[key]
    for key, change in changes.changed.items():
        _expect(
            key in result and _same(result[key], change.old),
            f"{changes.id!r} property {key!r} is not {change.old!r}",
        )
        result[key] = copy.deepcopy(change.new)
    for key, value in changes.added.items():
        _expect(key not in result, f"{changes.id!r} already has a property {key!r}")
        result[key] = copy.deepcopy(value)
    return result


def _feature_from_dict(data: dict) -> Feature:
    geometry_type, coordinates = geometry_from_dict(data["geometry"])
    return Feature(
        id=data["id"],
        geometry_type=geometry_type,
        coordinates=coordinates,
        properties=copy.deepcopy(dict(data["properties"])),
    )


def _as_lists(value: object) -> object:
    if isinstance(value, list | tuple):
        return [_as_lists(part) for part in value]
    return value


def _as_tuples(value: object) -> object:
    if isinstance(value, list | tuple):
        return tuple(_as_tuples(part) for part in value)
    return value
