"""The OpenAPI 3.1 description of the API (public and staff routes), generated from
api/schemas.py."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic.json_schema import models_json_schema

from chalicelib.api import schemas
from chalicelib.api.replay import IDEMPOTENCY_KEY_PATTERN
from chalicelib.domain.ids import ELEMENT_ID_PATTERN, SLUG_PATTERN, ULID_PATTERN
from chalicelib.domain.pagination import PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX, PAGE_LIMIT_MIN

_REF = "#/components/schemas/{model}"

_REQUESTS = (
    schemas.NewSubmission,
    schemas.EditSubmission,
    schemas.NewFlag,
    schemas.NewConsultation,
    schemas.ConsultationChanges,
    schemas.NewOption,
    schemas.OptionReplacement,
    schemas.OutcomeChange,
    schemas.StatusChange,
    schemas.ModerationDecision,
)
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
    schemas.StaffConsultation,
    schemas.AuditPage,
    schemas.Stats,
    schemas.ReportManifest,
    schemas.ReportRuns,
    schemas.ReportStarted,
)


def _ref(model: type) -> dict[str, str]:
    return {"$ref": _REF.format(model=model.__name__)}


def _json(model: type, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(model)}}}


_WORDS = {
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


def _errors(*statuses: int, words: dict[int, str] | None = None) -> dict[str, Any]:
    """Error answers with the public routes' words, or the given ones instead."""
    chosen = {**_WORDS, **(words or {})}
    return {str(s): _json(schemas.Error, chosen[s]) for s in statuses}


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


# ---- staff ----------------------------------------------------------------------------------

BEARER = "bearerAuth"
_STAFF_SECURITY = [{BEARER: []}]
_STAFF_WORDS = {
    401: "The Authorization header is missing, not `Bearer <token>`, or its token is not valid "
    "(signature, issuer, audience, expiry); `error.field` is Authorization.",
    403: "The token is valid but has none of the roles this needs.",
    404: "No such consultation.",
    413: "The body is over 6 MiB.",
}
ADMIN = "admin"
ANY_STAFF = "admin, moderator or analyst"


def _staff_errors(
    *statuses: int,
    not_found: str | None = None,
    conflict: str | None = None,
    invalid: str | None = None,
) -> dict[str, Any]:
    """401 and 403 (every staff route), then these statuses, in staff words; `not_found`,
    `conflict` and `invalid` say what 404, 409 and 422 mean for the route."""
    custom = {404: not_found, 409: conflict, 422: invalid}
    words = {**_STAFF_WORDS, **{status: text for status, text in custom.items() if text}}
    return _errors(401, 403, *statuses, words=words)


def _staff_op(
    operation_id: str,
    summary: str,
    roles: str,
    responses: dict[str, Any],
    parameters: list[dict[str, Any]] | None = None,
    body: type | None = None,
) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": operation_id,
        "summary": summary,
        "description": f"Needs a staff bearer token with the role {roles}; any other role gets "
        "403 (deny by default).",
        "tags": ["staff"],
        "security": _STAFF_SECURITY,
        "parameters": parameters or [],
        "responses": responses,
    }
    if body is not None:
        op["requestBody"] = _body(body)
    return op


_BODY_ERRORS = (400, 413, 415, 422)
_NO_OPTION = "No such consultation or option."


def _limit(default: int) -> dict[str, Any]:
    return _query(
        "limit",
        {
            "type": "integer",
            "minimum": PAGE_LIMIT_MIN,
            "maximum": PAGE_LIMIT_MAX,
            "default": default,
        },
        "Page size.",
    )


def _staff_paths() -> dict[str, Any]:
    consultation = schemas.StaffConsultation
    cursor = _query(
        "cursor", {"type": "string", "maxLength": 200}, "`next_cursor` of the last page."
    )
    return {
        "/staff/consultations": {
            "post": _staff_op(
                "staffCreateConsultation",
                "Create a consultation (as a draft)",
                ADMIN,
                {
                    "201": _json(consultation, "Created, status draft."),
                    **_staff_errors(
                        409, *_BODY_ERRORS, conflict="A consultation with this id exists already."
                    ),
                },
                body=schemas.NewConsultation,
            )
        },
        "/staff/consultations/{cid}": {
            "get": _staff_op(
                "staffGetConsultation",
                "A consultation, drafts included",
                ANY_STAFF,
                {"200": _json(consultation, "The consultation."), **_staff_errors(404)},
                [_CID],
            ),
            "put": _staff_op(
                "staffUpdateConsultation",
                "Change title, summary, moderation or dates (only the fields sent)",
                ADMIN,
                {
                    "200": _json(consultation, "The changed consultation."),
                    **_staff_errors(
                        404,
                        409,
                        *_BODY_ERRORS,
                        conflict="The consultation is closed or has its outcome (it can no longer "
                        "change), or it changed meanwhile.",
                    ),
                },
                [_CID],
                schemas.ConsultationChanges,
            ),
        },
        "/staff/consultations/{cid}/options": {
            "post": _staff_op(
                "staffAddOption",
                "Add an option with its plan (consultation draft or open)",
                ADMIN,
                {
                    "201": _json(schemas.Option, "The option, with its plan as stored."),
                    **_staff_errors(
                        404,
                        409,
                        *_BODY_ERRORS,
                        not_found="No such consultation, or no option `supersedes` names.",
                        conflict="The consultation is not draft or open, the option id is taken, "
                        "or the option `supersedes` names was already replaced.",
                    ),
                },
                [_CID],
                schemas.NewOption,
            )
        },
        "/staff/consultations/{cid}/options/{oid}": {
            "get": _staff_op(
                "staffGetOption",
                "One option with its plan and outcome",
                ANY_STAFF,
                {
                    "200": _json(schemas.Option, "The option."),
                    **_staff_errors(404, not_found=_NO_OPTION),
                },
                [_CID, _OID],
            ),
            "put": _staff_op(
                "staffReplaceOption",
                "Replace an option's texts and plan (only while it has no submissions)",
                ADMIN,
                {
                    "200": _json(schemas.Option, "The changed option."),
                    **_staff_errors(
                        404,
                        409,
                        *_BODY_ERRORS,
                        not_found=_NO_OPTION,
                        conflict="The consultation is not draft or open, or the option has "
                        "submissions or was replaced (add one with `supersedes` instead).",
                        invalid="A field breaks a rule (`id` must be the option in the path); "
                        "`error.field` names it.",
                    ),
                },
                [_CID, _OID],
                schemas.OptionReplacement,
            ),
        },
        "/staff/consultations/{cid}/options/{oid}/outcome": {
            "put": _staff_op(
                "staffSetOutcome",
                "Record or correct the agency's decision on an option (once closed)",
                ADMIN,
                {
                    "200": _json(schemas.Option, "The option with its outcome."),
                    **_staff_errors(
                        404,
                        409,
                        *_BODY_ERRORS,
                        not_found=_NO_OPTION,
                        conflict="The consultation has not closed yet, or the option was replaced.",
                    ),
                },
                [_CID, _OID],
                schemas.OutcomeChange,
            )
        },
        "/staff/consultations/{cid}/status": {
            "post": _staff_op(
                "staffChangeStatus",
                "Open, close, or publish the outcome",
                ADMIN,
                {
                    "200": _json(consultation, "The consultation in its new status."),
                    **_staff_errors(
                        404,
                        409,
                        *_BODY_ERRORS,
                        conflict="Not allowed now: draft → open needs an option and a future "
                        "closes_at, open → closed, closed → outcome needs every option's outcome.",
                    ),
                },
                [_CID],
                schemas.StatusChange,
            )
        },
        "/staff/consultations/{cid}/reports": {
            "post": _staff_op(
                "staffRunReport",
                "Build the report bundle now",
                "admin or analyst",
                {
                    "201": _json(schemas.ReportManifest, "Built and published here."),
                    "202": _json(
                        schemas.ReportStarted, "Started in the report Lambda (in AWS); list later."
                    ),
                    **_staff_errors(
                        404, 409, conflict="The consultation is a draft: nothing to report."
                    ),
                },
                [_CID],
            ),
            "get": _staff_op(
                "staffListReports",
                "Published report runs, newest first, with download links",
                "admin or analyst",
                {
                    "200": _json(schemas.ReportRuns, "The runs (only those with a manifest)."),
                    **_staff_errors(404, 422, invalid="`limit` is not between 1 and 50."),
                },
                [
                    _CID,
                    _query(
                        "limit",
                        {"type": "integer", "minimum": 1, "maximum": 50, "default": 10},
                        "How many runs.",
                    ),
                ],
            ),
        },
        "/staff/consultations/{cid}/stats": {
            "get": _staff_op(
                "staffStats",
                "Submission counts per option, kind, stance and moderation state",
                "admin or analyst",
                {"200": _json(schemas.Stats, "The counts."), **_staff_errors(404)},
                [_CID],
            )
        },
        "/staff/audit": {
            "get": _staff_op(
                "staffAudit",
                "The audit log of one consultation, newest first",
                ADMIN,
                {
                    "200": _json(schemas.AuditPage, "One page."),
                    **_staff_errors(
                        404, 422, invalid="`cid` is missing, or `limit` or `cursor` is not valid."
                    ),
                },
                [
                    {
                        **_query(
                            "cid",
                            {"type": "string", "pattern": SLUG_PATTERN},
                            "Consultation id, e.g. `demo`.",
                        ),
                        "required": True,
                    },
                    _limit(50),
                    cursor,
                ],
            )
        },
        "/staff/consultations/{cid}/moderation": {
            "get": _staff_op(
                "staffModerationQueue",
                "A moderation queue, newest first",
                "moderator",
                {
                    "200": _json(schemas.SubmissionPage, "One page."),
                    **_staff_errors(404, 422, invalid="`queue`, `limit` or `cursor` is not valid."),
                },
                [
                    _CID,
                    _query(
                        "queue",
                        {
                            "type": "string",
                            "enum": ["pending", "flagged", "hidden"],
                            "default": "pending",
                        },
                        "pending (waiting for approval), flagged (held after flags) or hidden.",
                    ),
                    _limit(PAGE_LIMIT_DEFAULT),
                    cursor,
                ],
            )
        },
        "/staff/consultations/{cid}/submissions/{sid}/moderation": {
            "post": _staff_op(
                "staffModerate",
                "Approve, hide or restore a submission (audited with the reason)",
                "moderator",
                {
                    "200": _json(schemas.Submission, "The submission in its new status."),
                    **_staff_errors(
                        404,
                        409,
                        *_BODY_ERRORS,
                        not_found="No such consultation or submission.",
                        conflict="The action does not apply to the submission's status now, or it "
                        "changed meanwhile.",
                    ),
                },
                [_CID, _SID],
                schemas.ModerationDecision,
            )
        },
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
            "title": "sayso API",
            "version": "0.1.0",
            "description": "Read a consultation's options and comment on them; agency staff "
            "set consultations up and moderate them under `/staff/...`, which needs "
            "`Authorization: Bearer <token>` (a staff JWT whose roles admin, moderator or "
            'analyst allow the operation). Errors are `{"error": {"code", "message", "field"}}`.',
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
            **_staff_paths(),
        },
        "components": {
            "schemas": defs["$defs"],
            "securitySchemes": {
                BEARER: {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "A staff ID token (in AWS, the stack's Cognito; roles from "
                    "its groups). Locally: `make staff-token ROLE=admin`.",
                }
            },
        },
    }
