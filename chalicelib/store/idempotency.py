"""Powertools idempotency, persisted in the idempotency table (the store owns AWS access)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from chalicelib import config


@lru_cache(maxsize=1)
def persistence_layer() -> Any:
    import boto3
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    cfg = config.current()
    client = boto3.client("dynamodb", region_name=cfg.region, endpoint_url=cfg.aws_endpoint_url)
    return DynamoDBPersistenceLayer(table_name=cfg.idempotency_table, boto3_client=client)
