from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from chalice.test import Client
from moto import mock_aws


@pytest.fixture
def aws() -> Iterator[None]:
    from chalicelib.store.setup import ensure_buckets, ensure_tables

    with mock_aws():
        ensure_tables()
        ensure_buckets()
        # as the local runtime does: moto's SES sends only from a verified identity, and the
        # outcome's publication sends from the configured sender (services/background.py)
        from chalicelib.store.mail import LOCAL_SENDER, ensure_sender

        ensure_sender(LOCAL_SENDER)
        yield


@pytest.fixture
def demo(aws: None) -> None:
    from chalicelib.local.demo import seed_demo

    seed_demo()


@pytest.fixture
def client(demo: None) -> Iterator[Client]:
    from app import app

    with Client(app) as test_client:
        yield test_client


class Api:
    """Small helpers over chalice's test client, so tests read like HTTP."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def get(self, path: str, **headers: str) -> Any:
        return self.client.http.get(path, headers=headers)

    def post(
        self,
        path: str,
        body: Any = None,
        *,
        raw: bytes | str | None = None,
        content_type: str = "application/json",
    ) -> Any:
        data = raw if raw is not None else json.dumps(body)
        return self.client.http.post(path, headers={"Content-Type": content_type}, body=data)

    def comment(self, cid: str = "demo", **fields: Any) -> Any:
        body = {"option_id": "a", "kind": "comment", "text": "Keep the trees.", **fields}
        return self.post(f"/consultations/{cid}/submissions", body)


@pytest.fixture
def api(client: Client) -> Api:
    return Api(client)


@pytest.fixture
def seed_consultation(aws: None):
    """Store a consultation like the demo with other status, dates or moderation."""
    from dataclasses import replace

    from chalicelib.local.demo import demo_consultation
    from chalicelib.store import consultations

    def seed(cid: str, **changes: Any) -> None:
        now = datetime.now(UTC)
        consultation, options = demo_consultation(now)
        consultation = replace(consultation, id=cid, **changes)
        consultations.save(consultation)
        for option in options:
            consultations.save_option(cid, option)

    return seed


@pytest.fixture
def dynamodb_calls(aws: None) -> Iterator[list[str]]:
    """The names of the DynamoDB operations made while the test runs (botocore event hook)."""
    from chalicelib.store.connection import dynamodb_clients
    from chalicelib.store.idempotency import persistence_layer

    calls: list[str] = []

    def record(model: Any, **_: Any) -> None:
        calls.append(model.name)

    clients = [*dynamodb_clients(), persistence_layer().client]
    for botocore_client in clients:
        botocore_client.meta.events.register("before-call.dynamodb.*", record)
    yield calls
    for botocore_client in clients:
        botocore_client.meta.events.unregister("before-call.dynamodb.*", record)


def stored_submission_count() -> int:
    """Every submission item in the table, public or not (tests may Scan; request paths don't)."""
    from chalicelib.store.models import SubmissionRecord

    return SubmissionRecord.count()


PAST = datetime.now(UTC) - timedelta(days=30)
FUTURE = datetime.now(UTC) + timedelta(days=30)


@pytest.fixture
def log_lines() -> Iterator[list[dict[str, Any]]]:
    """The JSON log lines the app writes during the test, formatted as in production."""
    import logging

    from chalicelib.observability import logger

    lines: list[dict[str, Any]] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(json.loads(self.format(record)))

    handler = Collect()
    handler.setFormatter(logger.registered_formatter)
    logger._logger.addHandler(handler)
    yield lines
    logger._logger.removeHandler(handler)


@pytest.fixture
def staff_keys(tmp_path, monkeypatch):
    """A staff key and JWKS of the test's own, trusted by the API as the local runtime's are."""
    from chalicelib import config
    from chalicelib.local import staff_keys

    env = staff_keys.environment(tmp_path)
    trusted = dataclasses.replace(
        config.current(),
        staff_jwks_url=env["SAYSO_STAFF_JWKS_URL"],
        staff_issuer=env["SAYSO_STAFF_ISSUER"],
        staff_audience=env["SAYSO_STAFF_AUDIENCE"],
    )
    monkeypatch.setattr(config, "current", lambda: trusted)
    return tmp_path


@pytest.fixture
def injector(aws: None, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Fails the n-th AWS call on purpose (tests/support/faults.py)."""
    from tests.support.faults import install

    return install(monkeypatch)
