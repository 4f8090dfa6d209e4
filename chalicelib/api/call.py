"""One request as a handler sees it (`Call`): the validated parts and the staff identity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chalicelib import config
from chalicelib.api import viewer
from chalicelib.api.operation import STAFF_MAX_BODY_BYTES
from chalicelib.store import secrets

if TYPE_CHECKING:
    from chalicelib.api.operation import Operation


@dataclass
class Call:
    """One request as a handler sees it: validated parts, the staff identity if any."""

    operation: Operation
    request: Any  # chalice.app.Request
    path: dict[str, str]
    query: Any = None  # the operation's query model, validated
    staff: Any = None  # StaffIdentity on staff operations
    lambda_context: Any = None

    def header(self, name: str) -> str | None:
        return self.request.headers.get(name)

    @property
    def source_ip(self) -> str | None:
        """API Gateway's own view of the caller (never a client-set header such as
        X-Forwarded-For), or the viewer's address CloudFront passes when the request proves it
        came through CloudFront (api/viewer.py)."""
        identity = (self.request.context or {}).get("identity") or {}
        source_ip = identity.get("sourceIp")
        edge = self.header(viewer.EDGE_HEADER)
        if not edge:  # a direct call: no need to read the secret
            return source_ip
        return viewer.source_address(
            source_ip, edge, self.header(viewer.VIEWER_HEADER), secrets.edge_secret()
        )

    def body(self) -> Any:
        """The body, read and validated against the operation's model (on first need)."""
        from chalicelib.api import requests, schemas

        model = getattr(schemas, self.operation.body or "")
        raw = self.request.raw_body
        limit = self.operation.body_limit
        if limit == "submission":
            return requests.parse_submission_body(model, raw, config.current())
        max_bytes = STAFF_MAX_BODY_BYTES if limit == "staff" else config.current().max_body_bytes
        return requests.parse_body(model, raw, max_bytes=max_bytes)
