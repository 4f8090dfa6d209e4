"""The OpenAPI 3.1 description of the public API, generated from api/schemas.py."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic.json_schema import models_json_schema

from chalicelib.api import schemas
from chalicelib.domain.ids import SLUG_PATTERN, ULID_PATTERN
from chalicelib.domain.pagination import PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX, PAGE_LIMIT_MIN

_REF = "#/components/schemas/{model}"

_MODELS = (
    schemas.NewComment,
    schemas.Error,
    schemas.Health,
    schemas.Consultation,
    schemas.Option,
    schemas.SubmissionCreated,
    schemas.Submission,
    schemas.SubmissionPage,
)


def _ref(model: type) -> dict[str, str]:
    return {"$ref": _REF.format(model=model.__name__)}


def _json(model: type, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(model)}}}


def _errors(*statuses: int) -> dict[str, Any]:
    words = {
        400: "The body is not JSON, or is empty.",
        404: "No such consultation, option, element or submission.",
        409: "The consultation does not take submissions now.",
        413: "The body is over the size limit.",
        415: "The body is not sent as application/json.",
        422: "A field breaks a rule; `error.field` names it.",
    }
    return {str(s): _json(schemas.Error, words[s]) for s in statuses}


def _path_param(name: str, pattern: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "string", "pattern": pattern},
    }


_CID = _path_param("cid", SLUG_PATTERN, "Consultation id, e.g. `demo`.")
_OID = _path_param("oid", SLUG_PATTERN, "Option id, e.g. `a`.")
_SID = _path_param("sid", ULID_PATTERN, "Submission id (a ULID).")


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


@lru_cache(maxsize=1)
def document() -> dict[str, Any]:
    _, defs = models_json_schema(
        [(m, "validation" if m is schemas.NewComment else "serialization") for m in _MODELS],
        ref_template=_REF,
    )
    list_params = [
        _CID,
        _query("option", {"type": "string", "pattern": SLUG_PATTERN}, "Only this option."),
        _query("element", {"type": "string"}, "Only this segment/feature (needs `option`)."),
        _query(
            "limit",
            {
                "type": "integer",
                "minimum": PAGE_LIMIT_MIN,
                "maximum": PAGE_LIMIT_MAX,
                "default": PAGE_LIMIT_DEFAULT,
            },
            "Page size.",
        ),
        _query("cursor", {"type": "string", "maxLength": 200}, "`next_cursor` of the last page."),
    ]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "sayso public API",
            "version": "0.1.0",
            "description": "Read a consultation's options and comment on them. Errors are "
            '`{"error": {"code", "message", "field"}}`.',
        },
        "paths": {
            "/health": {
                "get": {
                    "operationId": "health",
                    "summary": "Liveness check",
                    "responses": {"200": _json(schemas.Health, "The API is up.")},
                }
            },
            "/consultations/{cid}": {
                "get": {
                    "operationId": "getConsultation",
                    "summary": "A consultation with its options (without plans)",
                    "parameters": [_CID],
                    "responses": {
                        "200": _json(schemas.Consultation, "The consultation."),
                        **_errors(404),
                    },
                }
            },
            "/consultations/{cid}/options/{oid}": {
                "get": {
                    "operationId": "getOption",
                    "summary": "One option with its plan",
                    "parameters": [_CID, _OID],
                    "responses": {"200": _json(schemas.Option, "The option."), **_errors(404)},
                }
            },
            "/consultations/{cid}/submissions": {
                "post": {
                    "operationId": "createSubmission",
                    "summary": "Comment on an option",
                    "parameters": [_CID],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref(schemas.NewComment)}},
                    },
                    "responses": {
                        "201": _json(schemas.SubmissionCreated, "Stored."),
                        **_errors(400, 404, 409, 413, 415, 422),
                    },
                },
                "get": {
                    "operationId": "listSubmissions",
                    "summary": "Public submissions, newest first",
                    "parameters": list_params,
                    "responses": {
                        "200": _json(schemas.SubmissionPage, "One page."),
                        **_errors(404, 422),
                    },
                },
            },
            "/consultations/{cid}/submissions/{sid}": {
                "get": {
                    "operationId": "getSubmission",
                    "summary": "One public submission",
                    "parameters": [_CID, _SID],
                    "responses": {
                        "200": _json(schemas.Submission, "The submission."),
                        **_errors(404),
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "responses": {"200": {"description": "OpenAPI 3.1 document."}},
                }
            },
        },
        "components": {"schemas": defs["$defs"]},
    }
