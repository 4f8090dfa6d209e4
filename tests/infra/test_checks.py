"""cfn-lint (with the serverless rules) on the template; cdk-nag ran at synth; two
consultations are two stacks with no shared physical names."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.infra

# Properties that hold a name unique in an account or region (not, e.g., a group in a pool).
NAME_PROPERTIES = {
    "FunctionName",
    "LogGroupName",
    "TableName",
    "BucketName",
    "Domain",
    "TopicName",
    "QueueName",
    "DashboardName",
    "UserPoolName",
    "RoleName",
    "SecretName",
    "AlarmName",
}
NAMED_CONFIGS = ("ResponseHeadersPolicyConfig", "OriginAccessControlConfig")


def test_cfn_lint_reports_no_errors(demo):
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "cfn-lint"),
            "--format",
            "parseable",
            "--append-rules",
            "cfn_lint_serverless.rules",
            "--",
            str(demo.path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line for line in result.stdout.splitlines() if ":E" in line]
    assert not errors, "\n".join(errors)
    assert result.returncode in (0, 4, 8, 12), result.stderr  # warnings/informational only


def test_cdk_nag_ran_and_left_nothing_unacknowledged(demo):
    report = demo.path.parent / "validation-report.json"
    if report.exists():
        for plugin in json.loads(report.read_text())["pluginReports"]:
            assert plugin["conclusion"] == "success", plugin["pluginName"]


def _names(template):
    found = set()
    for resource in template["Resources"].values():
        props = resource.get("Properties", {})
        names = [v for k, v in props.items() if k in NAME_PROPERTIES]
        names += [props[c]["Name"] for c in NAMED_CONFIGS if c in props]
        if resource["Type"] in ("AWS::Serverless::Api", "AWS::WAFv2::WebACL"):
            names.append(props.get("Name"))
        for event in props.get("Events", {}).values():
            names.append(event["Properties"].get("Name"))
        # A Ref or GetAtt names a resource of this stack, whatever its physical name
        names = [n for n in names if not (isinstance(n, dict) and {"Ref", "Fn::GetAtt"} & set(n))]
        found |= {json.dumps(n, sort_keys=True) for n in names if n is not None}
    assert found
    return found


def test_two_consultations_share_no_physical_names(demo, with_options):
    other = with_options
    assert other.stack.stack_name == "sayso-dominion-road" != demo.stack.stack_name
    assert _names(demo.template) & _names(other.template) == set()
