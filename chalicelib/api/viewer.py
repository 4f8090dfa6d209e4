"""Whose address a request counts against: the viewer's, when the request came through this
stack's CloudFront distribution, else API Gateway's `sourceIp`.

CloudFront routes `/api/*` to API Gateway (infra/site.py), so API Gateway sees an edge's
address, shared by many residents. CloudFront sends the viewer's own address in
`CloudFront-Viewer-Address` (`ip:port`; IPv6 unbracketed, e.g. `2001:db8::1:443`), a header it
sets itself, and a secret in EDGE_HEADER (an origin custom header). Anyone can call API Gateway
directly with both headers made up, so the viewer's address counts only when EDGE_HEADER
carries the secret; otherwise the caller is who API Gateway says it is."""

from __future__ import annotations

import hmac
import ipaddress

EDGE_HEADER = "X-Sayso-Edge"
VIEWER_HEADER = "CloudFront-Viewer-Address"


def viewer_ip(value: str | None) -> str | None:
    """`198.51.100.7:46532` -> `198.51.100.7`; `2001:db8::1:443` -> `2001:db8::1`; None for
    anything else (no port, a bad port, not an address)."""
    if not value:
        return None
    text = value.strip()
    address, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        return None
    if address.startswith("[") and address.endswith("]"):
        address = address[1:-1]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def from_edge(edge_value: str | None, secret: bytes | None) -> bool:
    """Whether EDGE_HEADER carries the secret (constant time; never without a secret)."""
    if not secret or not edge_value:
        return False
    return hmac.compare_digest(edge_value.encode(), secret)


def source_address(
    source_ip: str | None,
    edge_value: str | None,
    viewer_value: str | None,
    secret: bytes | None,
) -> str | None:
    """The viewer's address if the request provably came through the edge and names a
    well-formed one; API Gateway's `sourceIp` otherwise."""
    if from_edge(edge_value, secret):
        return viewer_ip(viewer_value) or source_ip
    return source_ip
