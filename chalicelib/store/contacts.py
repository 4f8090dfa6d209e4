"""Follow-up emails (table: contacts): stamping their expiry for DynamoDB TTL.

Key design and access patterns: docs/data-model.md ("Retention").
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import UpdateError

from chalicelib.store.models import ContactRecord


def stamp_expiry(cid: str, expires: datetime, *, shards: int, page_size: int = 500) -> int:
    """T1 (batch job only): every contact of the consultation still without an expiry gets one,
    and leaves the sparse retention-due index in the same UpdateItem. Per shard, Query
    retention-due ret_pk = "{cid}#{s}" (keys only, never the emails). A contact deleted
    meanwhile (withdrawn) is not brought back. Safe to run again: done items are not listed.
    Returns how many were stamped."""
    stamped = 0
    for shard in range(shards):
        due = ContactRecord.retention_due.query(f"{cid}#{shard}", page_size=page_size)
        for contact in due:
            try:
                ContactRecord(contact.pk).update(
                    actions=[ContactRecord.expires_at.set(expires), ContactRecord.ret_pk.remove()],
                    condition=ContactRecord.pk.exists(),
                )
            except UpdateError as error:
                if error.cause_response_code != "ConditionalCheckFailedException":
                    raise
                continue
            stamped += 1
    return stamped
