"""One consultation's stack: its tables, API, report job, pages, reports, staff sign-in,
token key, alarms and tags, secure by default (docs/deploy.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_wafv2 as wafv2
from chalice.cdk import Chalice
from constructs import Construct

from chalicelib import config
from chalicelib.api.errors import GATEWAY_ANSWERS
from chalicelib.domain.staff import ROLES
from chalicelib.store import reports as report_store
from infra import environment, nag, permissions
from infra.monitoring import Monitoring
from infra.naming import stack_name
from infra.settings import StackSettings
from infra.site import Site
from infra.tables import add_table, table_specs

ROOT = Path(__file__).resolve().parent.parent
API_STAGE = "api"  # .chalice/config.json api_gateway_stage
TAG = "sayso:consultation"
# Chalice's logical ids for app.py's functions (API handler, @app.schedule, @app.lambda_function)
API_FUNCTION = "APIHandler"
NIGHTLY_FUNCTION = "NightlyReports"
REPORT_FUNCTION = "Consolidate"
FUNCTION_SUFFIXES = {API_FUNCTION: "api", NIGHTLY_FUNCTION: "nightly", REPORT_FUNCTION: "report"}
API_MEMORY_MB = 512
API_TIMEOUT_SECONDS = 29  # API Gateway's own limit
REPORT_MEMORY_MB = 1769  # one full vCPU (docs/benchmarks.md)
REPORT_TIMEOUT_SECONDS = 900
LOG_RETENTION_DAYS = 90
DEAD_LETTER_DAYS = 14  # SQS's longest retention: failed report runs wait for a person
# A run takes at most the job's 15 minutes, so a file still tagged unpublished after a day is
# from a run that died. It is kept as long as the dead-letter queue keeps the failed event,
# so whoever reads that queue can still look at what the broken run wrote.
UNPUBLISHED_RUN_DAYS = DEAD_LETTER_DAYS
NONCURRENT_VERSION_DAYS = 30

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
        "ResponseParameters": {"Headers": {"Access-Control-Allow-Origin": "'*'"}},
    }
    if status:
        response["StatusCode"] = status
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


class SaysoStack(cdk.Stack):
    def __init__(self, scope: Construct, settings: StackSettings, **kwargs: Any) -> None:
        name = stack_name(settings.consultation)
        super().__init__(
            scope,
            name,
            stack_name=name,
            description=f"sayso consultation {settings.consultation}",
            tags={TAG: settings.consultation},
            **kwargs,
        )
        self.settings = settings
        retain = settings.retain_data
        removal = cdk.RemovalPolicy.RETAIN if retain else cdk.RemovalPolicy.DESTROY

        # ---- data ------------------------------------------------------------------------
        self.specs = table_specs()
        self.tables = {spec.role: add_table(self, spec, retain=retain) for spec in self.specs}

        self.logs_bucket = s3.Bucket(
            self,
            "AccessLogs",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            # CloudFront's standard logs are written with an ACL.
            object_ownership=s3.ObjectOwnership.OBJECT_WRITER,
            lifecycle_rules=[s3.LifecycleRule(expiration=cdk.Duration.days(LOG_RETENTION_DAYS))],
            removal_policy=removal,
            auto_delete_objects=not retain,
        )
        self.reports_bucket = s3.Bucket(
            self,
            "Reports",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            versioned=True,
            server_access_logs_bucket=self.logs_bucket,
            server_access_logs_prefix="reports-bucket/",
            lifecycle_rules=[
                # store/reports.py tags a run's files unpublished until its manifest is written
                s3.LifecycleRule(
                    id="unpublished-runs",
                    tag_filters={report_store.RUN_TAG: report_store.UNPUBLISHED},
                    expiration=cdk.Duration.days(UNPUBLISHED_RUN_DAYS),
                ),
                # expiring a current version leaves it noncurrent behind a delete marker
                s3.LifecycleRule(
                    id="old-versions",
                    noncurrent_version_expiration=cdk.Duration.days(NONCURRENT_VERSION_DAYS),
                    expired_object_delete_marker=True,
                    # also why the job needs no s3:AbortMultipartUpload (infra/permissions.py)
                    abort_incomplete_multipart_upload_after=cdk.Duration.days(1),
                ),
            ],
            removal_policy=removal,
            auto_delete_objects=not retain,
        )
        self.token_key = secretsmanager.Secret(
            self,
            "TokenKey",
            description=f"sayso {settings.consultation}: HMAC key for resident tokens",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=64, exclude_punctuation=True
            ),
            removal_policy=removal,
        )
        self.dead_letters = sqs.Queue(
            self,
            "ReportDeadLetters",
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=cdk.Duration.days(DEAD_LETTER_DAYS),
        )

        # ---- pages and staff sign-in ----------------------------------------------------------
        # No tile server yet: the pages draw on a plain background (config.json "tiles": null).
        self.site = Site(self, "Site", logs=self.logs_bucket, retain=retain)
        self.user_pool, self.user_pool_client, self.auth_domain = self._staff_sign_in(removal)
        issuer = f"https://cognito-idp.{self.region}.amazonaws.com/{self.user_pool.user_pool_id}"

        # ---- functions ------------------------------------------------------------------------
        function_names = {key: f"{name}-{suffix}" for key, suffix in FUNCTION_SUFFIXES.items()}
        log_groups = {
            key: f"arn:{self.partition}:logs:{self.region}:{self.account}"
            f":log-group:/aws/lambda/{fn}"
            for key, fn in function_names.items()
        }
        report_function_arn = (
            f"arn:{self.partition}:lambda:{self.region}:{self.account}"
            f":function:{function_names[REPORT_FUNCTION]}"
        )
        self.api_role = self._role(
            "ApiRole",
            "The API function",
            permissions.api_statements(
                self.tables,
                self.reports_bucket,
                report_function_arn,
                self.token_key.secret_arn,
            )
            + permissions.runtime_statements([log_groups[API_FUNCTION]]),
        )
        self.job_role = self._role(
            "ReportJobRole",
            "The report job (consolidate and the nightly schedule)",
            permissions.job_statements(
                self.tables, self.reports_bucket, self.dead_letters.queue_arn
            )
            + permissions.runtime_statements(
                [log_groups[NIGHTLY_FUNCTION], log_groups[REPORT_FUNCTION]]
            ),
        )
        self.function_environment = environment.common(
            tables={spec.env_var: self.tables[spec.role].table_name for spec in self.specs},
            site_bucket=self.site.bucket.bucket_name,
            reports_bucket=self.reports_bucket.bucket_name,
            allowed_origin=self.site.url,
            token_key_secret_arn=self.token_key.secret_arn,
            staff_jwks_url=f"{issuer}/.well-known/jwks.json",
            staff_issuer=issuer,
            staff_audience=self.user_pool_client.user_pool_client_id,
        )
        self.chalice = Chalice(
            self,
            "Api",
            source_dir=str(ROOT),
            stage_config={
                "api_gateway_stage": API_STAGE,
                "environment_variables": self.function_environment,
                "manage_iam_role": False,
                "iam_role_arn": self.api_role.role_arn,
                "lambda_memory_size": API_MEMORY_MB,
                "lambda_timeout": API_TIMEOUT_SECONDS,
                "xray": True,
                "tags": {TAG: settings.consultation},
            },
        )
        self.functions = {key: self.chalice.get_resource(key) for key in FUNCTION_SUFFIXES}
        # The functions' log groups, made before the functions first run so they expire.
        # (Chalice's own log_retention_in_days names the API handler's group wrongly in SAM.)
        for key, fn in function_names.items():
            logs.LogGroup(
                self,
                f"{key}Logs",
                log_group_name=f"/aws/lambda/{fn}",
                retention=logs.RetentionDays.THREE_MONTHS,
                removal_policy=cdk.RemovalPolicy.DESTROY,
            )
        for key, function in self.functions.items():
            function.add_property_override("FunctionName", function_names[key])
        api = self.functions[API_FUNCTION]
        api.add_property_override(
            "Environment.Variables.SAYSO_REPORT_FUNCTION", function_names[REPORT_FUNCTION]
        )
        for key in (NIGHTLY_FUNCTION, REPORT_FUNCTION):
            job = self.functions[key]
            job.add_property_override("Role", self.job_role.role_arn)
            job.add_property_override("MemorySize", REPORT_MEMORY_MB)
            job.add_property_override("Timeout", REPORT_TIMEOUT_SECONDS)
            job.add_property_override("EphemeralStorage", {"Size": settings.report_storage_mb})
            job.add_property_override(
                "DeadLetterQueue", {"Type": "SQS", "TargetArn": self.dead_letters.queue_arn}
            )
            job.add_property_override(
                "EventInvokeConfig",
                {
                    "MaximumRetryAttempts": 2,
                    "DestinationConfig": {
                        "OnFailure": {"Type": "SQS", "Destination": self.dead_letters.queue_arn}
                    },
                },
            )
        # The schedule's own failures (EventBridge could not invoke) go to the same queue.
        rule_name = f"{name}-nightly-reports"
        self.functions[NIGHTLY_FUNCTION].add_property_override(
            "Events",
            {
                "NightlyReportsEvent": {
                    "Type": "Schedule",
                    "Properties": {
                        # what app.py's @app.schedule read when chalice packaged it
                        "Schedule": config.current().report_schedule,
                        "Name": rule_name,
                        "DeadLetterConfig": {"Arn": self.dead_letters.queue_arn},
                    },
                }
            },
        )
        self.dead_letters.add_to_resource_policy(
            iam.PolicyStatement(
                principals=[iam.ServicePrincipal("events.amazonaws.com")],
                actions=["sqs:SendMessage"],
                resources=[self.dead_letters.queue_arn],
                conditions={
                    "ArnEquals": {
                        "aws:SourceArn": f"arn:{self.partition}:events:{self.region}"
                        f":{self.account}:rule/{rule_name}"
                    }
                },
            )
        )
        # cfn-lint's serverless rule ES6000 asks every queue for a redrive policy; this one is
        # the last stop for failed report runs, read by a person (docs/deploy.md).
        self.dead_letters.node.default_child.add_metadata(
            "cfn-lint", {"config": {"ignore_checks": ["ES6000"]}}
        )
        self._configure_rest_api(name)
        if settings.waf_rate_limit:
            self._rate_limit(settings.waf_rate_limit)

        self.api_url = (
            f"https://{self.chalice.get_resource('RestAPI').ref}.execute-api.{self.region}"
            f".{self.url_suffix}/{API_STAGE}"
        )
        self._upload_pages()
        self.monitoring = Monitoring(
            self,
            "Monitoring",
            alarm_email=settings.alarm_email,
            api_name=name,
            api_stage=API_STAGE,
            functions=function_names,
            tables=self.tables,
            dead_letter_queue=self.dead_letters,
            report_function=function_names[REPORT_FUNCTION],
        )
        self._outputs(issuer)
        cdk.Tags.of(self).add(TAG, settings.consultation)
        nag.acknowledge(self)

    # ---- pieces ---------------------------------------------------------------------------

    def _role(
        self, construct_id: str, what: str, statements: list[iam.PolicyStatement]
    ) -> iam.Role:
        role = iam.Role(
            self,
            construct_id,
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"{what}: named actions on named tables, indexes and prefixes",
        )
        policy = iam.Policy(self, f"{construct_id}Policy", statements=statements)
        role.attach_inline_policy(policy)
        return role

    def _staff_sign_in(
        self, removal: cdk.RemovalPolicy
    ) -> tuple[cognito.UserPool, cognito.UserPoolClient, cognito.UserPoolDomain]:
        settings = self.settings
        pool = cognito.UserPool(
            self,
            "StaffUsers",
            self_sign_up_enabled=False,
            sign_in_aliases=cognito.SignInAliases(email=True),
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            password_policy=cognito.PasswordPolicy(
                min_length=12,
                require_lowercase=True,
                require_uppercase=True,
                require_digits=True,
                require_symbols=True,
                temp_password_validity=cdk.Duration.days(3),
            ),
            mfa=cognito.Mfa.REQUIRED if settings.staff_mfa else cognito.Mfa.OFF,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False)
            if settings.staff_mfa
            else None,
            feature_plan=cognito.FeaturePlan.PLUS
            if settings.advanced_security
            else cognito.FeaturePlan.ESSENTIALS,
            standard_threat_protection_mode=cognito.StandardThreatProtectionMode.FULL_FUNCTION
            if settings.advanced_security
            else None,
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            deletion_protection=settings.retain_data,
            removal_policy=removal,
        )
        for role in sorted(ROLES):
            cognito.CfnUserPoolGroup(
                self,
                f"Group{role.capitalize()}",
                user_pool_id=pool.user_pool_id,
                group_name=role,
                description=f"sayso staff role {role}",
            )
        domain = pool.add_domain(
            "HostedUi",
            cognito_domain=cognito.CognitoDomainOptions(
                domain_prefix=cdk.Fn.join("-", [self.stack_name, self.account])
            ),
        )
        staff_url = f"{self.site.url}/staff/"
        client = pool.add_client(
            "StaffPages",
            generate_secret=False,  # a public client: code flow with PKCE from the browser
            o_auth=cognito.OAuthSettings(
                flows=cognito.OAuthFlows(authorization_code_grant=True),
                scopes=[cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
                callback_urls=[staff_url],
                logout_urls=[staff_url],
            ),
            supported_identity_providers=[cognito.UserPoolClientIdentityProvider.COGNITO],
            # The deploying developer's AWS credentials can get a token from the command line
            # (cognito-idp admin-initiate-auth, gated by IAM); no password flow for browsers.
            auth_flows=cognito.AuthFlow(admin_user_password=True),
            prevent_user_existence_errors=True,
            id_token_validity=cdk.Duration.hours(1),
            access_token_validity=cdk.Duration.hours(1),
            refresh_token_validity=cdk.Duration.hours(12),
        )
        return pool, client, domain

    def _configure_rest_api(self, name: str) -> None:
        rest_api = self.chalice.get_resource("RestAPI")
        access_logs = logs.LogGroup(
            self,
            "ApiAccessLogs",
            retention=logs.RetentionDays.THREE_MONTHS,
            removal_policy=cdk.RemovalPolicy.DESTROY,
        )
        rest_api.add_property_override("Name", name)
        rest_api.add_property_override("TracingEnabled", True)
        rest_api.add_property_override(
            "MethodSettings",
            [
                {
                    "ResourcePath": "/*",
                    "HttpMethod": "*",
                    "ThrottlingRateLimit": self.settings.api_rate_limit,
                    "ThrottlingBurstLimit": self.settings.api_burst_limit,
                    "MetricsEnabled": True,
                }
            ],
        )
        rest_api.add_property_override(
            "AccessLogSetting",
            {"DestinationArn": access_logs.log_group_arn, "Format": ACCESS_LOG_FORMAT},
        )
        rest_api.add_property_override("GatewayResponses", GATEWAY_RESPONSES)

    def _rate_limit(self, limit: int) -> None:
        acl = wafv2.CfnWebACL(
            self,
            "ApiFirewall",
            scope="REGIONAL",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=wafv2.CfnWebACL.VisibilityConfigProperty(
                cloud_watch_metrics_enabled=True,
                metric_name=f"{self.stack_name}-api",
                sampled_requests_enabled=True,
            ),
            rules=[
                wafv2.CfnWebACL.RuleProperty(
                    name="rate-per-ip",
                    priority=0,
                    action=wafv2.CfnWebACL.RuleActionProperty(block={}),
                    statement=wafv2.CfnWebACL.StatementProperty(
                        rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                            limit=limit, aggregate_key_type="IP"
                        )
                    ),
                    visibility_config=wafv2.CfnWebACL.VisibilityConfigProperty(
                        cloud_watch_metrics_enabled=True,
                        metric_name=f"{self.stack_name}-rate",
                        sampled_requests_enabled=True,
                    ),
                )
            ],
        )
        rest_api = self.chalice.get_resource("RestAPI")
        association = wafv2.CfnWebACLAssociation(
            self,
            "ApiFirewallAssociation",
            web_acl_arn=acl.attr_arn,
            resource_arn=f"arn:{self.partition}:apigateway:{self.region}::/restapis/"
            f"{rest_api.ref}/stages/{API_STAGE}",
        )
        # SAM names the stage it creates "<Api><Stage>Stage".
        association.add_override("DependsOn", [f"RestAPI{API_STAGE}Stage"])

    def _upload_pages(self) -> None:
        user_pool_domain = (
            f"https://{self.auth_domain.domain_name}.auth.{self.region}.amazoncognito.com"
        )
        staff_url = f"{self.site.url}/staff/"
        page_config = {
            "api_url": self.api_url,
            "stage": environment.STAGE,
            "consultation": self.settings.consultation,
            "languages": ["en", "mi"],
            "tiles": None,
            "staff_auth": {
                "kind": "cognito",
                "domain": user_pool_domain,
                "client_id": self.user_pool_client.user_pool_client_id,
                "redirect_uri": staff_url,
                "logout_uri": staff_url,
            },
        }
        self.page_config = page_config
        s3deploy.BucketDeployment(
            self,
            "Pages",
            destination_bucket=self.site.bucket,
            sources=[
                s3deploy.Source.asset(str(ROOT / "frontend"), exclude=["tests", "tests/**"]),
                s3deploy.Source.json_data("config.json", page_config),
            ],
            distribution=self.site.distribution,
            distribution_paths=["/*"],
            memory_limit=512,
        )

    def _outputs(self, issuer: str) -> None:
        outputs = {
            "SiteUrl": self.site.url,
            "ApiUrl": self.api_url,
            "StaffJwksUrl": f"{issuer}/.well-known/jwks.json",
            "StaffIssuer": issuer,
            "StaffAudience": self.user_pool_client.user_pool_client_id,
            "StaffUserPoolId": self.user_pool.user_pool_id,
            "StaffSignInDomain": self.auth_domain.domain_name,
            "ReportsBucket": self.reports_bucket.bucket_name,
            "AlarmTopic": self.monitoring.topic.topic_arn,
            "ReportDeadLetterQueue": self.dead_letters.queue_url,
        }
        for key, value in outputs.items():
            cdk.CfnOutput(self, key, value=value)
