"""Use case: follow-up emails are kept until SAYSO_CONTACT_RETENTION_DAYS after the
consultation's outcome is published, then DynamoDB TTL deletes them.

The `outcome` transition only records when it happened (one write, in the staff request); the
nightly job then stamps each remaining contact's expiry by Query on a sparse index. Stamping
thousands of contacts inside the transition's request could outlast API Gateway's 29 s and
fail halfway; the nightly run is resumable (what is stamped leaves the index) and its expiry
is computed from the recorded date, so a late or repeated run never extends it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib import config
from chalicelib.domain.consultation import Consultation
from chalicelib.observability import logger
from chalicelib.store import consultations as consultation_store
from chalicelib.store.contacts import stamp_expiry


def contacts_expire_at(consultation: Consultation) -> datetime | None:
    """When its contacts are deleted: retention days after the outcome (None before it)."""
    if consultation.status != "outcome" or consultation.outcome_at is None:
        return None
    days = config.current().contact_retention_days
    return consultation.outcome_at.astimezone(UTC) + timedelta(days=days)


def stamp_due() -> dict[str, int]:
    """The nightly step: every consultation with a published outcome → contacts stamped now."""
    shards = config.current().submission_shards
    stamped: dict[str, int] = {}
    for consultation in consultation_store.all_consultations():
        expires = contacts_expire_at(consultation)
        if expires is None:
            continue
        stamped[consultation.id] = stamp_expiry(consultation.id, expires, shards=shards)
        if stamped[consultation.id]:
            logger.info(
                "contact expiry stamped",
                extra={"consultation_id": consultation.id, "contacts": stamped[consultation.id]},
            )
    return stamped
