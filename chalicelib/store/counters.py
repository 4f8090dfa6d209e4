"""Submission counters (table: consultations), sharded like the listing indexes.

Every write that changes a submission's option, kind, stance or state adds its deltas
(domain/stats.py) to the counter item of the submission's own shard, inside the same
transaction, so counts never drift from the items. Reading sums the shards: one BatchGetItem.
A single counter item would be the hot key of a burst (docs/data-model.md, "Bursts").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from pynamodb.attributes import NumberAttribute

from chalicelib.store.models import CounterRecord
from chalicelib.store.transactions import Transaction

COUNTS_SK = "counts"


def _pk(cid: str, shard: int) -> str:
    return f"{cid}#counts#{shard}"


def _counter(name: str) -> NumberAttribute:
    # An attribute object only to build "ADD #name :delta"; the names are data, not schema.
    return NumberAttribute(attr_name=name)


def add_to(tx: Transaction, cid: str, shard: int, deltas: dict[str, int]) -> None:
    """Add `deltas` to the shard's counters within `tx` (nothing if there are none)."""
    if deltas:
        tx.update(
            "counters",
            CounterRecord(_pk(cid, shard), COUNTS_SK),
            actions=[_counter(name).add(delta) for name, delta in deltas.items()],
        )


def read_shards(cid: str, shards: int) -> dict[int, Counter[str]]:
    """Each shard's counters on its own (the count check compares shard by shard)."""
    connection = CounterRecord._get_connection()
    table = CounterRecord.Meta.table_name
    keys = [{"cid": {"S": _pk(cid, shard)}, "sk": {"S": COUNTS_SK}} for shard in range(shards)]
    per_shard = {shard: Counter() for shard in range(shards)}
    while keys:
        answer = connection.connection.client.batch_get_item(
            RequestItems={table: {"Keys": keys[:100], "ConsistentRead": True}}
        )
        for item in answer.get("Responses", {}).get(table, []):
            shard = int(item["cid"]["S"].rsplit("#", 1)[1])
            for name, value in item.items():
                if "N" in value and name not in ("cid", "sk"):
                    per_shard[shard][name] += int(value["N"])
        unprocessed = answer.get("UnprocessedKeys", {}).get(table, {}).get("Keys", [])
        keys = unprocessed + keys[100:]
    return per_shard


def recount_shards(cid: str, shards: int) -> dict[int, Counter[str]]:
    """Count the submissions themselves, per shard: Query every-item all_pk = "{cid}#{s}"
    (only the four attributes a counter key is made of are projected)."""
    from chalicelib.domain.stats import counter_key
    from chalicelib.store.models import SubmissionRecord

    client = SubmissionRecord._get_connection().connection.client
    per_shard: dict[int, Counter[str]] = {}
    for shard in range(shards):
        counted: Counter[str] = Counter()
        request: dict[str, Any] = {
            "TableName": SubmissionRecord.Meta.table_name,
            "IndexName": SubmissionRecord.every_item.Meta.index_name,
            "KeyConditionExpression": "all_pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": f"{cid}#{shard}"}},
        }
        while True:
            answer = client.query(**request)
            for item in answer.get("Items", []):
                stance = item.get("stance", {}).get("S")
                key = counter_key(item["oid"]["S"], item["kind"]["S"], stance, item["status"]["S"])
                counted[key] += 1
            if "LastEvaluatedKey" not in answer:
                break
            request["ExclusiveStartKey"] = answer["LastEvaluatedKey"]
        per_shard[shard] = counted
    return per_shard


def submission_ids(cid: str, shards: int) -> Iterator[str]:
    """Every submission id of a consultation, whatever its state: Query every-item per shard
    for the id alone (a ULID holds its creation time). The index's items are small (keys and
    the four attributes of a counter key), so a 1 MB page holds thousands."""
    from chalicelib.store.models import SubmissionRecord

    client = SubmissionRecord._get_connection().connection.client
    for shard in range(shards):
        request: dict[str, Any] = {
            "TableName": SubmissionRecord.Meta.table_name,
            "IndexName": SubmissionRecord.every_item.Meta.index_name,
            "KeyConditionExpression": "all_pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": f"{cid}#{shard}"}},
            "ProjectionExpression": "sid",
        }
        while True:
            answer = client.query(**request)
            for item in answer.get("Items", []):
                yield item["sid"]["S"]
            if "LastEvaluatedKey" not in answer:
                break
            request["ExclusiveStartKey"] = answer["LastEvaluatedKey"]


def correct(cid: str, corrections: dict[int, dict[str, int]], audit: Any) -> None:
    """Add each shard's correction to its counters, with the audit entry, in one transaction
    (ADD, not SET: writes made meanwhile still count)."""
    tx = Transaction()
    for shard, deltas in sorted(corrections.items()):
        add_to(tx, cid, shard, deltas)
    tx.put("audit", audit)
    tx.commit()


def read(cid: str, shards: int) -> Counter[str]:
    """The counters summed over every shard: one BatchGetItem (items never written are absent)."""
    return read_many([cid], shards)[cid]


def read_many(cids: list[str], shards: int) -> dict[str, Counter[str]]:
    """Each consultation's counters, summed over its shards, in as few BatchGetItems as fit
    (100 keys each)."""
    connection = CounterRecord._get_connection()
    table = CounterRecord.Meta.table_name
    owner = {_pk(cid, shard): cid for cid in cids for shard in range(shards)}
    keys: list[dict[str, Any]] = [{"cid": {"S": pk}, "sk": {"S": COUNTS_SK}} for pk in owner]
    totals: dict[str, Counter[str]] = {cid: Counter() for cid in cids}
    while keys:
        answer = connection.connection.client.batch_get_item(
            RequestItems={table: {"Keys": keys[:100], "ConsistentRead": False}}
        )
        for item in answer.get("Responses", {}).get(table, []):
            counted = totals[owner[item["cid"]["S"]]]
            for name, value in item.items():
                if "N" in value and name not in ("cid", "sk"):
                    counted[name] += int(value["N"])
        unprocessed = answer.get("UnprocessedKeys", {}).get(table, {}).get("Keys", [])
        keys = unprocessed + keys[100:]
    return totals
