"""Multi-item DynamoDB transactions whose cancellations say which condition failed."""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.store.connection import transactions


class Refused(Exception):
    """A transaction was cancelled because these labelled items failed their conditions."""

    def __init__(self, labels: set[str]) -> None:
        super().__init__(", ".join(sorted(labels)))
        self.labels = labels


class Transaction:
    """pynamodb's TransactWrite with a label per item, so a cancellation says which condition
    failed (pynamodb sends checks, deletes, puts, updates in that order, not as added)."""

    _KINDS = ("check", "delete", "put", "update")

    def __init__(self) -> None:
        self._tx = TransactWrite(connection=transactions())
        self._labels: dict[str, list[str]] = {kind: [] for kind in self._KINDS}

    def check(self, label: str, model: Any, hash_key: str, range_key: str, condition: Any) -> None:
        self._tx.condition_check(model, hash_key, range_key, condition=condition)
        self._labels["check"].append(label)

    def delete(self, label: str, item: Any, condition: Any = None) -> None:
        self._tx.delete(item, condition=condition)
        self._labels["delete"].append(label)

    def put(self, label: str, item: Any, condition: Any = None) -> None:
        self._tx.save(item, condition=condition)
        self._labels["put"].append(label)

    def update(self, label: str, item: Any, actions: list[Any], condition: Any = None) -> None:
        self._tx.update(item, actions=actions, condition=condition)
        self._labels["update"].append(label)

    def commit(self) -> None:
        try:
            self._tx._commit()
        except TransactWriteError as error:
            order = [label for kind in self._KINDS for label in self._labels[kind]]
            reasons = error.cancellation_reasons or []
            failed = {
                label
                for label, reason in zip(order, reasons, strict=False)
                if reason is not None and reason.code == "ConditionalCheckFailed"
            }
            if failed:
                raise Refused(failed) from None
            raise
