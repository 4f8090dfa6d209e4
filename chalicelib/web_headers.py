"""The security headers of every page: one definition, sent by the local static server
(chalicelib/local/runtime.py) and by CloudFront in the deployment (infra/).

Pure data and the standard library only, so the CDK app and the local runtime can both import it.
"""

from __future__ import annotations

from collections.abc import Sequence

# The API's path on the pages' own origin: CloudFront routes it to API Gateway, whose stage has
# this name (infra/site.py); the local pages server proxies it (chalicelib/local/runtime.py).
API_PATH = "/api"


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
