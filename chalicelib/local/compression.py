"""gzip for the local pages server, as CloudFront compresses (infra/site.py `compress`): a text
answer (HTML, JS, CSS, JSON, SVG) of at least MIN_BYTES, to a browser that accepts gzip."""

from __future__ import annotations

import gzip

MIN_BYTES = 1024  # CloudFront compresses from 1,000 bytes; smaller answers gain nothing
_TEXT = ("text/", "application/json", "application/javascript", "image/svg+xml")


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an Accept-Encoding header allows gzip (a `q=0` refuses it)."""
    for part in (accept_encoding or "").split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() not in ("gzip", "*"):
            continue
        q = params.strip().lower()
        if q.startswith("q="):
            try:
                return float(q[2:]) > 0
            except ValueError:
                return False
        return True
    return False


def compressible(content_type: str, size: int) -> bool:
    return size >= MIN_BYTES and content_type.lower().startswith(_TEXT)


def encode(body: bytes, content_type: str, accept_encoding: str | None) -> tuple[bytes, bool]:
    """(the body to send, whether it is gzip-encoded)."""
    if compressible(content_type, len(body)) and accepts_gzip(accept_encoding):
        return gzip.compress(body, compresslevel=6, mtime=0), True
    return body, False
