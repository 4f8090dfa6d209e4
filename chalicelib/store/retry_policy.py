"""The retry policy and timeouts of every AWS client, in one place.

botocore's standard mode: throttles, AWS 5xx answers and connection errors are retried with
exponential backoff and jitter, at most ATTEMPTS tries in all, so a call gives up well inside a
Lambda's 30 s budget. What is still failing after that becomes a 503 (store/faults.py).
pynamodb builds its own clients: its Meta settings (store/models.py) and the transactions'
connection (store/connection.py) take the same figures from here.
"""

from __future__ import annotations

from typing import Any

ATTEMPTS = 3  # tries per call, the first included
CONNECT_TIMEOUT_SECONDS = 3
READ_TIMEOUT_SECONDS = 10
RETRIES: dict[str, Any] = {"mode": "standard", "total_max_attempts": ATTEMPTS}
# pynamodb turns max_retry_attempts into standard mode with 1 + it attempts in all
PYNAMODB_MAX_RETRY_ATTEMPTS = ATTEMPTS - 1


def botocore_config() -> Any:
    from botocore.config import Config

    return Config(
        retries=dict(RETRIES),
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=READ_TIMEOUT_SECONDS,
    )


def client(service: str) -> Any:
    """A boto3 client for `service` (s3, lambda, dynamodb) with this policy and the stack's
    region and endpoint."""
    import boto3

    from chalicelib import config

    cfg = config.current()
    return boto3.client(
        service,
        region_name=cfg.region,
        endpoint_url=cfg.aws_endpoint_url,
        config=botocore_config(),
    )
