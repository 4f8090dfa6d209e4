"""`pins.geojson`: every point comment on a map, then a density grid per option.

The grid is made of Web Mercator map tiles (the quadtree every web map uses), from zoom 18 (about
150 m × cos(latitude): 120 m in Auckland, 95 m in London) up to zoom 13 (32 times larger). Pins
are counted in zoom-18 tiles; then, level by level, a tile holding fewer than `MIN_CELL_COUNT`
pins hands them to its parent tile, and tiles holding enough are published. So no published cell
counts one or two residents: a coarser cell counts only the pins not already counted by the finer
cells inside it (draw coarse cells first), and pins still too few at zoom 13 are counted in the
option's `unplaced`, not drawn. State is one counter per occupied tile, never one entry per pin.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import BinaryIO

from chalicelib.domain.consultation import Option
from chalicelib.domain.geo import EARTH_RADIUS_M
from chalicelib.domain.submission import Submission

MIN_CELL_COUNT = 3
FINEST_ZOOM = 18
COARSEST_ZOOM = 13
EXCERPT_CHARS = 140

# Web Mercator stops short of the poles; points beyond are counted in the edge tiles.
_MERCATOR_MAX_LAT = 85.05112878
_FINEST_TILES = 1 << FINEST_ZOOM
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_string = json.encoder.encode_basestring  # a JSON string literal, non-ASCII kept as is


@dataclass(frozen=True)
class Cell:
    option_id: str
    zoom: int
    x: int
    y: int
    count: int

    @cached_property
    def quadkey(self) -> str:
        """The tile's Bing quadkey: one digit per zoom level, so a tile sorts after its parent."""
        digits = []
        for level in range(self.zoom, 0, -1):
            mask = 1 << (level - 1)
            digits.append(str((1 if self.x & mask else 0) + (2 if self.y & mask else 0)))
        return "".join(digits)

    @cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        """West, south, east, north in degrees, rounded to 6 decimals."""
        tiles = 1 << self.zoom
        west = self.x / tiles * 360.0 - 180.0
        east = (self.x + 1) / tiles * 360.0 - 180.0
        north = _tile_latitude(self.y, tiles)
        south = _tile_latitude(self.y + 1, tiles)
        return round(west, 6), round(south, 6), round(east, 6), round(north, 6)

    @cached_property
    def area_m2(self) -> float:
        west, south, east, north = self.bounds
        return (
            EARTH_RADIUS_M**2
            * math.radians(east - west)
            * (math.sin(math.radians(north)) - math.sin(math.radians(south)))
        )


def _tile_latitude(y: int, tiles: int) -> float:
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / tiles))))


def finest_tile(lon: float, lat: float) -> tuple[int, int]:
    """The zoom-18 tile (x, y) holding a point."""
    lat = min(max(lat, -_MERCATOR_MAX_LAT), _MERCATOR_MAX_LAT)
    x = int((lon + 180.0) / 360.0 * _FINEST_TILES)
    sin_lat = math.sin(math.radians(lat))
    y = int((0.5 - math.log((1 + sin_lat) / (1 - sin_lat)) / (4 * math.pi)) * _FINEST_TILES)
    last = _FINEST_TILES - 1
    return min(max(x, 0), last), min(max(y, 0), last)


def merged_cells(option_id: str, tiles: Mapping[tuple[int, int], int]) -> tuple[list[Cell], int]:
    """The published cells for an option's zoom-18 tile counts, and how many pins none holds."""
    cells = []
    level = dict(tiles)
    for zoom in range(FINEST_ZOOM, COARSEST_ZOOM - 1, -1):
        parents: Counter[tuple[int, int]] = Counter()
        for (x, y), count in level.items():
            if count >= MIN_CELL_COUNT:
                cells.append(Cell(option_id, zoom, x, y, count))
            else:
                parents[x >> 1, y >> 1] += count
        level = parents
    unplaced = sum(level.values())
    cells.sort(key=lambda cell: cell.quadkey)
    return cells, unplaced


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The text on one line, cut at a word boundary to at most `limit` characters plus "…"."""
    # A prefix is enough unless it is mostly spaces; a whole 5,000-character letter is not needed.
    prefix = 2 * limit + 2
    flat = " ".join(text[:prefix].split())
    if len(flat) <= limit:
        if len(text) <= prefix:
            return flat
        flat = " ".join(text.split())
        if len(flat) <= limit:
            return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    if flat[limit] != " " and space > limit // 2:  # else the cut ends a word, or is in a huge one
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def _number(value: float) -> str:
    """A coordinate with at most 6 decimals and never an exponent: 174.76, -36.8485, 0."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _position(lon: float, lat: float) -> str:
    return f"[{_number(lon)},{_number(lat)}]"


class PinsReport:
    """Streams `pins.geojson`, one GeoJSON FeatureCollection (RFC 7946): the pins in input order
    as they arrive, then in `close()` the grid cells sorted by option id and quadkey, and a
    foreign member `grid` describing the grid with each option's `pins`, `cells` and `unplaced`.

    Section points (a distance across the street) are not places and are skipped. `close()`
    leaves the stream open: the caller owns it. Write to a buffered stream: each pin is one
    small write."""

    def __init__(self, stream: BinaryIO, options: Mapping[str, Option]) -> None:
        self._stream = stream
        self._sections = frozenset(oid for oid, option in options.items() if option.kind != "map")
        self._maps = sorted(oid for oid, option in options.items() if option.kind == "map")
        self._tiles: dict[str, Counter[tuple[int, int]]] = {}
        self._pins: Counter[str] = Counter()
        self._separator = b""
        self._cells: list[Cell] | None = None
        self._unplaced: dict[str, int] = {}
        stream.write(b'{"type":"FeatureCollection","features":[')

    def add(self, submission: Submission) -> None:
        point = submission.point
        if not isinstance(point, tuple | list) or submission.option_id in self._sections:
            return
        lon, lat = point
        option_id = submission.option_id
        element_id, stance = submission.element_id, submission.stance
        # By hand rather than json.dumps (a third of the per-pin time); strings still go through
        # json's own escaping.
        feature = (
            f'{{"type":"Feature","id":{_string(submission.id)},'
            f'"geometry":{{"type":"Point","coordinates":{_position(lon, lat)}}},'
            f'"properties":{{"kind":"pin","option_id":{_string(option_id)},'
            f'"element_id":{"null" if element_id is None else _string(element_id)},'
            f'"stance":{"null" if stance is None else _string(stance)},'
            f'"excerpt":{_string(excerpt(submission.text))},'
            f'"endorsements":{int(submission.endorsements)}}}}}'
        )
        # "replace": a lone surrogate in stored text becomes "?" instead of failing the run.
        self._write(feature.encode("utf-8", "replace"))
        tiles = self._tiles.get(option_id)
        if tiles is None:
            tiles = self._tiles[option_id] = Counter()
        tiles[finest_tile(lon, lat)] += 1
        self._pins[option_id] += 1

    def _write(self, feature: bytes) -> None:
        self._stream.write(self._separator + feature)
        self._separator = b",\n"

    def close(self) -> None:
        cells: list[Cell] = []
        for option_id in sorted(self._tiles):
            option_cells, self._unplaced[option_id] = merged_cells(
                option_id, self._tiles[option_id]
            )
            cells += option_cells
            self._tiles[option_id] = Counter()  # the cells are all we need from here on
        for cell in cells:
            self._write(_cell_feature(cell))
        self._cells = cells
        grid = {
            "tiles": "Web Mercator (EPSG:3857) quadtree; cell ids are Bing quadkeys",
            "zooms": [FINEST_ZOOM, COARSEST_ZOOM],
            "min_count": MIN_CELL_COUNT,
            "options": {
                option_id: {
                    "pins": pins,
                    "cells": sum(1 for cell in cells if cell.option_id == option_id),
                    "unplaced": self._unplaced.get(option_id, 0),
                }
                for option_id, pins in self.counts().items()
            },
        }
        self._stream.write(b'\n],"grid":' + _JSON(grid).encode() + b"}\n")
        self._stream.flush()

    def counts(self) -> dict[str, int]:
        """Pins per option id, sorted by id; every map option is listed, if only with 0."""
        ids = sorted(set(self._maps) | set(self._pins))
        return {option_id: self._pins[option_id] for option_id in ids}

    def unplaced(self) -> dict[str, int]:
        """After `close()`: pins per option id in no published cell (too few near them)."""
        return {option_id: self._unplaced.get(option_id, 0) for option_id in self.counts()}

    def hot_spots(self, limit: int = 10) -> list[dict]:
        """After `close()`: the densest published cells (pins per km²), densest first."""
        if self._cells is None:
            raise RuntimeError("hot_spots() needs close() first: the cells are made there")
        ranked = sorted(
            self._cells,
            key=lambda cell: (
                -cell.count / cell.area_m2,
                -cell.count,
                cell.option_id,
                cell.quadkey,
            ),
        )
        spots = []
        for cell in ranked[:limit]:
            west, south, east, north = cell.bounds
            spots.append(
                {
                    "option_id": cell.option_id,
                    "west": west,
                    "south": south,
                    "east": east,
                    "north": north,
                    "count": cell.count,
                }
            )
        return spots


def _cell_feature(cell: Cell) -> bytes:
    west, south, east, north = cell.bounds
    # Counter-clockwise exterior ring, as RFC 7946 asks.
    ring = ",".join(
        _position(lon, lat)
        for lon, lat in ((west, south), (east, south), (east, north), (west, north), (west, south))
    )
    properties = {
        "kind": "cell",
        "option_id": cell.option_id,
        "count": cell.count,
        "cell": cell.quadkey,
        "zoom": cell.zoom,
    }
    return (
        f'{{"type":"Feature","id":{_string(f"{cell.option_id}/{cell.quadkey}")},'
        f'"geometry":{{"type":"Polygon","coordinates":[[{ring}]]}},'
        f'"properties":{_JSON(properties)}}}'
    ).encode("utf-8", "replace")
