"""The count check: the sharded counters against a recount of the items themselves.

Pure: the store reads both per shard; this says where they differ and what would repair them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

PerShard = Mapping[int, Mapping[str, int]]


@dataclass(frozen=True)
class Mismatch:
    key: str  # a counter key: "{option}|{kind}|{stance}|{state}"
    counters: int
    items: int

    def to_dict(self) -> dict[str, object]:
        return {"key": self.key, "counters": self.counters, "items": self.items}


@dataclass(frozen=True)
class Reconciliation:
    mismatches: tuple[Mismatch, ...]
    corrections: dict[int, dict[str, int]]  # shard → counter key → what to add

    @property
    def ok(self) -> bool:
        return not self.mismatches

    def to_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "mismatches": [m.to_dict() for m in self.mismatches]}


def reconcile(counters: PerShard, items: PerShard) -> Reconciliation:
    """Compare per shard (a repair adds each shard's difference to that shard); report totals
    per key. Keys missing on one side count as zero."""
    corrections: dict[int, dict[str, int]] = {}
    totals: dict[str, list[int]] = {}
    for shard in sorted(set(counters) | set(items)):
        counted, found = counters.get(shard, {}), items.get(shard, {})
        for key in set(counted) | set(found):
            have, want = int(counted.get(key, 0)), int(found.get(key, 0))
            pair = totals.setdefault(key, [0, 0])
            pair[0] += have
            pair[1] += want
            if have != want:
                corrections.setdefault(shard, {})[key] = want - have
    mismatches = tuple(
        Mismatch(key, have, want) for key, (have, want) in sorted(totals.items()) if have != want
    )
    return Reconciliation(mismatches, corrections)
