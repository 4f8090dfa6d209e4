"""The pinned CDK CLI reads the assembly the app synthesises, offline and without credentials:
the path `make deploy` and `make destroy` take (`cdk deploy|destroy --app infra/cdk.out`),
up to the point where they would call AWS. Catches a CLI too old for the CDK library's cloud
assembly schema, or a stack name the Makefile would not find. About 10 s."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from infra.naming import ROOT

pytestmark = pytest.mark.infra

CDK = ROOT / "node_modules" / ".bin" / "cdk"


def _cdk(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    if not CDK.exists():
        pytest.fail("The pinned CDK CLI is not installed: run `make cdk-cli` (npm ci).")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    environ["CDK_DISABLE_CLI_TELEMETRY"] = "true"
    return subprocess.run(
        [str(CDK), *args, "--no-notices", "--no-version-reporting", "--no-color"],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_cli_lists_the_stack_make_deploy_names(demo, tmp_path):
    assembly = demo.path.parent
    listed = _cdk("ls", "--app", str(assembly), cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split() == ["sayso-demo"]  # Makefile: STACK = sayso-$(CONSULTATION)


def test_the_cli_reads_the_template_as_synthesised(demo, tmp_path):
    assembly = demo.path.parent
    diff = _cdk(
        "diff", "--app", str(assembly), "--template", str(demo.path), "sayso-demo", cwd=tmp_path
    )
    assert diff.returncode == 0, diff.stderr
    assert "There were no differences" in diff.stdout + diff.stderr
