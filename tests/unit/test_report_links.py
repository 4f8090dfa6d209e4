"""Presigned report links are signed the way S3 accepts them in AWS: SigV4 (S3 refuses SigV2
for buckets created since June 2020, and botocore would otherwise presign with it) on the
bucket's virtual-hosted regional domain, the origin the staff pages' CSP lets the report frame
load (infra/site.py). The embedded AWS (moto) accepts any signature, so these read the URL."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest

from chalicelib import config
from chalicelib.store import reports, retry_policy

BUCKET = "sayso-demo-reports-1a2b3c4d"
LOCAL = "http://127.0.0.1:5005"


def problems(url: str, region: str, origin: str) -> list[str]:
    """What S3 in `region` (or the CSP of the pages) would refuse about a presigned link."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    found = []
    if query.get("X-Amz-Algorithm") != ["AWS4-HMAC-SHA256"]:
        found.append(f"not SigV4: X-Amz-Algorithm={query.get('X-Amz-Algorithm')}")
    for sigv2 in ("Signature", "AWSAccessKeyId", "Expires"):
        if sigv2 in query:
            found.append(f"SigV2 parameter {sigv2}")
    credential = query.get("X-Amz-Credential", [""])[0].split("/")
    if credential[2:4] != [region, "s3"]:
        found.append(f"signed for {credential[2:4]}, not [{region!r}, 's3']")
    if f"{parts.scheme}://{parts.netloc}" != origin:
        found.append(f"points at {parts.scheme}://{parts.netloc}, not {origin}")
    return found


@pytest.fixture
def stack(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """The functions' configuration in AWS: a real region name, no endpoint; set per test."""
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.setenv("SAYSO_REPORTS_BUCKET", BUCKET)
    yield monkeypatch
    config.current.cache_clear()
    reports.forget_client()


def _link(stack: pytest.MonkeyPatch, region: str, endpoint: str | None = None) -> str:
    stack.setenv("AWS_REGION", region)
    if endpoint:
        stack.setenv("AWS_ENDPOINT_URL", endpoint)
    config.current.cache_clear()
    reports.forget_client()
    return reports.download_url("k-road", "run-1", "report.html", seconds=300)


@pytest.mark.parametrize("region", ["ap-southeast-2", "us-east-1", "eu-central-1"])
def test_a_report_link_is_sigv4_on_the_buckets_regional_domain(stack, region):
    url = _link(stack, region)
    origin = retry_policy.report_link_origin(BUCKET, region)
    assert origin == f"https://{BUCKET}.s3.{region}.amazonaws.com"
    assert problems(url, region, origin) == []
    parts = urlsplit(url)
    assert parts.path == "/reports/k-road/run-1/report.html"
    assert parse_qs(parts.query)["X-Amz-Expires"] == ["300"]


def test_botocores_own_default_link_is_refused_by_the_check():
    """Without the client configuration, botocore presigns with SigV2 on the global domain:
    what the check above is there to catch."""
    region = "ap-southeast-2"
    url = boto3.client("s3", region_name=region).generate_presigned_url(
        "get_object", Params={"Bucket": BUCKET, "Key": "reports/k-road/run-1/report.html"}
    )
    found = problems(url, region, retry_policy.report_link_origin(BUCKET, region))
    assert "SigV2 parameter Signature" in found
    assert any(problem.startswith("not SigV4") for problem in found)
    assert f"points at https://{BUCKET}.s3.amazonaws.com, not" in " ".join(found)


def test_locally_the_link_is_sigv4_by_path_to_the_embedded_aws(stack):
    url = _link(stack, "us-east-1", endpoint=LOCAL)
    assert problems(url, "us-east-1", LOCAL) == []
    assert urlsplit(url).path == f"/{BUCKET}/reports/k-road/run-1/report.html"


def test_every_s3_client_signs_with_sigv4():
    for endpoint, style in ((None, "virtual"), (LOCAL, "path")):
        options = retry_policy.botocore_config("s3", endpoint)
        assert options.signature_version == "s3v4"
        assert options.s3["addressing_style"] == style
        assert options.retries == retry_policy.RETRIES
