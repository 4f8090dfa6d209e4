"""The security headers of every page: one definition, sent by the local static server
(chalicelib/local/runtime.py) and by CloudFront in the deployment (infra/); and the headers of
every API answer (`api_headers`), sent by app.py's middleware (the same code in AWS and in the
local API server) and by the gateway's own answers (infra/gateway.py).

Pure data and the standard library only, so the CDK app and the local runtime can both import it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

# How long browsers and CloudFront keep the pages' files (infra/pages.py sets it on the objects
# at deployment, the local pages server on its answers; docs/deploy.md: caching). The bundles
# and the illustrations have content-hashed names (scripts/bundle.mjs, scripts/illustrations.py):
# a new content is a new name, so they are kept a year and never revalidated. Everything else
# (the HTML, config.json, the catalogues) is short: a deployment's new HTML, naming the new
# bundles, reaches a browser within a minute; CloudFront's copy is invalidated by the deploy.
# The pre-rendered pages have their own (chalicelib/store/site.py PAGE_CACHE_CONTROL).
HASHED_PREFIXES = ("assets/", "vendor/illustrations/")
ASSET_CACHE_CONTROL = "public, max-age=31536000, immutable"
FILE_CACHE_CONTROL = "public, max-age=60"


def is_hashed(key: str) -> bool:
    """Whether a site path (no leading slash) is under a content-hashed name."""
    return key.startswith(HASHED_PREFIXES)


# The API's path on the pages' own origin: CloudFront routes it to API Gateway, whose stage has
# this name (infra/site.py); the local pages server proxies it (chalicelib/local/runtime.py).
API_PATH = "/api"


# A basemap tile URL is a Leaflet template: https://host/{z}/{x}/{y}.png, `{s}` as the first
# label of the host for a provider's subdomains (Leaflet's default a, b, c).
TILE_PLACEHOLDERS = ("{z}", "{x}", "{y}")
_LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
_NETLOC = re.compile(r"([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[::1\])(:[0-9]{1,5})?")


def tile_origin(url: str) -> str:
    """The one origin a basemap's tiles come from, as the CSP's img-src names it (a `{s}`
    subdomain becomes `*.`). HTTPS only (plain HTTP on the loopback address, for local tile
    servers); no user name or password in the URL. ValueError says what is wrong."""
    missing = [name for name in TILE_PLACEHOLDERS if name not in url]
    if missing:
        raise ValueError(f"the tile URL {url!r} must have {', '.join(missing)} in it")
    scheme, _, rest = url.partition("://")
    netloc = rest.split("/", 1)[0].split("?", 1)[0]
    subdomains = netloc.startswith("{s}.")
    netloc = netloc.removeprefix("{s}.")
    if "@" in netloc:
        raise ValueError("the tile URL must not carry a user name or password")
    if not _NETLOC.fullmatch(netloc):
        # Nothing else: the origin goes into a header, where `;` or a space would add to it.
        raise ValueError(f"the tile URL {url!r} must name one host ({{s}}. only at its start)")
    host = urlsplit(f"{scheme}://{netloc}").hostname or ""
    loopback = host in _LOOPBACK_HOSTS
    if scheme != "https" and not (scheme == "http" and loopback):
        raise ValueError(f"the tile URL {url!r} must start with https://")
    return f"{scheme}://{'*.' if subdomains else ''}{netloc.lower()}"


def tiles_config(url: str | None, attribution: str | None) -> dict[str, str] | None:
    """config.json's `tiles`: None (the plain background) without a URL, else the URL and its
    attribution, which a basemap must show (its licence asks for it)."""
    if not url:
        return None
    tile_origin(url)  # checked here too, so a bad URL never reaches the pages
    if not attribution or not attribution.strip():
        raise ValueError("a basemap needs its attribution (the provider's licence asks for it)")
    if any(character in attribution for character in "<>&"):
        # The map shows it as HTML (Leaflet's attribution control): plain text keeps it text.
        raise ValueError("the tile attribution must be plain text, without <, > or &")
    return {"url": url, "attribution": attribution.strip()}


def content_security_policy(
    api_origin: str | None = None,
    tile_origins: Sequence[str] = (),
    sign_in_origins: Sequence[str] = (),
    report_origins: Sequence[str] = (),
) -> str:
    """No inline script or style anywhere (a `<script type="application/json">` data block is
    not executed, so it needs no exception); the API is on the pages' own origin (`/api/*`:
    the local pages server proxies it, CloudFront routes it to API Gateway), so `api_origin`
    is None unless a deployment still calls the API elsewhere; in AWS the staff sign-in's token
    endpoint is the only other origin the pages call, map tiles are images from the
    configured tile origins only, and the only frames are the staff pages' report.html, from
    the reports bucket's origin (a presigned link, shown in a sandboxed frame: no scripts)."""
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *tile_origins],
        "connect-src": ["'self'", *([api_origin] if api_origin else []), *sign_in_origins],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    if report_origins:
        directives["frame-src"] = list(report_origins)
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def page_headers(
    api_origin: str | None = None,
    tile_origins: Sequence[str] = (),
    *,
    https: bool = False,
    sign_in_origins: Sequence[str] = (),
    report_origins: Sequence[str] = (),
) -> dict[str, str]:
    """Every header a page answer carries. `https` adds HSTS (the CDN; never plain local HTTP);
    `sign_in_origins`: where the staff pages exchange a sign-in code for tokens (Cognito);
    `report_origins`: where the presigned report links point (the reports bucket)."""
    headers = {
        "Content-Security-Policy": content_security_policy(
            api_origin, tile_origins, sign_in_origins, report_origins
        ),
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if https:
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    return headers


# A public read may be cached this long by a browser or CDN: short, as new submissions come in.
API_MAX_AGE_SECONDS = 30
# Headers an answer may depend on: a cached public answer must never serve a request with one.
TOKEN_HEADERS = ("Authorization", "X-Edit-Token", "X-Resident-Token")
PRIVATE_API_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
PUBLIC_API_HEADERS = {
    "Cache-Control": f"public, max-age={API_MAX_AGE_SECONDS}",
    "Vary": ", ".join(TOKEN_HEADERS),
    "X-Content-Type-Options": "nosniff",
}


def api_headers(
    *, public_read: bool, status: int, request_headers: dict[str, str]
) -> dict[str, str]:
    """The cache policy and nosniff of one API answer. Only a successful answer of a public
    read (no staff role, no required token) to a request without any token may be cached;
    everything else (an answer that depends on a token or carries personal data, a write, an
    error) is `no-store`."""
    sent = {name.lower() for name, value in request_headers.items() if value}
    carries_token = any(name.lower() in sent for name in TOKEN_HEADERS)
    if public_read and 200 <= status < 300 and not carries_token:
        return dict(PUBLIC_API_HEADERS)
    return dict(PRIVATE_API_HEADERS)
