"""A small stand-in for Cognito's Hosted UI, for the staff pages' sign-in round trip: the
authorize endpoint redirects back with a one-time code, the token endpoint checks the PKCE
verifier against the challenge (S256), the client and the redirect address before it answers an
ID token, and the logout endpoint redirects to the logout address.

The ID token is signed with the local stack's own staff key (chalicelib/local/staff_keys.py), so
the stack's API trusts it as it would trust Cognito's: what is tested is the pages' code flow,
not the API's JWKS download (tests/api cover the verification)."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit


@dataclass
class FakeCognito:
    client_id: str
    redirect_uri: str
    allowed_origin: str
    role: str = "analyst"
    origin: str = ""
    codes: dict[str, dict[str, str]] = field(default_factory=dict)  # code → its authorize query
    log: list[str] = field(default_factory=list)  # what happened, in order

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str]]:
        wanted = {"response_type": "code", "client_id": self.client_id,
                  "redirect_uri": self.redirect_uri, "code_challenge_method": "S256"}  # fmt: skip
        if any(query.get(k) != v for k, v in wanted.items()) or not query.get("code_challenge"):
            self.log.append("authorize refused")
            return 400, {}
        code = secrets.token_urlsafe(16)
        self.codes[code] = query
        self.log.append("authorize")
        back = f"{self.redirect_uri}?{urlencode({'code': code, 'state': query['state']})}"
        return 302, {"Location": back}

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, object]]:
        from chalicelib.local.staff_keys import mint

        asked = self.codes.pop(form.get("code", ""), None)  # a code works once
        verifier = form.get("code_verifier", "").encode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
        if (
            asked is None
            or form.get("grant_type") != "authorization_code"
            or form.get("client_id") != self.client_id
            or form.get("redirect_uri") != self.redirect_uri
            or challenge.decode() != asked["code_challenge"]
        ):
            self.log.append("token refused")
            return 400, {"error": "invalid_grant"}
        self.log.append("token")
        id_token = mint(
            [self.role], subject=f"cognito-{self.role}", email=f"{self.role}@agency.example"
        )
        return 200, {"id_token": id_token, "access_token": "unused", "token_type": "Bearer",
                     "expires_in": 3600}  # fmt: skip


@contextmanager
def running(fake: FakeCognito) -> Iterator[FakeCognito]:
    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
            self.send_response(status)
            self.send_header("Access-Control-Allow-Origin", fake.allowed_origin)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path == "/oauth2/authorize":
                self._send(*fake.authorize(query))
            elif parts.path == "/logout" and query.get("client_id") == fake.client_id:
                fake.log.append("logout")
                self._send(302, {"Location": query.get("logout_uri", "")})
            else:
                self._send(404, {})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if urlsplit(self.path).path != "/oauth2/token":
                self._send(404, {})
                return
            status, answer = fake.token(form)
            self._send(status, {"Content-Type": "application/json"}, json.dumps(answer).encode())

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)  # a free port, chosen by the OS
    fake.origin = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="fake-cognito", daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
