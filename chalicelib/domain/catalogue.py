"""The kinds of street segment a section may hold, with the widths each may have.

The names are Streetmix's segment types, so a street saved in Streetmix imports unchanged. The
width bounds are hard limits of the real world, not design guidance: a 2.5 m drive lane is poor
design but exists, a 0.5 m drive lane does not. They are wide enough that streets saved in
Streetmix pass (feet rounding, 0.3 m striped buffers, 0.5 m lamp and tree strips).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

Category = Literal["pedestrian", "cycle", "vehicle", "transit", "parking", "buffer", "other"]

# Any segment, whatever its type, and any street must fit these.
SEGMENT_MIN_WIDTH = 0.25
SEGMENT_MAX_WIDTH = 120.0


@dataclass(frozen=True)
class SegmentType:
    name: str
    label: str
    min_width: float
    max_width: float
    category: Category

    def allows_width(self, width: float) -> bool:
        return self.min_width <= width <= self.max_width


_TYPES = (
    # Footpath and what stands on it
    SegmentType("sidewalk", "Sidewalk", 0.6, 40.0, "pedestrian"),
    SegmentType("sidewalk-tree", "Sidewalk tree", 0.25, 8.0, "pedestrian"),
    SegmentType("sidewalk-bike-rack", "Bike rack", 0.5, 6.0, "cycle"),
    SegmentType("sidewalk-bench", "Bench", 0.5, 6.0, "pedestrian"),
    SegmentType("sidewalk-wayfinding", "Wayfinding sign", 0.25, 6.0, "pedestrian"),
    SegmentType("sidewalk-lamp", "Lamp", 0.25, 6.0, "pedestrian"),
    SegmentType("utilities", "Utility pole", 0.25, 6.0, "other"),
    SegmentType("parklet", "Parklet", 1.0, 8.0, "pedestrian"),
    SegmentType("outdoor-dining", "Outdoor dining", 1.0, 10.0, "pedestrian"),
    SegmentType("street-vendor", "Street vendor", 1.0, 8.0, "pedestrian"),
    SegmentType("flex-zone-curb", "Waiting area", 0.5, 8.0, "pedestrian"),
    SegmentType("crosswalk", "Crosswalk", 1.0, 40.0, "pedestrian"),
    # Cycles and scooters
    SegmentType("bike-lane", "Bike lane", 0.9, 8.0, "cycle"),
    SegmentType("scooter", "Scooter lane", 0.9, 6.0, "cycle"),
    SegmentType("scooter-drop-zone", "Scooter drop zone", 0.5, 6.0, "cycle"),
    SegmentType("bikeshare", "Bike share station", 1.0, 8.0, "cycle"),
    # General traffic
    SegmentType("drive-lane", "Drive lane", 2.0, 8.0, "vehicle"),
    SegmentType("turn-lane", "Turn lane", 2.0, 8.0, "vehicle"),
    # Kerbside
    SegmentType("parking-lane", "Parking lane", 1.8, 8.0, "parking"),
    SegmentType("flex-zone", "Flex zone (pick-up and drop-off)", 1.8, 8.0, "parking"),
    SegmentType("food-truck", "Food truck", 1.8, 8.0, "parking"),
    # Public transport
    SegmentType("bus-lane", "Bus lane", 2.5, 8.0, "transit"),
    SegmentType("brt-lane", "Bus rapid transit lane", 2.5, 8.0, "transit"),
    SegmentType("brt-station", "Bus rapid transit station", 1.5, 15.0, "transit"),
    SegmentType("light-rail", "Light rail", 2.5, 8.0, "transit"),
    SegmentType("streetcar", "Streetcar", 2.5, 8.0, "transit"),
    SegmentType("train", "Train", 2.5, 10.0, "transit"),
    SegmentType("transit-shelter", "Transit shelter", 1.0, 10.0, "transit"),
    # Separation between the others
    SegmentType("divider", "Buffer", 0.25, 60.0, "buffer"),
    SegmentType("temporary", "Temporary barrier", 0.25, 10.0, "buffer"),
    SegmentType("guardrail", "Guardrail", 0.25, 3.0, "buffer"),
    SegmentType("wall", "Wall", 0.25, 5.0, "buffer"),
    # Landscape (Streetmix's coastal mode) and the rest
    SegmentType("drainage-channel", "Drainage channel", 0.25, 6.0, "other"),
    SegmentType("bioswale", "Rain garden", 0.5, 30.0, "other"),
    SegmentType("slope", "Slope", 0.5, 60.0, "other"),
    SegmentType("beach", "Beach", 1.0, 120.0, "other"),
    SegmentType("marsh", "Marsh", 1.0, 120.0, "other"),
    SegmentType("magic-carpet", "Magic carpet", 0.5, 10.0, "other"),
)

CATALOGUE: MappingProxyType[str, SegmentType] = MappingProxyType({t.name: t for t in _TYPES})

# What a message lists when it cannot name every type.
COMMON_TYPES = (
    "sidewalk",
    "bike-lane",
    "drive-lane",
    "parking-lane",
    "bus-lane",
    "light-rail",
    "divider",
)


def segment_type(name: str) -> SegmentType | None:
    return CATALOGUE.get(name)


# --- presentation: what the pages draw (frontend/generated/catalogue.json is generated from this)

# Fill colour of each category in the section drawing; every one has ≥ 3:1 contrast against white
# (WCAG 1.4.11, graphics), and segments also carry their label, so colour is never the only cue.
CATEGORY_COLOURS: MappingProxyType[Category, str] = MappingProxyType(
    {
        "pedestrian": "#8a6d3b",
        "cycle": "#2e7d32",
        "vehicle": "#555555",
        "transit": "#b3261e",
        "parking": "#6a4c93",
        "buffer": "#7a7a00",
        "other": "#00695c",
    }
)

# The width a segment added from the palette starts at, by category (clamped to the type's bounds).
CATEGORY_DEFAULT_WIDTHS: MappingProxyType[Category, float] = MappingProxyType(
    {
        "pedestrian": 2.0,
        "cycle": 1.8,
        "vehicle": 3.0,
        "transit": 3.2,
        "parking": 2.2,
        "buffer": 0.5,
        "other": 1.0,
    }
)

# Types that run one way: their variant string starts with "inbound" or "outbound" (Streetmix).
DIRECTIONS = ("inbound", "outbound")
DIRECTIONAL_TYPES = frozenset(
    {
        "bike-lane",
        "scooter",
        "drive-lane",
        "turn-lane",
        "bus-lane",
        "brt-lane",
        "light-rail",
        "streetcar",
        "train",
        "parking-lane",
    }
)


def default_width(kind: SegmentType) -> float:
    return min(kind.max_width, max(kind.min_width, CATEGORY_DEFAULT_WIDTHS[kind.category]))
