"""The pages' files (frontend/, as `make frontend` built it: the bundles under hashed names, the
HTML naming them) and their config.json (where the API and staff sign-in are), copied into the
site bucket at deploy time with their Cache-Control; CloudFront's cache is cleared after; then
the pre-rendered pages rendered again (RenderPages), which puts the rendered consultation page
back at the site's root."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3_deployment as s3deploy
from aws_cdk import custom_resources as cr

from chalicelib.domain.pages import PREFIX as PAGES_PREFIX
from chalicelib.store.open_data import PREFIX as OPEN_DATA_PREFIX
from chalicelib.web_headers import ASSET_CACHE_CONTROL, FILE_CACHE_CONTROL, HASHED_PREFIXES
from infra import environment
from infra.naming import ROOT
from infra.site import Site
from infra.staff_sign_in import StaffSignIn


def page_config(
    *,
    consultation: str,
    api_url: str,
    sign_in: StaffSignIn,
    tiles: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The pages' config.json in AWS (chalicelib/local/runtime.py serves the local one); the API
    is same-origin (/api, infra/site.py route_api); `tiles`: the basemap the stack was given
    (StackSettings.tiles), None for the plain background."""
    return {
        "api_url": api_url,
        "stage": environment.STAGE,
        "consultation": consultation,
        "languages": ["en", "mi"],
        "tiles": tiles,
        "staff_auth": {
            "kind": "cognito",
            "domain": sign_in.hosted_ui,
            "client_id": sign_in.client.user_pool_client_id,
            "redirect_uri": sign_in.staff_url,
            "logout_uri": sign_in.staff_url,
        },
    }


SOURCE_EXCLUDE = ["tests", "tests/**", "templates", "templates/**"]


def upload_pages(stack: cdk.Stack, site: Site, config: dict[str, Any]) -> s3deploy.BucketDeployment:
    """Two deployments of the same files, in the stack itself (the deployment tags the site
    bucket with a hash of its own path, aws-cdk:cr-owned:..., which a new path would change):

    - `PagesAssets`, first: the content-hashed files (frontend/assets/, the illustrations) with
      `Cache-Control: public, max-age=31536000, immutable` (chalicelib/web_headers.py); never
      pruned, so a page still cached (or a browser's copy of an older page) finds the bundles it
      names after a deploy;
    - `Pages`: everything else (the HTML, config.json, the catalogues, the manifest) with a short
      `Cache-Control` (FILE_CACHE_CONTROL), then CloudFront's cache cleared (`/*`).

    The pre-rendered pages (c/…, written by the functions) are neither's to prune: a deploy
    keeps them. The root index.html is the plain consultation page until the renderer replaces
    it with the rendered one, which `render_after_deploy` has it do at once (docs/deploy.md).
    Returns `Pages`."""
    source = s3deploy.Source.asset(str(ROOT / "frontend"), exclude=SOURCE_EXCLUDE)
    hashed = [f"{prefix}*" for prefix in HASHED_PREFIXES]
    assets = s3deploy.BucketDeployment(
        stack,
        "PagesAssets",
        destination_bucket=site.bucket,
        sources=[source],
        exclude=["*"],
        include=hashed,
        prune=False,
        cache_control=[s3deploy.CacheControl.from_string(ASSET_CACHE_CONTROL)],
        memory_limit=512,
    )
    pages = s3deploy.BucketDeployment(
        stack,
        "Pages",
        destination_bucket=site.bucket,
        sources=[source, s3deploy.Source.json_data("config.json", config)],
        # The pre-rendered pages (c/…) and the open-data bundles (open-data/…), written by the
        # functions, are not the deployment's to prune; the hashed files are PagesAssets'.
        exclude=[f"{PAGES_PREFIX}/*", f"{OPEN_DATA_PREFIX}/*", *hashed],
        cache_control=[s3deploy.CacheControl.from_string(FILE_CACHE_CONTROL)],
        distribution=site.distribution,
        distribution_paths=["/*"],
        memory_limit=512,
    )
    pages.node.add_dependency(assets)  # the HTML never names a bundle not there yet
    return pages


def render_after_deploy(
    stack: cdk.Stack,
    pages: s3deploy.BucketDeployment,
    *,
    function: cdk.CfnResource,
    function_name: str,
    config: dict[str, Any],
) -> cr.AwsCustomResource:
    """`RenderPages`: after `Pages` has copied the files, invoke the report function with
    `{"render_pages": true}` (app.py consolidate: every public consultation rendered again, the
    nightly job's path), so the deployment's plain index.html at the root is replaced within
    seconds, not at the next staff change or night, and every rendered page names the bundles
    just deployed. It runs whenever `Pages` does: its payload carries what `Pages` copies (the
    fingerprint of frontend/, as the asset's hash is computed, and config.json), so a change to
    either updates it. Asynchronous (`Event`): a failed rendering never fails or rolls back the
    deployment; Lambda retries it and then sends it to the dead-letter queue, which alarms."""
    fingerprint = cdk.FileSystem.fingerprint(str(ROOT / "frontend"), exclude=SOURCE_EXCLUDE)
    payload = {"render_pages": True, "frontend": fingerprint, "config": config}
    function_arn = (
        f"arn:{stack.partition}:lambda:{stack.region}:{stack.account}:function:{function_name}"
    )
    call = cr.AwsSdkCall(
        service="Lambda",
        action="invoke",
        parameters={
            "FunctionName": function_name,
            "InvocationType": "Event",
            "Payload": stack.to_json_string(payload),
        },
        physical_resource_id=cr.PhysicalResourceId.of("render-pages"),
    )
    render = cr.AwsCustomResource(
        stack,
        "RenderPages",
        on_create=call,
        on_update=call,
        policy=cr.AwsCustomResourcePolicy.from_statements(
            [iam.PolicyStatement(actions=["lambda:InvokeFunction"], resources=[function_arn])]
        ),
        install_latest_aws_sdk=False,  # the runtime's SDK: no download at deploy time
        memory_size=128,  # one SDK call
        timeout=cdk.Duration.minutes(2),
        log_group=logs.LogGroup(
            stack,
            "RenderPagesLogs",
            retention=logs.RetentionDays.THREE_MONTHS,
            removal_policy=cdk.RemovalPolicy.DESTROY,
        ),
    )
    render.node.add_dependency(pages)  # after the files are there
    render.node.add_dependency(function)  # the function as this deployment made it
    return render
