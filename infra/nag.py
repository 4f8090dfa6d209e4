"""cdk-nag AwsSolutions acknowledgements: each finding the stack accepts, and why.

cdk-nag 3 fails the synth on any finding not acknowledged here, so `make synth` is the check.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import custom_resources as cr
from constructs import IConstruct

from infra.data import Data
from infra.functions import Functions
from infra.naming import API_FUNCTION, NIGHTLY_FUNCTION, REPORT_FUNCTION
from infra.settings import StackSettings
from infra.site import Site
from infra.staff_sign_in import StaffSignIn


def _ack(construct: IConstruct, rule: str, reason: str) -> None:
    cdk.Validations.of(construct).acknowledge(
        cdk.Acknowledgment(id=f"AwsSolutions-{rule}", reason=reason)
    )


def _arn_of(stack: cdk.Stack, construct: IConstruct) -> str:
    return f"<{stack.get_logical_id(construct.node.default_child)}.Arn>"  # type: ignore[arg-type]


def _log_group(function_name: str) -> str:
    return (
        "arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:"
        f"/aws/lambda/{function_name}:*"
    )


def acknowledge(
    stack: cdk.Stack,
    *,
    settings: StackSettings,
    data: Data,
    functions: Functions,
    site: Site,
    sign_in: StaffSignIn,
) -> None:
    reports = f"Resource::{_arn_of(stack, data.reports_bucket)}/reports/*"
    site_arn = _arn_of(stack, site.bucket)
    for policy_id, keys in (
        ("ApiRolePolicy", [API_FUNCTION]),
        ("ReportJobRolePolicy", [NIGHTLY_FUNCTION, REPORT_FUNCTION]),
    ):
        policy = functions.node.find_child(policy_id)
        _ack(
            policy,
            f"IAM5[{reports}]",
            "Report runs are objects under the reports/ prefix (store/reports.py); the object "
            "names are run ids made at run time, so the grant is the prefix.",
        )
        _ack(
            policy,
            f"IAM5[Resource::{site_arn}/i18n/*]",
            "The pre-renderer reads the UI catalogues the deployment copied (one per language, "
            "services/pages.py); read only.",
        )
        _ack(
            policy,
            f"IAM5[Resource::{site_arn}/c/*]",
            "The pre-rendered pages are written under c/<consultation>/ (domain/pages.py), "
            "named by consultation, language and option at run time.",
        )
        _ack(
            policy,
            "IAM5[Resource::*]",
            "X-Ray's PutTraceSegments and PutTelemetryRecords have no resource to name.",
        )
        _ack(
            policy,
            f"IAM5[Resource::{_arn_of(stack, site.bucket)}/open-data/*]",
            "Open-data bundles are objects under open-data/{cid}/ (store/open_data.py), one "
            "folder per consultation named at run time, so the grant is the prefix.",
        )
        for key in keys:
            _ack(
                policy,
                f"IAM5[Resource::{_log_group(functions.names[key])}]",
                "The function's own log group: its streams are named by Lambda at run time.",
            )

    _ack(
        data.token_key,
        "SMG4",
        "Rotating the resident token key would invalidate every resident's token mid-"
        "consultation; rotate by hand between consultations (docs/deploy.md).",
    )
    _ack(
        data.edge_secret,
        "SMG4",
        "CloudFront's origin header and the WAF rule take the edge secret by dynamic references,"
        " resolved only when CloudFormation updates them: a rotation would make the API count "
        "CloudFront's edges again until then (docs/deploy.md, Defences).",
    )
    _ack(
        data.dead_letters,
        "SQS3",
        "This queue is the report job's dead-letter queue itself.",
    )
    distribution = site.distribution
    _ack(
        distribution,
        "CFR4",
        "The distribution uses the default *.cloudfront.net certificate, whose TLS policy "
        "CloudFront fixes; minimum_protocol_version TLSv1.2_2021 applies once a custom domain "
        "and certificate are added.",
    )
    _ack(
        distribution,
        "CFR1",
        "A consultation is public to everyone; no country is to be kept out.",
    )
    _ack(
        distribution,
        "CFR2",
        "The pages are static files from a private bucket; the API behind them has its own "
        "WAF rate rule per source IP (waf_rate_limit, on by default) and stage throttling.",
    )
    pool = sign_in.user_pool
    if not settings.advanced_security:
        _ack(
            pool,
            "COG8",
            "Threat protection (the Plus plan) is optional and costs per user: "
            "make deploy ... ADVANCED_SECURITY=1 turns it on.",
        )
    if not settings.staff_mfa:
        _ack(
            pool,
            "COG2",
            "MFA for staff is optional by setting: make deploy ... STAFF_MFA=1 requires it.",
        )
    _acknowledge_bucket_deployment(stack, site.bucket)
    _acknowledge_render_pages(stack)
    nightly = functions.by_key[NIGHTLY_FUNCTION]
    cdk.Validations.of(nightly).acknowledge(
        cdk.Acknowledgment(
            id="CloudFormation-Validate::E0001",
            reason="CDK's built-in validator reads the schedule event without the raw override "
            "that adds its Name and DeadLetterConfig and so misses its Schedule; the SAM "
            "translator (aws-sam-translator 1.115) transforms the event correctly and cfn-lint's "
            "SAM schemas accept it.",
        )
    )


def _acknowledge_bucket_deployment(stack: cdk.Stack, site_bucket: IConstruct) -> None:
    """CDK's BucketDeployment handler (uploads the pages at deploy time), which the stack does
    not write: its managed policy, wildcards and runtime are CDK's."""
    for child in stack.node.children:
        if not child.node.id.startswith("Custom::CDKBucketDeployment"):
            continue
        why = "CDK's BucketDeployment handler copies the built pages into the site bucket."
        role = child.node.find_child("ServiceRole")
        _ack(
            role,
            "IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
            why + " It logs with Lambda's basic execution policy.",
        )
        policy = role.node.find_child("DefaultPolicy")
        for finding in (
            "Resource::*",
            "Action::s3:GetObject*",
            "Action::s3:GetBucket*",
            "Action::s3:List*",
            "Action::s3:DeleteObject*",
            "Action::s3:Abort*",
            "Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*",
            f"Resource::{_arn_of(stack, site_bucket)}/*",
        ):
            _ack(policy, f"IAM5[{finding}]", why + " CDK writes its policy.")
        _ack(child, "L1", why + " CDK pins its runtime.")


def _acknowledge_render_pages(stack: cdk.Stack) -> None:
    """CDK's AwsCustomResource handler (one per stack, the `RenderPages` call after each pages
    deployment, infra/pages.py), which the stack does not write: its managed policy is CDK's;
    its own policy grants only lambda:InvokeFunction on the report function."""
    for child in stack.node.children:
        if child.node.id != "AWS" + cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", ""):
            continue
        _ack(
            child.node.find_child("ServiceRole"),
            "IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
            "CDK's AwsCustomResource handler invokes the report function after each pages "
            "deployment (RenderPages). It logs with Lambda's basic execution policy.",
        )
