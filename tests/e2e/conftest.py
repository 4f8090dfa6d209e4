"""The local runtime in a subprocess on free ports, shared by the end-to-end tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.stack import ROOT, free_port


@pytest.fixture
def local_stack(tmp_path: Path):
    with _running_stack(tmp_path) as stack:
        yield stack


@pytest.fixture(scope="module")
def module_stack(tmp_path_factory: pytest.TempPathFactory):
    """One local stack for a whole test module (the page tests share it: starting one takes
    seconds)."""
    with _running_stack(tmp_path_factory.mktemp("stack")) as stack:
        yield stack


@contextmanager
def _running_stack(
    stack_dir: Path,
) -> Iterator[tuple[subprocess.Popen[str], dict[str, int], list[str]]]:
    ports = {
        "SAYSO_API_PORT": free_port(),
        "SAYSO_WEB_PORT": free_port(),
        "SAYSO_AWS_PORT": free_port(),
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SAYSO_"))}
    env.update({k: str(v) for k, v in ports.items()})
    env["SAYSO_STACK_FILE"] = str(stack_dir / "stack.json")
    process = subprocess.Popen(
        [sys.executable, "-m", "chalicelib.local"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    deadline = time.monotonic() + 90
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            pytest.fail("local runtime exited early:\n" + "".join(output))
        output.append(line)
        if "Press Ctrl-C to stop." in line:
            break
    else:
        process.kill()
        pytest.fail("local runtime did not start in 90 s:\n" + "".join(output))
    yield process, ports, output
    if process.poll() is None:
        # Ctrl-C, as a developer stops it: the runtime then stops chalice local and moto, which
        # run in their own process groups (a plain kill would leave them running).
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def site(module_stack):
    """(pages origin, API origin) of the module's stack."""
    _, ports, _ = module_stack
    return (
        f"http://127.0.0.1:{ports['SAYSO_WEB_PORT']}",
        f"http://127.0.0.1:{ports['SAYSO_API_PORT']}",
    )


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, one per test module (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        yield browser
        browser.close()
