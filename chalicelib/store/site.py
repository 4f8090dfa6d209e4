"""The site bucket: the pages' own files (config.json, the UI catalogues, uploaded at deploy
time; locally by the runtime) and the pre-rendered pages (chalicelib/services/pages.py)."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from chalicelib import config

# The pre-rendered HTML changes whenever staff change the consultation and every night; a
# short TTL (browsers and CloudFront alike) bounds how long a reader sees the old one, without
# an invalidation per change (docs/deploy.md: caching).
PAGE_CACHE_CONTROL = "public, max-age=15"
HTML = "text/html; charset=utf-8"


@lru_cache(maxsize=1)
def _s3() -> Any:
    from chalicelib.store import retry_policy

    return retry_policy.client("s3")


def forget_client() -> None:
    _s3.cache_clear()


def read_json(key: str) -> Any | None:
    """A JSON file of the site, or None when it is not there (AccessDenied is how S3 says so
    to a role that may not list the bucket)."""
    from botocore.exceptions import ClientError

    try:
        answer = _s3().get_object(Bucket=config.current().site_bucket, Key=key)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "AccessDenied"):
            return None
        raise
    return json.loads(answer["Body"].read())


def put_page(key: str, html: str) -> None:
    _s3().put_object(
        Bucket=config.current().site_bucket,
        Key=key,
        Body=html.encode("utf-8"),
        ContentType=HTML,
        CacheControl=PAGE_CACHE_CONTROL,
    )


def put_file(key: str, body: bytes, content_type: str) -> None:
    """A site file as a deployment copies it (the local runtime's stand-in for it)."""
    _s3().put_object(
        Bucket=config.current().site_bucket, Key=key, Body=body, ContentType=content_type
    )


def get(key: str) -> tuple[bytes, str, str] | None:
    """(body, content type, cache control) of a site object, or None: what CloudFront would
    serve (the local pages server's reading of the bucket)."""
    try:
        answer = _s3().get_object(Bucket=config.current().site_bucket, Key=key)
    except _s3().exceptions.NoSuchKey:
        return None
    return (
        answer["Body"].read(),
        answer.get("ContentType") or "application/octet-stream",
        answer.get("CacheControl") or "no-cache",
    )
