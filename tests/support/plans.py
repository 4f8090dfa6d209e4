"""Builders for plans in tests: segments and streets, GeoJSON features and maps."""

from __future__ import annotations

from chalicelib.domain.geo import MapPlan, parse_map
from chalicelib.domain.section import Section, parse_section


def segment(
    segment_id: str, kind: str, width: float, elevation: float = 0.0, variant: str = ""
) -> dict:
    return {
        "id": segment_id,
        "type": kind,
        "variantString": variant,
        "width": width,
        "elevation": elevation,
    }


def street(*segments: dict, width: float = 20.0, **fields: object) -> Section:
    return parse_section({"width": width, "segments": list(segments), **fields})


def feature(feature_id: str, geometry_type: str, coordinates: object, **properties: object) -> dict:
    return {
        "type": "Feature",
        "id": feature_id,
        "geometry": {"type": geometry_type, "coordinates": coordinates},
        "properties": properties,
    }


def collection(*features: dict) -> MapPlan:
    return parse_map({"type": "FeatureCollection", "features": list(features)})
