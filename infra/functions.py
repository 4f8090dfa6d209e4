"""The functions: app.py packaged by Chalice (the API handler, the nightly schedule and the
report job), each with its own least-privilege role (infra/permissions.py), its environment
(infra/environment.py), a log group that expires, and the report job's memory, time, disk and
dead-letter queue."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from chalice.cdk import Chalice
from constructs import Construct

from chalicelib.web_headers import API_PATH
from infra import environment, permissions
from infra.data import Data
from infra.mail import Mail
from infra.naming import (
    API_FUNCTION,
    API_STAGE,
    FUNCTION_SUFFIXES,
    NIGHTLY_FUNCTION,
    REPORT_FUNCTION,
    ROOT,
    TAG,
    function_names,
)
from infra.settings import StackSettings
from infra.staff_sign_in import StaffSignIn

API_MEMORY_MB = 512
API_TIMEOUT_SECONDS = 29  # API Gateway's own limit
REPORT_MEMORY_MB = 1769  # one full vCPU (docs/benchmarks.md)
REPORT_TIMEOUT_SECONDS = 900
# Reserved concurrency (docs/deploy.md, "Concurrency"): each function may run this many at once
# and no more, so one consultation's stack can neither starve the account's other functions nor
# be starved by them. The API's is the stage throttle's: the burst it lets start at once, and
# its steady rate for requests of up to this many seconds each (Little's law: rate x duration).
API_REQUEST_SECONDS = 2
NIGHTLY_CONCURRENCY = 1  # one run a night; a second at once would repeat the first
REPORT_CONCURRENCY = 2  # a staff request's run beside another; more wait in Lambda's queue


def reserved_concurrency(settings: StackSettings) -> dict[str, int]:
    api = max(settings.api_burst_limit, settings.api_rate_limit * API_REQUEST_SECONDS)
    return {
        API_FUNCTION: api,
        NIGHTLY_FUNCTION: NIGHTLY_CONCURRENCY,
        REPORT_FUNCTION: REPORT_CONCURRENCY,
    }


class Functions(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        settings: StackSettings,
        data: Data,
        site_bucket: s3.IBucket,
        site_url: str,
        sign_in: StaffSignIn,
        mail: Mail,
    ) -> None:
        super().__init__(scope, construct_id)
        stack = cdk.Stack.of(self)
        self.names = function_names(stack.stack_name)
        log_groups = {
            key: f"arn:{stack.partition}:logs:{stack.region}:{stack.account}"
            f":log-group:/aws/lambda/{fn}"
            for key, fn in self.names.items()
        }
        report_function_arn = (
            f"arn:{stack.partition}:lambda:{stack.region}:{stack.account}"
            f":function:{self.names[REPORT_FUNCTION]}"
        )
        self.api_role = self._role(
            "ApiRole",
            "The API function",
            permissions.api_statements(
                data.tables,
                data.reports_bucket,
                report_function_arn,
                data.token_key.secret_arn,
                site_bucket,
                data.edge_secret.secret_arn,
            )
            + permissions.runtime_statements([log_groups[API_FUNCTION]]),
        )
        self.job_role = self._role(
            "ReportJobRole",
            "The job (reports, the outcome's emails and open data, the nightly schedule)",
            permissions.job_statements(
                data.tables,
                data.reports_bucket,
                data.dead_letters.queue_arn,
                site_bucket,
                data.token_key.secret_arn,
                permissions.mail_arns(stack, settings.mail_sender, mail.configuration_set),
            )
            + permissions.runtime_statements(
                [log_groups[NIGHTLY_FUNCTION], log_groups[REPORT_FUNCTION]]
            ),
        )
        self.environment = environment.common(
            tables={spec.env_var: data.tables[spec.role].table_name for spec in data.specs},
            site_bucket=site_bucket.bucket_name,
            reports_bucket=data.reports_bucket.bucket_name,
            allowed_origin=site_url,
            token_key_secret_arn=data.token_key.secret_arn,
            edge_secret_arn=data.edge_secret.secret_arn,
            staff_jwks_url=sign_in.jwks_url,
            staff_issuer=sign_in.issuer,
            staff_audience=sign_in.client.user_pool_client_id,
            site_url=site_url,
            public_api_url=f"{site_url}{API_PATH}",  # the API behind the site's CloudFront
            mail_sender=settings.mail_sender,
            mail_configuration_set=mail.configuration_set.configuration_set_name,
        )
        # In the stack itself: Chalice names its stage after its scope's path (the functions'
        # aws-chalice tag says stage=sayso-<slug>).
        self.chalice = Chalice(
            stack,
            "Api",
            source_dir=str(ROOT),
            stage_config={
                "api_gateway_stage": API_STAGE,
                "environment_variables": self.environment,
                "manage_iam_role": False,
                "iam_role_arn": self.api_role.role_arn,
                "lambda_memory_size": API_MEMORY_MB,
                "lambda_timeout": API_TIMEOUT_SECONDS,
                "xray": True,
                "tags": {TAG: settings.consultation},
            },
        )
        self.by_key = {key: self.chalice.get_resource(key) for key in FUNCTION_SUFFIXES}
        # The functions' log groups, made before the functions first run so they expire.
        # (Chalice's own log_retention_in_days names the API handler's group wrongly in SAM.)
        for key, fn in self.names.items():
            logs.LogGroup(
                self,
                f"{key}Logs",
                log_group_name=f"/aws/lambda/{fn}",
                retention=logs.RetentionDays.THREE_MONTHS,
                removal_policy=cdk.RemovalPolicy.DESTROY,
            )
        concurrency = reserved_concurrency(settings)
        for key, function in self.by_key.items():
            function.add_property_override("FunctionName", self.names[key])
            function.add_property_override("ReservedConcurrentExecutions", concurrency[key])
        self.by_key[API_FUNCTION].add_property_override(
            "Environment.Variables.SAYSO_REPORT_FUNCTION", self.names[REPORT_FUNCTION]
        )
        for key in (NIGHTLY_FUNCTION, REPORT_FUNCTION):
            self._report_job(self.by_key[key], settings, data.dead_letters.queue_arn)

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

    def _report_job(
        self, job: cdk.CfnResource, settings: StackSettings, dead_letter_arn: str
    ) -> None:
        job.add_property_override("Role", self.job_role.role_arn)
        job.add_property_override("MemorySize", REPORT_MEMORY_MB)
        job.add_property_override("Timeout", REPORT_TIMEOUT_SECONDS)
        job.add_property_override("EphemeralStorage", {"Size": settings.report_storage_mb})
        job.add_property_override("DeadLetterQueue", {"Type": "SQS", "TargetArn": dead_letter_arn})
        job.add_property_override(
            "EventInvokeConfig",
            {
                "MaximumRetryAttempts": 2,
                "DestinationConfig": {"OnFailure": {"Type": "SQS", "Destination": dead_letter_arn}},
            },
        )
