"""Requests from another source: chalice's test client and local gateway give every event the
same `sourceIp`; per-source limits and flag counting need several."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def from_source(address: str) -> Iterator[str]:
    """Events made inside the block say they came from `address` (API Gateway's sourceIp)."""
    from chalice.local import LambdaEventConverter

    before = LambdaEventConverter.LOCAL_SOURCE_IP
    LambdaEventConverter.LOCAL_SOURCE_IP = address
    try:
        yield address
    finally:
        LambdaEventConverter.LOCAL_SOURCE_IP = before
