"""From recorded AWS calls to the IAM permissions they need, and from a synthesised policy to
the permissions it grants, both as (action, resource) with resources written the same way:
CloudFormation references flattened to text ("${ConsultationsTable1234.Arn}/index/x")."""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tests.support.aws_calls import Call

# botocore operation (or transaction item) -> the IAM actions it needs
DYNAMODB_ACTIONS: dict[str, tuple[str, ...]] = {
    name: (f"dynamodb:{name}",)
    for name in (
        "GetItem",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "Query",
        "Scan",
        "BatchGetItem",
        "BatchWriteItem",
        "DescribeTable",
    )
} | {
    "TransactWriteItems.Put": ("dynamodb:PutItem",),
    "TransactWriteItems.Update": ("dynamodb:UpdateItem",),
    "TransactWriteItems.Delete": ("dynamodb:DeleteItem",),
    "TransactWriteItems.ConditionCheck": ("dynamodb:ConditionCheckItem",),
    "TransactGetItems.Get": ("dynamodb:GetItem",),
}
S3_ACTIONS: dict[str, tuple[str, ...]] = {
    "PutObject": ("s3:PutObject",),
    "CreateMultipartUpload": ("s3:PutObject",),
    "UploadPart": ("s3:PutObject",),
    "CompleteMultipartUpload": ("s3:PutObject",),
    "AbortMultipartUpload": ("s3:AbortMultipartUpload",),
    "GetObject": ("s3:GetObject",),
    "HeadObject": ("s3:GetObject",),
    "ListObjectsV2": ("s3:ListBucket",),
    "PutObjectTagging": ("s3:PutObjectTagging",),
    "GetObjectTagging": ("s3:GetObjectTagging",),
    "DeleteObject": ("s3:DeleteObject",),
}
OTHER_ACTIONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("lambda", "Invoke"): ("lambda:InvokeFunction",),
    ("secretsmanager", "GetSecretValue"): ("secretsmanager:GetSecretValue",),
    ("ses", "SendRawEmail"): ("ses:SendRawEmail",),
}
# What the code calls: every grant of these services must be needed by some recorded call.
# (Logs, X-Ray and the dead-letter queue are the Lambda runtime's, not the code's.)
CHECKED_SERVICES = ("dynamodb:", "s3:", "lambda:", "secretsmanager:", "ses:")


def flat(value: Any) -> str:
    """A policy resource as text, references in ${...}."""
    if isinstance(value, str):
        return value
    if "Fn::GetAtt" in value:
        logical_id, attribute = value["Fn::GetAtt"]
        return f"${{{logical_id}.{attribute}}}"
    if "Ref" in value:
        return f"${{{value['Ref']}}}"
    if "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return separator.join(flat(part) for part in parts)
    raise ValueError(f"cannot flatten {json.dumps(value)}")


@dataclass(frozen=True)
class Need:
    action: str
    resource: str
    list_prefix: str | None = None  # ListBucket: the prefix asked for (s3:prefix condition)
    why: str = ""  # the call that needs it, for messages


@dataclass(frozen=True)
class Grant:
    action: str
    resource: str  # may hold IAM wildcards
    list_prefixes: tuple[str, ...] | None = None  # a StringLike s3:prefix condition

    def allows(self, need: Need) -> bool:
        if self.action != need.action or not fnmatch.fnmatchcase(need.resource, self.resource):
            return False
        if self.list_prefixes is None:
            return True
        prefix = need.list_prefix or ""
        return any(fnmatch.fnmatchcase(prefix, pattern) for pattern in self.list_prefixes)


@dataclass(frozen=True)
class Resources:
    """How the template names what the recording names by role."""

    tables: dict[str, str]  # table role -> the table's ARN as text
    buckets: dict[str, str]  # bucket role -> the bucket's ARN as text
    functions: dict[str, str]  # function role -> the function's ARN as text
    secrets: dict[str, str]  # secret role -> its ARN as text
    mail: dict[str, str]  # "sender" (the domain identity) and "mail" (configuration set) ARNs


def _actions(call: Call) -> tuple[str, ...]:
    if call.service == "dynamodb":
        table = DYNAMODB_ACTIONS
    elif call.service == "s3":
        table = S3_ACTIONS
    else:
        table = {op: a for (service, op), a in OTHER_ACTIONS.items() if service == call.service}
    if call.operation not in table:
        raise LookupError(
            f"No IAM action known for {call.service} {call.operation}: add it to "
            "tests/support/iam_needs.py"
        )
    actions = table[call.operation]
    if call.tagged:  # tags on upload are authorised as PutObjectTagging too
        actions = (*actions, "s3:PutObjectTagging")
    return actions


def _resources(call: Call, names: Resources) -> list[tuple[str, str | None]]:
    """SES authorises a send on the identity and on the configuration set it names."""
    if call.service == "ses":
        found = [(names.mail[call.identity or ""], None)]
        if call.configuration_set:
            found.append((names.mail[call.configuration_set], None))
        return found
    return [_resource(call, names)]


def _resource(call: Call, names: Resources) -> tuple[str, str | None]:
    if call.service == "dynamodb":
        arn = names.tables[call.table or ""]
        return (f"{arn}/index/{call.index}" if call.index else arn), None
    if call.service == "s3":
        arn = names.buckets[call.bucket or ""]
        if call.operation == "ListObjectsV2":
            return arn, call.key or ""
        return f"{arn}/{call.key}", None
    if call.service == "lambda":
        return names.functions[call.function or ""], None
    return names.secrets[call.secret or ""], None


def needs(calls: Iterable[Call], names: Resources) -> set[Need]:
    found = set()
    for call in calls:
        for resource, prefix in _resources(call, names):
            why = f"{call.entry}: {call.service} {call.operation} {resource}"
            for action in _actions(call):
                found.add(Need(action, resource, prefix, why))
    return found


def grants(statements: list[dict[str, Any]]) -> set[Grant]:
    """What the policy allows of the checked services (Allow statements only; a Deny or a
    condition other than s3:prefix fails loudly: this reader would not understand it)."""
    found = set()
    for statement in statements:
        assert statement["Effect"] == "Allow", statement
        actions = statement["Action"]
        actions = actions if isinstance(actions, list) else [actions]
        resources = statement["Resource"]
        resources = resources if isinstance(resources, list) else [resources]
        condition = statement.get("Condition")
        prefixes = None
        if condition is not None:
            assert set(condition) == {"StringLike"}, condition
            assert set(condition["StringLike"]) == {"s3:prefix"}, condition
            prefixes = tuple(condition["StringLike"]["s3:prefix"])
        for action in actions:
            if action.startswith(CHECKED_SERVICES):
                for resource in resources:
                    found.add(Grant(action, flat(resource), prefixes))
    return found
