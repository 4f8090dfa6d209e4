"""Helpers of the end-to-end tests: free ports and JSON over real HTTP."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from chalicelib.local.launcher import PROJECT_ROOT as ROOT
from chalicelib.local.launcher import free_port

__all__ = ["ROOT", "call", "free_port"]


def local_token(web: str, role: str) -> str:
    """A staff token for `role` from the local stage's one-click sign-in (the pages' origin)."""
    with urllib.request.urlopen(f"{web}/staff/local-token?role={role}", timeout=10) as answer:
        return json.loads(answer.read())["token"]


def sent_mail(aws: str) -> list[dict]:
    """What moto's SES has sent (its raw messages), read from the embedded AWS."""
    with urllib.request.urlopen(f"{aws}/moto-api/data.json", timeout=10) as answer:
        return json.load(answer)["ses"]["RawMessage"]


def call(
    method: str,
    url: str,
    body: object | None = None,
    headers: dict[str, str] | None = None,
    source: str | None = None,
) -> tuple[int, dict]:
    """One JSON request; from the loopback address `source` (e.g. 127.0.0.2) when given: the
    local API passes the connection's address on as API Gateway's sourceIp, so a client bound
    to another address of 127.0.0.0/8 is another source, as another household would be."""
    data = None if body is None else json.dumps(body).encode()
    sent = {"Content-Type": "application/json", **(headers or {})}
    if source is not None:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection = http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=20, source_address=(source, 0)
        )
        try:
            connection.request(method, path, body=data, headers=sent)
            answer = connection.getresponse()
            return answer.status, json.loads(answer.read() or b"{}")
        finally:
            connection.close()
    request = urllib.request.Request(url, data=data, method=method, headers=sent)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
