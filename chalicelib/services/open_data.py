"""Use case: publish a consultation's open-data bundle (domain/open_data.py) to the site
bucket, once its outcome is published: at the outcome and after each change of a response
since (services/staff.py, services/responses.py), by the nightly job, and on demand (cli
open-data). It reads no contact: sending the outcome emails (SES) plays no part in it."""

from __future__ import annotations

from chalicelib import config
from chalicelib.domain import open_data
from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.ids import is_slug
from chalicelib.observability import logger
from chalicelib.store import consultations as consultation_store
from chalicelib.store import open_data as open_data_store
from chalicelib.store import responses as response_store
from chalicelib.store import submissions as submission_store


def publish(cid: str) -> list[str]:
    consultation, options = (
        consultation_store.get_with_full_options(cid) if is_slug(cid) else (None, [])
    )
    if consultation is None:
        raise NotFound(f"There is no consultation '{cid[:64]}'.", field="consultation_id")
    if consultation.status != "outcome":
        raise Conflict(f"Consultation '{cid}' has not published its outcome yet.", field="status")
    shards = config.current().submission_shards
    submissions = list(submission_store.stream_published(cid, shards=shards))
    files = open_data.bundle(consultation, options, submissions, response_store.list_all(cid))
    return open_data_store.write(cid, files)


def publish_quietly(cid: str) -> None:
    """At the outcome and after a response changes once it is published: write the bundle now,
    and never fail the staff change that asked for it (logged; the nightly run writes it)."""
    try:
        publish(cid)
    except Exception:
        logger.exception("open data publication failed", extra={"consultation_id": cid})


def publish_due() -> dict[str, int]:
    """The nightly step: every consultation with a published outcome gets a fresh bundle."""
    written: dict[str, int] = {}
    for consultation in consultation_store.all_consultations():
        if consultation.status == "outcome":
            written[consultation.id] = len(publish(consultation.id))
    if written:
        logger.info("open data published", extra={"consultations": len(written)})
    return written
