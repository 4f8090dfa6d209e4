"""pins.geojson: pins streamed in order, a density grid with no cell under 3, hot spots."""

from __future__ import annotations

import io
import itertools
import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain.consultation import Option
from chalicelib.domain.plans import parse_plan
from chalicelib.domain.report.pins import (
    COARSEST_ZOOM,
    FINEST_ZOOM,
    MIN_CELL_COUNT,
    Cell,
    PinsReport,
    excerpt,
    finest_tile,
    merged_cells,
)
from chalicelib.domain.submission import Submission

FIXTURES = Path(__file__).parent / "fixtures"
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def option(option_id: str, kind: str, fixture: str, position: int) -> Option:
    plan = parse_plan(kind, json.loads((FIXTURES / fixture).read_text()))
    return Option(option_id, {"en": option_id}, {}, kind, plan, position)  # type: ignore[arg-type]


OPTIONS = {
    "harbour": option("harbour", "map", "map-harbour.json", 0),
    "ferry": option("ferry", "map", "map-harbour.json", 1),
    "street": option("street", "section", "streetmix-schema30-metric.json", 2),
    "quiet": option("quiet", "map", "map-harbour.json", 3),
}

_counter = iter(range(1, 10_000))


def pin(option_id: str, point: object, text: str = "Here", **changes: object) -> Submission:
    number = next(_counter)
    fields: dict = {
        "id": f"01J0000000000000000000{number:04d}",
        "consultation_id": "demo",
        "option_id": option_id,
        "kind": "comment",
        "text": text,
        "element_id": None,
        "point": point,
        "stance": "support",
        "status": "published",
        "created_at": T0 + timedelta(minutes=number),
        "edit_hash": "secret-hash",
        "endorsements": 0,
    }
    fields.update(changes)
    return Submission(**fields)


def tile_centre(zoom: int, x: int, y: int, dx: float = 0.5, dy: float = 0.5) -> tuple[float, float]:
    """A point inside a tile, from the textbook tile formulas (not the module's own)."""
    tiles = 2**zoom
    lon = (x + dx) / tiles * 360 - 180
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * (y + dy) / tiles))))
    return lon, lat


def textbook_tile(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    tiles = 2**zoom
    phi = math.radians(lat)
    return (
        int((lon + 180) / 360 * tiles),
        int((1 - math.asinh(math.tan(phi)) / math.pi) / 2 * tiles),
    )


# Wellington waterfront: the tile T holding this point gets 7 pins.
T = textbook_tile(174.7766, -41.2871, FINEST_ZOOM)
# U and its sibling V (same zoom-17 parent), about 1.5 km east: 2 + 1 pins, merged to a parent.
U = ((T[0] + 40) & ~1, T[1] + 20)
V = (U[0] + 1, U[1])
FAR = (174.0, -41.0)  # about 70 km away: 2 pins, too few anywhere
LONELY = (175.2, -41.6)  # 1 pin


def sample() -> list[Submission]:
    submissions = [
        pin(
            "harbour",
            tile_centre(FINEST_ZOOM, *T, dx=0.1 + 0.1 * n, dy=0.2 + 0.05 * n),
            text=f"Pin {n} by the wharf",
            element_id="trial-route" if n == 0 else None,
            endorsements=n,
        )
        for n in range(7)
    ]
    submissions.insert(3, pin("street", 4.5, text="A section point is no place"))
    submissions.insert(4, pin("harbour", None, text="No point at all"))
    submissions += [pin("harbour", tile_centre(FINEST_ZOOM, *U, dy=0.2 * n)) for n in (1, 2)]
    submissions.append(pin("harbour", tile_centre(FINEST_ZOOM, *V)))
    submissions += [pin("harbour", FAR), pin("harbour", (FAR[0] + 0.0001, FAR[1]))]
    submissions.append(pin("harbour", LONELY, stance=None))
    submissions += [pin("ferry", tile_centre(FINEST_ZOOM, *T, dx=0.3 * n)) for n in (1, 2, 3)]
    return submissions


def run(submissions: list[Submission]) -> tuple[PinsReport, bytes]:
    stream = io.BytesIO()
    report = PinsReport(stream, OPTIONS)
    for submission in submissions:
        report.add(submission)
    report.close()
    assert not stream.closed
    return report, stream.getvalue()


def features_of(data: bytes, kind: str) -> list[dict]:
    collection = json.loads(data)
    return [f for f in collection["features"] if f["properties"]["kind"] == kind]


# --- pins -------------------------------------------------------------------------------------


def test_output_is_one_feature_collection_of_pins_then_cells() -> None:
    _, data = run(sample())
    collection = json.loads(data)
    assert collection["type"] == "FeatureCollection"
    kinds = [feature["properties"]["kind"] for feature in collection["features"]]
    assert kinds == ["pin"] * 16 + ["cell"] * 3
    assert all(feature["type"] == "Feature" for feature in collection["features"])


def test_pins_keep_input_order_and_skip_non_places() -> None:
    submissions = sample()
    _, data = run(submissions)
    pins = features_of(data, "pin")
    places = [s for s in submissions if isinstance(s.point, tuple)]
    assert [feature["id"] for feature in pins] == [s.id for s in places]
    assert "A section point" not in data.decode() and "No point at all" not in data.decode()


def test_a_pin_carries_its_comment_and_no_personal_data() -> None:
    _, data = run(sample())
    first = features_of(data, "pin")[0]
    lon, lat = tile_centre(FINEST_ZOOM, *T, dx=0.1, dy=0.2)
    assert first["geometry"] == {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}
    assert first["properties"] == {
        "kind": "pin",
        "option_id": "harbour",
        "element_id": "trial-route",
        "stance": "support",
        "excerpt": "Pin 0 by the wharf",
        "endorsements": 0,
    }
    assert b"secret-hash" not in data


def test_coordinates_have_at_most_six_decimals_and_no_exponent() -> None:
    submissions = [
        pin("quiet", (174.12345678, -41.0)),
        pin("quiet", (0.0000001, -0.0000004)),
        pin("quiet", (-180.0, 85.5)),
    ]
    _, data = run(submissions)
    text = data.decode()
    assert '"coordinates":[174.123457,-41]' in text
    assert '"coordinates":[0,0]' in text
    assert '"coordinates":[-180,85.5]' in text
    assert "e-" not in text


def test_excerpt_cuts_at_a_word_boundary() -> None:
    assert excerpt("Short  and\nsweet ") == "Short and sweet"
    words = "The crossing by the library is dangerous for children, " * 5
    cut = excerpt(words)
    assert cut == (
        "The crossing by the library is dangerous for children, The crossing by the library "
        "is dangerous for children, The crossing by the library is…"
    )
    assert len(cut) <= 141
    assert excerpt("x" * 300) == "x" * 140 + "…"
    assert excerpt("a" * 140) == "a" * 140
    assert excerpt("a" * 139 + " bc") == "a" * 139 + "…"
    assert excerpt("word " * 40) == "word " * 27 + "word…"  # the cut falls in "word word"


def test_long_text_is_excerpted_in_the_pin() -> None:
    long_text = "word " * 100
    _, data = run([pin("quiet", (174.0, -41.0), text=long_text)])
    assert features_of(data, "pin")[0]["properties"]["excerpt"] == "word " * 27 + "word…"


# --- grid -------------------------------------------------------------------------------------


def cell_summary(data: bytes) -> list[tuple]:
    return [
        (f["properties"]["option_id"], f["properties"]["zoom"], f["properties"]["count"])
        for f in features_of(data, "cell")
    ]


def test_grid_merges_small_cells_and_drops_what_stays_small() -> None:
    report, data = run(sample())
    # Sorted by option id, then quadkey (the zoom-17 cell lies east of T, so after it).
    assert cell_summary(data) == [
        ("ferry", FINEST_ZOOM, 3),
        ("harbour", FINEST_ZOOM, 7),
        ("harbour", FINEST_ZOOM - 1, 3),
    ]
    assert report.counts() == {"ferry": 3, "harbour": 13, "quiet": 0}
    assert report.unplaced() == {"ferry": 0, "harbour": 3, "quiet": 0}
    assert json.loads(data)["grid"] == {
        "tiles": "Web Mercator (EPSG:3857) quadtree; cell ids are Bing quadkeys",
        "zooms": [FINEST_ZOOM, COARSEST_ZOOM],
        "min_count": MIN_CELL_COUNT,
        "options": {
            "ferry": {"pins": 3, "cells": 1, "unplaced": 0},
            "harbour": {"pins": 13, "cells": 2, "unplaced": 3},
            "quiet": {"pins": 0, "cells": 0, "unplaced": 0},
        },
    }


def test_cell_polygons_are_the_tiles_holding_their_pins() -> None:
    _, data = run(sample())
    harbour_cell = next(
        f
        for f in features_of(data, "cell")
        if f["properties"]["option_id"] == "harbour" and f["properties"]["count"] == 7
    )
    ring = harbour_cell["geometry"]["coordinates"][0]
    assert harbour_cell["geometry"]["type"] == "Polygon" and ring[0] == ring[-1] and len(ring) == 5
    west, south, east, north = (ring[0][0], ring[0][1], ring[2][0], ring[2][1])
    assert (west, north) == tuple(round(v, 6) for v in tile_centre(FINEST_ZOOM, *T, 0, 0))
    assert east - west < 0.0014 and north - south < 0.0011  # about 100 m
    signed_area = sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(ring))
    assert signed_area > 0  # counter-clockwise, as RFC 7946 asks
    for feature in features_of(data, "pin")[:7]:
        lon, lat = feature["geometry"]["coordinates"]
        assert west <= lon <= east and south <= lat <= north
    quadkey = harbour_cell["properties"]["cell"]
    assert len(quadkey) == FINEST_ZOOM and harbour_cell["id"] == f"harbour/{quadkey}"


def test_a_coarse_cell_counts_only_the_leftovers_of_its_finer_cells() -> None:
    # Seven pins in T, two in T's sibling: the sibling's two go up, with no one to join.
    sibling = (T[0] ^ 1, T[1])
    cells, unplaced = merged_cells("o", {T: 7, sibling: 2})
    assert [(cell.zoom, cell.count) for cell in cells] == [(FINEST_ZOOM, 7)] and unplaced == 2
    # With a third pin nearby (same zoom-16 tile), the three make a zoom-16 cell.
    cousin = (T[0] ^ 2, T[1] ^ 2)
    cells, unplaced = merged_cells("o", {T: 7, sibling: 2, cousin: 1})
    assert [(cell.zoom, cell.count) for cell in cells] == [(16, 3), (FINEST_ZOOM, 7)]
    assert unplaced == 0


def test_finest_tile_matches_the_textbook_formula() -> None:
    for lon, lat in [(174.7766, -41.2871), (-0.1276, 51.5072), (0.0, 0.0), (-122.4194, 37.7749)]:
        assert finest_tile(lon, lat) == textbook_tile(lon, lat, FINEST_ZOOM)
    assert finest_tile(180.0, 90.0) == (2**FINEST_ZOOM - 1, 0)
    assert finest_tile(-180.0, -90.0) == (0, 2**FINEST_ZOOM - 1)


def test_quadkey_known_answer() -> None:
    # Bing Maps' documented example: tile (3, 5) at level 3 is quadkey "213".
    assert Cell("o", 3, 3, 5, 3).quadkey == "213"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(174.70, 174.85, allow_nan=False), st.floats(-41.35, -41.20, allow_nan=False)
        ),
        max_size=120,
    )
)
def test_no_cell_ever_counts_fewer_than_three(points: list[tuple[float, float]]) -> None:
    report, data = run([pin("harbour", point) for point in points])
    cells = features_of(data, "cell")
    assert all(cell["properties"]["count"] >= MIN_CELL_COUNT for cell in cells)
    placed = sum(cell["properties"]["count"] for cell in cells)
    assert placed + report.unplaced()["harbour"] == len(points)
    ids = [cell["id"] for cell in cells]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


# --- hot spots and determinism ----------------------------------------------------------------


def test_hot_spots_are_densest_first() -> None:
    report, _ = run(sample())
    spots = report.hot_spots()
    assert [(spot["option_id"], spot["count"]) for spot in spots] == [
        ("harbour", 7),
        ("ferry", 3),
        ("harbour", 3),  # as many pins as the ferry cell, but on four times the area
    ]
    west, south, east, north = (spots[0][key] for key in ("west", "south", "east", "north"))
    assert (west, north) == tuple(round(v, 6) for v in tile_centre(FINEST_ZOOM, *T, 0, 0))
    assert west < east and south < north
    assert report.hot_spots(limit=1) == spots[:1]


def test_hot_spots_need_close() -> None:
    report = PinsReport(io.BytesIO(), OPTIONS)
    try:
        report.hot_spots()
    except RuntimeError as error:
        assert "close()" in str(error)
    else:
        raise AssertionError("hot_spots() before close() must fail")


def test_empty_report_is_a_valid_collection() -> None:
    report, data = run([])
    assert json.loads(data)["features"] == []
    assert report.hot_spots() == []
    assert report.counts() == {"ferry": 0, "harbour": 0, "quiet": 0}


def test_two_runs_give_identical_bytes() -> None:
    submissions = sample()
    assert run(submissions)[1] == run(submissions)[1]


def test_text_is_escaped_and_survives_a_lone_surrogate() -> None:
    _, data = run([pin("quiet", (174.0, -41.0), text='Say "hi" \\ <b>Māori</b> \ud800')])
    assert json.loads(data)["features"][0]["properties"]["excerpt"] == (
        'Say "hi" \\ <b>Māori</b> ?'
    )
