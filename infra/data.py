"""Where the consultation's data lives: the tables, the reports and access-log buckets, the
resident token key and the report job's dead-letter queue. Kept (RETAIN) unless the data is
being deliberately destroyed (`make destroy FORCE=1`)."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from chalicelib.store import reports as report_store
from infra.tables import add_table, table_specs

LOG_RETENTION_DAYS = 90
DEAD_LETTER_DAYS = 14  # SQS's longest retention: failed report runs wait for a person
# A run takes at most the job's 15 minutes, so a file still tagged unpublished after a day is
# from a run that died. It is kept as long as the dead-letter queue keeps the failed event,
# so whoever reads that queue can still look at what the broken run wrote.
UNPUBLISHED_RUN_DAYS = DEAD_LETTER_DAYS
NONCURRENT_VERSION_DAYS = 30


class Data(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, consultation: str, retain: bool
    ) -> None:
        super().__init__(scope, construct_id)
        removal = cdk.RemovalPolicy.RETAIN if retain else cdk.RemovalPolicy.DESTROY
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
            description=f"sayso {consultation}: HMAC key for resident tokens",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=64, exclude_punctuation=True
            ),
            removal_policy=removal,
        )
        # CloudFront sends it to the API in an origin header (infra/site.py) so the API can
        # trust the viewer's address CloudFront passes (chalicelib/api/viewer.py). Never in the
        # template: CloudFront's origin takes it by a dynamic reference, the API reads it.
        self.edge_secret = secretsmanager.Secret(
            self,
            "EdgeSecret",
            description=f"sayso {consultation}: proves an API request came through CloudFront",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=48, exclude_punctuation=True
            ),
            removal_policy=cdk.RemovalPolicy.DESTROY,
        )
        self.dead_letters = sqs.Queue(
            self,
            "ReportDeadLetters",
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=cdk.Duration.days(DEAD_LETTER_DAYS),
        )
        # cfn-lint's serverless rule ES6000 asks every queue for a redrive policy; this one is
        # the last stop for failed report runs, read by a person (docs/deploy.md).
        self.dead_letters.node.default_child.add_metadata(
            "cfn-lint", {"config": {"ignore_checks": ["ES6000"]}}
        )
