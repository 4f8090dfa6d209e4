"""Which id each map feature gets: residents' comments point at these ids, so the rule is
deterministic and a file read twice gives the same ids.

1. Every feature has its own top-level `id`: those ids (OpenStreetMap's `way/123` included).
2. Otherwise one property that every feature has, usable as an id and unique across the file:
   the first of a known list (`id`, `@id`, `stop_id`, `route_id`, `shape_id`, `OBJECTID`, `fid`,
   `osm_id`, ...), else the first such property of the first feature.
3. Otherwise a feature keeps its own id when it has one, and the others are numbered in file
   order: `feature-1`, `feature-2`, ... (their position in the file, counted from 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chalicelib.domain.ids import ELEMENT_ID_RULE, is_element_id
from chalicelib.domain.tally import Tally
from chalicelib.domain.validation import describe

KNOWN_ID_PROPERTIES = (
    "id",
    "@id",
    "stop_id",
    "route_id",
    "shape_id",
    "trip_id",
    "OBJECTID",
    "ObjectID",
    "objectid",
    "FID",
    "fid",
    "osm_id",
    "gml_id",
    "ID",
    "Id",
)
MAX_ID_DIGITS = 64


@dataclass(frozen=True)
class Draft:
    """A feature read whole but not yet given its id."""

    index: int  # its position in the file, from 0
    field_path: str
    own_id: object  # the top-level `id` as sent (None when absent)
    geometry_type: str
    coordinates: tuple
    properties: dict = field(hash=False)


@dataclass(frozen=True)
class Chosen:
    ids: tuple[str, ...]
    source: str  # in words, for the report


def as_id(value: object) -> str | None:
    """An id as sayso stores it (text), or None when the value cannot be one."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**MAX_ID_DIGITS:
        value = str(value)  # bounded first: str() refuses ints of more than 4300 digits
    return value if isinstance(value, str) and is_element_id(value) else None


def choose(drafts: list[Draft], problems: Tally, warnings: Tally) -> Chosen | None:
    own = [draft.own_id for draft in drafts]
    if all(value is not None for value in own):
        return _own_ids(drafts, problems)
    key = _id_property(drafts)
    if key is not None:
        ids = tuple(as_id(draft.properties[key]) or "" for draft in drafts)
        source = f"the property {key!r} of each feature"
        if any(value is not None for value in own):
            warnings.add(
                "ids-mixed",
                None,
                f"only some features have their own id, so every feature's id is its {key!r} "
                "property.",
            )
        return Chosen(ids, source)
    return _numbered(drafts, problems, warnings)


def _own_ids(drafts: list[Draft], problems: Tally) -> Chosen | None:
    ids: list[str] = []
    for draft in drafts:
        value = as_id(draft.own_id)
        label = f"feature {draft.index + 1}"
        if value is None:
            problems.add(
                "bad-id",
                f"{draft.field_path}.id",
                f"{label} has the id {describe(draft.own_id)}; an id must be a whole number of "
                f"at most {MAX_ID_DIGITS} digits, text of {ELEMENT_ID_RULE}, or an "
                "OpenStreetMap id such as way/123.",
                label,
            )
        ids.append(value or "")
    _check_unique(drafts, ids, problems)
    return None if "bad-id" in problems else Chosen(tuple(ids), "the features' own ids")


def _id_property(drafts: list[Draft]) -> str | None:
    first_keys = list(drafts[0].properties)
    candidates = [key for key in KNOWN_ID_PROPERTIES if key in drafts[0].properties]
    candidates += [key for key in first_keys if key not in candidates]
    for key in candidates:
        values = [as_id(draft.properties.get(key)) for draft in drafts]
        if None not in values and len(set(values)) == len(values):
            return key
    return None


def _numbered(drafts: list[Draft], problems: Tally, warnings: Tally) -> Chosen:
    ids: list[str] = []
    numbered = 0
    for draft in drafts:
        value = as_id(draft.own_id) if draft.own_id is not None else None
        if value is None:
            if draft.own_id is not None:
                warnings.add(
                    "bad-own-id",
                    f"{draft.field_path}.id",
                    f"feature {draft.index + 1}'s id {describe(draft.own_id)} cannot be an id "
                    f"({ELEMENT_ID_RULE}); it was numbered instead.",
                    f"feature {draft.index + 1}",
                )
            value = f"feature-{draft.index + 1}"
            numbered += 1
        ids.append(value)
    _check_unique(drafts, ids, problems)
    if numbered == len(drafts):
        source = "numbered in file order (feature-1, feature-2, …): no id or unique property"
    else:
        source = f"the features' own ids; {numbered:,} without one numbered in file order"
    return Chosen(tuple(ids), source)


def _check_unique(drafts: list[Draft], ids: list[str], problems: Tally) -> None:
    first_with: dict[str, int] = {}
    for draft, value in zip(drafts, ids, strict=True):
        if not value:
            continue
        if value in first_with:
            label = f"feature {draft.index + 1}"
            problems.add(
                "duplicate-id",
                f"{draft.field_path}.id",
                f"{label} has the id '{value}', which feature {first_with[value] + 1} already "
                "has; ids must be unique in a map.",
                label,
            )
        else:
            first_with[value] = draft.index
