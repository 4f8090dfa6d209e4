"""CloudFront tells the API who the viewer is, and proves it with a secret the template never
holds in clear; the API's WAF counts viewers through CloudFront and callers elsewhere
(chalicelib/api/viewer.py, infra/site.py, infra/gateway.py)."""

from __future__ import annotations

import json

import pytest

from chalicelib.api.viewer import EDGE_HEADER, VIEWER_HEADER
from infra.naming import API_FUNCTION
from infra.site import API_PATH_PATTERN, VIEWER_IP_HEADER

pytestmark = pytest.mark.infra


def _dynamic_reference(demo, value) -> None:
    """`{{resolve:secretsmanager:<the edge secret>:SecretString:::}}`, not a literal."""
    text = json.dumps(value)
    assert "{{resolve:secretsmanager:" in text, text
    assert demo.logical_id(demo.stack.data.edge_secret) in text, text


def _api_behaviour(demo) -> tuple[dict, dict]:
    (distribution,) = demo.resources("AWS::CloudFront::Distribution").values()
    config = distribution["Properties"]["DistributionConfig"]
    (behaviour,) = [b for b in config["CacheBehaviors"] if b["PathPattern"] == API_PATH_PATTERN]
    (origin,) = [o for o in config["Origins"] if o["Id"] == behaviour["TargetOriginId"]]
    return behaviour, origin


def test_the_api_origin_request_policy_forwards_the_viewer_address(demo):
    behaviour, _ = _api_behaviour(demo)
    policy = demo.resource(behaviour["OriginRequestPolicyId"]["Ref"])
    headers = policy["Properties"]["OriginRequestPolicyConfig"]["HeadersConfig"]
    assert headers["HeaderBehavior"] == "whitelist"
    assert {VIEWER_HEADER, VIEWER_IP_HEADER} <= set(headers["Headers"])
    assert EDGE_HEADER not in headers["Headers"], "a viewer's own edge header must never pass"


def test_the_api_origin_carries_the_edge_secret_by_dynamic_reference(demo):
    _, origin = _api_behaviour(demo)
    (header,) = origin["CustomOriginConfig"] and origin["OriginCustomHeaders"]
    assert header["HeaderName"] == EDGE_HEADER
    _dynamic_reference(demo, header["HeaderValue"])
    secret = demo.resource(demo.logical_id(demo.stack.data.edge_secret))
    assert "GenerateSecretString" in secret["Properties"]
    assert "SecretString" not in secret["Properties"]


def test_a_viewer_function_sets_the_viewer_ip_for_the_waf(demo):
    behaviour, _ = _api_behaviour(demo)
    (association,) = behaviour["FunctionAssociations"]
    assert association["EventType"] == "viewer-request"
    (function,) = demo.resources("AWS::CloudFront::Function").values()
    code = function["Properties"]["FunctionCode"]
    assert f"request.headers['{VIEWER_IP_HEADER.lower()}'] = {{value: event.viewer.ip}}" in code


def _from_edge(demo, statement: dict) -> None:
    match = statement["ByteMatchStatement"]
    assert match["FieldToMatch"] == {"SingleHeader": {"Name": EDGE_HEADER.lower()}}
    assert match["PositionalConstraint"] == "EXACTLY"
    _dynamic_reference(demo, match["SearchString"])


def test_the_waf_counts_viewers_through_the_edge_and_callers_elsewhere(demo):
    (acl,) = demo.resources("AWS::WAFv2::WebACL").values()
    viewer, source = (
        rule["Statement"]["RateBasedStatement"] for rule in acl["Properties"]["Rules"]
    )
    assert viewer["AggregateKeyType"] == "FORWARDED_IP"
    assert viewer["ForwardedIPConfig"] == {
        "HeaderName": VIEWER_IP_HEADER,
        "FallbackBehavior": "MATCH",
    }
    _from_edge(demo, viewer["ScopeDownStatement"])
    # everything else (a direct call, whatever headers it makes up): by its own address
    assert source["AggregateKeyType"] == "IP"
    _from_edge(demo, source["ScopeDownStatement"]["NotStatement"]["Statement"])


def test_the_api_reads_the_edge_secret_by_its_arn(demo):
    variables = demo.resource(API_FUNCTION)["Properties"]["Environment"]["Variables"]
    arn = {"Ref": demo.logical_id(demo.stack.data.edge_secret)}
    assert variables["SAYSO_EDGE_SECRET_ARN"] == arn
    assert "SAYSO_EDGE_SECRET" not in variables  # the value itself: never in the template
