"""Shared test setup: a clean fake-AWS environment before anything imports the store, and
markers from the folder a test lives in (tests/unit → unit, tests/api → api, ...)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

for _name in [n for n in os.environ if n.startswith(("AWS_", "SAYSO_"))]:
    del os.environ[_name]
os.environ.update(
    {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "SAYSO_STAGE": "test",
        "POWERTOOLS_METRICS_NAMESPACE": "sayso-test",
        # Most tests post more than an hour's allowance; the rate-limit tests lower it again.
        "SAYSO_SUBMISSIONS_PER_HOUR": "1000",
        "SAYSO_ENDORSEMENTS_PER_HOUR": "1000",
        "SAYSO_RESIDENT_TOKENS_PER_HOUR": "1000",
        "SAYSO_ENDORSEMENTS_PER_ITEM_PER_HOUR": "1000",
        "SAYSO_FLAGS_PER_HOUR": "1000",
    }
)

_TESTS = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the xdist_group markers
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        folder = Path(str(item.fspath)).relative_to(_TESTS).parts[0]
        if folder in {"unit", "api", "e2e", "infra"}:
            item.add_marker(getattr(pytest.mark, folder))
        if folder == "infra":
            # One worker synthesises the stack once (session fixtures) and owns chalice's
            # package cache in .chalice/deployments while it does.
            item.add_marker(pytest.mark.xdist_group("infra"))
        elif folder == "e2e":
            # The browser tests run one after another on one worker, in file order, as before
            # xdist: a page module's tests share one stack and a later test reads what an
            # earlier journey sent, and two browsers plus two stacks on two cores time out.
            item.add_marker(pytest.mark.xdist_group("e2e"))
