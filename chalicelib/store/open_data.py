"""The open-data bundle in the site bucket: open-data/{cid}/{file}, public with the pages.
The data package (datapackage.json) is written last, so a reader who finds it finds the rest."""

from __future__ import annotations

from chalicelib import config

PREFIX = "open-data"
# CloudFront serves the site bucket with a cache of a day unless the object says otherwise: a
# bundle written again (a response changed) must reach readers within minutes.
CACHE_CONTROL = "public, max-age=300"


def write(cid: str, files: dict[str, tuple[bytes, str]]) -> list[str]:
    from chalicelib.store import retry_policy

    s3 = retry_policy.client("s3")
    bucket = config.current().site_bucket
    names = sorted(files, key=lambda name: name == "datapackage.json")
    for name in names:
        content, content_type = files[name]
        s3.put_object(
            Bucket=bucket,
            Key=f"{PREFIX}/{cid}/{name}",
            Body=content,
            ContentType=content_type,
            CacheControl=CACHE_CONTROL,
        )
    return names


def read(cid: str, name: str) -> bytes:
    from chalicelib.store import retry_policy

    s3 = retry_policy.client("s3")
    answer = s3.get_object(Bucket=config.current().site_bucket, Key=f"{PREFIX}/{cid}/{name}")
    return answer["Body"].read()


def remove(cid: str, names: tuple[str, ...]) -> None:
    """Delete a bundle's files (the data package first, so no reader finds half a bundle)."""
    from chalicelib.store import retry_policy

    s3 = retry_policy.client("s3")
    bucket = config.current().site_bucket
    for name in sorted(names, key=lambda name: name != "datapackage.json"):
        s3.delete_object(Bucket=bucket, Key=f"{PREFIX}/{cid}/{name}")
