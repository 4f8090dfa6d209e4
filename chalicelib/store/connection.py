"""The DynamoDB connections the store uses, in one place (and so visible to instrumentation)."""

from __future__ import annotations

from typing import Any

from pynamodb.connection import Connection

from chalicelib import config
from chalicelib.store import retry_policy

_transactions: Connection | None = None


def transactions() -> Connection:
    """The connection multi-item transactions go through (created on first use, then reused)."""
    global _transactions
    if _transactions is None:
        cfg = config.current()
        _transactions = Connection(
            region=cfg.region,
            host=cfg.aws_endpoint_url,
            connect_timeout_seconds=retry_policy.CONNECT_TIMEOUT_SECONDS,
            read_timeout_seconds=retry_policy.READ_TIMEOUT_SECONDS,
            retry_configuration=dict(retry_policy.RETRIES),
        )
    return _transactions


def dynamodb_clients() -> list[Any]:
    """Every botocore DynamoDB client the store calls through (for event hooks in tests)."""
    from chalicelib.store.models import ALL_MODELS

    clients = [model._get_connection().connection.client for model in ALL_MODELS]
    return [*clients, transactions().client]
