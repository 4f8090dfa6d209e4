"""The local stage's one-click staff sign-in: `GET /staff/local-token?role=admin` on the pages'
origin answers a fresh token for that role (chalicelib/local/staff_keys.py signs it).

Only the local runtime serves it (it runs nowhere else); in AWS the staff pages use Cognito.
"""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from chalicelib.domain.staff import ROLES

PATH = "/staff/local-token"


def local_token_reply(request_path: str) -> tuple[int, bytes] | None:
    """(status, JSON body) for the local-token path; None for any other path."""
    parts = urlsplit(request_path)
    if parts.path != PATH:
        return None
    role = (parse_qs(parts.query).get("role") or [""])[0]
    if role not in ROLES:
        body = {"error": {"code": "bad_role", "message": f"role must be one of {', '.join(ROLES)}"}}
        return 400, json.dumps(body).encode()
    from chalicelib.local.staff_keys import mint

    token = mint([role], subject=f"local-{role}", email=f"{role}@example.org")
    return 200, json.dumps({"token": token, "role": role}).encode()


def serve_local_token(handler: BaseHTTPRequestHandler) -> bool:
    """Answer the request on `handler` if it is for the local-token path; False otherwise."""
    reply = local_token_reply(handler.path)
    if reply is None:
        return False
    status, body = reply
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)
    return True
