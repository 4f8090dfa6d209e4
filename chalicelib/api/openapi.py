"""The OpenAPI 3.1 description of the public API, generated from api/schemas.py."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic.json_schema import models_json_schema

from chalicelib.api import schemas
from chalicelib.api.replay import IDEMPOTENCY_KEY_PATTERN
from chalicelib.domain.ids import ELEMENT_ID_PATTERN, SLUG_PATTERN, ULID_PATTERN
from chalicelib.domain.pagination import PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX, PAGE_LIMIT_MIN

_REF = "#/components/schemas/{model}"

_REQUESTS = (schemas.NewSubmission, schemas.EditSubmission, schemas.NewFlag)
_MODELS = (
    *_REQUESTS,
    schemas.ResidentToken,
    schemas.EndorsementState,
    schemas.FlagState,
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
        401: "The X-Resident-Token header is missing or not valid.",
        403: "The X-Edit-Token header is missing or wrong.",
        429: "Over this connection's hourly limit; see Retry-After.",
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


def _header(
    name: str, description: str, required: bool = False, pattern: str | None = None
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "maxLength": 256}
    if pattern:
        schema["pattern"] = pattern
    return {
        "name": name,
        "in": "header",
        "required": required,
        "description": description,
        "schema": schema,
    }


_IDEMPOTENCY = _header(
    "Idempotency-Key",
    "Optional, 8–128 characters (a random UUID): a retry with the same key and body gets the "
    "first answer and stores nothing more; with another body, a 422.",
    pattern=IDEMPOTENCY_KEY_PATTERN,
)
_RESIDENT = _header("X-Resident-Token", "From POST /residents.", required=True)
_EDIT = _header("X-Edit-Token", "The edit_token returned when the submission was sent.", True)


def _body(model: type) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": _ref(model)}}}


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
        [(m, "validation" if m in _REQUESTS else "serialization") for m in _MODELS],
        ref_template=_REF,
    )
    list_params = [
        _CID,
        _query(
            "sort",
            {"type": "string", "enum": ["newest", "top"], "default": "newest"},
            "newest first, or most endorsed first.",
        ),
        _query("option", {"type": "string", "pattern": SLUG_PATTERN}, "Only this option."),
        _query(
            "element",
            {"type": "string", "pattern": ELEMENT_ID_PATTERN},
            "Only this segment/feature (needs `option`).",
        ),
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
            "/residents": {
                "post": {
                    "operationId": "createResident",
                    "summary": "An anonymous resident token (no account, no personal data)",
                    "parameters": [_IDEMPOTENCY],
                    "responses": {
                        "201": _json(
                            schemas.ResidentToken, "Keep it; send it as X-Resident-Token."
                        ),
                        **_errors(422),
                    },
                }
            },
            "/consultations/{cid}/submissions": {
                "post": {
                    "operationId": "createSubmission",
                    "summary": "Comment on an option, or propose an alternative plan",
                    "parameters": [_CID, _IDEMPOTENCY],
                    "requestBody": _body(schemas.NewSubmission),
                    "responses": {
                        "201": _json(schemas.SubmissionCreated, "Stored."),
                        **_errors(400, 404, 409, 413, 415, 422, 429),
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
                    "summary": "One public submission (alternatives with plan and diff)",
                    "parameters": [_CID, _SID],
                    "responses": {
                        "200": _json(schemas.Submission, "The submission."),
                        **_errors(404),
                    },
                },
                "patch": {
                    "operationId": "editSubmission",
                    "summary": "The author edits text, stance or plan (consultation open)",
                    "parameters": [_CID, _SID, _EDIT],
                    "requestBody": _body(schemas.EditSubmission),
                    "responses": {
                        "200": _json(schemas.Submission, "The edited submission."),
                        **_errors(400, 403, 404, 409, 413, 415, 422),
                    },
                },
                "delete": {
                    "operationId": "withdrawSubmission",
                    "summary": "The author withdraws it: it leaves listings; words and email go",
                    "parameters": [_CID, _SID, _EDIT],
                    "responses": {"204": {"description": "Withdrawn."}, **_errors(403, 404, 409)},
                },
            },
            "/consultations/{cid}/submissions/{sid}/endorsements": {
                "post": {
                    "operationId": "endorseSubmission",
                    "summary": "Endorse (once per resident)",
                    "parameters": [_CID, _SID, _RESIDENT, _IDEMPOTENCY],
                    "responses": {
                        "201": _json(schemas.EndorsementState, "Endorsed."),
                        "200": _json(schemas.EndorsementState, "You had already endorsed it."),
                        **_errors(401, 404, 409, 422, 429),
                    },
                },
                "delete": {
                    "operationId": "unendorseSubmission",
                    "summary": "Take your endorsement back",
                    "parameters": [_CID, _SID, _RESIDENT],
                    "responses": {
                        "200": _json(schemas.EndorsementState, "Not endorsed by you (now)."),
                        **_errors(401, 404, 409),
                    },
                },
            },
            "/consultations/{cid}/submissions/{sid}/flags": {
                "post": {
                    "operationId": "flagSubmission",
                    "summary": "Flag for moderators (once per resident)",
                    "parameters": [_CID, _SID, _RESIDENT, _IDEMPOTENCY],
                    "requestBody": _body(schemas.NewFlag),
                    "responses": {
                        "201": _json(schemas.FlagState, "Flagged."),
                        "200": _json(schemas.FlagState, "You had already flagged it."),
                        **_errors(400, 401, 404, 413, 415, 422),
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
