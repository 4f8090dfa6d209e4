"""A resource's logical id is how CloudFormation knows it: a new id on a deploy creates a new,
empty resource and deletes (or, retained, orphans) the old one with the residents' words in it.
The ids of everything that keeps data are recorded here; regrouping the stack's code must not
move them (infra/logical_ids.py)."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from constructs import Construct

from infra.logical_ids import unique_id, without_groups
from infra.stack import GROUPS

pytestmark = pytest.mark.infra

# The ids the stack was first deployed with.
KEPT_WITH_DATA = {
    "AccessLogs8B620ECA",
    "AuditTableB07F8EEB",
    "ConsultationsTable86E202F7",
    "ContactsTableD21ED2A6",
    "GuardsTableDE76CF75",
    "IdempotencyTable22A5A209",
    "Reports65402A0A",
    "SiteBucket978D4AEB",
    "StaffUsersBE2FCD37",
    "SubmissionsTable75718D3D",
    "TokenKeyD1D1A236",
}


def test_what_keeps_data_keeps_its_logical_id(demo):
    retained = {
        logical_id
        for logical_id, resource in demo.template["Resources"].items()
        if resource.get("DeletionPolicy") == "Retain"
    }
    assert retained == KEPT_WITH_DATA, (
        "A retained resource's logical id changed: a deploy would replace it and leave its data "
        "behind. Keep its construct path (infra/logical_ids.py) or plan a migration."
    )


@pytest.mark.parametrize(
    "path",
    [
        ["TokenKey"],
        ["Group-admin"],
        ["Reports", "Resource"],
        ["Reports", "Policy", "Resource"],
        ["StaffUsers", "StaffPages", "Resource"],
        ["Custom::CDKBucketDeployment", "ServiceRole", "DefaultPolicy", "Resource"],
        ["Outer", "Default", "Inner", "Resource"],
        ["Table", "TableReplica"],
        ["Wide" * 70, "Resource"],
    ],
)
def test_unique_id_is_cdks_own(path):
    """The port of CDK's makeUniqueId gives what CDK gives a plain stack for the same path."""
    stack = cdk.Stack(cdk.App(), "plain")
    scope: Construct = stack
    for component in path[:-1]:
        scope = Construct(scope, component)
    element = cdk.CfnResource(scope, path[-1], type="AWS::SQS::Queue")
    assert stack.resolve(element.logical_id) == unique_id(path)


def test_only_a_leading_group_is_left_out():
    assert without_groups(["Data", "Reports", "Resource"], GROUPS) == ["Reports", "Resource"]
    assert without_groups(["Site", "Bucket", "Resource"], GROUPS) == ["Site", "Bucket", "Resource"]
    assert without_groups(["Site", "Data", "Resource"], GROUPS) == ["Site", "Data", "Resource"]
