"""The local stack's ports in .local/stack.json, and the CLI's one-line answers about them."""

from __future__ import annotations

import json
import os
import socket

import pytest

from chalicelib import cli
from chalicelib.local import stack_file


@pytest.fixture
def stack_path(tmp_path, monkeypatch):
    path = tmp_path / "stack.json"
    monkeypatch.setattr(stack_file, "STACK_FILE", path)
    for variable in stack_file.PORT_VARIABLES.values():
        monkeypatch.delenv(variable, raising=False)
    return path


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_ports_written_are_the_ports_read(stack_path):
    stack_file.write({"api": 18000, "web": 18080, "aws": 15005})
    assert json.loads(stack_path.read_text())["pid"] == os.getpid()
    assert stack_file.read() == {"api": 18000, "web": 18080, "aws": 15005}
    assert stack_file.resolve(environ={}) == {"api": 18000, "web": 18080, "aws": 15005}


def test_variables_override_the_file_and_defaults_fill_in(stack_path):
    assert stack_file.resolve(environ={}) == stack_file.DEFAULT_PORTS
    stack_file.write({"api": 18000, "web": 18080, "aws": 15005})
    ports = stack_file.resolve(environ={"SAYSO_AWS_PORT": "25005"})
    assert ports == {"api": 18000, "web": 18080, "aws": 25005}
    with pytest.raises(stack_file.StackFileError, match="SAYSO_API_PORT must be a port number"):
        stack_file.resolve(environ={"SAYSO_API_PORT": "eighty"})


def test_only_the_stack_that_wrote_the_file_removes_it(stack_path):
    stack_file.write({"api": 1, "web": 2, "aws": 3})
    stack_path.write_text(json.dumps({**json.loads(stack_path.read_text()), "pid": -1}))
    stack_file.remove()
    assert stack_path.exists()  # a newer stack's record stays
    stack_file.write({"api": 1, "web": 2, "aws": 3})
    stack_file.remove()
    assert not stack_path.exists()


def test_cli_local_uses_the_recorded_port_and_says_in_one_line_when_nothing_answers(
    stack_path, capsys
):
    port = _closed_port()
    stack_file.write({"api": 18000, "web": 18080, "aws": port})
    assert cli.main(["--local", "status", "demo", "open"]) == 2
    err = capsys.readouterr().err
    assert err == f"error: no local stack on 127.0.0.1:{port}: start it with make run\n"


def test_cli_local_finds_a_stack_listening_on_the_recorded_port(stack_path, monkeypatch):
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        port = listening.getsockname()[1]
        stack_file.write({"api": 18000, "web": 18080, "aws": port})
        monkeypatch.setattr(os, "environ", dict(os.environ))  # the CLI points AWS at the stack
        assert cli._use_local_stack() == port
        assert os.environ["AWS_ENDPOINT_URL"] == f"http://127.0.0.1:{port}"


def test_cli_errors_are_one_line(tmp_path, capsys):
    missing = tmp_path / "nowhere.json"
    assert cli.main(["create-consultation", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot read" in err and "Traceback" not in err


def test_a_store_that_stops_answering_is_one_line_not_a_traceback(stack_path, monkeypatch, capsys):
    from botocore.exceptions import EndpointConnectionError
    from pynamodb.exceptions import TransactWriteError

    def lost(args):
        cause = EndpointConnectionError(endpoint_url="http://127.0.0.1:1")
        raise TransactWriteError("Failed to write transaction items", cause=cause)

    monkeypatch.setattr(cli, "_status", lost)
    monkeypatch.setattr(os, "environ", dict(os.environ))
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        port = listening.getsockname()[1]
        stack_file.write({"api": 18000, "web": 18080, "aws": port})
        assert cli.main(["--local", "status", "demo", "open"]) == 2
    assert capsys.readouterr().err == (
        f"error: no local stack on 127.0.0.1:{port}: start it with make run\n"
    )
