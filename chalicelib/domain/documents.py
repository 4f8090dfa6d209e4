"""The one reader: a plan document as a person has it (a file's bytes or text, or JSON already
read) to a plan, the same way at every door (the API's `document` field, the CLI's add-option,
the staff page, which sends the file's text to the API's dry run).

It strips a byte-order mark, reports JSON errors with their line and column (NaN and Infinity
too, which JSON does not have), and tells the format by content: a GeoJSON FeatureCollection,
Feature or geometry (whatever the case of its type), a Streetmix street (as saved or as its API
answers; read by the Streetmix importer, `section.parse_section`), or sayso's own section
format. Overpass API's raw JSON is refused with how to export GeoJSON instead.
"""

from __future__ import annotations

import json
from typing import Literal

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.geo import GEOMETRY_TYPES, read_map
from chalicelib.domain.plans import Plan, PlanKind
from chalicelib.domain.section import parse_section
from chalicelib.domain.validation import describe

Source = Literal["streetmix", "plan", "geojson"]
SOURCE_KINDS: dict[Source, PlanKind] = {"streetmix": "section", "plan": "section", "geojson": "map"}
SOURCE_WORDS: dict[Source, str] = {
    "streetmix": "a Streetmix street",
    "plan": "a sayso street section",
    "geojson": "a GeoJSON map",
}
_GEOJSON_TYPES = {name.lower() for name in (*GEOMETRY_TYPES, "Feature", "FeatureCollection")}
_BOM = "\ufeff"

OVERPASS_HINT = (
    "this is Overpass API's raw JSON (OpenStreetMap elements), not GeoJSON: in overpass-turbo, "
    "run the query, then Export → GeoJSON (download), and send that file."
)


class _Constant(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _refuse_constant(name: str) -> float:
    raise _Constant(name)


def load_json(data: bytes | str, *, field: str = "document") -> object:
    """JSON from a file's bytes or text; InvalidInput says what is wrong and where."""
    text = _as_text(data, field)
    if text.startswith(_BOM):
        text = text[1:]
    if not text.strip():
        raise InvalidInput.one(field, "the document is empty; send the file's JSON.")
    if text.lstrip().startswith("<"):
        raise InvalidInput.one(
            field,
            "the document is XML (KML, GPX or GML?), not JSON: export it as GeoJSON, e.g. in "
            "QGIS (Export → Save Features As… → GeoJSON, CRS EPSG:4326) or with "
            "`ogr2ogr -f GeoJSON -t_srs EPSG:4326 out.geojson in.kml`.",
        )
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except _Constant as constant:
        line, column = locate(text, constant.name)
        raise InvalidInput.one(
            field,
            f"the document has {constant.name} at line {line}, column {column}: JSON has no "
            f"{constant.name}; give a number there (a missing coordinate cannot be mapped: "
            "remove that position or feature).",
        ) from None
    except json.JSONDecodeError as error:
        raise InvalidInput.one(
            field,
            f"the document is not valid JSON: {error.msg} at line {error.lineno}, column "
            f"{error.colno}.",
        ) from None
    except RecursionError:
        raise InvalidInput.one(
            field, "the document is not valid JSON: nested too deeply."
        ) from None


def _as_text(data: bytes | str, field: str) -> str:
    if isinstance(data, str):
        return data
    if data.startswith(b"PK\x03\x04"):
        raise InvalidInput.one(
            field,
            "the document is a ZIP archive (a zipped Shapefile or GTFS feed?), not JSON: export "
            "the layer as GeoJSON, e.g. `ogr2ogr -f GeoJSON -t_srs EPSG:4326 out.geojson "
            "in.shp`, or convert a GTFS feed's shapes and stops to GeoJSON first.",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput.one(
            field, "the document is UTF-16 text; save it as UTF-8 (JSON files are UTF-8)."
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidInput.one(
            field,
            f"the document is not UTF-8 text (a byte at line {line} is not); save it as UTF-8.",
        ) from None


def locate(text: str, token: str) -> tuple[int, int]:
    """Line and column (from 1) of the first `token` outside a JSON string."""
    in_string = escaped = False
    line, line_start = 1, 0
    index = 0
    while index < len(text):
        char = text[index]
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif text.startswith(token, index):
            start = index - 1 if token != "-Infinity" and text[index - 1 : index] == "-" else index
            return line, start - line_start + 1
        if char == "\n":
            line, line_start = line + 1, index + 1
        index += 1
    return line, 1


def detect(value: object, *, field: str = "document") -> Source:
    """Which format a JSON document is, by its content; InvalidInput when it is none of them."""
    if not isinstance(value, dict):
        raise InvalidInput.one(
            field,
            "a plan document must be a JSON object (a GeoJSON map, a Streetmix street or a "
            f"sayso section), not {describe(value)}.",
        )
    kind = value.get("type")
    if isinstance(kind, str) and kind.lower() in _GEOJSON_TYPES:
        return "geojson"
    if isinstance(value.get("elements"), list) and ("osm3s" in value or "version" in value):
        raise InvalidInput.one(field, OVERPASS_HINT)
    if "schemaVersion" in value or isinstance(value.get("data"), dict):
        return "streetmix"
    if "segments" in value:
        return "plan"
    if isinstance(value.get("elements"), list):
        raise InvalidInput.one(field, OVERPASS_HINT)
    if value.get("type") == "Topology":
        raise InvalidInput.one(
            field,
            "this is TopoJSON, not GeoJSON: convert it first, e.g. `mapshaper in.topojson "
            "-o format=geojson out.geojson` or topojson-client's `topo2geo`.",
        )
    raise InvalidInput.one(
        field,
        "cannot tell what this document is: expected a GeoJSON FeatureCollection, Feature or "
        "geometry (a `type` such as FeatureCollection), a Streetmix street (with "
        "`schemaVersion`, or `data.street` as its API answers) or a sayso section (`width` "
        f"and `segments`); its keys are {', '.join(sorted(value)[:8]) or 'none'}.",
    )


def read_plan(source: Source, raw: object, *, path: str) -> Plan:
    """A plan from JSON of a known source: GeoJSON through `geo.read_map`, a Streetmix street or
    a sayso section through the Streetmix importer (`section.parse_section`)."""
    if source == "geojson":
        return read_map(raw, path=path)
    return parse_section(raw, path=path)


def read_document(data: bytes | str | object, *, path: str = "document") -> tuple[Source, Plan]:
    """Bytes or text (a file as it is) or JSON already read: its source and its plan."""
    value = load_json(data, field=path) if isinstance(data, bytes | str) else data
    source = detect(value, field=path)
    return source, read_plan(source, value, path=path)
