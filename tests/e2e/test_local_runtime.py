"""Smoke test: `python -m chalicelib.local` in a subprocess on free ports, real HTTP, clean stop."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _call(method: str, url: str, body: object | None = None) -> tuple[int, dict]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def local_stack():
    ports = {
        "SAYSO_API_PORT": _free_port(),
        "SAYSO_WEB_PORT": _free_port(),
        "SAYSO_AWS_PORT": _free_port(),
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SAYSO_"))}
    env.update({k: str(v) for k, v in ports.items()})
    process = subprocess.Popen(
        [sys.executable, "-m", "chalicelib.local"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    deadline = time.monotonic() + 90
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            pytest.fail("local runtime exited early:\n" + "".join(output))
        output.append(line)
        if "Press Ctrl-C to stop." in line:
            break
    else:
        process.kill()
        pytest.fail("local runtime did not start in 90 s:\n" + "".join(output))
    yield process, ports, output
    if process.poll() is None:
        process.kill()


def test_local_stack_serves_the_demo_over_http_and_stops_cleanly(local_stack):
    process, ports, output = local_stack
    api = f"http://127.0.0.1:{ports['SAYSO_API_PORT']}"
    assert f"{api}" in "".join(output)

    status, consultation = _call("GET", f"{api}/consultations/demo")
    assert status == 200
    assert [o["id"] for o in consultation["options"]] == ["a", "b"]

    status, created = _call(
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
    status, page = _call("GET", f"{api}/consultations/demo/submissions?option=a")
    assert status == 200
    assert page["items"][0]["id"] == created["id"]

    status, error = _call(
        "POST", f"{api}/consultations/demo/submissions", {"option_id": "a", "kind": "comment"}
    )
    assert status == 422
    assert error["error"]["field"] == "text"

    web = f"http://127.0.0.1:{ports['SAYSO_WEB_PORT']}"
    with urllib.request.urlopen(f"{web}/", timeout=10) as page_response:
        assert b"sayso" in page_response.read()
    with urllib.request.urlopen(f"{web}/config.js", timeout=10) as config_response:
        assert api.encode() in config_response.read()

    process.send_signal(signal.SIGINT)
    remaining, _ = process.communicate(timeout=30)
    assert process.returncode == 0, remaining
    assert "sayso stopped." in remaining
    for port in ports.values():
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still open"
