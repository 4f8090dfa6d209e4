"""gzip in the local pages server (chalicelib/local/compression.py), as CloudFront compresses."""

from __future__ import annotations

import gzip

from chalicelib.local import compression

TEXT = b"const page = 'sayso';\n" * 200


def test_text_is_gzipped_for_a_browser_that_accepts_it():
    body, gzipped = compression.encode(TEXT, "text/javascript; charset=utf-8", "gzip, deflate, br")
    assert gzipped and gzip.decompress(body) == TEXT and len(body) < len(TEXT) / 5


def test_nothing_is_gzipped_without_acceptance_or_when_refused():
    for header in (None, "", "br", "identity", "gzip;q=0", "gzip; q=0.0"):
        assert compression.encode(TEXT, "text/css", header) == (TEXT, False), header
    assert compression.accepts_gzip("br;q=1, gzip;q=0.5")
    assert compression.accepts_gzip("*")


def test_small_answers_and_binary_types_go_as_they_are():
    small = b"{}"
    assert compression.encode(small, "application/json", "gzip") == (small, False)
    png = bytes(range(256)) * 10
    assert compression.encode(png, "image/png", "gzip") == (png, False)
    svg, gzipped = compression.encode(b"<svg>" + b" " * 2000 + b"</svg>", "image/svg+xml", "gzip")
    assert gzipped and gzip.decompress(svg).startswith(b"<svg>")
