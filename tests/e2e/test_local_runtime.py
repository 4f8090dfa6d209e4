"""Smoke test: `python -m chalicelib.local` in a subprocess on free ports, real HTTP, clean stop."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request

from chalicelib.local import launcher
from chalicelib.web_headers import page_headers
from tests.e2e.stack import call


def _headers(url: str) -> dict[str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return dict(response.headers)


def test_local_stack_serves_the_demo_over_http_and_stops_cleanly(local_stack):
    ports = local_stack.ports
    api = local_stack.api
    assert f"{api}" in "".join(local_stack.output)

    status, consultation = call("GET", f"{api}/consultations/demo")
    assert status == 200
    assert [o["id"] for o in consultation["options"]] == ["a", "b"]

    status, created = call(
        "POST",
        f"{api}/consultations/demo/submissions",
        {
            "option_id": "a",
            "kind": "comment",
            "element_id": "balmoral-platform",
            "text": "Put the platform further south.",
        },
    )
    assert status == 201, created
    status, page = call("GET", f"{api}/consultations/demo/submissions?option=a")
    assert status == 200
    assert page["items"][0]["id"] == created["id"]

    status, error = call(
        "POST", f"{api}/consultations/demo/submissions", {"option_id": "a", "kind": "comment"}
    )
    assert status == 422
    assert error["error"]["field"] == "text"

    web = local_stack.web
    with urllib.request.urlopen(f"{web}/", timeout=10) as page_response:
        assert b"sayso" in page_response.read()
        assert (
            page_response.headers["Content-Security-Policy"]
            == page_headers(report_origins=(local_stack.aws,))["Content-Security-Policy"]
        )
    with urllib.request.urlopen(f"{web}/config.json", timeout=10) as config_response:
        config = json.loads(config_response.read())
    assert config["api_url"] == "/api"  # same origin: the pages server proxies it
    status, proxied = call("GET", f"{web}/api/consultations/demo/submissions?option=a")
    assert status == 200
    assert proxied["items"][0]["id"] == created["id"]
    status, error = call("POST", f"{web}/api/consultations/demo/submissions", {"kind": "x"})
    assert status == 422, error
    assert "Content-Security-Policy" not in _headers(f"{web}/api/health")
    assert config["consultation"] == "demo"
    assert config["tiles"] is None

    printed_before_stop = len(local_stack.output)
    returncode = launcher.stop(local_stack)  # Ctrl-C
    remaining = "".join(local_stack.output[printed_before_stop:])
    assert returncode == 0, remaining
    assert "sayso stopped." in remaining
    for port in ports.values():
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still open"
