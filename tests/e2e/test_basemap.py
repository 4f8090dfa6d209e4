"""The basemap's wiring, end to end: a local stack told of a tile server on another origin
(SAYSO_TILE_URL, as TILE_URL tells the AWS stack) lists it in config.json and in the CSP's
img-src, and the map page in Debian's Chromium asks that server, and only it, for tiles, with
the attribution shown and no CSP violation. Without it the plain background stays
(tests/e2e/test_local_runtime.py: `tiles` is null)."""

from __future__ import annotations

import base64
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from chalicelib.local import launcher
from tests.e2e.stack import call

pytestmark = [
    pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="needs Debian's chromium"),
    pytest.mark.timeout(300),
]

# A 1×1 PNG: every tile the map asks for.
TILE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg=="
)
ATTRIBUTION = "© Local test tiles, CC BY 4.0"


class _Tiles(BaseHTTPRequestHandler):
    asked: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).asked.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(TILE_PNG)))
        self.end_headers()
        self.wfile.write(TILE_PNG)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def tile_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Tiles)
    thread = threading.Thread(target=server.serve_forever, name="tiles", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def stack_with_tiles(tile_server: str, tmp_path_factory: pytest.TempPathFactory):
    settings = {
        "SAYSO_TILE_URL": f"{tile_server}/tiles/{{z}}/{{x}}/{{y}}.png",
        "SAYSO_TILE_ATTRIBUTION": ATTRIBUTION,
    }
    stack_file = Path(tmp_path_factory.mktemp("tiles-stack")) / "stack.json"
    try:
        stack = launcher.start(settings, stack_file=stack_file)
    except launcher.StackDidNotStart as error:
        pytest.fail(str(error))
    try:
        yield stack
    finally:
        launcher.stop(stack)


def test_tiles_come_only_from_the_configured_origin(stack_with_tiles, tile_server, browser):
    web = stack_with_tiles.web
    status, config = call("GET", f"{web}/config.json")
    assert status == 200
    assert config["tiles"] == {
        "url": f"{tile_server}/tiles/{{z}}/{{x}}/{{y}}.png",
        "attribution": ATTRIBUTION,
    }

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[tuple[str, str]] = []
    problems: list[str] = []
    page.on("request", lambda request: requests.append((request.resource_type, request.url)))
    page.on(
        "console",
        lambda message: (
            (message.type == "error" or "Content Security Policy" in message.text)
            and problems.append(message.text)
        ),
    )
    answer = page.goto(f"{web}/option.html?o=b&lang=en")
    assert answer is not None
    csp = answer.headers["content-security-policy"]
    img_src = next(d for d in csp.split(";") if d.strip().startswith("img-src")).split()[1:]
    assert img_src == ["'self'", "data:", tile_server]
    page.wait_for_selector(".map-option[data-ready=true] .map-feature")
    page.wait_for_selector(".leaflet-tile-loaded")
    attribution = page.locator(".leaflet-control-attribution").inner_text()
    context.close()

    tiles = [url for kind, url in requests if "/tiles/" in url]
    assert tiles, "the map asked for no tile"
    assert all(url.startswith(f"{tile_server}/tiles/") for url in tiles), tiles
    assert _Tiles.asked and all(path.startswith("/tiles/") for path in _Tiles.asked)
    # Everything else is the pages' own origin (the API too: /api on the same origin).
    elsewhere = [url for _, url in requests if not url.startswith((f"{web}/", "data:"))]
    assert sorted(set(elsewhere)) == sorted(set(tiles)), elsewhere
    assert ATTRIBUTION in attribution
    assert not problems, problems
