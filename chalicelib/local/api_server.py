"""The API on a laptop: chalice's own local server, as `chalice local` runs it (its route
matching, Lambda event conversion and threaded HTTP server), with three differences that make it
answer as the deployed stack does:

- a path no route has gets the 404 the stack's gateway responses give, in the error shape
  (plain `chalice local` answers API Gateway's bare `403 Missing Authentication Token`);
- methods no route can have (TRACE, CONNECT, …) get a 405 in the error shape, not the 501 of
  Python's HTTP server;
- a longer listen backlog, so a burst of concurrent clients queues instead of being reset;
- the connection's address as the event's `sourceIp`, as API Gateway gives it (chalice local
  always says 127.0.0.1), so per-source limits count each client apart.

Like `chalice local`, it gives each request thread its own `app.current_request` (chalice's
LocalChalice): without that, concurrent requests read each other's headers, path and body.

    python -m chalicelib.local.api_server --port 8000 --stage local   # what `make run` starts
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from chalice.cli.factory import CLIFactory
from chalice.local import (
    ChaliceRequestHandler,
    CustomLocalChalice,
    ForbiddenError,
    LocalChalice,
    LocalDevServer,
    LocalGatewayException,
    ThreadedHTTPServer,
)

from chalicelib.api.errors import GATEWAY_ANSWERS, UNSUPPORTED_METHOD, error_body
from chalicelib.web_headers import PRIVATE_API_HEADERS

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LISTEN_BACKLOG = 512


def _answer(status: int, code: str, message: str) -> tuple[int, dict[str, str], bytes]:
    body = json.dumps(error_body(code, message)).encode()
    return status, {"Content-Type": "application/json", **PRIVATE_API_HEADERS}, body


class _Handler(ChaliceRequestHandler):
    def _generic_handle(self) -> None:
        # This handler's own gateway and event converter: per connection, so no thread shares it.
        self.local_gateway.event_converter.LOCAL_SOURCE_IP = self.client_address[0]
        super()._generic_handle()

    do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = do_PATCH = do_OPTIONS = _generic_handle

    def _send_error_response(self, error: LocalGatewayException) -> None:
        if isinstance(error, ForbiddenError) and b"Missing Authentication Token" in (
            error.body or b""
        ):
            status, headers, body = _answer(*GATEWAY_ANSWERS["MISSING_AUTHENTICATION_TOKEN"])
            self._send_http_response(status, headers, body)
            return
        super()._send_error_response(error)

    def _unsupported_method(self) -> None:
        self._parse_payload()  # read the body, if any, so the connection stays usable
        status, headers, body = _answer(*UNSUPPORTED_METHOD)
        self._send_http_response(status, headers, body)

    do_TRACE = do_CONNECT = _unsupported_method

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # Python's server answers unknown methods (e.g. PROPFIND) with a 501 page of HTML.
        if code == 501:
            status, headers, body = _answer(*UNSUPPORTED_METHOD)
            self._send_http_response(status, headers, body)
            return
        super().send_error(code, message, explain)


class _Server(ThreadedHTTPServer):
    request_queue_size = LISTEN_BACKLOG


def create(host: str, port: int, stage: str) -> LocalDevServer:
    config = CLIFactory(project_dir=str(PROJECT_ROOT)).create_config_obj(chalice_stage_name=stage)
    app = config.chalice_app
    if not isinstance(app, LocalChalice):  # once per process: the app object is app.py's
        # What chalice.local.create_local_server does (it takes no handler or server class).
        CustomLocalChalice.__bases__ = (LocalChalice, app.__class__)
        app.__class__ = CustomLocalChalice
    return LocalDevServer(app, config, host, port, handler_cls=_Handler, server_cls=_Server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--stage", default="local")
    args = parser.parse_args()
    create(args.host, args.port, args.stage).serve_forever()


if __name__ == "__main__":
    main()
