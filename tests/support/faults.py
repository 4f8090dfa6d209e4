"""Failing AWS calls on purpose: wrap botocore's one entry point for every call (above its
retries, as if they were all used up) and fail the n-th call, or the n-th call of one
operation, with a fault AWS really answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import botocore.client
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError


def client_error(code: str, status: int, **extra: Any) -> Callable[[str], Exception]:
    def make(operation: str) -> Exception:
        response = {
            "Error": {"Code": code, "Message": f"injected {code}"},
            "ResponseMetadata": {"HTTPStatusCode": status},
            **extra,
        }
        return ClientError(response, operation)

    return make


def _cancelled(operation: str) -> Exception:
    if operation != "TransactWriteItems":
        return client_error("ThrottlingException", 400)(operation)
    reasons = [{"Code": "None"}, {"Code": "ThrottlingError", "Message": "Throughput exceeds."}]
    return client_error("TransactionCanceledException", 400, CancellationReasons=reasons)(operation)


def _no_connection(operation: str) -> Exception:
    return EndpointConnectionError(endpoint_url="https://dynamodb.us-east-1.amazonaws.com")


FAULTS: dict[str, Callable[[str], Exception]] = {
    "throttled": client_error("ThrottlingException", 400),
    "provisioned": client_error("ProvisionedThroughputExceededException", 400),
    "aws-500": client_error("InternalServerError", 500),
    "cancelled": _cancelled,
    "no-connection": _no_connection,
}


@dataclass
class Injector:
    """Fails the n-th AWS call (counted from arm(); only calls of `operation` if given) with a
    fault; records the names of the calls it counted."""

    calls: list[str] = field(default_factory=list)
    armed: bool = False
    fail_at: int | None = None
    fault: Callable[[str], Exception] | None = None
    operation: str | None = None

    def arm(
        self, fail_at: int | None = None, fault: str | None = None, operation: str | None = None
    ) -> None:
        self.calls, self.armed, self.fail_at, self.operation = [], True, fail_at, operation
        self.fault = FAULTS[fault] if fault else None

    def disarm(self) -> list[str]:
        self.armed = False
        return self.calls


def install(monkeypatch: pytest.MonkeyPatch) -> Injector:
    """Put an injector on botocore for the test (the `injector` fixture of tests/api)."""
    injector = Injector()
    original = botocore.client.BaseClient._make_api_call

    def make_api_call(client: Any, operation: str, params: dict[str, Any]) -> Any:
        if injector.armed and injector.operation in (None, operation):
            injector.calls.append(operation)
            if len(injector.calls) == injector.fail_at and injector.fault is not None:
                raise injector.fault(operation)
        return original(client, operation, params)

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", make_api_call)
    return injector
