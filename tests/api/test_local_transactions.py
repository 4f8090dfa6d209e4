"""The local stack's TransactWriteItems (chalicelib/local/atomic_dynamodb.py): all or nothing,
with moto's answers, and at a cost that does not grow with the table.

moto in this process (mock_aws); the replacement is installed with monkeypatch, so other tests in
the same worker keep moto as it is.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
import pytest
from moto import mock_aws

from chalicelib.local import atomic_dynamodb

TABLE = "local-transactions"


@pytest.fixture(params=["moto", "local"])
def dynamodb(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A table with a counter item, under plain moto and under the local stack's replacement:
    the refusals below must read the same under both."""
    if request.param == "local":
        from moto.dynamodb.models import DynamoDBBackend

        monkeypatch.setattr(
            DynamoDBBackend, "transact_write_items", atomic_dynamodb.transact_write_items
        )
    with mock_aws():
        yield _table_with_a_counter()


def _table_with_a_counter() -> Any:
    client = boto3.client("dynamodb", region_name="us-east-1")
    client.create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.put_item(TableName=TABLE, Item={"pk": {"S": "counter"}, "n": {"N": "0"}})
    return client


def _add_one(condition: str | None = None) -> dict[str, Any]:
    update: dict[str, Any] = {
        "TableName": TABLE,
        "Key": {"pk": {"S": "counter"}},
        "UpdateExpression": "ADD n :one",
        "ExpressionAttributeValues": {":one": {"N": "1"}},
    }
    if condition:
        update["ConditionExpression"] = condition
        update["ExpressionAttributeValues"][":zero"] = {"N": "0"}
    return {"Update": update}


def _put_once(pk: str) -> dict[str, Any]:
    return {
        "Put": {
            "TableName": TABLE,
            "Item": {"pk": {"S": pk}},
            "ConditionExpression": "attribute_not_exists(pk)",
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
    }


def _count(client: Any) -> int:
    item = client.get_item(TableName=TABLE, Key={"pk": {"S": "counter"}}, ConsistentRead=True)
    return int(item["Item"]["n"]["N"])


def _keys(client: Any) -> set[str]:
    return {item["pk"]["S"] for item in client.scan(TableName=TABLE)["Items"]}


def _cancelled(client: Any, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    with pytest.raises(client.exceptions.TransactionCanceledException) as raised:
        client.transact_write_items(TransactItems=items)
    return raised.value.response["CancellationReasons"]


def test_a_failed_condition_cancels_every_item_whatever_its_place(dynamodb):
    dynamodb.transact_write_items(TransactItems=[_add_one(), _put_once("mark")])
    assert _count(dynamodb) == 1

    first = _cancelled(dynamodb, [_add_one(), _put_once("mark")])
    last = _cancelled(dynamodb, [_put_once("mark"), _add_one()])
    own = _cancelled(dynamodb, [_add_one("n < :zero"), _put_once("other")])

    assert [r["Code"] for r in first] == ["None", "ConditionalCheckFailed"]
    assert first[1]["Item"] == {"pk": {"S": "mark"}}  # ALL_OLD, as DynamoDB answers
    assert [r["Code"] for r in last] == ["ConditionalCheckFailed", "None"]
    assert [r["Code"] for r in own] == ["ConditionalCheckFailed", "None"]
    assert _count(dynamodb) == 1
    assert _keys(dynamodb) == {"counter", "mark"}


def test_an_item_that_cannot_be_applied_undoes_the_ones_before_it(dynamodb):
    dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "text"}, "n": {"S": "not a number"}})
    wrong_type = {
        "Update": {
            "TableName": TABLE,
            "Key": {"pk": {"S": "text"}},
            "UpdateExpression": "ADD n :one",
            "ExpressionAttributeValues": {":one": {"N": "1"}},
        }
    }
    with pytest.raises(dynamodb.exceptions.ClientError):
        dynamodb.transact_write_items(TransactItems=[_add_one(), _put_once("new"), wrong_type])

    assert _count(dynamodb) == 0
    assert _keys(dynamodb) == {"counter", "text"}


def test_one_item_twice_is_refused_and_writes_nothing(dynamodb):
    with pytest.raises(dynamodb.exceptions.ClientError) as raised:
        dynamodb.transact_write_items(TransactItems=[_add_one(), _add_one()])
    assert raised.value.response["Error"]["Code"] == "ValidationException"
    assert _count(dynamodb) == 0


def test_concurrent_transactions_count_exactly_once_requests_are_serialised(monkeypatch):
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.responses import DynamoHandler

    monkeypatch.setattr(DynamoHandler, "call_action", DynamoHandler.call_action)
    monkeypatch.setattr(
        DynamoDBBackend, "transact_write_items", DynamoDBBackend.transact_write_items
    )
    atomic_dynamodb.serialise_dynamodb()
    atomic_dynamodb.serialise_dynamodb()  # twice is once
    with mock_aws():
        client = _table_with_a_counter()

        def endorse(resident: int) -> bool:
            try:
                client.transact_write_items(
                    TransactItems=[_put_once(f"mark-{resident}"), _add_one()]
                )
                return True
            except client.exceptions.TransactionCanceledException:
                return False

        with ThreadPoolExecutor(16) as pool:
            accepted = list(pool.map(endorse, [r % 40 for r in range(120)]))
        assert sum(accepted) == 40
        assert _count(client) == 40

        for start in range(0, 2000, 25):  # the cost of a transaction must not grow with the table
            client.batch_write_item(
                RequestItems={
                    TABLE: [
                        {
                            "PutRequest": {
                                "Item": {"pk": {"S": f"filler-{n}"}, "t": {"S": "x" * 200}}
                            }
                        }
                        for n in range(start, start + 25)
                    ]
                }
            )
        started = time.perf_counter()
        for n in range(20):
            client.transact_write_items(TransactItems=[_put_once(f"late-{n}"), _add_one()])
        assert (time.perf_counter() - started) / 20 < 0.1  # moto's own: ~0.3 s at 2,000 items
        assert _count(client) == 60
