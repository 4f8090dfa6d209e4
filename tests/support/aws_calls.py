"""Recording the AWS calls the code makes, by entry point (the API function, the report job):
each call's service, operation and the table, index, bucket key, function or secret it names.

The hook is botocore's one place every call passes through before it is signed,
`BaseClient._emit_api_params`: API calls and presigned URLs both go through it (a presigned
GET is a GetObject the role must be allowed, made later by the resident's browser). Lambda
Invoke is answered here instead of by moto (which would need Docker to run the function); the
invocations are kept so the caller can run the job they start, as Lambda would.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import botocore.client
import pytest


@dataclass(frozen=True)
class Call:
    """One AWS call, or one item of a transaction or batch (operation "TransactWriteItems.Put").
    Names are roles, not physical names: the table's Config role, "reports" for the reports
    bucket, "token_key" or "edge_secret" for a secret, "report" for the report function,
    "sender" for the SES identity sent from and "mail" for its configuration set."""

    entry: str
    service: str
    operation: str
    table: str | None = None
    index: str | None = None
    bucket: str | None = None
    key: str | None = None  # an object key, or the prefix a listing asked for
    tagged: bool = False  # PutObject / CreateMultipartUpload with tags
    function: str | None = None
    secret: str | None = None
    identity: str | None = None  # SES: the sender's domain identity ("sender")
    configuration_set: str | None = None  # SES: the configuration set ("mail")


# name -> role, for each kind of resource (what the recording calls things)
Roles = dict[str, dict[str, str]]


def _items(operation: str, params: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(operation, params) per table the call touches."""
    if operation == "TransactWriteItems":
        return [
            (f"{operation}.{kind}", body)
            for item in params["TransactItems"]
            for kind, body in item.items()
        ]
    if operation == "TransactGetItems":
        return [(f"{operation}.Get", item["Get"]) for item in params["TransactItems"]]
    if operation in ("BatchGetItem", "BatchWriteItem"):
        return [(operation, {"TableName": name}) for name in params["RequestItems"]]
    return [(operation, params)]


def _domain(source: str | None) -> str | None:
    return None if source is None else source.rpartition("@")[2].rstrip(">").lower()


@dataclass
class Recorder:
    roles: Roles
    calls: list[Call] = field(default_factory=list)
    invocations: list[dict[str, Any]] = field(default_factory=list)
    entry: str | None = None  # calls outside an entry (test set-up) are not recorded

    def _role(self, kind: str, name: str | None) -> str | None:
        if name is None:
            return None
        return self.roles[kind].get(name, f"unknown {kind} {name}")

    def record(self, service: str, operation: str, params: dict[str, Any]) -> None:
        if self.entry is None:
            return
        for op, item in _items(operation, params):
            self.calls.append(
                Call(
                    entry=self.entry,
                    service=service,
                    operation=op,
                    table=self._role("table", item.get("TableName")),
                    index=item.get("IndexName"),
                    bucket=self._role("bucket", item.get("Bucket")),
                    key=item.get("Key", item.get("Prefix")) if service == "s3" else None,
                    tagged=bool(item.get("Tagging")),
                    function=self._role("function", item.get("FunctionName")),
                    secret=self._role("secret", item.get("SecretId")),
                    identity=self._role("identity", _domain(item.get("Source"))),
                    configuration_set=self._role(
                        "configuration_set", item.get("ConfigurationSetName")
                    ),
                )
            )

    @contextmanager
    def as_entry(self, entry: str) -> Iterator[None]:
        previous, self.entry = self.entry, entry
        try:
            yield
        finally:
            self.entry = previous

    def write(self, path: Path) -> Path:
        path.write_text("".join(json.dumps(asdict(call)) + "\n" for call in self.calls))
        return path


def read(path: Path) -> list[Call]:
    return [Call(**json.loads(line)) for line in path.read_text().splitlines()]


@contextmanager
def recording(roles: Roles) -> Iterator[Recorder]:
    """Record every botocore call made inside `with recorder.as_entry(...)`."""
    recorder = Recorder(roles)
    emit = botocore.client.BaseClient._emit_api_params
    make_api_call = botocore.client.BaseClient._make_api_call

    def emit_api_params(client: Any, api_params: Any, operation_model: Any, context: Any) -> Any:
        params = emit(client, api_params, operation_model, context)
        recorder.record(client.meta.service_model.service_name, operation_model.name, params)
        return params

    def invoke_or_call(client: Any, operation: str, params: dict[str, Any]) -> Any:
        if client.meta.service_model.service_name == "lambda" and operation == "Invoke":
            recorder.record("lambda", operation, params)
            recorder.invocations.append(json.loads(params.get("Payload") or b"{}"))
            return {"StatusCode": 202 if params.get("InvocationType") == "Event" else 200}
        return make_api_call(client, operation, params)

    patches: list[tuple[str, Callable[..., Any]]] = [
        ("_emit_api_params", emit_api_params),
        ("_make_api_call", invoke_or_call),
    ]
    with pytest.MonkeyPatch.context() as monkeypatch:
        for name, replacement in patches:
            monkeypatch.setattr(botocore.client.BaseClient, name, replacement)
        yield recorder
