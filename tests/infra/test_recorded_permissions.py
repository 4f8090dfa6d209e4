"""Each function's IAM policy grants exactly what its code calls: a scripted tour of every route
and a run of the report job (on demand and nightly), in-process under moto, records every AWS
call by entry point (tests/support/iam_tour.py), and the synthesised policies are held to it —
every recorded call granted on its own table, index, key prefix, function or secret, and no
DynamoDB, S3, Lambda or Secrets Manager grant that no call needs.

The tour runs inside this module (about 20 s), so it does not depend on other test files."""

from __future__ import annotations

from pathlib import Path

import pytest

from chalicelib.api.routes import OPERATIONS
from infra.naming import REPORT_FUNCTION
from infra.settings import mail_domain
from tests.support import aws_calls, iam_needs, iam_tour
from tests.support.iam_needs import Grant, Need

pytestmark = pytest.mark.infra

POLICIES = {
    iam_tour.API: "ApiRolePolicy",
    iam_tour.NIGHTLY: "ReportJobRolePolicy",
    iam_tour.REPORT: "ReportJobRolePolicy",
}


@pytest.fixture(scope="module")
def tour(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    return iam_tour.record(tmp_path_factory.mktemp("iam-tour"))


@pytest.fixture(scope="module")
def calls(tour: tuple[Path, set[str]]) -> list[aws_calls.Call]:
    return aws_calls.read(tour[0])


def _names(demo) -> iam_needs.Resources:
    stack = demo.stack

    def arn(construct) -> str:
        return iam_needs.flat({"Fn::GetAtt": [demo.logical_id(construct), "Arn"]})

    report = demo.resource(REPORT_FUNCTION)["Properties"]["FunctionName"]
    ses = "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}"
    return iam_needs.Resources(
        tables={role: arn(table) for role, table in stack.data.tables.items()},
        buckets={"reports": arn(stack.data.reports_bucket), "site": arn(stack.site.bucket)},
        functions={
            "report": f"arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:${{AWS::AccountId}}"
            f":function:{report}"
        },
        secrets={
            "token_key": iam_needs.flat({"Ref": demo.logical_id(stack.data.token_key)}),
            "edge_secret": iam_needs.flat({"Ref": demo.logical_id(stack.data.edge_secret)}),
        },
        mail={
            "sender": f"{ses}:identity/{mail_domain(stack.settings.mail_sender)}",
            "mail": f"{ses}:configuration-set/"
            + iam_needs.flat({"Ref": demo.logical_id(stack.mail.configuration_set)}),
        },
    )


def _grants(demo, policy_id: str) -> set[Grant]:
    policy = demo.stack.functions.node.find_child(policy_id)
    logical = demo.stack.resolve(policy.node.default_child.logical_id)
    return iam_needs.grants(demo.resource(logical)["Properties"]["PolicyDocument"]["Statement"])


def _needs(demo, calls, policy_id: str) -> set[Need]:
    mine = [c for c in calls if POLICIES[c.entry] == policy_id]
    return iam_needs.needs(mine, _names(demo))


def test_the_tour_answers_every_operation_of_the_route_table(tour):
    _, answered = tour
    missing = {op.operation_id for op in OPERATIONS} - answered
    assert not missing, f"add a step for these to tests/support/iam_tour.py: {sorted(missing)}"


def test_the_tour_records_each_entry_point(calls):
    seen = {(c.entry, c.service) for c in calls}
    assert {(iam_tour.API, "dynamodb"), (iam_tour.API, "s3"), (iam_tour.API, "lambda")} <= seen
    assert {(iam_tour.API, "secretsmanager")} <= seen
    read = {c.secret for c in calls if c.service == "secretsmanager"}
    assert read == {"token_key", "edge_secret"}, read
    for job in (iam_tour.NIGHTLY, iam_tour.REPORT):
        assert {(job, "dynamodb"), (job, "s3")} <= seen
    # the publication's job sends the outcome email, then the update, through SES
    sends = [c for c in calls if c.service == "ses"]
    assert len(sends) == 2 and {c.entry for c in sends} == {iam_tour.REPORT}, sends
    assert not [c for c in calls if "unknown" in str(c)], "a call named a resource of no role"


@pytest.mark.parametrize("policy_id", sorted(set(POLICIES.values())))
def test_every_recorded_call_is_granted_on_its_resource(demo, calls, policy_id):
    grants = _grants(demo, policy_id)
    refused = sorted(
        need.why + f" needs {need.action}"
        for need in _needs(demo, calls, policy_id)
        if not any(grant.allows(need) for grant in grants)
    )
    assert not refused, f"{policy_id} lacks (add to infra/permissions.py):\n" + "\n".join(refused)


@pytest.mark.parametrize("policy_id", sorted(set(POLICIES.values())))
def test_no_grant_goes_unused(demo, calls, policy_id):
    needs = _needs(demo, calls, policy_id)
    unused = sorted(
        f"{grant.action} on {grant.resource}"
        for grant in _grants(demo, policy_id)
        if not any(grant.allows(need) for need in needs)
    )
    assert not unused, (
        f"{policy_id} grants what no call uses (remove from infra/permissions.py):\n"
        + "\n".join(unused)
    )


def test_the_check_refuses_a_missing_or_a_wider_grant(demo, calls):
    """The comparison itself can fail: a grant on another table or prefix allows nothing."""
    need = next(
        n
        for n in _needs(demo, calls, "ApiRolePolicy")
        if n.action == "dynamodb:Query" and n.resource.endswith("/index/moderation-queue")
    )
    assert Grant(need.action, need.resource).allows(need)
    assert not Grant(need.action, need.resource.replace("moderation-queue", "x")).allows(need)
    assert not Grant("dynamodb:Scan", need.resource).allows(need)
    listing = Need("s3:ListBucket", "${Reports.Arn}", "reports/demo/")
    assert Grant("s3:ListBucket", "${Reports.Arn}", ("reports/*",)).allows(listing)
    assert not Grant("s3:ListBucket", "${Reports.Arn}", ("other/*",)).allows(listing)
