"""Least-privilege IAM: each function's DynamoDB and S3 actions, named, on named tables,
indexes and key prefixes. The lists follow the code paths in chalicelib/store (see each comment);
tests/infra/test_permissions.py checks the synthesised policies against them."""

from __future__ import annotations

from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

# Table role -> actions. Transactions need the per-item actions plus ConditionCheckItem.
API_TABLE_ACTIONS: dict[str, tuple[str, ...]] = {
    # store/consultations.py (get, batch_get, query, save) and staff.py (transactions)
    "consultations": (
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:Query",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:ConditionCheckItem",
    ),
    # store/submissions.py: reads, listings (indexes), writes and transactions
    "submissions": (
        "dynamodb:GetItem",
        "dynamodb:Query",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:ConditionCheckItem",
    ),
    # store/submissions.py: the follow-up email is written and deleted in transactions
    "contacts": ("dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"),
    # store/submissions.py hit(): one conditional ADD per request
    "guards": ("dynamodb:UpdateItem",),
    # Powertools' DynamoDB persistence layer (store/idempotency.py)
    "idempotency": (
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
    ),
    # store/staff.py: one entry per staff action (in its transaction), and the log's Query
    "audit": ("dynamodb:PutItem", "dynamodb:Query", "dynamodb:ConditionCheckItem"),
}
# Indexes the API queries: every index of the submissions table (listings, moderation queue).
API_INDEX_TABLES = ("submissions",)

# The report job (consolidate and the nightly schedule, the same code):
JOB_TABLE_ACTIONS: dict[str, tuple[str, ...]] = {
    # get_with_full_options (Query), counters.read (BatchGetItem), all_consultations (Scan),
    # get (GetItem)
    "consultations": (
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:Query",
        "dynamodb:Scan",
    ),
}
# stream_published: Query on public-newest only.
JOB_INDEXES: dict[str, tuple[str, ...]] = {"submissions": ("public-newest",)}

REPORTS_PREFIX = "reports/"  # store/reports.py PREFIX
API_REPORT_OBJECT_ACTIONS = ("s3:GetObject",)  # manifest reads and presigned downloads
API_REPORT_BUCKET_ACTIONS = ("s3:ListBucket",)  # run folders, by prefix
JOB_REPORT_OBJECT_ACTIONS = ("s3:PutObject", "s3:AbortMultipartUpload")  # upload_file, publish


def _table_statement(table: dynamodb.ITable, actions: tuple[str, ...]) -> iam.PolicyStatement:
    return iam.PolicyStatement(actions=list(actions), resources=[table.table_arn])


def _index_statement(table: dynamodb.ITable, names: tuple[str, ...]) -> iam.PolicyStatement:
    return iam.PolicyStatement(
        actions=["dynamodb:Query"],
        resources=[f"{table.table_arn}/index/{name}" for name in names],
    )


def api_statements(
    tables: dict[str, dynamodb.ITable],
    indexes: dict[str, tuple[str, ...]],
    reports: s3.IBucket,
    report_function_arn: str,
    token_secret_arn: str,
) -> list[iam.PolicyStatement]:
    statements = [_table_statement(tables[r], a) for r, a in API_TABLE_ACTIONS.items()]
    statements += [_index_statement(tables[r], indexes[r]) for r in API_INDEX_TABLES]
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
    ]
    return statements


def job_statements(
    tables: dict[str, dynamodb.ITable], reports: s3.IBucket, dead_letter_queue_arn: str
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
    ]
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
