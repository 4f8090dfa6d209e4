"""Least privilege: named actions on named tables, indexes and prefixes; no `*` on data."""

from __future__ import annotations

import json

import pytest

from infra import permissions

pytestmark = pytest.mark.infra


def _statements(demo, policy_id):
    policy = demo.stack.functions.node.find_child(policy_id)
    logical = demo.stack.resolve(policy.node.default_child.logical_id)
    return demo.resource(logical)["Properties"]["PolicyDocument"]["Statement"]


def _grants(demo, policy_id):
    """(action, resource as JSON) pairs the policy grants."""
    pairs = set()
    for statement in _statements(demo, policy_id):
        assert statement["Effect"] == "Allow"
        actions = (
            statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        )
        resources = statement["Resource"]
        resources = resources if isinstance(resources, list) else [resources]
        for action in actions:
            assert "*" not in action, action
            for resource in resources:
                pairs.add((action, json.dumps(resource, sort_keys=True)))
    return pairs


def _table_arn(demo, role):
    return json.dumps(
        {"Fn::GetAtt": [demo.logical_id(demo.stack.data.tables[role]), "Arn"]}, sort_keys=True
    )


@pytest.mark.parametrize(
    "policy_id, table_actions",
    [
        ("ApiRolePolicy", permissions.API_TABLE_ACTIONS),
        ("ReportJobRolePolicy", permissions.JOB_TABLE_ACTIONS),
    ],
)
def test_table_actions_are_exactly_the_listed_ones(demo, policy_id, table_actions):
    grants = _grants(demo, policy_id)
    dynamodb = {(a, r) for a, r in grants if a.startswith("dynamodb:") and "/index/" not in r}
    expected = {
        (action, _table_arn(demo, role))
        for role, actions in table_actions.items()
        for action in actions
    }
    assert dynamodb == expected


def test_only_xray_has_a_wildcard_resource(demo):
    for policy_id in ("ApiRolePolicy", "ReportJobRolePolicy"):
        for action, resource in _grants(demo, policy_id):
            if resource == '"*"':
                assert action.startswith("xray:"), action


def test_report_objects_are_granted_by_prefix_only(demo):
    bucket = demo.logical_id(demo.stack.data.reports_bucket)
    for policy_id, actions in (
        ("ApiRolePolicy", permissions.API_REPORT_OBJECT_ACTIONS),
        ("ReportJobRolePolicy", permissions.JOB_REPORT_OBJECT_ACTIONS),
    ):
        s3 = {(a, r) for a, r in _grants(demo, policy_id) if a.startswith("s3:")}
        site_bucket = demo.logical_id(demo.stack.site.bucket)
        site = {(a, r) for a, r in s3 if site_bucket in r}  # the site bucket's grants, below
        objects = {(a, r) for a, r in s3 - site if a in actions}
        assert objects and all(bucket in r and "/reports/*" in r for _, r in objects)
    listing = [s for s in _statements(demo, "ApiRolePolicy") if s["Action"] == "s3:ListBucket"]
    assert listing[0]["Condition"] == {"StringLike": {"s3:prefix": ["reports/*"]}}


def _object_key(resource: str) -> str:
    """The key pattern of an object ARN the template builds as {"Fn::Join": ["", [arn, "/key"]]}."""
    return json.loads(resource)["Fn::Join"][1][-1].removeprefix("/")


def test_the_site_bucket_is_granted_by_key_and_prefix_only(demo):
    """Both functions read the pages' config and strings and write the pre-rendered pages (c/*
    and the root); only the job writes and removes the open-data bundles (open-data/*: at the
    outcome, after a published response changes, nightly); nothing else of the site."""
    site = demo.logical_id(demo.stack.site.bucket)
    pages = {("s3:GetObject", key) for key in permissions.SITE_READ_KEYS} | {
        ("s3:PutObject", key) for key in permissions.SITE_WRITE_KEYS
    }
    open_data = {
        (a, f"{permissions.OPEN_DATA_PREFIX}*") for a in permissions.JOB_OPEN_DATA_OBJECT_ACTIONS
    }
    assert permissions.SITE_WRITE_KEYS == ("c/*", "index.html")
    assert permissions.JOB_OPEN_DATA_OBJECT_ACTIONS == ("s3:PutObject", "s3:DeleteObject")
    expected = {"ApiRolePolicy": pages, "ReportJobRolePolicy": pages | open_data}
    for policy_id, allowed in expected.items():
        granted = {(a, _object_key(r)) for a, r in _grants(demo, policy_id) if site in r}
        assert granted == allowed, sorted(granted)


@pytest.mark.parametrize(
    "policy_id, indexes",
    [
        ("ApiRolePolicy", permissions.API_INDEXES),
        ("ReportJobRolePolicy", permissions.JOB_INDEXES),
    ],
)
def test_indexes_are_queried_by_name_only(demo, policy_id, indexes):
    granted = {(a, r) for a, r in _grants(demo, policy_id) if "/index/" in r}
    expected = {f"{role}/{name}" for role, names in indexes.items() for name in names}
    roles = {demo.logical_id(table): role for role, table in demo.stack.data.tables.items()}
    found = set()
    for action, resource in granted:
        assert action == "dynamodb:Query", action
        join = json.loads(resource)["Fn::Join"][1]
        found.add(f"{roles[join[0]['Fn::GetAtt'][0]]}/{join[1].removeprefix('/index/')}")
    assert found == expected
