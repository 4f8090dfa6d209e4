"""What one entry of the route table is: an `Operation` and the parts it is made of (headers,
path parameters, replies, links), with what every operation shares (path parameters, the
Idempotency-Key header, the errors any operation or any staff operation may answer).

Plain data only: models are named, not imported, and the handler is a function of a resource
module (chalicelib/api/resources/) that imports its models and services when called, so the
table costs nothing at cold start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from chalicelib.api.replay import IDEMPOTENCY_KEY_PATTERN
from chalicelib.domain.ids import SLUG_PATTERN, ULID_PATTERN
from chalicelib.web_headers import TOKEN_HEADERS

if TYPE_CHECKING:
    from chalicelib.api.call import Call

BodyLimit = Literal["standard", "submission", "staff"]
Handler = Callable[["Call"], Any]  # a response model, (status, model[, headers]) or a Response

STAFF_MAX_BODY_BYTES = 6 * 1024 * 1024  # Lambda's own request limit: large maps come this way


@dataclass(frozen=True)
class Header:
    name: str
    description: str
    required: bool = False
    pattern: str | None = None


@dataclass(frozen=True)
class PathParam:
    name: str
    pattern: str
    description: str


@dataclass(frozen=True)
class Reply:
    """A success answer: its model (by name, in api/schemas.py; None: no body) and headers."""

    description: str
    model: str | None = None
    headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    """An OpenAPI link from a success answer to a later operation (for clients and for
    schemathesis' stateful runs): parameter name → runtime expression."""

    name: str
    operation_id: str
    parameters: dict[str, str]


@dataclass(frozen=True, kw_only=True)
class Operation:
    method: str
    path: str
    operation_id: str
    handler: Handler
    summary: str  # one line, for OpenAPI
    readme: str  # the README table's "what" column (Markdown)
    replies: dict[int, Reply]
    errors: dict[int, str]  # status → what it means for this operation
    roles: tuple[str, ...] | None = None  # None: public; else a staff token with one of these
    body: str | None = None  # request model name (api/schemas.py)
    query: str | None = None  # query model name (api/schemas.py)
    headers: tuple[Header, ...] = ()
    body_limit: BodyLimit = "standard"
    idempotency_scope: str | None = None  # format string over path params and `resident`
    description: str = ""  # rules the schema cannot say, with the 4xx they answer
    # Request fields whose rules go beyond what JSON Schema can say: a request the schema allows
    # may still get a 422 naming one of these (the description says the rule).
    beyond_schema: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    readme_path: str | None = None  # how the README shows the path (with its query), if not path
    # False: never cacheable even though it is a public GET (e.g. liveness); see `public_read`
    cacheable: bool = True
    # What Chalice accepts as the request's Content-Type (a one-click unsubscribe is a form POST)
    content_types: tuple[str, ...] = ("application/json",)
    path_params: tuple[PathParam, ...] = field(init=False)

    def __post_init__(self) -> None:
        names = [part[1:-1] for part in self.path.split("/") if part.startswith("{")]
        object.__setattr__(self, "path_params", tuple(PATH_PARAMS[name] for name in names))

    @property
    def is_staff(self) -> bool:
        return self.roles is not None

    @property
    def public_read(self) -> bool:
        """A GET anyone may make without a token: its answers (to a request without any token)
        may be cached for a short while (chalicelib/web_headers.py); all else is no-store."""
        needs_token = any(
            header.required and header.name in TOKEN_HEADERS for header in self.headers
        )
        return self.cacheable and self.method == "GET" and not self.is_staff and not needs_token

    @property
    def fields_beyond_schema(self) -> tuple[str, ...]:
        """`beyond_schema`, and Idempotency-Key where it is read: the same key with another body
        is refused (422), which no schema of one request can say."""
        reused = ("Idempotency-Key",) if IDEMPOTENCY in self.headers else ()
        return (*self.beyond_schema, *reused)


PATH_PARAMS = {
    "cid": PathParam("cid", SLUG_PATTERN, "Consultation id, e.g. `demo`."),
    "oid": PathParam("oid", SLUG_PATTERN, "Option id, e.g. `a`."),
    "sid": PathParam("sid", ULID_PATTERN, "Submission id (a ULID)."),
    "rid": PathParam("rid", ULID_PATTERN, "Response id (a ULID)."),
}

IDEMPOTENCY = Header(
    "Idempotency-Key",
    "Optional, 8–128 letters, digits, `_`, `.`, `:` or `-` (a random UUID): a retry with the "
    "same key and body gets the first answer and stores nothing more; the same key with another "
    "body gets a 422.",
    pattern=IDEMPOTENCY_KEY_PATTERN,
)

STAFF_ERRORS = {
    401: "The Authorization header is missing, not `Bearer <token>`, or its token is not valid "
    "(signature, issuer, audience, expiry, lifetime over 24 h); `error.field` is Authorization.",
    403: "The token is valid but has none of the roles this needs.",
}
# Every operation may answer this: AWS throttled or failed even after the retries
# (store/retry_policy.py, store/faults.py).
SHARED_ERRORS = {
    503: "AWS is busy or briefly unavailable (throttled, failing, unreachable) even after "
    "retries: nothing was stored; `Retry-After` says when to try again (with the same "
    "`Idempotency-Key`, if one was sent). `error.code` is `unavailable`.",
}
