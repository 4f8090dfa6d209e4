"""Use case: publish a consultation's open-data bundle (domain/open_data.py) to the site
bucket, once its outcome is published, under the licence staff chose (CC BY 4.0 by default):
at the outcome, after each change of a published response or of the open-data settings
(services/background.py), by the nightly job, and on demand (cli open-data). A consultation
whose staff switched open data off has no bundle: publishing removes it. It reads no contact:
sending the outcome emails (SES) plays no part in it."""

from __future__ import annotations

from chalicelib import config
from chalicelib.domain import open_data
from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.ids import is_slug
from chalicelib.domain.licences import LICENCES
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
    if not consultation.open_data:
        open_data_store.remove(cid, open_data.FILE_NAMES)
        logger.info("open data switched off: bundle removed", extra={"consultation_id": cid})
        return []
    shards = config.current().submission_shards
    submissions = list(submission_store.stream_published(cid, shards=shards))
    files = open_data.bundle(
        consultation,
        options,
        submissions,
        response_store.list_all(cid),
        licence=LICENCES[consultation.open_data_licence],
    )
    return open_data_store.write(cid, files)


def publish_due() -> dict[str, int]:
    """The nightly step: every consultation with a published outcome gets a fresh bundle, or,
    switched off, has it removed again."""
    written: dict[str, int] = {}
    for consultation in consultation_store.all_consultations():
        # switched off too: publish removes its bundle, repairing one a job still writing when
        # staff switched it off put back
        if consultation.status == "outcome":
            written[consultation.id] = len(publish(consultation.id))
    if written:
        logger.info("open data published", extra={"consultations": len(written)})
    return written
