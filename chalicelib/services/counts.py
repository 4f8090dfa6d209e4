"""Use cases: check a consultation's sharded counters against its items, and repair them.

The counters move in the same transaction as every write, so they should never drift; this is
the proof, run by the nightly job (its result goes into summary.json) and on demand from the
CLI. A repair adds the difference shard by shard, in one transaction with its audit entry.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalicelib import config
from chalicelib.domain.errors import NotFound
from chalicelib.domain.reconcile import Reconciliation, reconcile
from chalicelib.domain.staff import ADMIN, StaffIdentity, require_role
from chalicelib.store import consultations as consultation_store
from chalicelib.store import counters
from chalicelib.store import staff as staff_store


def verify(cid: str) -> Reconciliation:
    """Recount by Query (every-item index, per shard) and compare with the counters."""
    if consultation_store.get(cid) is None:
        raise NotFound(f"There is no consultation '{cid[:64]}'.", field="consultation_id")
    shards = config.current().submission_shards
    counted = counters.read_shards(cid, shards)
    found = counters.recount_shards(cid, shards)
    return reconcile(counted, found)


def repair(who: StaffIdentity, cid: str) -> tuple[Reconciliation, Reconciliation]:
    """Check, add the corrections (audited), check again: (before, after)."""
    require_role(who, (ADMIN,))
    before = verify(cid)
    if before.ok:
        return before, before
    audit = staff_store.audit_record(
        who,
        cid,
        "counters.repair",
        f"{cid}/counters",
        before.to_dict(),
        {"corrections": {str(s): c for s, c in sorted(before.corrections.items())}},
        datetime.now(UTC),
    )
    counters.correct(cid, before.corrections, audit)
    return before, verify(cid)


def summary_entry(result: Reconciliation) -> dict[str, Any]:
    """What summary.json says about the check (the same on the same data)."""
    return result.to_dict()
