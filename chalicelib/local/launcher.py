"""The local runtime (`python -m chalicelib.local`) in a child process on free ports: what the
load test (`make load`), the pages benchmark (bench/pages.py) and the end-to-end tests start when
they need a stack of their own (the one way to launch one).

    with running_stack({"SAYSO_SUBMISSIONS_PER_HOUR": "1000000"}) as stack:
        urllib.request.urlopen(f"{stack.api}/health")

The child gets this process's environment without any AWS_* or SAYSO_* variable (it sets its
own), plus the ports and `settings`, and records its ports in a file of its own (a `make run`
going meanwhile keeps .local/stack.json; `stack_file` names another). Its output is read to the
end, so it never stalls on a full pipe; leaving the block stops it as Ctrl-C would.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from chalicelib.local.runtime import HOST, PROJECT_ROOT, READY_LINE


class StackDidNotStart(RuntimeError):
    """The runtime exited or stayed silent; the message carries what it printed."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Stack:
    process: subprocess.Popen[str]
    ports: dict[str, int]  # SAYSO_API_PORT, SAYSO_WEB_PORT, SAYSO_AWS_PORT
    stack_file: Path  # where it records its ports (removed when it stops)
    output: list[str] = field(default_factory=list)  # every line it printed, logs included
    reader: threading.Thread | None = None  # reads its output after start-up, until it exits

    @property
    def api(self) -> str:
        return f"http://{HOST}:{self.ports['SAYSO_API_PORT']}"

    @property
    def web(self) -> str:
        return f"http://{HOST}:{self.ports['SAYSO_WEB_PORT']}"

    @property
    def aws(self) -> str:
        return f"http://{HOST}:{self.ports['SAYSO_AWS_PORT']}"

    def cli_environment(self) -> dict[str, str]:
        """An environment in which `python -m chalicelib.cli --local …` talks to this stack
        (the ports given explicitly: .local/stack.json names whichever stack started last)."""
        env = _child_environment()
        env.update({name: str(port) for name, port in self.ports.items()})
        return env

    def cli(self, *arguments: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """`python -m chalicelib.cli --local …` against this stack, its output captured."""
        return subprocess.run(
            [sys.executable, "-m", "chalicelib.cli", "--local", *arguments],
            cwd=PROJECT_ROOT,
            env=self.cli_environment(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )


def _child_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SAYSO_"))}


def start(
    settings: Mapping[str, str] | None = None,
    timeout: float = 90,
    stack_file: Path | None = None,
) -> Stack:
    """Start the runtime and wait until it says it is ready."""
    ports = {name: free_port() for name in ("SAYSO_API_PORT", "SAYSO_WEB_PORT", "SAYSO_AWS_PORT")}
    env = _child_environment()
    env.update({k: str(v) for k, v in ports.items()})
    # Its own record of its ports, not .local/stack.json, which names the `make run` stack.
    record = stack_file or (
        Path(tempfile.gettempdir()) / f"sayso-stack-{ports['SAYSO_API_PORT']}.json"
    )
    env["SAYSO_STACK_FILE"] = str(record)
    env.update(settings or {})
    process = subprocess.Popen(
        [sys.executable, "-m", "chalicelib.local"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    stack = Stack(process, ports, record)
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            raise StackDidNotStart("the local runtime exited early:\n" + "".join(stack.output))
        stack.output.append(line)
        if READY_LINE in line:
            # Keep reading: the API logs a line per request, and a full pipe would stall it.
            stack.reader = threading.Thread(
                target=_drain, args=(stack,), name="stack-output", daemon=True
            )
            stack.reader.start()
            return stack
    stop(stack)
    raise StackDidNotStart(
        f"the local runtime did not start in {timeout:.0f} s:\n" + "".join(stack.output)
    )


def _drain(stack: Stack) -> None:
    assert stack.process.stdout is not None
    for line in stack.process.stdout:
        stack.output.append(line)


def stop(stack: Stack, timeout: float = 30) -> int:
    """Ctrl-C, as a developer stops it: the runtime then stops chalice local and moto, which run
    in their own process groups (a plain kill would leave them running). Returns its exit code,
    once stack.output holds everything it printed."""
    if stack.process.poll() is None:
        stack.process.send_signal(signal.SIGINT)
        try:
            stack.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            stack.process.kill()
            stack.process.wait()
    if stack.reader is not None:
        stack.reader.join(timeout=timeout)
    return stack.process.returncode


@contextmanager
def running_stack(
    settings: Mapping[str, str] | None = None, stack_file: Path | None = None
) -> Iterator[Stack]:
    stack = start(settings, stack_file=stack_file)
    try:
        yield stack
    finally:
        stop(stack)
