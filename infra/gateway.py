"""The REST API Chalice makes, set up for a public consultation: named, traced, throttled per
stage, access-logged, answering its own errors in the project's shape, and (a setting) a
per-viewer rate rule in front of it (WAF)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_wafv2 as wafv2
from chalice.cdk import Chalice
from constructs import Construct

from chalicelib.api.errors import GATEWAY_ANSWERS
from chalicelib.api.viewer import EDGE_HEADER
from chalicelib.web_headers import PRIVATE_API_HEADERS
from infra.naming import API_FUNCTION, API_STAGE
from infra.settings import StackSettings
from infra.site import VIEWER_IP_HEADER

ERROR_TEMPLATE = json.dumps(
    {"error": {"code": "CODE", "message": "$context.error.messageString", "field": None}}
).replace('"$context.error.messageString"', "$context.error.messageString")


def _gateway_response(status: str | None, code: str, message: str | None = None) -> dict[str, Any]:
    """status None keeps API Gateway's own status (a 403, 413 or 504 stays one)."""
    body = ERROR_TEMPLATE.replace("CODE", code)
    if message:
        body = body.replace("$context.error.messageString", json.dumps(message))
    response: dict[str, Any] = {
        "ResponseTemplates": {"application/json": body},
        "ResponseParameters": {
            "Headers": {
                "Access-Control-Allow-Origin": "'*'",
                # never cached, never sniffed: the same headers as the function's errors
                **{name: f"'{value}'" for name, value in PRIVATE_API_HEADERS.items()},
            }
        },
    }
    if status:
        response["StatusCode"] = status
    if status == "429":  # the contract promises Retry-After on every 429 (api/openapi.py)
        response["ResponseParameters"]["Headers"]["Retry-After"] = "'1'"
    return response


# API Gateway answers these itself, before the function: in the project's error shape, with
# the statuses and words the local API server uses too (one table: GATEWAY_ANSWERS).
GATEWAY_RESPONSES = {
    **{
        kind: _gateway_response(str(status), code, message)
        for kind, (status, code, message) in GATEWAY_ANSWERS.items()
    },
    "DEFAULT_4XX": _gateway_response(None, "refused"),
    "DEFAULT_5XX": _gateway_response(None, "unavailable"),
}

ACCESS_LOG_FORMAT = json.dumps(
    {
        "requestId": "$context.requestId",
        "time": "$context.requestTime",
        "method": "$context.httpMethod",
        "resource": "$context.resourcePath",
        "status": "$context.status",
        "latencyMs": "$context.responseLatency",
        "error": "$context.error.message",
    }
)


class Gateway(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        chalice: Chalice,
        settings: StackSettings,
        api_function_name: str,
        edge_secret: secretsmanager.ISecret,
    ) -> None:
        super().__init__(scope, construct_id)
        stack = cdk.Stack.of(self)
        self.rest_api = chalice.get_resource("RestAPI")
        self._integrate_by_name(chalice, api_function_name)
        access_logs = logs.LogGroup(
            self,
            "ApiAccessLogs",
            retention=logs.RetentionDays.THREE_MONTHS,
            removal_policy=cdk.RemovalPolicy.DESTROY,
        )
        self.rest_api.add_property_override("Name", stack.stack_name)
        self.rest_api.add_property_override("TracingEnabled", True)
        self.rest_api.add_property_override(
            "MethodSettings",
            [
                {
                    "ResourcePath": "/*",
                    "HttpMethod": "*",
                    "ThrottlingRateLimit": settings.api_rate_limit,
                    "ThrottlingBurstLimit": settings.api_burst_limit,
                    "MetricsEnabled": True,
                }
            ],
        )
        self.rest_api.add_property_override(
            "AccessLogSetting",
            {"DestinationArn": access_logs.log_group_arn, "Format": ACCESS_LOG_FORMAT},
        )
        self.rest_api.add_property_override("GatewayResponses", GATEWAY_RESPONSES)
        if settings.waf_rate_limit:
            self._rate_limit(settings.waf_rate_limit, edge_secret)
        self.url = (
            f"https://{self.rest_api.ref}.execute-api.{stack.region}.{stack.url_suffix}/{API_STAGE}"
        )

    def _integrate_by_name(self, chalice: Chalice, function_name: str) -> None:
        """The API's integrations name the handler by its (fixed) ARN instead of referring to
        the function resource. The distribution routes /api/* to this API, and the handler's
        environment names the distribution (CORS origin, the Cognito client's callback): a
        reference here would close that circle."""
        sam = Path(chalice._sam_package_dir) / "sam.json"  # what Chalice's construct includes
        body = json.loads(sam.read_text())["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
        arn = (
            "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:"
            + function_name
        )
        text = json.dumps(body)
        if f"${{{API_FUNCTION}.Arn}}" not in text:
            raise ValueError("Chalice's API no longer integrates ${APIHandler.Arn}: see gateway.py")
        self.rest_api.add_property_override(
            "DefinitionBody", json.loads(text.replace(f"${{{API_FUNCTION}.Arn}}", arn))
        )

    def _rate_limit(self, limit: int, edge_secret: secretsmanager.ISecret) -> None:
        """`limit` requests per 5 minutes per resident. Through CloudFront, API Gateway sees an
        edge's address, shared by many residents: requests that carry the edge secret (only
        CloudFront's do) count by the viewer's address CloudFront's viewer function set
        (infra/site.py); all others (direct calls, whatever headers they make up) by their
        own address. The secret is a dynamic reference, never in the template."""
        stack = cdk.Stack.of(self)
        from_edge = wafv2.CfnWebACL.StatementProperty(
            byte_match_statement=wafv2.CfnWebACL.ByteMatchStatementProperty(
                field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(
                    single_header={"Name": EDGE_HEADER.lower()}
                ),
                positional_constraint="EXACTLY",
                search_string=edge_secret.secret_value.unsafe_unwrap(),
                text_transformations=[
                    wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")
                ],
            )
        )
        per_viewer = wafv2.CfnWebACL.RateBasedStatementProperty(
            limit=limit,
            aggregate_key_type="FORWARDED_IP",
            forwarded_ip_config=wafv2.CfnWebACL.ForwardedIPConfigurationProperty(
                header_name=VIEWER_IP_HEADER,
                # CloudFront always sets it; a request without a valid one is counted as over
                fallback_behavior="MATCH",
            ),
            scope_down_statement=from_edge,
        )
        per_source = wafv2.CfnWebACL.RateBasedStatementProperty(
            limit=limit,
            aggregate_key_type="IP",
            scope_down_statement=wafv2.CfnWebACL.StatementProperty(
                not_statement=wafv2.CfnWebACL.NotStatementProperty(statement=from_edge)
            ),
        )
        rules = [
            wafv2.CfnWebACL.RuleProperty(
                name=name,
                priority=priority,
                action=wafv2.CfnWebACL.RuleActionProperty(block={}),
                statement=wafv2.CfnWebACL.StatementProperty(rate_based_statement=statement),
                visibility_config=wafv2.CfnWebACL.VisibilityConfigProperty(
                    cloud_watch_metrics_enabled=True,
                    metric_name=f"{stack.stack_name}-{metric}",
                    sampled_requests_enabled=True,
                ),
            )
            for priority, (name, metric, statement) in enumerate(
                [
                    ("rate-per-viewer", "rate-viewer", per_viewer),
                    ("rate-per-source", "rate", per_source),
                ]
            )
        ]
        acl = wafv2.CfnWebACL(
            self,
            "ApiFirewall",
            scope="REGIONAL",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=wafv2.CfnWebACL.VisibilityConfigProperty(
                cloud_watch_metrics_enabled=True,
                metric_name=f"{stack.stack_name}-api",
                sampled_requests_enabled=True,
            ),
            rules=rules,
        )
        association = wafv2.CfnWebACLAssociation(
            self,
            "ApiFirewallAssociation",
            web_acl_arn=acl.attr_arn,
            resource_arn=f"arn:{stack.partition}:apigateway:{stack.region}::/restapis/"
            f"{self.rest_api.ref}/stages/{API_STAGE}",
        )
        # SAM names the stage it creates "<Api><Stage>Stage".
        association.add_override("DependsOn", [f"RestAPI{API_STAGE}Stage"])
