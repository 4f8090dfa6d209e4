"""docs/deploy.md says what the stack and the Makefile really have: every stack output in its
outputs table, every `make deploy` setting in its settings table, the function names it
tells operators to use, and the lifecycle and retention figures it quotes."""

from __future__ import annotations

import re

import pytest

from chalicelib.store.site import PAGE_CACHE_CONTROL
from chalicelib.web_headers import ASSET_CACHE_CONTROL, FILE_CACHE_CONTROL
from infra import data as data_module
from infra.functions import reserved_concurrency
from infra.naming import FUNCTION_SUFFIXES, ROOT
from infra.settings import StackSettings

pytestmark = pytest.mark.infra

DOC = (ROOT / "docs" / "deploy.md").read_text()
MAKEFILE = (ROOT / "Makefile").read_text()


def _table_first_column(heading: str) -> set[str]:
    """Backticked names in the first column of the table whose header row starts `heading`."""
    lines = DOC.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {heading} |"))
    names: set[str] = set()
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        names |= set(re.findall(r"`([^`]+)`", line.split("|")[1]))
    return names


def test_every_output_is_in_the_outputs_table(demo):
    assert set(demo.template["Outputs"]) == _table_first_column("output")


def test_every_make_setting_is_in_the_settings_table():
    context = re.search(r"^CDK_CONTEXT = (.*?)(?:\n\n|\n[A-Z$])", MAKEFILE, re.M | re.S)
    assert context, "CDK_CONTEXT not found in the Makefile"
    # `name=$(VAR)`, or `name=$(call shell_quote,$(VAR))` for a value with spaces or `&`
    found = re.findall(r"=\$\((?:call shell_quote,\$\()?(\w+)\)", context.group(1))
    variables = set(found) - {"CONSULTATION"}
    assert variables == _table_first_column("setting")


def test_the_function_names_the_doc_uses_are_the_stacks(demo):
    names = {f"sayso-demo-{suffix}" for suffix in FUNCTION_SUFFIXES.values()}
    assert {demo.resource(key)["Properties"]["FunctionName"] for key in FUNCTION_SUFFIXES} == names
    for suffix in FUNCTION_SUFFIXES.values():
        assert f"sayso-<slug>-{suffix}" in DOC, suffix


def test_the_figures_the_doc_quotes():
    days = data_module.UNPUBLISHED_RUN_DAYS
    assert f"expire after {days} days" in DOC
    assert f"old versions {data_module.NONCURRENT_VERSION_DAYS} days after" in DOC
    assert f"kept {data_module.DEAD_LETTER_DAYS} days" in DOC
    assert f"after {days} days" in DOC.split("## When a report run fails")[1]
    caching = DOC.split("**Caching and invalidation.**")[1].split("\n## ")[0]
    for value in (ASSET_CACHE_CONTROL, FILE_CACHE_CONTROL, PAGE_CACHE_CONTROL):
        assert f"`{value}`" in caching, value


def test_the_defences_the_doc_quotes(demo):
    defences = DOC.split("## Defences")[1].split("\n## ")[0]
    settings = StackSettings(consultation="demo")
    assert f"more than {settings.waf_rate_limit:,} requests in 5 minutes" in defences
    assert f"| `WAF_RATE_LIMIT` | `{settings.waf_rate_limit}` |" in DOC
    for key, reserved in reserved_concurrency(settings).items():
        assert f"| `sayso-<slug>-{FUNCTION_SUFFIXES[key]}` | {reserved} |" in defences, key
    assert f"needs {sum(reserved_concurrency(settings).values())} of the Region's" in defences
