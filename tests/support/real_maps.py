"""The real GeoJSON corpus (tests/fixtures/real/geojson, sources in tests/fixtures/real/SOURCES.md)
and what each file must give: how many features, where their ids come from, or why it is
refused."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REAL_MAPS = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "geojson"


@dataclass(frozen=True)
class Expected:
    features: int = 0
    first_id: str = ""
    ids_from: str = ""  # words the report's ids_from contains
    geometry: str = ""  # the first feature's geometry type
    warning: str = ""  # words one warning contains
    refused: str = ""  # words the refusal contains (then the file is not accepted)


CORPUS: dict[str, Expected] = {
    "utsunomiya-lrt-stops.geojson": Expected(34, "1_01", "'stop_id'", "Point"),
    "utsunomiya-lrt-shapes.geojson": Expected(2, "1", "property", "MultiLineString"),
    "santa-monica-routes.geojson": Expected(6, "1904", "'route_id'", "MultiLineString"),
    "santa-monica-stops.geojson": Expected(120, "1", "'stop_id'", "Point"),
    "abidjan-stops.geojson": Expected(120, "StopPoint:node:768587345", "'stop_point_id'", "Point"),
    "abidjan-lines.geojson": Expected(1, "Line:relation:5985016", "'line_id'", "MultiLineString"),
    "overpass-landuse.geojson": Expected(12, "relation/6491540", "own ids", "Polygon"),
    "overpass-streets.geojson": Expected(80, "way/13812757", "own ids", "LineString"),
    "geojsonhint-good-feature.geojson": Expected(1, "value0", "'prop0'", "Point"),
    "geojsonhint-good-multilinestring.geojson": Expected(
        1, "feature-1", "numbered", "MultiLineString"
    ),
    "geojsonhint-good-multipoint.geojson": Expected(1, "feature-1", "numbered", "MultiPoint"),
    "geojsonhint-good-point-3d.geojson": Expected(
        1, "feature-1", "numbered", "Point", warning="altitude"
    ),
    "geojsonhint-good-geometrycollection.geojson": Expected(
        1, "feature-1", "numbered", "GeometryCollection"
    ),
    "geojsonhint-multipolygon.geojson": Expected(1, "feature-1", "numbered", "MultiPolygon"),
    "geojsonhint-good-featurecollection-bbox3d.geojson": Expected(
        2, "feature-1", "numbered", "Point", warning="altitude"
    ),
    "gdal-point-with-utf8bom.json": Expected(1, "feature-1", "numbered", "Point"),
    "gdal-multilinestring.geojson": Expected(1, "feature-1", "numbered", "MultiLineString"),
    "gdal-featurecollection-pointz.json": Expected(
        1, "feature-1", "numbered", "Point", warning="altitude"
    ),
    "geojsonhint-nullgeometry.geojson": Expected(refused="none of the map's 1 features"),
    "overpass-raw-osm.json": Expected(refused="Export → GeoJSON"),
}
ACCEPTED = sorted(name for name, expected in CORPUS.items() if not expected.refused)
REFUSED = sorted(name for name, expected in CORPUS.items() if expected.refused)


def read(name: str) -> bytes:
    return (REAL_MAPS / name).read_bytes()
