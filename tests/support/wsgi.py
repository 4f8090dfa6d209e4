"""A WSGI face for a Chalice app, so WSGI tools (schemathesis, werkzeug's client) can drive it
in-process.

Requests go through chalice's own local gateway (`chalice.local.LocalGateway`), the piece
`chalice local` and `chalice.test.Client` use, so routing, CORS preflight and the gateway's own
errors ("Missing Authentication Token" as a 403) are chalice's, not ours. One difference from
`chalice local`, on purpose: path parameters reach the app percent-decoded, as API Gateway
passes them to Lambda (`chalice local` passes them still encoded).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import quote, unquote

from chalice.app import Chalice
from chalice.config import Config
from chalice.local import LambdaEventConverter, LocalGateway, LocalGatewayException, RouteMatcher

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class _ApiGatewayEvents(LambdaEventConverter):
    """Chalice's event converter, with path parameters decoded as API Gateway does."""

    def create_lambda_event(
        self, method: str, path: str, headers: dict[str, str], body: bytes | None = None
    ) -> dict[str, Any]:
        event = super().create_lambda_event(method, path, headers, body)
        event["pathParameters"] = {
            name: unquote(value) for name, value in event["pathParameters"].items()
        }
        return event


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    headers = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers[key[5:].replace("_", "-").title()] = value
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.replace("_", "-").title()] = environ[key]
    return headers


def _text(value: str) -> str:
    """WSGI strings carry bytes as latin-1; URLs are UTF-8."""
    return value.encode("latin-1").decode("utf-8", "replace")


def _raw_target(environ: dict[str, Any]) -> str:
    """The path as the client sent it (still percent-encoded, so an encoded `/` stays inside its
    segment), then the query string."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        path = _text(raw).split("?", 1)[0]
    else:
        path = quote(_text(environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")))
    query = _text(environ.get("QUERY_STRING", ""))
    return f"{path}?{query}" if query else path


def _status_line(code: int) -> str:
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return f"{code} Unknown"


class ChaliceWSGI:
    """`ChaliceWSGI(app)` is a WSGI application answering as `app` would behind API Gateway."""

    def __init__(self, app: Chalice, config: Config | None = None) -> None:
        self.gateway = LocalGateway(app, config or Config())
        self.gateway.event_converter = _ApiGatewayEvents(
            RouteMatcher(list(app.routes)), app.api.binary_types
        )

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length > 0 else None
        try:
            answer = self.gateway.handle_request(
                method=environ["REQUEST_METHOD"],
                path=_raw_target(environ),
                headers=_headers(environ),
                body=body,
            )
        except LocalGatewayException as error:
            answer = {"statusCode": error.CODE, "headers": error.headers, "body": error.body}
        return self._respond(answer, start_response)

    @staticmethod
    def _respond(answer: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        content = answer.get("body")
        if content is None:
            payload = b""
        elif isinstance(content, bytes):
            payload = content
        elif answer.get("isBase64Encoded"):
            payload = base64.b64decode(content)
        else:
            payload = str(content).encode("utf-8")
        headers: list[tuple[str, str]] = []
        for name, value in (answer.get("headers") or {}).items():
            headers.append((name, str(value)))
        for name, values in (answer.get("multiValueHeaders") or {}).items():
            headers.extend((name, str(value)) for value in values)
        headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
        if payload and not any(name.lower() == "content-type" for name, _ in headers):
            # What `chalice local` sends when the app names no content type.
            headers.append(("Content-Type", "application/json"))
        headers.append(("Content-Length", str(len(payload))))
        start_response(_status_line(answer["statusCode"]), headers)
        return [payload]
