"""Report runs in the reports bucket: reports/{cid}/{run_id}/{file}, published by manifest.json.

A run's files are uploaded first and its manifest last, and readers list only runs that have a
manifest: a run that dies midway leaves files nobody sees. Each file is uploaded tagged
`sayso-run=unpublished` and retagged `sayso-run=published` once the manifest is written, so the
reports bucket's lifecycle rule (infra/data.py) expires the files of runs that never published.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalicelib import config

MANIFEST = "manifest.json"
PREFIX = "reports"
RUN_TAG = "sayso-run"  # the lifecycle rule's tag filter (infra/data.py)
UNPUBLISHED = "unpublished"
PUBLISHED = "published"


@lru_cache(maxsize=1)
def _s3() -> Any:
    from chalicelib.store import retry_policy  # boto3: only the report routes and the job

    return retry_policy.client("s3")


def forget_client() -> None:
    _s3.cache_clear()


def run_prefix(cid: str, run_id: str) -> str:
    return f"{PREFIX}/{cid}/{run_id}/"


def upload(cid: str, run_id: str, files: Iterable[tuple[str, Path, str]]) -> None:
    """Upload (name, path, content type) files of a run; they stay invisible until publish()."""
    bucket = config.current().reports_bucket
    for name, path, content_type in files:
        _s3().upload_file(
            str(path),
            bucket,
            run_prefix(cid, run_id) + name,
            ExtraArgs={"ContentType": content_type, "Tagging": f"{RUN_TAG}={UNPUBLISHED}"},
        )


def publish(cid: str, run_id: str, manifest: dict[str, Any], names: Iterable[str]) -> None:
    """Write the manifest (the run becomes visible), then retag the run's files `published`
    so the lifecycle rule keeps them.

    In this order a run that fails anywhere before its manifest is whole left to expire. If a
    retag fails after the manifest, this raises and the job fails (its dead-letter queue and
    alarm tell a person); the next run publishes a complete bundle again."""
    s3 = _s3()
    bucket = config.current().reports_bucket
    prefix = run_prefix(cid, run_id)
    s3.put_object(
        Bucket=bucket,
        Key=prefix + MANIFEST,
        Body=json.dumps(manifest, ensure_ascii=False, indent=2).encode(),
        ContentType="application/json",
    )
    published = {"TagSet": [{"Key": RUN_TAG, "Value": PUBLISHED}]}
    for name in names:
        s3.put_object_tagging(Bucket=bucket, Key=prefix + name, Tagging=published)


def run_ids(cid: str) -> list[str]:
    """Every run folder of a consultation, newest first (run ids sort by time)."""
    paginator = _s3().get_paginator("list_objects_v2")
    found: list[str] = []
    for page in paginator.paginate(
        Bucket=config.current().reports_bucket, Prefix=f"{PREFIX}/{cid}/", Delimiter="/"
    ):
        for common in page.get("CommonPrefixes", []):
            found.append(common["Prefix"].rstrip("/").rsplit("/", 1)[-1])
    return sorted(found, reverse=True)


def manifest(cid: str, run_id: str) -> dict[str, Any] | None:
    """The run's manifest, or None while it has none (running, or died midway)."""
    s3 = _s3()
    try:
        answer = s3.get_object(
            Bucket=config.current().reports_bucket, Key=run_prefix(cid, run_id) + MANIFEST
        )
    except s3.exceptions.NoSuchKey:
        return None
    return json.loads(answer["Body"].read())


def download_url(cid: str, run_id: str, name: str, *, seconds: int) -> str:
    """A presigned GET for one file of a run, valid for `seconds`."""
    return _s3().generate_presigned_url(
        "get_object",
        Params={
            "Bucket": config.current().reports_bucket,
            "Key": run_prefix(cid, run_id) + name,
        },
        ExpiresIn=seconds,
    )


def start_job(function: str, cid: str, **job: str | int) -> None:
    """Invoke the job Lambda asynchronously for one consultation: its report, or with `job`
    another piece of background work (services/background.py)."""
    from chalicelib.store import retry_policy

    retry_policy.client("lambda").invoke(
        FunctionName=function,
        InvocationType="Event",
        Payload=json.dumps({"consultation_id": cid, **job}).encode(),
    )
