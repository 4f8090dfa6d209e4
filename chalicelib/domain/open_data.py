"""The open-data bundle of a consultation: its published submissions (never an email, an IP or
a resident id: those are not even read), its options' plans and the agency's responses, as CSV,
JSON and GeoJSON, described by a Frictionless Data Package (datapackage.json)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from chalicelib.domain.consultation import Consultation, Option
from chalicelib.domain.licences import DEFAULT_LICENCE as DEFAULT_LICENCE_ID
from chalicelib.domain.licences import LICENCES
from chalicelib.domain.response import Response
from chalicelib.domain.submission import Submission

DEFAULT_LICENCE = LICENCES[DEFAULT_LICENCE_ID]
# Every file of a bundle, datapackage.json last (what bundle() returns, in writing order).
FILE_NAMES = (
    "submissions.csv",
    "submissions.json",
    "submissions.geojson",
    "responses.csv",
    "options.json",
    "datapackage.json",
)
SUBMISSION_FIELDS = (
    ("id", "string"),
    ("option_id", "string"),
    ("kind", "string"),
    ("stance", "string"),
    ("element_id", "string"),
    ("offset_m", "number"),
    ("longitude", "number"),
    ("latitude", "number"),
    ("text", "string"),
    ("endorsements", "integer"),
    ("created_at", "datetime"),
)
RESPONSE_FIELDS = (
    ("id", "string"),
    ("status", "string"),
    ("text", "string"),
    ("language", "string"),
    ("answered", "integer"),
    ("submissions", "string"),
    ("elements", "string"),
    ("campaigns", "string"),
    ("options", "string"),
    ("updated_at", "datetime"),
)


def _iso(moment: Any) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def submission_row(s: Submission) -> dict[str, Any]:
    point = s.point
    lonlat = point if isinstance(point, tuple) else None
    return {
        "id": s.id,
        "option_id": s.option_id,
        "kind": s.kind,
        "stance": s.stance or "",
        "element_id": s.element_id or "",
        "offset_m": point if isinstance(point, (int, float)) else "",
        "longitude": lonlat[0] if lonlat else "",
        "latitude": lonlat[1] if lonlat else "",
        "text": s.text,
        "endorsements": s.endorsements,
        "created_at": _iso(s.created_at),
    }


def response_rows(responses: Iterable[Response], published: set[str]) -> list[dict[str, Any]]:
    """One row per response and language; links to submissions no longer public are left out."""
    rows = []
    for r in responses:
        links = r.links
        for lang, text in sorted(r.text.items()):
            rows.append(
                {
                    "id": r.id,
                    "status": r.status,
                    "text": text,
                    "language": lang,
                    "answered": r.answered,
                    "submissions": " ".join(s for s in links.submissions if s in published),
                    "elements": " ".join(f"{e.option_id}/{e.element_id}" for e in links.elements),
                    "campaigns": " ".join(links.campaigns),
                    "options": " ".join(links.options),
                    "updated_at": _iso(r.updated_at),
                }
            )
    return rows


def _csv(fields: tuple[tuple[str, str], ...], rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=[name for name, _ in fields], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8")


def _schema(fields: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    return {"fields": [{"name": n, "type": t} for n, t in fields], "primaryKey": []}


def bundle(
    consultation: Consultation,
    options: list[Option],
    submissions: list[Submission],
    responses: list[Response],
    *,
    licence: dict[str, str] = DEFAULT_LICENCE,
) -> dict[str, tuple[bytes, str]]:
    """file name -> (content, content type)."""
    rows = [submission_row(s) for s in submissions]
    published = {s.id for s in submissions}
    answers = response_rows(responses, published)
    points = [
        {
            "type": "Feature",
            "id": row["id"],
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": {k: v for k, v in row.items() if k not in ("longitude", "latitude")},
        }
        for row in rows
        if row["longitude"] != ""
    ]
    files = {
        "submissions.csv": (_csv(SUBMISSION_FIELDS, rows), "text/csv; charset=utf-8"),
        "submissions.json": (_json(rows), "application/json"),
        "submissions.geojson": (
            _json({"type": "FeatureCollection", "features": points}),
            "application/geo+json",
        ),
        "responses.csv": (_csv(RESPONSE_FIELDS, answers), "text/csv; charset=utf-8"),
        "options.json": (
            _json(
                [
                    {
                        "id": o.id,
                        "title": o.title,
                        "kind": o.kind,
                        "superseded_by": o.superseded_by,
                        "outcome": None
                        if o.outcome is None
                        else {"decision": o.outcome.decision, "text": o.outcome.text},
                        "plan": o.plan.to_dict(),
                    }
                    for o in options
                ]
            ),
            "application/json",
        ),
    }
    package = {
        "name": f"sayso-{consultation.id}",
        "title": consultation.title.get("en") or next(iter(consultation.title.values()), ""),
        "licenses": [licence],
        "resources": [
            {
                "name": "submissions",
                "path": "submissions.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _schema(SUBMISSION_FIELDS),
            },
            {"name": "submissions-json", "path": "submissions.json", "format": "json"},
            {"name": "submission-points", "path": "submissions.geojson", "format": "geojson"},
            {
                "name": "responses",
                "path": "responses.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _schema(RESPONSE_FIELDS),
            },
            {"name": "options", "path": "options.json", "format": "json"},
        ],
    }
    files["datapackage.json"] = (_json(package), "application/json")
    return files
