"""The basemap's one origin (chalicelib/web_headers.py): what the CSP's img-src may name for a
tile URL, and what config.json's `tiles` may hold. The AWS stack (TILE_URL) and the local
runtime (SAYSO_TILE_URL) both go through these two functions."""

from __future__ import annotations

import pytest

from chalicelib.web_headers import content_security_policy, tile_origin, tiles_config


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png?key=abc", "https://*.tile.example.org"),
        ("https://Tiles.Example.org:8443/v1/{z}/{x}/{y}.webp", "https://tiles.example.org:8443"),
        ("http://127.0.0.1:5000/{z}/{x}/{y}.png", "http://127.0.0.1:5000"),
        ("http://localhost:5000/{z}/{x}/{y}.png", "http://localhost:5000"),
    ],
)
def test_the_origin_of_a_tile_url(url: str, origin: str) -> None:
    assert tile_origin(url) == origin


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://tiles.example.org/{z}/{x}/{y}.png", "https://"),
        ("https://tiles.example.org/{z}/{x}.png", "{y}"),
        ("https://user:secret@tiles.example.org/{z}/{x}/{y}.png", "password"),
        ("https://a{s}.example.org/{z}/{x}/{y}.png", "one host"),
        ("https://t.example.org; script-src *;/{z}/{x}/{y}", "one host"),
        ("https://t.example.org'/{z}/{x}/{y}", "one host"),
        ("//tiles.example.org/{z}/{x}/{y}.png", "one host"),
    ],
)
def test_a_tile_url_that_would_widen_or_break_the_csp_is_refused(url: str, problem: str) -> None:
    with pytest.raises(ValueError, match="tile URL") as error:
        tile_origin(url)
    assert problem in str(error.value)


def test_tiles_config_needs_plain_text_attribution_and_is_none_without_a_url() -> None:
    url = "https://tiles.example.org/{z}/{x}/{y}.png"

    assert tiles_config(None, None) is None
    assert tiles_config("", "ignored") is None
    assert tiles_config(url, " © Example ") == {"url": url, "attribution": "© Example"}
    for attribution in (None, " ", "<b>Example</b>", "A & B"):
        with pytest.raises(ValueError, match="attribution"):
            tiles_config(url, attribution)


def test_the_csp_names_the_tile_origin_in_img_src_only() -> None:
    policy = content_security_policy(
        tile_origins=(tile_origin("https://{s}.t.example/{z}/{x}/{y}"),)
    )

    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    assert directives["img-src"] == "'self' data: https://*.t.example"
    assert all("t.example" not in v for k, v in directives.items() if k != "img-src")
