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


# --- illustrations: which of Streetmix's drawings (@streetmix/illustrations, CC BY-SA 4.0, pinned
# in package-lock.json) draw each type and variant. A sprite is a path under the package's images/
# without ".svg"; `make frontend` copies exactly the sprites named here (scripts/
# build_frontend_data.py), the pages and report.html read this mapping from generated data.
#
# A rule is (variant parts, value): the first rule whose parts (split on "|") all appear in the
# segment's variantString wins; "*" matches any. Types not listed (and unknown types) draw as a
# labelled generic part.

ILLUSTRATIONS_PACKAGE = "@streetmix/illustrations"
ILLUSTRATIONS_LICENCE = "CC BY-SA 4.0"

# Ground (the surface strip) colours, sampled from the package's images/ground/*.svg.
GROUNDS: MappingProxyType[str, str] = MappingProxyType(
    {
        "asphalt": "#3b3d3b",
        "concrete": "#d8d3cb",
        "green": "#2e6550",
        "red": "#992025",
        "grass": "#679a45",
        "gravel": "#5c5e5f",
        "sand": "#e0c98f",
        "water": "#5b8fb0",
    }
)

Rule = tuple[str, str]
SpriteRule = tuple[str, tuple[str, ...]]


@dataclass(frozen=True)
class Drawing:
    ground: tuple[Rule, ...]  # (variant parts, GROUNDS key)
    sprites: tuple[SpriteRule, ...]  # (variant parts, sprites drawn side by side)


def _d(ground: str | tuple[Rule, ...], *sprites: SpriteRule) -> Drawing:
    return Drawing(((("*", ground),) if isinstance(ground, str) else ground), sprites)


def _directed(inbound: str, outbound: str) -> tuple[SpriteRule, ...]:
    return (("outbound", (outbound,)), ("*", (inbound,)))


def _sided(left: str, right: str) -> tuple[SpriteRule, ...]:
    return (("right", (right,)), ("*", (left,)))


_COLOURED = (("green", "green"), ("red", "red"), ("colored", "red"), ("*", "asphalt"))
_PLANTED = (
    *((part, "grass") for part in ("planting-strip", "bush", "flowers", "big-tree", "palm-tree")),
    ("*", "asphalt"),
)

DRAWINGS: MappingProxyType[str, Drawing] = MappingProxyType(
    {
        "sidewalk": _d(
            "concrete",
            ("dense", ("people/people-01", "people/people-12")),
            ("empty", ()),
            ("*", ("people/people-05",)),
        ),
        "sidewalk-tree": _d(
            "concrete", ("palm-tree", ("trees/palm-tree",)), ("*", ("trees/tree",))
        ),
        "sidewalk-bike-rack": _d(
            "concrete", *_sided("bikes/bike-rack-parallel-left", "bikes/bike-rack-parallel-right")
        ),
        "sidewalk-bench": _d(
            "concrete",
            ("left", ("furniture/bench-left",)),
            ("right", ("furniture/bench-right",)),
            ("*", ("furniture/bench-center",)),
        ),
        "sidewalk-wayfinding": _d("concrete", ("*", ("wayfinding/nyc-wayfinding-pylon-small",))),
        "sidewalk-lamp": _d(
            "concrete",
            ("traditional", ("lamps/lamp-traditional-center",)),
            ("left", ("lamps/lamp-modern-left",)),
            ("right", ("lamps/lamp-modern-right",)),
            ("*", ("lamps/lamp-modern-both",)),
        ),
        "utilities": _d(
            "concrete", *_sided("utilities/utility-pole-left", "utilities/utility-pole-right")
        ),
        "parklet": _d(
            "concrete",
            *_sided(
                "parklet/yerba-buena-parklet-left-v02", "parklet/yerba-buena-parklet-right-v02"
            ),
        ),
        "outdoor-dining": _d("concrete", ("*", ("furniture/cafe-seating-occupied",))),
        "street-vendor": _d("concrete", ("*", ("vendors/vendor-handcart",))),
        "flex-zone-curb": _d(
            "concrete", *_sided("curb/person-waiting-01-left", "curb/person-waiting-01-right")
        ),
        "crosswalk": _d("asphalt", ("*", ("people/people-20",))),
        "bike-lane": _d(_COLOURED, *_directed("bikes/biker-01-inbound", "bikes/biker-01-outbound")),
        "scooter": _d(
            _COLOURED, *_directed("scooters/scooter-inbound", "scooters/scooter-outbound")
        ),
        "scooter-drop-zone": _d(
            "concrete", *_sided("scooters/scooter-left-docked", "scooters/scooter-right-docked")
        ),
        "bikeshare": _d("concrete", *_sided("bikes/bikeshare-left", "bikes/bikeshare-right")),
        "drive-lane": _d(
            "asphalt",
            ("outbound|truck", ("vehicles/truck-outbound",)),
            ("truck", ("vehicles/truck-inbound",)),
            ("outbound|av", ("vehicles/av-outbound",)),
            ("av", ("vehicles/av-inbound",)),
            *_directed("vehicles/car-inbound", "vehicles/car-outbound"),
        ),
        "turn-lane": _d("asphalt", *_directed("vehicles/car-inbound", "vehicles/car-outbound")),
        "parking-lane": _d("asphalt", *_directed("vehicles/car-inbound", "vehicles/car-outbound")),
        "flex-zone": _d(
            "asphalt",
            *_directed(
                "vehicles/rideshare-inbound-door-left", "vehicles/rideshare-outbound-door-right"
            ),
        ),
        "food-truck": _d("asphalt", *_sided("vehicles/foodtruck-left", "vehicles/foodtruck-right")),
        "bus-lane": _d(_COLOURED, *_directed("transit/bus-inbound", "transit/bus-outbound")),
        "brt-lane": _d("red", *_directed("transit/brt-bus-inbound", "transit/brt-bus-outbound")),
        "brt-station": _d(
            "concrete",
            ("left", ("transit/brt-station-left",)),
            ("right", ("transit/brt-station-right",)),
            ("*", ("transit/brt-station-center",)),
        ),
        "light-rail": _d(
            _COLOURED, *_directed("transit/light-rail-inbound", "transit/light-rail-outbound")
        ),
        "streetcar": _d(
            _COLOURED, *_directed("transit/streetcar-inbound", "transit/streetcar-outbound")
        ),
        "train": _d("gravel", ("*", ("secret/inception-train",))),
        "transit-shelter": _d(
            "concrete",
            ("right|light-rail", ("transit/transit-shelter-02-right",)),
            ("light-rail", ("transit/transit-shelter-02-left",)),
            *_sided("transit/transit-shelter-01-left", "transit/transit-shelter-01-right"),
        ),
        "divider": _d(
            _PLANTED,
            ("planting-strip", ("plants/grass",)),
            ("bush", ("plants/bush",)),
            ("flowers", ("plants/flowers-red",)),
            ("big-tree", ("trees/tree",)),
            ("palm-tree", ("trees/palm-tree",)),
            ("dome", ("dividers/dome",)),
            ("striped-buffer", ()),
            ("*", ("dividers/bollard",)),
        ),
        "temporary": _d(
            "asphalt",
            ("cone", ("construction/cone",)),
            ("jersey-barrier-plastic", ("construction/jersey-barrier-plastic",)),
            ("jersey-barrier-concrete", ("construction/jersey-barrier-concrete",)),
            ("*", ("construction/barricade",)),
        ),
        "drainage-channel": _d("concrete", ("*", ("utilities/drainage-channel-piece-center",))),
        "bioswale": _d("grass", ("*", ("plants/bush",))),
        "slope": _d("grass", ("*", ())),
        "beach": _d("sand", ("*", ())),
        "marsh": _d("water", ("*", ("plants/grass",))),
        "magic-carpet": _d("asphalt", ("*", ("vehicles/magic-carpet-aladdin",))),
    }
)

# Buildings at the edges, drawn when the plan gives leftBuildingHeight / rightBuildingHeight.
BUILDINGS = MappingProxyType(
    {"left": "buildings/apartments-narrow-left", "right": "buildings/apartments-narrow-right"}
)

# The editor's palette: Streetmix's thumbnail of each type (images/thumbnails/), or its "missing".
_THUMBNAILED = frozenset(
    [
        "bike-lane",
        "bikeshare",
        "brt-lane",
        "brt-station",
        "bus-lane",
        "divider",
        "drainage-channel",
        "drive-lane",
        "flex-zone-curb",
        "flex-zone",
        "food-truck",
        "light-rail",
        "magic-carpet",
        "outdoor-dining",
        "parking-lane",
        "parklet",
        "scooter-drop-zone",
        "scooter",
        "sidewalk-bench",
        "sidewalk-bike-rack",
        "sidewalk-lamp",
        "sidewalk-tree",
        "sidewalk-wayfinding",
        "sidewalk",
        "street-vendor",
        "streetcar",
        "temporary",
        "train",
        "transit-shelter",
        "turn-lane",
        "utilities",
    ]
)
THUMBNAILS: MappingProxyType[str, str] = MappingProxyType(
    {name: f"thumbnails/{name if name in _THUMBNAILED else 'missing'}" for name in CATALOGUE}
)

# Variant parts a resident can pick in the editor, by type: each group is one choice.
VARIANT_CHOICES: MappingProxyType[str, tuple[tuple[str, ...], ...]] = MappingProxyType(
    {
        "bike-lane": (("regular", "green", "red"),),
        "scooter": (("regular", "green", "red"),),
        "drive-lane": (("car", "truck", "av"),),
        "bus-lane": (("regular", "colored"),),
        "light-rail": (("regular", "colored"),),
        "streetcar": (("regular", "colored"),),
        "transit-shelter": (("left", "right"), ("bus", "light-rail")),
        "sidewalk": (("normal", "dense", "empty"),),
        "sidewalk-tree": (("big", "palm-tree"),),
        "sidewalk-lamp": (("both", "left", "right", "traditional"),),
        "divider": (
            ("planting-strip", "bush", "flowers", "big-tree", "palm-tree", "bollard", "dome"),
        ),
        "temporary": (("barricade", "cone", "jersey-barrier-plastic", "jersey-barrier-concrete"),),
        "sidewalk-bench": (("left", "center", "right"),),
    }
)


def _pick(rules: tuple[tuple[str, object], ...], variant: str) -> object | None:
    parts = set((variant or "").split("|"))
    for key, value in rules:
        if key == "*" or set(key.split("|")) <= parts:
            return value
    return None


def illustration(type_name: str, variant: str) -> tuple[str | None, tuple[str, ...]]:
    """(ground colour, sprites) that draw a segment; (None, ()) for a type without a drawing."""
    drawing = DRAWINGS.get(type_name)
    if drawing is None:
        return None, ()
    ground = _pick(drawing.ground, variant)
    sprites = _pick(drawing.sprites, variant)
    return (
        GROUNDS[ground] if isinstance(ground, str) else None,
        sprites if isinstance(sprites, tuple) else (),
    )


def drawing_sprite_names() -> list[str]:
    """The sprites a section drawing may use (what report.html may inline), sorted."""
    names = {s for d in DRAWINGS.values() for _, sprites in d.sprites for s in sprites}
    return sorted(names | set(BUILDINGS.values()))


def sprite_names() -> list[str]:
    """Every sprite the mapping names, the editor's thumbnails too: what `make frontend` copies."""
    return sorted(set(drawing_sprite_names()) | set(THUMBNAILS.values()))
