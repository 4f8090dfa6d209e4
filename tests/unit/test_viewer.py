"""Whose address a request counts against (chalicelib/api/viewer.py)."""

from __future__ import annotations

import pytest

from chalicelib.api.viewer import source_address, viewer_ip

SECRET = b"the-edge-secret"
EDGE = "198.51.100.200"  # a CloudFront edge, as API Gateway sees it


@pytest.mark.parametrize(
    ("header", "ip"),
    [
        ("203.0.113.7:46532", "203.0.113.7"),
        ("2001:db8::1:443", "2001:db8::1"),  # CloudFront's form: IPv6 unbracketed, then port
        ("2001:0db8:0000:0000:0000:0000:0000:0001:61000", "2001:db8::1"),
        ("[2001:db8::7]:443", "2001:db8::7"),
        (" 203.0.113.7:0 ", "203.0.113.7"),
    ],
)
def test_the_viewer_address_without_its_port(header, ip):
    assert viewer_ip(header) == ip


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "203.0.113.7",  # no port: a bare IPv4 would be read as address "203.0.113" port 7
        "203.0.113.7:",
        "203.0.113.7:65536",
        "203.0.113.7:-1",
        "203.0.113.7:http",
        "not-an-address:443",
        "203.0.113.7, 10.0.0.1:443",
        "2001:db8::1",  # no port: "2001:db8:" is no address
    ],
)
def test_a_malformed_viewer_address_is_none(header):
    assert viewer_ip(header) is None


def test_with_the_secret_the_viewer_counts():
    assert source_address(EDGE, "the-edge-secret", "203.0.113.7:46532", SECRET) == "203.0.113.7"
    assert source_address(EDGE, "the-edge-secret", "2001:db8::1:443", SECRET) == "2001:db8::1"


@pytest.mark.parametrize(
    ("edge", "secret"),
    [
        (None, SECRET),  # a direct call
        ("", SECRET),
        ("the-edge-secreT", SECRET),  # a guess
        ("the-edge-secret ", SECRET),
        ("the-edge", SECRET),
        ("the-edge-secret", None),  # no edge configured: nothing proves anything
        ("", b""),
    ],
)
def test_without_the_secret_api_gateways_address_counts(edge, secret):
    assert source_address(EDGE, edge, "203.0.113.7:46532", secret) == EDGE


@pytest.mark.parametrize("header", [None, "", "203.0.113.7", "x:443", "203.0.113.7:99999"])
def test_a_malformed_viewer_address_counts_api_gateways_address(header):
    assert source_address(EDGE, "the-edge-secret", header, SECRET) == EDGE
