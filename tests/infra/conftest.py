"""The stack is synthesised once per session (about 30 s: chalice package reuses its cached
deployment package in .chalice/deployments, keyed by requirements.txt) and shared by the tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("aws_cdk")


@dataclass
class Synthesised:
    stack: Any
    template: dict[str, Any]
    path: Path

    def resources(self, kind: str) -> dict[str, dict[str, Any]]:
        return {k: v for k, v in self.template["Resources"].items() if v["Type"] == kind}

    def resource(self, logical_id: str) -> dict[str, Any]:
        return self.template["Resources"][logical_id]

    def logical_id(self, construct: Any) -> str:
        return self.stack.resolve(construct.node.default_child.logical_id)


def synthesise(context: dict[str, str], outdir: Path) -> Synthesised:
    from infra.app import build

    stack = build(context, outdir)
    assembly = stack.node.root.synth()
    path = Path(assembly.directory) / stack.template_file
    return Synthesised(stack=stack, template=json.loads(path.read_text()), path=path)


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Synthesised:
    # the demo sends the outcome emails (tests/support/iam_tour.py sends from this domain)
    context = {"consultation": "demo", "mail_sender": "outcomes@agency.example"}
    return synthesise(context, tmp_path_factory.mktemp("cdk-demo"))


OPTIONS = {
    "consultation": "dominion-road",
    "alarm_email": "ops@agency.example",
    "waf_rate_limit": "off",  # the per-IP WAF rule is on by default
    "report_storage_mb": "4096",
    "staff_mfa": "1",
    "advanced_security": "1",
    "retain_data": "false",  # what `make destroy FORCE=1` deploys before destroying
    # A basemap (docs/pages.md): a provider's subdomains and a browser key in the URL.
    "tile_url": "https://{s}.tiles.example.org/v1/{z}/{x}/{y}.png?api=browser-key&style=light",
    "tile_attribution": "© Example Tiles, CC BY 4.0",
}


@pytest.fixture(scope="session")
def with_options(tmp_path_factory: pytest.TempPathFactory) -> Synthesised:
    """A second consultation with every setting away from its default (optional ones on, the
    WAF rule off), and its data not retained."""
    return synthesise(OPTIONS, tmp_path_factory.mktemp("cdk-options"))
