"""The CDK app: `python -m infra.app` (what `make synth` runs) synthesises one consultation's
stack into infra/cdk.out and prints where the template is. No AWS account or credentials are
needed: nothing is looked up at synth time."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks

from infra.naming import ROOT
from infra.settings import StackSettings
from infra.stack import SaysoStack

OUT_DIR = ROOT / "infra" / "cdk.out"


def build(context: dict[str, str], outdir: Path = OUT_DIR, *, nag: bool = True) -> SaysoStack:
    """The app with one consultation's stack (context keys: infra/settings.py)."""
    # chalice package creates an AWS client; any region does offline (the deploy picks its own).
    os.environ.setdefault("AWS_DEFAULT_REGION", os.environ.get("CDK_DEFAULT_REGION", "us-east-1"))
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "1")
    app = cdk.App(outdir=str(outdir), context=context)
    settings = StackSettings.from_context(app.node.try_get_context)
    env = None
    if os.environ.get("CDK_DEFAULT_ACCOUNT") and os.environ.get("CDK_DEFAULT_REGION"):
        env = cdk.Environment(
            account=os.environ["CDK_DEFAULT_ACCOUNT"], region=os.environ["CDK_DEFAULT_REGION"]
        )
    stack = SaysoStack(app, settings, env=env)
    if nag:
        cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    return stack


def main(argv: list[str]) -> int:
    context = dict(arg.split("=", 1) for arg in argv if "=" in arg)
    try:
        stack = build(context)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    assembly = stack.node.root.synth()  # type: ignore[attr-defined]
    template = Path(assembly.directory) / stack.template_file
    print(f"Stack {stack.stack_name}: template {os.path.relpath(template)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
