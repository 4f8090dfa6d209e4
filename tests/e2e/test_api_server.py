"""The local API server answers like the deployed stack where plain `chalice local` does not:
unknown routes and methods in the error shape, never a 5xx."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator

import pytest

from tests.e2e.stack import free_port


@pytest.fixture(scope="module")
def api_port() -> Iterator[int]:
    from chalicelib.local.api_server import create

    port = free_port()
    server = create("127.0.0.1", port, "local")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield port
    server.shutdown()


def _ask(port: int, method: str, path: str) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path)
    response = connection.getresponse()
    body = json.loads(response.read())
    connection.close()
    return response.status, body


@pytest.mark.parametrize("path", ["/nowhere", "/no/such/route", "/consultations/demo/nothing"])
def test_a_path_no_route_has_is_a_404_in_the_error_shape(api_port, path):
    status, body = _ask(api_port, "GET", path)
    assert status == 404
    assert body["error"]["code"] == "not_found"
    assert "/openapi.json" in body["error"]["message"]


@pytest.mark.parametrize("method", ["TRACE", "PROPFIND", "DELETE"])
def test_a_method_no_route_has_is_a_405_in_the_error_shape(api_port, method):
    status, body = _ask(api_port, method, "/health")
    assert status == 405
    assert body["error"]["code"] == "method_not_allowed"


def test_known_routes_answer_as_usual(api_port):
    assert _ask(api_port, "GET", "/health") == (200, {"status": "ok"})
