"""Streetmix streets as Streetmix itself reads and writes them.

`upgrade` brings a saved street of any schema version to the newest, step by step, as
`app/lib/street_schema_update.js` in streetmix/streetmix does (commit 1055972c, schema 35): the
numbers that matter to sayso (widths, elevations, units, buildings) and the variant strings the
elevation backfill of schema 27 depends on. `to_streetmix` writes a sayso section back as a
street of the newest schema, which Streetmix and 3DStreet open.

Only values of the right type are converted: a width that is text stays text, and the section
reader then says what is wrong with it, in the field where it is.
"""

from __future__ import annotations

import copy
import math
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from chalicelib.domain.validation import read_number

if TYPE_CHECKING:
    from chalicelib.domain.section import Section

LATEST_SCHEMA = 35
FIRST_METRIC_SCHEMA = 30  # widths in feet before it
FIRST_ELEVATION_METRES_SCHEMA = 33  # elevations as levels (0 road, 1 kerb, 2 platform) before it
FIRST_ELEVATION_SCHEMA = 27  # elevations backfilled by segment type when going to it
FIRST_BOUNDARY_SCHEMA = 32  # `boundary` replaced left/rightBuildingHeight/Variant

FOOT = 0.3048  # Streetmix's "precise" conversion
OLD_METRIC_FOOT = 0.3  # Streetmix's conversion for streets saved with `units: 2` before schema 30
OLD_METRIC_UNITS = 2

# Boundary variants Streetmix draws without floors (packages/parts/data/boundary_defs.yaml).
NO_FLOORS = frozenset(
    {
        "grass",
        "fence",
        "parking-lot",
        "waterfront",
        "waterfront2",
        "compound-wall",
        "beach",
        "marsh",
        "water",
    }
)
DEFAULT_LEFT_BUILDING = "narrow"
DEFAULT_RIGHT_BUILDING = "wide"
NO_BUILDING = "grass"


def js_round(value: float, decimals: int = 0) -> float:
    """@streetmix/utils `round`: `Number(Math.round(Number(value + 'e' + d)) + 'e-' + d)`.

    Halves go up (towards +infinity), after shifting the decimal point in text as Streetmix does,
    so 0.5 * 0.3048 = 0.1524 rounds to 0.152 and 2.5 * 0.3048 = 0.762 stays 0.762.
    """
    shifted = Decimal(repr(float(value))).scaleb(decimals)
    whole = math.floor(shifted)
    if shifted - whole >= Decimal("0.5"):
        whole += 1
    return float(Decimal(whole).scaleb(-decimals))


def schema_of(street: dict, *, created_at: object = None, updated_at: object = None) -> int:
    """A street without schemaVersion is 17 if created or updated in 2018, else 1 (Streetmix)."""
    version = street.get("schemaVersion")
    if isinstance(version, int) and not isinstance(version, bool):
        return version
    for stamp in (street.get("createdAt", created_at), street.get("updatedAt", updated_at)):
        if isinstance(stamp, str) and stamp.startswith("2018"):
            return 17
    return 1


def upgrade(street: dict, version: int) -> dict:
    """A copy of `street` (of schema `version`, 1..35) as schema 35, per Streetmix's migrations."""
    street = copy.deepcopy(street)
    segments = [s for s in street.get("segments") or [] if isinstance(s, dict)]
    if not isinstance(street.get("segments"), list):
        segments = []
    while version < LATEST_SCHEMA:
        _STEPS.get(version, _nothing)(street, segments)
        version += 1
    street["schemaVersion"] = LATEST_SCHEMA
    return street


# --- the steps: `_STEPS[n]` takes a street of schema n to n + 1 -------------------------------


def _nothing(street: dict, segments: list[dict]) -> None:
    return None


def _append_variant(suffix: str, *types: str):  # type: ignore[no-untyped-def]
    def step(street: dict, segments: list[dict]) -> None:
        for segment in segments:
            if segment.get("type") in types and isinstance(segment.get("variantString"), str):
                segment["variantString"] += suffix

    return step


def _set_variant(value: str, segment_type: str):  # type: ignore[no-untyped-def]
    def step(street: dict, segments: list[dict]) -> None:
        for segment in segments:
            if segment.get("type") == segment_type:
                segment["variantString"] = value

    return step


def _unify_dividers(street: dict, segments: list[dict]) -> None:  # 10 -> 11
    for segment in segments:
        if segment.get("type") == "planting-strip":
            segment["type"] = "divider"
            if segment.get("variantString") == "":
                segment["variantString"] = "planting-strip"
        elif segment.get("type") == "small-median":
            segment["type"] = "divider"
            segment["variantString"] = "median"


def _no_small_trees(street: dict, segments: list[dict]) -> None:  # 11 -> 12
    for segment in segments:
        kind, variant = segment.get("type"), segment.get("variantString")
        if kind == "divider" and variant == "small-tree":
            segment["variantString"] = "big-tree"
        elif kind == "sidewalk-tree" and variant == "small":
            segment["variantString"] = "big"


def _colored_is_green(street: dict, segments: list[dict]) -> None:  # 16 -> 17
    for segment in segments:
        if segment.get("type") == "bike-lane" and isinstance(segment.get("variantString"), str):
            segment["variantString"] = segment["variantString"].replace("colored", "green", 1)


def _building_heights(street: dict, segments: list[dict]) -> None:  # 1 -> 2
    street["leftBuildingHeight"] = 4
    street["rightBuildingHeight"] = 3


def _building_variants(street: dict, segments: list[dict]) -> None:  # 2 -> 3
    street["leftBuildingVariant"] = "narrow"
    street["rightBuildingVariant"] = "wide"


_KERB_TYPES = frozenset(
    {
        "sidewalk",
        "sidewalk-tree",
        "sidewalk-bench",
        "sidewalk-wayfinding",
        "sidewalk-lamp",
        "utilities",
        "street-vendor",
        "flex-zone-curb",
        "brt-station",
    }
)
_ROAD_OR_KERB_TYPES = frozenset(
    {"sidewalk-bike-rack", "outdoor-dining", "scooter-drop-zone", "bike-lane", "bikeshare"}
)
_RAISED_DIVIDERS = frozenset(
    {"median", "planting-strip", "bush", "flowers", "big-tree", "palm-tree"}
)


def backfill_level(segment_type: object, variant: object) -> int:
    """The elevation level Streetmix gives a segment saved without one (schema 26 -> 27)."""
    text = variant if isinstance(variant, str) else ""
    if segment_type in _KERB_TYPES:
        return 1
    if segment_type == "drainage-channel":
        return -2
    if segment_type in _ROAD_OR_KERB_TYPES:
        return 0 if "road" in text else 1
    if segment_type == "transit-shelter":
        return 2 if "light-rail" in text else 1
    if segment_type == "divider":
        return 1 if text in _RAISED_DIVIDERS else 0
    return 0  # the road-level types, and any other


def _backfill_elevations(street: dict, segments: list[dict]) -> None:  # 26 -> 27
    for segment in segments:
        if "elevation" not in segment:
            segment["elevation"] = backfill_level(segment.get("type"), segment.get("variantString"))


def _to_metres(street: dict, segments: list[dict]) -> None:  # 29 -> 30
    old_metric = street.get("units") == OLD_METRIC_UNITS
    foot = OLD_METRIC_FOOT if old_metric else FOOT
    for holder in (street, *segments):
        width = read_number(holder.get("width"))
        if width is not None:
            holder["width"] = js_round(width * foot, 3)
    if old_metric:
        street["units"] = 0


def _old_units(street: dict, segments: list[dict]) -> None:  # 30 -> 31
    if street.get("units") == OLD_METRIC_UNITS:
        street["units"] = 0


def _boundary(street: dict, segments: list[dict]) -> None:  # 31 -> 32
    street["boundary"] = {
        side: {
            "variant": street.pop(f"{side}BuildingVariant", None),
            "floors": street.pop(f"{side}BuildingHeight", None),
            "elevation": 1,
        }
        for side in ("left", "right")
    }


def _levels_to_metres(street: dict, segments: list[dict]) -> None:  # 32 -> 33
    imperial = street.get("units") == 1
    for segment in segments:
        level = segment.get("elevation")
        if isinstance(level, bool) or not isinstance(level, int | float):
            continue
        if segment.get("type") == "drainage-channel" and level == -2:
            segment["elevation"] = 0
        elif segment.get("type") == "transit-shelter" and level == 2:
            segment["elevation"] = js_round(2.5 * FOOT, 3) if imperial else 0.75
        elif level == 1:
            segment["elevation"] = js_round(0.5 * FOOT, 3) if imperial else 0.15
    boundary = street.get("boundary")
    for side in ("left", "right"):
        edge = boundary.get(side) if isinstance(boundary, dict) else None
        level = read_number(edge.get("elevation")) if isinstance(edge, dict) else None
        if level is not None:
            assert isinstance(edge, dict)
            edge["elevation"] = js_round(level * 0.5 * FOOT, 3) if imperial else level * 0.15


def _slopes(street: dict, segments: list[dict]) -> None:  # 33 -> 34
    for segment in segments:
        segment["slope"] = {"on": False, "values": []}


def _location(street: dict, segments: list[dict]) -> None:  # 34 -> 35
    street.setdefault("location", None)


_STEPS = {
    1: _building_heights,
    2: _building_variants,
    3: _append_variant("|street-level", "transit-shelter"),
    4: _append_variant("|modern", "sidewalk-lamp"),
    5: _append_variant("|regular", "streetcar"),
    6: _append_variant("|regular", "bus-lane", "light-rail"),
    7: _append_variant("|regular", "bike-lane"),
    8: _append_variant("|car", "drive-lane"),
    9: _set_variant("normal", "sidewalk"),
    10: _unify_dividers,
    11: _no_small_trees,
    12: _append_variant("|sidewalk", "sidewalk-bike-rack"),
    13: _set_variant("large", "sidewalk-wayfinding"),
    16: _colored_is_green,
    19: _append_variant("|road", "bike-lane"),
    20: _append_variant("|road", "bikeshare"),
    24: _append_variant("|typical", "bus-lane"),
    26: _backfill_elevations,
    29: _to_metres,
    30: _old_units,
    31: _boundary,
    32: _levels_to_metres,
    33: _slopes,
    34: _location,
}


# --- writing -----------------------------------------------------------------------------------


def kerb_height(units: int) -> float:
    """Streetmix's kerb: 0.15 m, or 6 in (0.152 m) on an imperial street."""
    return js_round(0.5 * FOOT, 3) if units == 1 else 0.15


def to_streetmix(section: Section) -> dict[str, Any]:
    """The section as a Streetmix API response of the newest schema (what 3DStreet reads too).

    A side without a building height gets grass (which Streetmix draws without floors), so
    importing the file gives back the same section.
    """
    kerb = kerb_height(section.units)

    def boundary(height: float | None, building: str) -> dict[str, Any]:
        return {
            "id": f"boundary-{building}",
            "variant": NO_BUILDING if height is None else building,
            "floors": 1 if height is None else height,
            "elevation": kerb,
        }

    street: dict[str, Any] = {
        "schemaVersion": LATEST_SCHEMA,
        "units": section.units,
        "width": section.width,
        "segments": [
            {
                "id": segment.id,
                "type": segment.type,
                "variantString": segment.variant,
                "width": segment.width,
                "elevation": segment.elevation,
                "slope": {"on": False, "values": []},
            }
            for segment in section.segments
        ],
        "boundary": {
            "left": boundary(section.left_building_height, DEFAULT_LEFT_BUILDING),
            "right": boundary(section.right_building_height, DEFAULT_RIGHT_BUILDING),
        },
        "location": None,
        "skybox": "day",
        "editCount": 0,
    }
    document: dict[str, Any] = {"data": {"street": street}}
    if section.name is not None:
        document = {"name": section.name, **document}
    return document
