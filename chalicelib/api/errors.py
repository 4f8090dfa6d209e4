"""Turn errors into HTTP answers: `{"error": {"code", "message", "field"}}`.

Kept free of pydantic and AWS so importing it costs nothing at cold start.
"""

from __future__ import annotations

from typing import Any

from chalice import Response

from chalicelib.domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    NotOpen,
    RateLimited,
    Unauthorized,
    Unavailable,
)


class BadRequest(DomainError):
    """The request itself is unreadable (not JSON, empty body)."""

    code = "invalid_json"


class PayloadTooLarge(DomainError):
    code = "payload_too_large"


_STATUS: dict[type[DomainError], int] = {
    BadRequest: 400,
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    NotOpen: 409,
    Conflict: 409,
    PayloadTooLarge: 413,
    InvalidInput: 422,
    RateLimited: 429,
    Unavailable: 503,
}

JSON_HEADERS = {"Content-Type": "application/json"}


def status_of(error: DomainError) -> int:
    for cls in type(error).__mro__:
        if cls in _STATUS:
            return _STATUS[cls]  # type: ignore[index]
    return getattr(error, "status", 409)


def error_body(code: str, message: str, field: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "field": field, **extra}}


def error_response(error: DomainError) -> Response:
    extra = {}
    if isinstance(error, InvalidInput) and len(error.problems) > 1:
        extra["details"] = [{"field": p.field, "message": p.message} for p in error.problems]
    headers = dict(JSON_HEADERS)
    if isinstance(error, RateLimited | Unavailable):
        headers["Retry-After"] = str(error.retry_after_seconds)
    return Response(
        body=error_body(error.code, error.message, error.field, **extra),
        status_code=status_of(error),
        headers=headers,
    )


INTERNAL_ERROR = "Something went wrong on our side; nothing was saved. Please try again."


def internal_error_response() -> Response:
    """A bug, not bad input: the caller gets this; the traceback goes to the log only."""
    return Response(
        body=error_body("internal_error", INTERNAL_ERROR),
        status_code=500,
        headers=dict(JSON_HEADERS),
    )


# Chalice answers some requests itself (wrong method, wrong media type, crashes) with
# {"Code", "Message"}; the middleware rewrites those into our shape with these codes.
CHALICE_CODES = {
    "BadRequestError": "bad_request",
    "BadRequest": "bad_request",
    "NotFoundError": "not_found",
    "MethodNotAllowedError": "method_not_allowed",
    "UnsupportedMediaType": "unsupported_media_type",
    "InternalServerError": "internal_error",
}


def normalise_chalice_error(response: Response) -> Response:
    body = response.body
    if isinstance(body, dict) and set(body) == {"Code", "Message"}:
        code = CHALICE_CODES.get(str(body["Code"]), "error")
        message = str(body["Message"])
        if code == "internal_error":
            message = INTERNAL_ERROR
        elif code == "unsupported_media_type":
            message = f"{message}. Send the body as JSON with Content-Type: application/json."
        response.body = error_body(code, message)
    return response


# What API Gateway answers itself, before any Lambda runs, in the project's error shape: the
# deployment stack sets these as gateway responses, and the local API server answers the same
# (chalicelib/local/api_server.py), so a client sees one shape everywhere.
GATEWAY_ANSWERS: dict[str, tuple[int, str, str]] = {
    # API Gateway's answer to a path (or method) no route has
    "MISSING_AUTHENTICATION_TOKEN": (
        404,
        "not_found",
        "There is no such route here; the API's routes are listed at /openapi.json.",
    ),
    "THROTTLED": (
        429,
        "rate_limited",
        "Too many requests right now; wait a moment and try again.",
    ),
    "REQUEST_TOO_LARGE": (
        413,
        "payload_too_large",
        "The request is over the gateway's size limit.",
    ),
    "INTEGRATION_TIMEOUT": (
        503,
        "unavailable",
        "The request took too long; nothing may have been saved. Try again in a moment.",
    ),
}
UNSUPPORTED_METHOD = (405, "method_not_allowed", "This method is not supported here.")
