"""The resident token key: from SAYSO_TOKEN_KEY (local runs, tests) or, in AWS, from the Secrets
Manager secret whose ARN the stack passes in SAYSO_TOKEN_KEY_SECRET_ARN, so the key is never in
the template or the function's configuration. Fetched once per container and ARN.

The edge secret likewise: SAYSO_EDGE_SECRET locally, SAYSO_EDGE_SECRET_ARN in AWS. CloudFront
sends it to the API (chalicelib/api/viewer.py) to prove a request came through the edge."""

from __future__ import annotations

from functools import lru_cache

from chalicelib import config


def token_key() -> bytes:
    """The HMAC key for resident tokens and source-IP hashes."""
    cfg = config.current()
    if cfg.token_key_text or not cfg.token_key_secret_arn:
        return cfg.token_key
    return _secret(cfg.token_key_secret_arn, cfg.region, cfg.aws_endpoint_url)


def edge_secret() -> bytes | None:
    """The secret CloudFront's origin header carries; None when none is set (no edge)."""
    cfg = config.current()
    if cfg.edge_secret_text:
        return cfg.edge_secret_text.encode()
    if not cfg.edge_secret_arn:
        return None
    return _secret(cfg.edge_secret_arn, cfg.region, cfg.aws_endpoint_url)


@lru_cache(maxsize=4)
def _secret(arn: str, region: str, endpoint_url: str | None) -> bytes:
    import boto3  # only the first resident request of a container pays for the client

    client = boto3.client("secretsmanager", region_name=region, endpoint_url=endpoint_url)
    value = client.get_secret_value(SecretId=arn)["SecretString"]
    if not value:
        raise RuntimeError(f"The secret {arn} is empty")
    return value.encode()
