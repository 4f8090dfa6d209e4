"""Site, reports bucket, Cognito, alarms and tags."""

from __future__ import annotations

import json

import pytest

from chalicelib.domain.staff import ROLES
from chalicelib.web_headers import (
    ASSET_CACHE_CONTROL,
    FILE_CACHE_CONTROL,
    HASHED_PREFIXES,
    page_headers,
)
from infra.data import NONCURRENT_VERSION_DAYS, UNPUBLISHED_RUN_DAYS
from infra.naming import TAG
from infra.site import CREDENTIAL_HEADERS, sign_in_origin_pattern

pytestmark = pytest.mark.infra


def _props(demo, construct):
    return demo.resource(demo.logical_id(construct))["Properties"]


def _render(value, refs):
    """A Fn::Join of literals and Refs, as CloudFormation would render it."""
    if isinstance(value, str):
        return value
    separator, parts = value["Fn::Join"]
    return separator.join(refs[p["Ref"]] if isinstance(p, dict) else p for p in parts)


def test_the_site_sends_exactly_the_page_headers(demo):
    (policy,) = demo.resources("AWS::CloudFront::ResponseHeadersPolicy").values()
    config = policy["Properties"]["ResponseHeadersPolicyConfig"]
    security = config["SecurityHeadersConfig"]
    sent = {h["Header"]: h["Value"] for h in config["CustomHeadersConfig"]["Items"]}
    reports = demo.logical_id(demo.stack.data.reports_bucket)
    refs = {"AWS::Region": "ap-southeast-2", reports: "sayso-demo-reports-1a2b3c"}
    sent["Content-Security-Policy"] = _render(
        security["ContentSecurityPolicy"]["ContentSecurityPolicy"], refs
    )
    sent["Referrer-Policy"] = security["ReferrerPolicy"]["ReferrerPolicy"]
    sent["X-Frame-Options"] = security["FrameOptions"]["FrameOption"]
    assert security["ContentTypeOptions"]["Override"] is True
    sent["X-Content-Type-Options"] = "nosniff"
    hsts = security["StrictTransportSecurity"]
    sent["Strict-Transport-Security"] = f"max-age={hsts['AccessControlMaxAgeSec']}" + (
        "; includeSubDomains" if hsts["IncludeSubdomains"] else ""
    )
    assert sent == page_headers(
        https=True,
        sign_in_origins=(sign_in_origin_pattern("ap-southeast-2"),),
        report_origins=("https://sayso-demo-reports-1a2b3c.s3.ap-southeast-2.amazonaws.com",),
    )


def test_the_site_is_a_private_bucket_behind_cloudfront_with_oac_and_https(demo):
    bucket = _props(demo, demo.stack.site.bucket)
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    (distribution,) = demo.resources("AWS::CloudFront::Distribution").values()
    config = distribution["Properties"]["DistributionConfig"]
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    assert "OriginAccessControlId" in config["Origins"][0]
    assert demo.resources("AWS::CloudFront::OriginAccessControl")
    (deployment,) = [
        d
        for d in demo.resources("Custom::CDKBucketDeployment").values()
        if "DistributionPaths" in d["Properties"]
    ]
    assert deployment["Properties"]["DistributionPaths"] == ["/*"]


def test_hashed_files_are_cached_a_year_the_rest_briefly_and_everything_compressed(demo):
    deployments = {
        key: d["Properties"] for key, d in demo.resources("Custom::CDKBucketDeployment").items()
    }
    (assets,) = [p for p in deployments.values() if p.get("Include")]
    (pages,) = [p for p in deployments.values() if "DistributionPaths" in p]
    hashed = [f"{prefix}*" for prefix in HASHED_PREFIXES]
    assert assets["Exclude"] == ["*"] and assets["Include"] == hashed
    assert assets["Prune"] is False  # a page cached before a deploy still finds its bundles
    assert assets["SystemMetadata"] == {"cache-control": ASSET_CACHE_CONTROL}
    assert "immutable" in ASSET_CACHE_CONTROL and "max-age=31536000" in ASSET_CACHE_CONTROL
    assert set(hashed) <= set(pages["Exclude"]) and "c/*" in pages["Exclude"]
    assert pages["SystemMetadata"] == {"cache-control": FILE_CACHE_CONTROL}
    # the HTML is deployed after the bundles it names
    (pages_id,) = [k for k, p in deployments.items() if p is pages]
    (assets_id,) = [k for k, p in deployments.items() if p is assets]
    assert assets_id in demo.resource(pages_id).get("DependsOn", [])
    (distribution,) = demo.resources("AWS::CloudFront::Distribution").values()
    config = distribution["Properties"]["DistributionConfig"]
    assert config["DefaultCacheBehavior"]["Compress"] is True
    (api,) = [b for b in config["CacheBehaviors"] if b["PathPattern"] == "/api/*"]
    assert api["Compress"] is True
    # the default behaviour's policy honours the objects' Cache-Control (CachingOptimized)
    assert config["DefaultCacheBehavior"]["CachePolicyId"] == "658327ea-f89d-4fab-a63d-7e88639e58f6"


def test_the_pages_config_points_at_this_stacks_api_and_cognito(demo):
    page = demo.stack.resolve(demo.stack.page_config)
    assert page["consultation"] == "demo"
    assert page["staff_auth"]["kind"] == "cognito"
    assert page["staff_auth"]["client_id"] == {"Ref": demo.logical_id(demo.stack.sign_in.client)}
    assert page["api_url"] == "/api"  # same origin: the distribution's /api/* behaviour


def test_the_distribution_routes_api_to_api_gateway_without_caching_credentials(demo):
    (distribution,) = demo.resources("AWS::CloudFront::Distribution").values()
    config = distribution["Properties"]["DistributionConfig"]
    (behaviour,) = [b for b in config["CacheBehaviors"] if b["PathPattern"] == "/api/*"]
    (origin,) = [o for o in config["Origins"] if o["Id"] == behaviour["TargetOriginId"]]
    domain = json.dumps(origin["DomainName"])
    assert '"RestAPI"' in domain and "execute-api" in domain
    assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert "OriginPath" not in origin or origin["OriginPath"] == ""  # the stage is named api
    assert behaviour["ViewerProtocolPolicy"] == "https-only"
    assert set(behaviour["AllowedMethods"]) >= {"GET", "POST", "PATCH", "DELETE", "OPTIONS"}
    cache = demo.resource(behaviour["CachePolicyId"]["Ref"])["Properties"]["CachePolicyConfig"]
    assert cache["DefaultTTL"] == 0 and cache["MinTTL"] == 0  # only what Cache-Control allows
    key = cache["ParametersInCacheKeyAndForwardedToOrigin"]
    assert key["HeadersConfig"]["HeaderBehavior"] == "whitelist"
    assert set(key["HeadersConfig"]["Headers"]) == set(CREDENTIAL_HEADERS)
    assert key["QueryStringsConfig"]["QueryStringBehavior"] == "all"
    request = demo.resource(behaviour["OriginRequestPolicyId"]["Ref"])["Properties"]
    forwarded = request["OriginRequestPolicyConfig"]["HeadersConfig"]
    assert "Idempotency-Key" in forwarded["Headers"]
    assert "Host" not in forwarded["Headers"]  # API Gateway answers to its own name only
    # The API names its handler by ARN, so the distribution -> API -> handler -> distribution
    # references make no circle (cfn-lint checks the whole template for circles too).
    (api,) = [v for k, v in demo.resources("AWS::Serverless::Api").items() if k == "RestAPI"]
    assert "APIHandler.Arn" not in json.dumps(api["Properties"]["DefinitionBody"])


def test_runs_without_a_manifest_expire_by_the_tag_the_job_writes(demo):
    from chalicelib.store.reports import RUN_TAG, UNPUBLISHED

    bucket = _props(demo, demo.stack.data.reports_bucket)
    rules = {rule["Id"]: rule for rule in bucket["LifecycleConfiguration"]["Rules"]}
    unpublished = rules["unpublished-runs"]
    assert unpublished["TagFilters"] == [{"Key": RUN_TAG, "Value": UNPUBLISHED}]
    assert unpublished["ExpirationInDays"] == UNPUBLISHED_RUN_DAYS
    assert "Prefix" not in unpublished  # the tag alone: published runs are never touched
    queue = demo.resource(demo.logical_id(demo.stack.data.dead_letters))["Properties"]
    assert queue["MessageRetentionPeriod"] == UNPUBLISHED_RUN_DAYS * 86400


def test_reports_bucket(demo):
    bucket = _props(demo, demo.stack.data.reports_bucket)
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
    rules = {rule["Id"]: rule for rule in bucket["LifecycleConfiguration"]["Rules"]}
    assert set(rules) == {"unpublished-runs", "old-versions"}
    old = rules["old-versions"]
    assert old["NoncurrentVersionExpiration"]["NoncurrentDays"] == NONCURRENT_VERSION_DAYS
    assert old["ExpiredObjectDeleteMarker"] is True
    assert old["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"] == 1
    assert all(rule["Status"] == "Enabled" for rule in rules.values())
    policies = [
        p["Properties"]
        for p in demo.resources("AWS::S3::BucketPolicy").values()
        if p["Properties"]["Bucket"] == {"Ref": demo.logical_id(demo.stack.data.reports_bucket)}
    ]
    (statement,) = [
        s
        for s in policies[0]["PolicyDocument"]["Statement"]
        if s.get("Condition") == {"Bool": {"aws:SecureTransport": "false"}}
    ]
    assert statement["Effect"] == "Deny"


def test_staff_sign_in(demo):
    pool = _props(demo, demo.stack.sign_in.user_pool)
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] >= 12
    groups = {
        g["Properties"]["GroupName"] for g in demo.resources("AWS::Cognito::UserPoolGroup").values()
    }
    assert groups == set(ROLES)
    client = _props(demo, demo.stack.sign_in.client)
    assert client["AllowedOAuthFlows"] == ["code"]
    assert "GenerateSecret" not in client or client["GenerateSecret"] is False
    assert "staff/" in json.dumps(client["CallbackURLs"])
    assert demo.resources("AWS::Cognito::UserPoolDomain")
    outputs = demo.template["Outputs"]
    assert {"StaffJwksUrl", "StaffIssuer", "StaffAudience"} <= set(outputs)


def test_alarms_go_to_the_topic(demo):
    alarms = demo.resources("AWS::CloudWatch::Alarm")
    topic = {"Ref": demo.logical_id(demo.stack.monitoring.topic)}
    assert alarms and all(a["Properties"]["AlarmActions"] == [topic] for a in alarms.values())
    text = json.dumps(alarms)
    for metric in ("5XXError", "Errors", "Throttles", "ReadThrottleEvents", "ApproximateNumberOf"):
        assert metric in text, metric
    assert demo.resources("AWS::CloudWatch::Dashboard")
    assert not demo.resources("AWS::SNS::Subscription")  # no ALARM_EMAIL given


def test_everything_taggable_carries_the_consultation(demo):
    tagged_kinds = {"AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::SQS::Queue", "AWS::SNS::Topic"}
    for kind in tagged_kinds:
        for logical, resource in demo.resources(kind).items():
            tags = {t["Key"]: t["Value"] for t in resource["Properties"].get("Tags", [])}
            assert tags.get(TAG) == "demo", logical
    for function in demo.resources("AWS::Serverless::Function").values():
        assert function["Properties"]["Tags"][TAG] == "demo"
    assert (
        demo.stack.tags.tag_values()[TAG] == "demo"
    )  # stack tags: CloudFormation adds them to all


def test_a_deploy_keeps_what_the_functions_wrote_in_the_site_bucket(demo):
    """The pages' deployment prunes what is not in frontend/, except what the functions write
    there: the pre-rendered pages (c/…) and the open-data bundles (open-data/…), which a deploy
    must not delete (published data would vanish until the next night)."""
    from chalicelib.domain.pages import PREFIX as PAGES_PREFIX
    from chalicelib.store.open_data import PREFIX as OPEN_DATA_PREFIX
    from chalicelib.web_headers import HASHED_PREFIXES

    deployments = demo.resources("Custom::CDKBucketDeployment").values()
    pruning = [d["Properties"] for d in deployments if d["Properties"].get("Prune", True)]
    (props,) = pruning  # the hashed files' deployment (PagesAssets) never prunes
    hashed = {f"{prefix}*" for prefix in HASHED_PREFIXES}
    assert set(props["Exclude"]) == {f"{PAGES_PREFIX}/*", f"{OPEN_DATA_PREFIX}/*"} | hashed


def test_each_pages_deployment_is_followed_by_a_rendering(demo):
    """The pages' deployment puts the plain page back at the root (index.html); RenderPages,
    after it, invokes the report function with `render_pages` (app.py consolidate), which
    renders every public consultation again, the root among them. Its payload carries the
    fingerprint of frontend/ and config.json, so it runs again whenever the deployment does."""
    from infra.naming import REPORT_FUNCTION

    (render_id,) = [
        key
        for key, r in demo.template["Resources"].items()
        if r["Type"] == "Custom::AWS" and "RenderPages" in key
    ]
    render = demo.resource(render_id)
    (pages_id,) = [
        k
        for k, d in demo.resources("Custom::CDKBucketDeployment").items()
        if "DistributionPaths" in d["Properties"]
    ]
    # after the files are copied, and after the function as this deployment made it
    assert {pages_id, REPORT_FUNCTION} <= set(render["DependsOn"])
    for phase in ("Create", "Update"):
        call = json.dumps(render["Properties"][phase])
        assert '\\"service\\":\\"Lambda\\"' in call and '\\"action\\":\\"invoke\\"' in call
        assert "render_pages" in call and '\\"InvocationType\\":\\"Event\\"' in call
        assert demo.resource(REPORT_FUNCTION)["Properties"]["FunctionName"] in call
        assert "frontend" in call and "config" in call
    # its own role may invoke that function and nothing else
    policies = [
        p["Properties"]["PolicyDocument"]["Statement"]
        for key, p in demo.resources("AWS::IAM::Policy").items()
        if "RenderPages" in key
    ]
    (statements,) = policies
    assert [s["Action"] for s in statements] == ["lambda:InvokeFunction"]
    assert "function:" in json.dumps(statements[0]["Resource"])
