"""`.local/stack.json`: the ports the running local stack (`make run`) listens on, so the CLI's
`--local` finds it without the SAYSO_*_PORT variables being exported again in its own shell.

The runtime writes the file when it starts and removes it when it stops; the CLI takes each port
from its environment variable if set, else from the file, else the default.
"""

from __future__ import annotations

import atexit
import json
import os
import socket
from collections.abc import Mapping
from pathlib import Path

HOST = "127.0.0.1"
# SAYSO_STACK_FILE moves it: the end-to-end tests start stacks of their own, side by side, and
# must not replace the record of a developer's running `make run`.
STACK_FILE = Path(
    os.environ.get("SAYSO_STACK_FILE")
    or Path(__file__).resolve().parents[2] / ".local" / "stack.json"
)
PORT_VARIABLES = {"api": "SAYSO_API_PORT", "web": "SAYSO_WEB_PORT", "aws": "SAYSO_AWS_PORT"}
DEFAULT_PORTS = {"api": 8000, "web": 8080, "aws": 5005}


class StackFileError(ValueError):
    """A port that is not a port, in the environment or the file (the message is one line)."""


def _port(value: object, where: str) -> int:
    try:
        port = int(str(value))
    except ValueError:
        raise StackFileError(f"{where} must be a port number, got {str(value)[:20]!r}") from None
    if not 1 <= port <= 65535:
        raise StackFileError(f"{where} must be between 1 and 65535, got {port}")
    return port


def write(ports: Mapping[str, int], path: Path | None = None) -> Path:
    """Record the stack's ports (api, web, aws) and this process, replacing any older record."""
    path = path or STACK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"host": HOST, **{name: int(ports[name]) for name in PORT_VARIABLES}}
    record["pid"] = os.getpid()
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(record, indent=2) + "\n")
    temporary.replace(path)
    return path


def remove(path: Path | None = None) -> None:
    """Delete the record if this process wrote it (a newer stack may have replaced it)."""
    path = path or STACK_FILE
    try:
        if json.loads(path.read_text()).get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError):
        pass


def publish(ports: object, path: Path | None = None) -> Path:
    """What the runtime calls once its ports are known: write now, remove at exit. A stack
    started for a test or the load test (chalicelib/local/launcher.py) names its own file in
    SAYSO_STACK_FILE (read into STACK_FILE above)."""
    written = write({name: getattr(ports, name) for name in PORT_VARIABLES}, path)
    atexit.register(remove, written)
    return written


def read(path: Path | None = None) -> dict[str, int]:
    """The recorded ports; empty if no stack recorded any (or the file is unreadable)."""
    path = path or STACK_FILE
    try:
        record = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(record, dict):
        return {}
    return {
        name: _port(record[name], f"{name} in {path}") for name in PORT_VARIABLES if name in record
    }


def resolve(environ: Mapping[str, str] | None = None, path: Path | None = None) -> dict[str, int]:
    """Each port from its variable if set, else from the stack file, else the default."""
    environ = os.environ if environ is None else environ
    recorded = read(path)
    ports = {}
    for name, variable in PORT_VARIABLES.items():
        raw = environ.get(variable, "")
        ports[name] = _port(raw, variable) if raw else recorded.get(name, DEFAULT_PORTS[name])
    return ports


def answers(port: int, host: str = HOST, timeout: float = 1.0) -> bool:
    """Whether something listens on the port (the embedded AWS, for the CLI)."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False
