"""Least-privilege IAM: each function's DynamoDB and S3 actions, named, on named tables,
indexes and key prefixes.

The lists are what the code really calls: tests/infra/test_recorded_permissions.py tours every
route and runs the report job in-process under moto, records each AWS call by entry point
(tests/support/aws_calls.py), and checks each function's synthesised policy grants every
recorded call on its table, index, key prefix, function, secret or SES identity, and nothing
more (no unused DynamoDB, S3, Lambda, Secrets Manager or SES grant). Change the code's calls,
and that test says which line here to change.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_ses as ses

from chalicelib.domain.pages import ASSETS_KEY, ROOT_KEY
from infra.settings import mail_domain

# Table role -> actions on the table itself. A transaction's items need PutItem, UpdateItem,
# DeleteItem or ConditionCheckItem each; indexes are granted apart (API_INDEXES).
API_TABLE_ACTIONS: dict[str, tuple[str, ...]] = {
    # store/consultations.py (get, batch_get via counters, query) and store/staff.py
    # (transactions that put, update and check the consultation's status)
    "consultations": (
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:Query",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:ConditionCheckItem",
    ),
    # store/submissions.py: reads by key, writes and transactions (listings use the indexes);
    # store/responses.py: the status of the submissions a response links (BatchGetItem)
    "submissions": (
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:BatchGetItem",
    ),
    # store/submissions.py: the follow-up email is written and deleted in transactions;
    # store/resident_data.py: a keys-only BatchGetItem says whether one is on file (export)
    "contacts": ("dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:BatchGetItem"),
    # store/submissions.py hit(): one conditional ADD per request, alone or in a transaction
    "guards": ("dynamodb:UpdateItem",),
    # Powertools' DynamoDB persistence layer (store/idempotency.py): DeleteItem when a request
    # failed (4xx answers are not remembered). No GetItem: a replay's conditional PutItem
    # returns the stored record (ReturnValuesOnConditionCheckFailure, boto3 >= 1.26.164).
    "idempotency": ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"),
    # store/staff.py: one entry per staff action (in its transaction), and the log's Query
    "audit": ("dynamodb:PutItem", "dynamodb:Query"),
}
# Table role -> the indexes the API queries (Query only).
API_INDEXES: dict[str, tuple[str, ...]] = {
    "consultations": ("consultation-listing",),  # the staff list of consultations
    # the public listings (newest and top, by consultation, option, element), moderation,
    # the per-day series of the stats (every-item) and a resident's own items (resident-items)
    "submissions": (
        "element-newest",
        "element-top",
        "every-item",
        "moderation-queue",
        "option-newest",
        "option-top",
        "public-newest",
        "public-top",
        "resident-items",
    ),
}

# The job (the report, the outcome's publication and the nightly schedule, the same code):
JOB_TABLE_ACTIONS: dict[str, tuple[str, ...]] = {
    # get_with_full_options (Query), counters.read (BatchGetItem), get (GetItem)
    "consultations": ("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"),
    # services/notifications.py: what the outcome email says of each submission (BatchGetItem)
    "submissions": ("dynamodb:BatchGetItem",),
    # services/retention.py: each waiting contact's expiry stamped (never its email read);
    # services/notifications.py: the contacts read (BatchGetItem), each address claimed (Put),
    # marked sent (Update) or released, its state read (Get), and contacts deleted once every
    # response they follow is final (Delete)
    "contacts": (
        "dynamodb:UpdateItem",
        "dynamodb:BatchGetItem",
        "dynamodb:PutItem",
        "dynamodb:GetItem",
        "dynamodb:DeleteItem",
    ),
}
JOB_INDEXES: dict[str, tuple[str, ...]] = {
    "consultations": ("consultation-listing",),  # all_consultations: which are due tonight
    # stream_published reads public-newest; the counts check (services/counts.py) every-item;
    # the pre-rendered pages' comment snapshots (services/pages.py) option-newest
    "submissions": ("every-item", "option-newest", "public-newest"),
    "contacts": ("retention-due",),  # services/retention.py: contacts still without an expiry
}

REPORTS_PREFIX = "reports/"  # store/reports.py PREFIX
API_REPORT_OBJECT_ACTIONS = ("s3:GetObject",)  # manifest reads and presigned downloads
API_REPORT_BUCKET_ACTIONS = ("s3:ListBucket",)  # run folders, by prefix
# upload_file (tagged: PutObject with tags needs PutObjectTagging too) and publish's retagging.
# No s3:AbortMultipartUpload: boto3 only aborts a failed multipart upload as a best-effort
# clean-up, and the bucket's lifecycle rule removes incomplete uploads after a day.
JOB_REPORT_OBJECT_ACTIONS = ("s3:PutObject", "s3:PutObjectTagging")
# The pre-rendered pages (services/pages.py, after a staff change and in the nightly job): the
# site's config.json, UI catalogues and bundle manifest read, the pages under c/ written, and the
# site's root (index.html: the stack's own consultation, rendered).
SITE_READ_KEYS = ("config.json", "i18n/*", ASSETS_KEY)
SITE_PAGES_PREFIX = "c/"  # chalicelib/domain/pages.py PREFIX
SITE_WRITE_KEYS = (f"{SITE_PAGES_PREFIX}*", ROOT_KEY)


def _site_statements(site: s3.IBucket) -> list[iam.PolicyStatement]:
    return [
        iam.PolicyStatement(
            actions=["s3:GetObject"], resources=[site.arn_for_objects(k) for k in SITE_READ_KEYS]
        ),
        iam.PolicyStatement(
            actions=["s3:PutObject"], resources=[site.arn_for_objects(k) for k in SITE_WRITE_KEYS]
        ),
    ]


def _table_statement(table: dynamodb.ITable, actions: tuple[str, ...]) -> iam.PolicyStatement:
    return iam.PolicyStatement(actions=list(actions), resources=[table.table_arn])


def _index_statement(table: dynamodb.ITable, names: tuple[str, ...]) -> iam.PolicyStatement:
    return iam.PolicyStatement(
        actions=["dynamodb:Query"],
        resources=[f"{table.table_arn}/index/{name}" for name in names],
    )


def api_statements(
    tables: dict[str, dynamodb.ITable],
    reports: s3.IBucket,
    report_function_arn: str,
    token_secret_arn: str,
    site: s3.IBucket,
    edge_secret_arn: str,
) -> list[iam.PolicyStatement]:
    statements = [_table_statement(tables[r], a) for r, a in API_TABLE_ACTIONS.items()]
    statements += [_index_statement(tables[r], names) for r, names in API_INDEXES.items()]
    statements += [
        iam.PolicyStatement(
            actions=list(API_REPORT_OBJECT_ACTIONS),
            resources=[reports.arn_for_objects(f"{REPORTS_PREFIX}*")],
        ),
        iam.PolicyStatement(
            actions=list(API_REPORT_BUCKET_ACTIONS),
            resources=[reports.bucket_arn],
            conditions={"StringLike": {"s3:prefix": [f"{REPORTS_PREFIX}*"]}},
        ),
        # services/reports.py run_now: the asynchronous invocation of the report job
        iam.PolicyStatement(actions=["lambda:InvokeFunction"], resources=[report_function_arn]),
        # store/secrets.py: the resident token key
        iam.PolicyStatement(
            actions=["secretsmanager:GetSecretValue"], resources=[token_secret_arn]
        ),
        # store/secrets.py: the edge secret CloudFront's requests carry (api/viewer.py)
        iam.PolicyStatement(actions=["secretsmanager:GetSecretValue"], resources=[edge_secret_arn]),
        *_site_statements(site),
    ]
    return statements


OPEN_DATA_PREFIX = "open-data/"  # store/open_data.py PREFIX, in the site bucket
# services/open_data.py, in the job only (services/background.py): the bundle written at the
# outcome, after a published response changes and nightly, and removed when staff switch it off
JOB_OPEN_DATA_OBJECT_ACTIONS = ("s3:PutObject", "s3:DeleteObject")


def mail_arns(
    stack: cdk.Stack, sender: str | None, configuration_set: ses.IConfigurationSet
) -> list[str]:
    """What the job sends the outcome emails as: the sender's domain identity and the stack's
    configuration set; nothing without a sender (then the stack sends no email)."""
    if sender is None:
        return []
    prefix = f"arn:{stack.partition}:ses:{stack.region}:{stack.account}"
    return [
        f"{prefix}:identity/{mail_domain(sender)}",
        f"{prefix}:configuration-set/{configuration_set.configuration_set_name}",
    ]


def job_statements(
    tables: dict[str, dynamodb.ITable],
    reports: s3.IBucket,
    dead_letter_queue_arn: str,
    site: s3.IBucket,
    token_secret_arn: str,
    mail: list[str],
) -> list[iam.PolicyStatement]:
    statements = [_table_statement(tables[r], a) for r, a in JOB_TABLE_ACTIONS.items()]
    statements += [_index_statement(tables[r], names) for r, names in JOB_INDEXES.items()]
    statements += [
        iam.PolicyStatement(
            actions=list(JOB_REPORT_OBJECT_ACTIONS),
            resources=[reports.arn_for_objects(f"{REPORTS_PREFIX}*")],
        ),
        # Lambda's asynchronous invocation sends failed events to the dead-letter queue
        iam.PolicyStatement(actions=["sqs:SendMessage"], resources=[dead_letter_queue_arn]),
        *_site_statements(site),
        iam.PolicyStatement(
            actions=list(JOB_OPEN_DATA_OBJECT_ACTIONS),
            resources=[site.arn_for_objects(f"{OPEN_DATA_PREFIX}*")],
        ),
        # store/secrets.py: the token key unseals the contacts' emails and signs forget links
        iam.PolicyStatement(
            actions=["secretsmanager:GetSecretValue"], resources=[token_secret_arn]
        ),
    ]
    if mail:  # store/mail.py send: the outcome and update emails
        statements.append(iam.PolicyStatement(actions=["ses:SendRawEmail"], resources=mail))
    return statements


def runtime_statements(log_group_arns: list[str]) -> list[iam.PolicyStatement]:
    """What every function needs to run: its own log group, and X-Ray (which has no resource)."""
    return [
        iam.PolicyStatement(
            actions=["logs:CreateLogStream", "logs:PutLogEvents"],
            resources=[f"{arn}:*" for arn in log_group_arns],
        ),
        iam.PolicyStatement(
            actions=["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources=["*"]
        ),
    ]
