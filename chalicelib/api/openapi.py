"""The OpenAPI 3.1 document, assembled from the route table's operations (api/routes.py passes
them in; `routes.document()` is the cached result) and the pydantic models they name
(api/schemas.py): nothing here describes an operation by hand."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from chalicelib.api import schemas
from chalicelib.api.operation import Header, Operation

_REF = "#/components/schemas/{model}"
BEARER = "bearerAuth"
# The resident's secrets are API keys in a header: declared once as security schemes, and on
# each operation that takes one as its security requirement (never as a plain parameter).
TOKEN_SCHEMES = {
    "X-Resident-Token": (
        "residentToken",
        "The anonymous resident token from POST /residents (signed; names no one).",
    ),
    "X-Edit-Token": (
        "editToken",
        "The `edit_token` a new submission's answer gave its author (only its hash is stored).",
    ),
}
# What every operation may answer besides its own: API Gateway's stage throttle (or the
# per-IP WAF rule) before the function, and the dispatcher's answer to a bug.
GATEWAY_THROTTLE = (
    "API Gateway's throttle (the stage's rate, shared by everyone) answered before the function: "
    "nothing was done; wait `Retry-After` seconds and try again."
)
INTERNAL_ERROR = (
    "A bug on our side (logged with its traceback, never your data): nothing was saved. "
    "`error.code` is `internal_error`."
)

_DESCRIPTION = (
    "Read a consultation's options and comment on them; agency staff set consultations up and "
    "moderate them under `/staff/...`, which needs `Authorization: Bearer <token>` (a staff JWT "
    "whose roles admin, moderator or analyst allow the operation). Errors are "
    '`{"error": {"code", "message", "field"}}` (plus `details` when several fields are wrong).'
)

_RESPONSE_HEADERS = {
    "Location": {
        "description": "Where the new resource is.",
        "schema": {"type": "string"},
    },
    "Content-Disposition": {
        "description": "`attachment; filename=...json`: browsers save it as a file.",
        "required": True,
        "schema": {"type": "string"},
    },
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "required": True,
        "schema": {"type": "string", "pattern": "^[0-9]+$"},
    },
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF.format(model=name)}


def _model(name: str) -> type[BaseModel]:
    return getattr(schemas, name)


def _models(operations: Iterable[Operation]) -> tuple[set[str], set[str]]:
    """(request models, response models) the operations name, always with Error."""
    operations = tuple(operations)
    requests = {name for op in operations for name in (op.body,) if name}
    responses = {"Error"} | {
        reply.model for op in operations for reply in op.replies.values() if reply.model
    }
    return requests, responses


def _header(header: Header) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "maxLength": 256}
    if header.pattern:
        schema["pattern"] = header.pattern
    return {
        "name": header.name,
        "in": "header",
        "required": header.required,
        "description": header.description,
        "schema": schema,
    }


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """A query parameter is either sent or not: `X | None` reads as X, without the null."""
    options = schema.get("anyOf")
    if not options:
        return schema
    kept = [option for option in options if option != {"type": "null"}]
    rest = {k: v for k, v in schema.items() if k != "anyOf"}
    if rest.get("default", ...) is None:
        del rest["default"]
    return {**rest, **kept[0]} if len(kept) == 1 else {**rest, "anyOf": kept}


def _query_parameters(model_name: str) -> list[dict[str, Any]]:
    schema = _model(model_name).model_json_schema(ref_template=_REF)
    required = set(schema.get("required", []))
    parameters = []
    for name, prop in schema["properties"].items():
        prop = _without_null({k: v for k, v in prop.items() if k != "title"})
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": name in required,
                "description": prop.pop("description", ""),
                "schema": prop,
            }
        )
    return parameters


def _parameters(op: Operation) -> list[dict[str, Any]]:
    path = [
        {
            "name": param.name,
            "in": "path",
            "required": True,
            "description": param.description,
            "schema": {"type": "string", "pattern": param.pattern},
        }
        for param in op.path_params
    ]
    query = _query_parameters(op.query) if op.query else []
    headers = [_header(h) for h in op.headers if h.name not in TOKEN_SCHEMES]
    return [*path, *query, *headers]


def _security(op: Operation) -> list[dict[str, list[str]]]:
    """Staff: the bearer token. Residents: each token header the operation takes, as its
    scheme; an optional one as an alternative with `{}` (no token at all)."""
    if op.is_staff:
        return [{BEARER: []}]
    alternatives: list[dict[str, list[str]]] = [{}]
    for header in op.headers:
        if header.name not in TOKEN_SCHEMES:
            continue
        scheme = TOKEN_SCHEMES[header.name][0]
        with_it = [{**alternative, scheme: []} for alternative in alternatives]
        alternatives = with_it if header.required else [*with_it, *alternatives]
    return [] if alternatives == [{}] else alternatives


def _json(model: str | None, description: str, headers: tuple[str, ...] = ()) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": description}
    if model:
        answer["content"] = {"application/json": {"schema": _ref(model)}}
    if headers:
        answer["headers"] = {name: _RESPONSE_HEADERS[name] for name in headers}
    return answer


def _responses(op: Operation) -> dict[str, Any]:
    answers = {
        str(status): _json(reply.model, reply.description, reply.headers)
        for status, reply in op.replies.items()
    }
    from chalicelib.api.operation import SHARED_ERRORS, STAFF_ERRORS

    errors = {**SHARED_ERRORS, **(STAFF_ERRORS if op.is_staff else {}), **op.errors}
    errors[429] = f"{errors[429]} Also: {GATEWAY_THROTTLE}" if 429 in errors else GATEWAY_THROTTLE
    errors.setdefault(500, INTERNAL_ERROR)
    for status in sorted(errors):
        headers = ("Retry-After",) if status in (429, 503) else ()
        answers[str(status)] = _json("Error", errors[status], headers)
    return answers


def _links(op: Operation) -> dict[str, Any]:
    return {
        link.name: {"operationId": link.operation_id, "parameters": dict(link.parameters)}
        for link in op.links
    }


def _operation(op: Operation) -> dict[str, Any]:
    description = op.description
    if op.fields_beyond_schema:
        fields = ", ".join(f"`{name}`" for name in op.fields_beyond_schema)
        description = (
            f"{description} Fields with rules beyond this schema (a 422 names the field): {fields}."
        ).strip()
    if op.is_staff:
        roles = " or ".join(op.roles or ())
        description = (
            f"Needs a staff bearer token with the role {roles}; any other role gets 403 "
            f"(deny by default). {description}"
        ).strip()
    document: dict[str, Any] = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "tags": ["staff" if op.is_staff else "residents"],
        "parameters": _parameters(op),
        "responses": _responses(op),
    }
    if description:
        document["description"] = description
    if security := _security(op):
        document["security"] = security
    if op.body:
        document["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _ref(op.body)}},
        }
    if op.links:
        first = str(next(iter(op.replies)))
        document["responses"][first]["links"] = _links(op)
    return document


def document_of(operations: Iterable[Operation]) -> dict[str, Any]:
    operations = tuple(operations)
    requests, responses = _models(operations)
    _, defs = models_json_schema(
        [(_model(name), "validation") for name in sorted(requests)]
        + [(_model(name), "serialization") for name in sorted(responses - requests)],
        ref_template=_REF,
    )
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
    return {
        "openapi": "3.1.0",
        "info": {"title": "sayso API", "version": "0.2.0", "description": _DESCRIPTION},
        "paths": paths,
        "components": {
            "schemas": defs["$defs"],
            "securitySchemes": {
                BEARER: {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "A staff ID token (in AWS, the stack's Cognito; roles from "
                    "its groups). Locally: `make staff-token ROLE=admin`.",
                },
                **{
                    scheme: {
                        "type": "apiKey",
                        "in": "header",
                        "name": header,
                        "description": description,
                    }
                    for header, (scheme, description) in TOKEN_SCHEMES.items()
                },
            },
        },
    }
