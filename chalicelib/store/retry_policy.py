"""The retry policy and timeouts of every AWS client, in one place.

botocore's standard mode: throttles, AWS 5xx answers and connection errors are retried with
exponential backoff and jitter, at most ATTEMPTS tries in all, so a call gives up well inside a
Lambda's 30 s budget. What is still failing after that becomes a 503 (store/faults.py).
pynamodb builds its own clients: its Meta settings (store/models.py) and the transactions'
connection (store/connection.py) take the same figures from here.

S3 clients sign with SigV4 (S3 refuses SigV2 for buckets created since June 2020, and botocore
would otherwise presign with it) at the bucket's virtual-hosted regional address,
<bucket>.s3.<region>.amazonaws.com (report_link_origin), the origin the staff pages' CSP lets
the report frame load (infra/site.py). The local embedded AWS is one endpoint, addressed by path.
"""

from __future__ import annotations

from typing import Any

ATTEMPTS = 3  # tries per call, the first included
CONNECT_TIMEOUT_SECONDS = 3
READ_TIMEOUT_SECONDS = 10
RETRIES: dict[str, Any] = {"mode": "standard", "total_max_attempts": ATTEMPTS}
# pynamodb turns max_retry_attempts into standard mode with 1 + it attempts in all
PYNAMODB_MAX_RETRY_ATTEMPTS = ATTEMPTS - 1


def s3_options(endpoint_url: str | None) -> dict[str, Any]:
    """The S3 part of an S3 client's configuration: virtual-hosted and regional in AWS (in
    us-east-1 too, where botocore would otherwise use the global s3.amazonaws.com), by path to
    a local endpoint."""
    if endpoint_url:
        return {"addressing_style": "path"}
    return {"addressing_style": "virtual", "us_east_1_regional_endpoint": "regional"}


def report_link_origin(bucket: str, region: str) -> str:
    """Where an S3 client made here points a presigned link to `bucket` in AWS."""
    return f"https://{bucket}.s3.{region}.amazonaws.com"


def botocore_config(service: str = "", endpoint_url: str | None = None) -> Any:
    from botocore.config import Config

    config = Config(
        retries=dict(RETRIES),
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=READ_TIMEOUT_SECONDS,
    )
    if service == "s3":
        config = config.merge(Config(signature_version="s3v4", s3=s3_options(endpoint_url)))
    return config


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
        config=botocore_config(service, cfg.aws_endpoint_url),
    )
