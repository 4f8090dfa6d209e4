"""The local runtime in a subprocess on free ports, shared by the end-to-end tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from chalicelib.local import launcher
from chalicelib.local.launcher import Stack


@pytest.fixture
def local_stack(tmp_path: Path) -> Iterator[Stack]:
    with _running_stack(tmp_path) as stack:
        yield stack


@pytest.fixture(scope="module")
def module_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """One local stack for a whole test module (the page tests share it: starting one takes
    seconds)."""
    with _running_stack(tmp_path_factory.mktemp("stack")) as stack:
        yield stack


@contextmanager
def _running_stack(stack_dir: Path) -> Iterator[Stack]:
    """chalicelib/local/launcher.py's stack, its ports recorded in the test's own folder; a stack
    that does not start fails the test with what it printed."""
    try:
        stack = launcher.start(stack_file=stack_dir / "stack.json")
    except launcher.StackDidNotStart as error:
        pytest.fail(str(error))
    try:
        yield stack
    finally:
        launcher.stop(stack)


@pytest.fixture(scope="module")
def site(module_stack):
    """(pages origin, API origin) of the module's stack."""
    return module_stack.web, module_stack.api


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, one per test module (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        yield browser
        browser.close()
