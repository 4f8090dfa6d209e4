"""The whole stack on one laptop: embedded AWS (moto), the API (`chalice local`), the pages.

    python -m chalicelib.local          # what `make run` runs

Ports come from SAYSO_API_PORT (8000), SAYSO_WEB_PORT (8080) and SAYSO_AWS_PORT (5005); all
listen on 127.0.0.1 only. Ctrl-C (or SIGTERM) stops everything.
"""

from __future__ import annotations

import functools
import http.client
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from secrets import token_urlsafe
from typing import ClassVar

from chalicelib.api.viewer import EDGE_HEADER, VIEWER_HEADER
from chalicelib.domain.pages import ASSETS_KEY
from chalicelib.local import compression, mailbox
from chalicelib.local.staff_signin import serve_local_token
from chalicelib.store.open_data import PREFIX as OPEN_DATA_PREFIX  # the open-data bundles
from chalicelib.web_headers import (  # API_PATH: proxied to the local API without the prefix
    API_PATH,
    ASSET_CACHE_CONTROL,
    is_hashed,
    tiles_config,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
# The last line the runtime prints once everything answers: what a launcher waits for.
READY_LINE = "Press Ctrl-C to stop."


@dataclass(frozen=True)
class Ports:
    api: int
    web: int
    aws: int

    @classmethod
    def from_env(cls) -> Ports:
        def port(name: str, default: int) -> int:
            raw = os.environ.get(name, "")
            try:
                value = int(raw) if raw else default
            except ValueError:
                raise SystemExit(f"{name} must be a port number, got {raw!r}") from None
            if not 1 <= value <= 65535:
                raise SystemExit(f"{name} must be between 1 and 65535, got {value}")
            return value

        return cls(
            api=port("SAYSO_API_PORT", 8000),
            web=port("SAYSO_WEB_PORT", 8080),
            aws=port("SAYSO_AWS_PORT", 5005),
        )


def local_environment(ports: Ports) -> dict[str, str]:
    """Variables the API and the seeding share: every AWS call goes to the embedded moto."""
    return {
        "SAYSO_STAGE": "local",
        "AWS_ENDPOINT_URL": f"http://{HOST}:{ports.aws}",
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "SAYSO_ALLOWED_ORIGIN": f"http://{HOST}:{ports.web}",
        # where the outcome emails' links point (services/background.py)
        "SAYSO_SITE_URL": f"http://{HOST}:{ports.web}",
        "SAYSO_PUBLIC_API_URL": f"http://{HOST}:{ports.api}",
        "POWERTOOLS_DEV": os.environ.get("POWERTOOLS_DEV", "false"),
    }


FRONTEND = PROJECT_ROOT / "frontend"
RENDERED_PREFIX = "c"  # chalicelib/domain/pages.py PREFIX: the pre-rendered pages
# Hop-by-hop headers a proxy must not pass on (RFC 9110 7.6.1), and the ones it sets itself.
_NOT_FORWARDED = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
    # set by the proxy itself, as CloudFront does: a browser's own values never pass
    EDGE_HEADER.lower(),
    VIEWER_HEADER.lower(),
}


def local_tiles() -> tuple[str | None, str | None]:
    """SAYSO_TILE_URL and SAYSO_TILE_ATTRIBUTION: a basemap for the local pages (unset: none)."""
    return os.environ.get("SAYSO_TILE_URL") or None, os.environ.get("SAYSO_TILE_ATTRIBUTION")


def pages_config(ports: Ports) -> dict[str, object]:
    """The pages' config.json (docs: the pages contract); the CDK stack writes the AWS one."""
    languages = sorted(
        (path.stem for path in (FRONTEND / "i18n").glob("*.json")),
        key=lambda tag: (tag != "en", tag),
    )
    return {
        "api_url": API_PATH,  # same origin: this server proxies it, as CloudFront does in AWS
        "stage": "local",
        "consultation": os.environ.get("SAYSO_CONSULTATION", "demo"),
        "languages": languages or ["en"],
        # The plain background unless a tile server is named (tests run a local one).
        "tiles": tiles_config(*local_tiles()),
        "staff_auth": {"kind": "local"},
    }


class _PagesHandler(SimpleHTTPRequestHandler):
    """frontend/ as it is, /config.json, and the one header set (chalicelib/web_headers.py) on
    every answer, errors included."""

    protocol_version = "HTTP/1.1"  # keep-alive: a page's files share connections
    config: ClassVar[dict[str, object]] = {}
    api_port: ClassVar[int] = 0
    headers_to_send: ClassVar[dict[str, str]] = {}
    edge_secret: ClassVar[str] = ""  # SAYSO_EDGE_SECRET, which the local API checks
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript; charset=utf-8",
        ".mjs": "text/javascript; charset=utf-8",
        ".json": "application/json; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".html": "text/html; charset=utf-8",
        ".svg": "image/svg+xml",
    }

    def _proxy_api(self) -> bool:
        """`/api/*` goes to the local API without the prefix, as CloudFront sends it to API
        Gateway's `api` stage: same origin, so no CORS preflight and no second connection."""
        self._is_api = False  # one handler serves every request of a kept-alive connection
        if not (self.path == API_PATH or self.path.startswith(API_PATH + "/")):
            return False
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _NOT_FORWARDED}
        if self.edge_secret:  # the browser's own address, as CloudFront passes the viewer's
            host, port = self.client_address[:2]
            headers[VIEWER_HEADER] = f"{host}:{port}"
            headers[EDGE_HEADER] = self.edge_secret
        upstream = http.client.HTTPConnection(HOST, self.api_port, timeout=60)
        try:
            upstream.request(self.command, self.path[len(API_PATH) :] or "/", body, headers)
            answer = upstream.getresponse()
            data = answer.read()
        except OSError:
            self._is_api = True
            self.send_error(502, "The local API did not answer")
            return True
        finally:
            upstream.close()
        self._is_api = True
        self.send_response(answer.status, answer.reason)
        for name, value in answer.getheaders():
            if name.lower() not in _NOT_FORWARDED and name.lower() != "date":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        return True

    def do_POST(self) -> None:
        if not self._proxy_api():
            self.send_error(405)

    do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_POST

    def do_HEAD(self) -> None:
        if not self._proxy_api():
            super().do_HEAD()

    def do_GET(self) -> None:
        if self._proxy_api():
            return
        if serve_local_token(self):  # the local stage's one-click staff sign-in
            return
        if (mail := mailbox.page(self.path)) is not None:  # what the local SES has sent
            self._send(mail, "text/html; charset=utf-8", "no-store")
            return
        if self._serve_rendered():
            return
        if self.path.split("?")[0] == "/config.json":
            self._send(json.dumps(self.config).encode(), "application/json; charset=utf-8")
            return
        if self._serve_file():
            return
        super().do_GET()

    def _send(self, body: bytes, content_type: str, cache_control: str | None = None) -> None:
        """A 200 with `body`, gzip-encoded when the browser accepts it (as CloudFront)."""
        sent, gzipped = compression.encode(body, content_type, self.headers.get("Accept-Encoding"))
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        if compression.compressible(content_type, len(body)):
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(sent)))
        self._cache_control = cache_control
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(sent)

    def _serve_file(self) -> bool:
        """A file of frontend/ (not a folder: SimpleHTTPRequestHandler redirects and lists
        those); hashed names cached for a year as in AWS (chalicelib/store/site.py)."""
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            return False
        content_type = self.guess_type(str(path))
        url = self.path.split("?")[0].lstrip("/")
        cache = ASSET_CACHE_CONTROL if is_hashed(url) else None
        self._send(path.read_bytes(), content_type, cache)
        return True

    _is_api = False
    _cache_control: str | None = None

    def _serve_rendered(self) -> bool:
        """`/c/…` and `/open-data/…`: the pre-rendered pages and the open-data bundles, from the
        embedded S3's site bucket with the type and Cache-Control they were written with, as
        CloudFront serves them from the bucket; and `/`, the consultation rendered as the site's
        root. Locally `/index.html` stays the plain page (in AWS the rendering replaces it: one
        key), so both can be tried side by side."""
        path = self.path.split("?")[0]
        root = path == "/"  # the stack's consultation, rendered (pages.ROOT_KEY), if it is
        if not (root or path.startswith((f"/{RENDERED_PREFIX}/", f"/{OPEN_DATA_PREFIX}/"))):
            return False
        from chalicelib.store import site

        if path.endswith("/"):
            path += "index.html"
        found = site.get(path.lstrip("/"))
        if found is None and root:
            return False  # not rendered (yet): the plain index.html
        if found is None:
            self.send_error(404, "Nothing here (a draft, or not rendered or published yet)")
            return True
        body, content_type, cache_control = found
        self._send(body, content_type, cache_control)
        return True

    def end_headers(self) -> None:
        if not self._is_api:  # the API's answers carry the API's own headers, as in AWS
            for name, value in self.headers_to_send.items():
                self.send_header(name, value)
            # Local development: always revalidate, so an edited file shows on reload.
            self.send_header("Cache-Control", self._cache_control or "no-cache")
        self._cache_control = None
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass  # the API logs requests; page fetches would drown them


def local_reports_origin(ports: Ports) -> str:
    """Where presigned report links point locally: the embedded AWS (path-style S3)."""
    return f"http://{HOST}:{ports.aws}"


def _serve_pages(ports: Ports) -> ThreadingHTTPServer:
    from chalicelib.web_headers import page_headers, tile_origin

    config = pages_config(ports)
    _PagesHandler.config = config
    _PagesHandler.api_port = ports.api
    _PagesHandler.edge_secret = os.environ.get("SAYSO_EDGE_SECRET", "")
    tile_url = local_tiles()[0]
    _PagesHandler.headers_to_send = page_headers(
        tile_origins=(tile_origin(tile_url),) if tile_url else (),
        report_origins=(local_reports_origin(ports),),
    )
    handler = functools.partial(_PagesHandler, directory=str(FRONTEND))
    server = ThreadingHTTPServer((HOST, ports.web), handler)
    threading.Thread(target=server.serve_forever, name="pages", daemon=True).start()
    return server


def deploy_site_files(config: dict[str, object]) -> None:
    """What the stack's deployment copies into the site bucket and the renderer reads: the
    pages' config.json and the UI catalogues (infra/pages.py)."""
    from chalicelib.store import site

    site.put_file("config.json", json.dumps(config).encode(), "application/json")
    manifest = FRONTEND / ASSETS_KEY  # the bundles' names (scripts/bundle.mjs), for the renderer
    if manifest.is_file():
        site.put_file(ASSETS_KEY, manifest.read_bytes(), "application/json")
    for path in sorted((FRONTEND / "i18n").glob("*.json")):
        site.put_file(f"i18n/{path.name}", path.read_bytes(), "application/json")


def _wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"chalice local exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"The API did not answer on {url} within {timeout:.0f} s")


def _chalice_command(ports: Ports) -> list[str]:
    """Chalice's local server (as `chalice local` runs it), answering unknown routes and methods
    as the deployed stack does (chalicelib/local/api_server.py)."""
    return [
        sys.executable,
        "-m",
        "chalicelib.local.api_server",
        "--host",
        HOST,
        "--port",
        str(ports.api),
        "--stage",
        "local",
    ]


def main() -> int:
    ports = Ports.from_env()
    env = local_environment(ports)
    # Fresh each run: the pages proxy proves with it that it passes the browser's address
    # (chalicelib/api/viewer.py), as CloudFront does with the stack's edge secret.
    env["SAYSO_EDGE_SECRET"] = token_urlsafe(32)
    os.environ.update(env)

    from chalicelib.local.staff_keys import environment as staff_environment

    os.environ.update(staff_environment())

    # Imported after the environment is set: the store reads its configuration on import.
    from moto.server import ThreadedMotoServer

    from chalicelib.local.atomic_dynamodb import serialise_dynamodb
    from chalicelib.local.demo import seed_demo
    from chalicelib.store.setup import ensure_buckets, ensure_tables

    stopping = threading.Event()

    def stop(signum: int, frame: object) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)

    # moto's server logs every AWS call through werkzeug; the API's own log is the useful one.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    # moto's DynamoDB is not isolated between threads: one request at a time, like DynamoDB's
    # transactions (chalicelib/local/atomic_dynamodb.py).
    serialise_dynamodb()
    aws = ThreadedMotoServer(ip_address=HOST, port=ports.aws, verbose=False)
    try:
        aws.start()
    except OSError as error:
        raise SystemExit(f"Cannot start the embedded AWS on port {ports.aws}: {error}") from None
    pages = api = None
    try:
        tables = ensure_tables()
        buckets = ensure_buckets()
        demo = seed_demo()
        deploy_site_files(pages_config(ports))
        from chalicelib.services import pages as rendered
        from chalicelib.store.mail import LOCAL_SENDER, ensure_sender

        ensure_sender(LOCAL_SENDER)  # moto's SES sends the outcome emails only from it
        rendered.publish(demo.id)
        try:
            pages = _serve_pages(ports)
        except OSError as error:
            raise SystemExit(f"Cannot serve the pages on port {ports.web}: {error}") from None
        api = subprocess.Popen(
            _chalice_command(ports),
            cwd=PROJECT_ROOT,
            env=os.environ.copy(),
            start_new_session=True,  # Ctrl-C reaches us only; we stop chalice in order
        )
        _wait_for(f"http://{HOST}:{ports.api}/health", api)
        from chalicelib.local.stack_file import publish  # the CLI's --local reads the ports

        publish(ports)
        print(
            "\nsayso is running locally:\n"
            f"  API        http://{HOST}:{ports.api}   (try /consultations/demo)\n"
            f"  OpenAPI    http://{HOST}:{ports.api}/openapi.json\n"
            f"  Pages      http://{HOST}:{ports.web}/   (pre-rendered: /c/{demo.id}/; "
            f"API: {API_PATH}/)\n"
            f"  AWS (moto) http://{HOST}:{ports.aws}   tables {', '.join(tables)}; "
            f"buckets {', '.join(buckets)}\n"
            "  Staff      make staff-token ROLE=admin   (or moderator, analyst)\n"
            f"  Mailbox    http://{HOST}:{ports.web}{mailbox.PATH}   (what the local SES sent)\n"
            f"{READY_LINE}\n",
            flush=True,
        )
        while not stopping.wait(0.5):
            if api.poll() is not None:
                print(f"chalice local exited with code {api.returncode}", file=sys.stderr)
                return 1
        return 0
    finally:
        if api is not None and api.poll() is None:
            api.terminate()
            try:
                api.wait(timeout=10)
            except subprocess.TimeoutExpired:
                api.kill()
        if pages is not None:
            pages.shutdown()
            pages.server_close()
        aws.stop()
        print("sayso stopped.", flush=True)
