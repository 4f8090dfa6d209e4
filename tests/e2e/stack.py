"""Helpers of the end-to-end tests: free ports and JSON over real HTTP."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from chalicelib.local.launcher import PROJECT_ROOT as ROOT
from chalicelib.local.launcher import free_port

__all__ = ["ROOT", "call", "free_port"]


def call(
    method: str, url: str, body: object | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url,
        data=data,
        method=method,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
