"""Coordinate reference systems a GeoJSON file may name (the 2008 `crs` member, as QGIS, ogr2ogr
and ArcGIS still write it): longitude/latitude is read as it is, Web Mercator is converted, any
other system is refused with how to reproject the file."""

from __future__ import annotations

import math
import re
from typing import Literal

CrsKind = Literal["lonlat", "web-mercator", "other"]

EARTH_RADIUS_WEB_MERCATOR = 6_378_137.0
DECIMALS = 8  # about a millimetre of longitude or latitude

REPROJECT_HOW = (
    "reproject it to longitude and latitude (WGS 84, EPSG:4326): in QGIS, Export → Save "
    "Features As… with CRS EPSG:4326, or `ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`"
)

# Geographic systems whose longitude and latitude are within a metre or so of WGS 84's.
_LONLAT_CODES = {"4326", "4269", "4258", "4283", "7844", "4167", "4148", "4617", "6318"}
_WEB_MERCATOR_CODES = {"3857", "900913", "3785", "102100", "102113"}


def crs_name(document: object) -> str | None:
    """The name of the CRS a GeoJSON object declares, or None when it declares none."""
    if not isinstance(document, dict):
        return None
    crs = document.get("crs")
    if not isinstance(crs, dict):
        return None
    properties = crs.get("properties")
    if not isinstance(properties, dict):
        return None
    if isinstance(properties.get("name"), str):
        return properties["name"]
    code = properties.get("code")
    if isinstance(code, int | str) and not isinstance(code, bool):
        return f"EPSG:{code}"
    return None


def classify(name: str) -> CrsKind:
    upper = name.strip().upper()
    if re.search(r"CRS:?8[34]$|OGC:?1\.3:CRS8[34]|/CRS8[34]$", upper):
        return "lonlat"
    code = _epsg_code(upper)
    if code in _LONLAT_CODES:
        return "lonlat"
    if code in _WEB_MERCATOR_CODES:
        return "web-mercator"
    return "other"


def _epsg_code(upper: str) -> str | None:
    match = re.search(r"(?:EPSG|ESRI)[^0-9]*?(\d{4,6})$", upper)
    return match.group(1) if match else None


def from_web_mercator(x: float, y: float) -> tuple[float, float]:
    """Spherical Web Mercator metres to WGS 84 longitude and latitude (degrees)."""
    lon = math.degrees(x / EARTH_RADIUS_WEB_MERCATOR)
    lat = math.degrees(2 * math.atan(math.exp(y / EARTH_RADIUS_WEB_MERCATOR)) - math.pi / 2)
    return round(lon, DECIMALS), round(lat, DECIMALS)
