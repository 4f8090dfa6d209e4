"""Powertools idempotency, persisted in the idempotency table (the store owns AWS access)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from chalicelib import config
from chalicelib.store import retry_policy


@lru_cache(maxsize=1)
def persistence_layer() -> Any:
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    cfg = config.current()
    client = retry_policy.client("dynamodb")
    return DynamoDBPersistenceLayer(table_name=cfg.idempotency_table, boto3_client=client)
