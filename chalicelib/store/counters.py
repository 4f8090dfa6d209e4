"""Submission counters (table: consultations), sharded like the listing indexes.

Every write that changes a submission's option, kind, stance or state adds its deltas
(domain/stats.py) to the counter item of the submission's own shard, inside the same
transaction, so counts never drift from the items. Reading sums the shards: one BatchGetItem.
A single counter item would be the hot key of a burst (docs/data-model.md, "Bursts").
"""

from __future__ import annotations

from collections import Counter
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
