"""Through CloudFront, API Gateway's `sourceIp` is an edge's, shared by many residents: the
per-source limits count the viewer CloudFront names, but only on requests that carry the edge
secret (chalicelib/api/viewer.py). A direct caller who makes up CloudFront's headers gains
nothing: it is counted as itself."""

from __future__ import annotations

import dataclasses
import json

import boto3
import pytest

from chalicelib.api.viewer import EDGE_HEADER, VIEWER_HEADER

EDGE_IP = "198.51.100.200"  # what API Gateway says: the edge, or the direct caller
SECRET = "edge-secret-from-secrets-manager"
LIMIT = 3


@pytest.fixture
def behind_the_edge(aws, monkeypatch):
    """In AWS: the edge secret in Secrets Manager, read by its ARN; few tokens per hour."""
    from chalice.local import LambdaEventConverter

    from chalicelib import config
    from chalicelib.store import secrets

    arn = boto3.client("secretsmanager", region_name="us-east-1").create_secret(
        Name="edge-secret", SecretString=SECRET
    )["ARN"]
    in_aws = dataclasses.replace(
        config.current(), edge_secret_text=None, edge_secret_arn=arn, resident_tokens_per_hour=LIMIT
    )
    monkeypatch.setattr(config, "current", lambda: in_aws)
    monkeypatch.setattr(LambdaEventConverter, "LOCAL_SOURCE_IP", EDGE_IP)
    secrets._secret.cache_clear()
    yield
    secrets._secret.cache_clear()


def _token(api, **headers: str):
    return api.client.http.post(
        "/residents", headers={"Content-Type": "application/json", **headers}, body=json.dumps({})
    )


def test_through_the_edge_each_viewer_has_its_own_budget(api, behind_the_edge):
    for viewer in ("203.0.113.7:40001", "203.0.113.8:40002", "2001:db8::1:443"):
        for port in range(LIMIT):
            edge = {EDGE_HEADER: SECRET, VIEWER_HEADER: viewer.rsplit(":", 1)[0] + f":{port}"}
            assert _token(api, **edge).status_code == 201, viewer
        refused = _token(api, **{EDGE_HEADER: SECRET, VIEWER_HEADER: viewer})
        assert refused.status_code == 429, viewer  # a new port is not a new resident
    # the edge's own address was never counted
    assert _token(api).status_code == 201


@pytest.mark.parametrize(
    "forged",
    [
        {},  # no edge secret at all
        {EDGE_HEADER: "a-guess"},
        {EDGE_HEADER: SECRET[:-1]},
        {EDGE_HEADER: ""},
    ],
)
def test_a_direct_caller_forging_the_viewer_address_is_counted_as_itself(
    api, behind_the_edge, forged
):
    for n in range(LIMIT):
        made_up = {**forged, VIEWER_HEADER: f"203.0.113.{n + 1}:443"}
        assert _token(api, **made_up).status_code == 201
    made_up = {**forged, VIEWER_HEADER: "203.0.113.99:443"}
    refused = _token(api, **made_up)
    assert refused.status_code == 429
    assert refused.json_body["error"]["code"] == "rate_limited"
    # the address it hid behind still has its whole budget, through the edge
    assert _token(api, **{EDGE_HEADER: SECRET, VIEWER_HEADER: "203.0.113.1:443"}).status_code == 201


def test_a_malformed_viewer_address_through_the_edge_counts_the_edge(api, behind_the_edge):
    for _ in range(LIMIT):
        assert _token(api, **{EDGE_HEADER: SECRET, VIEWER_HEADER: "nonsense"}).status_code == 201
    assert _token(api).status_code == 429  # the same budget as API Gateway's address


def test_without_an_edge_secret_configured_the_headers_count_for_nothing(api, aws, monkeypatch):
    from chalice.local import LambdaEventConverter

    from chalicelib import config

    plain = dataclasses.replace(
        config.current(), edge_secret_text=None, edge_secret_arn=None, resident_tokens_per_hour=1
    )
    monkeypatch.setattr(config, "current", lambda: plain)
    monkeypatch.setattr(LambdaEventConverter, "LOCAL_SOURCE_IP", EDGE_IP)
    assert _token(api, **{EDGE_HEADER: "", VIEWER_HEADER: "203.0.113.1:1"}).status_code == 201
    assert _token(api, **{EDGE_HEADER: "x", VIEWER_HEADER: "203.0.113.2:1"}).status_code == 429
