"""Use cases: residents endorse or flag others' submissions, one each per resident."""

from __future__ import annotations

from datetime import datetime

from chalicelib import config
from chalicelib.domain.errors import NotFound
from chalicelib.domain.ids import is_slug, is_ulid
from chalicelib.services import guards
from chalicelib.services.consultations import get_public_consultation_only
from chalicelib.services.residents import resident_id
from chalicelib.services.submissions import get_public, now_ms
from chalicelib.store import submissions as submission_store
from chalicelib.store.submissions import LimitReached, NotStored


def _check_ids(cid: str, sid: str) -> None:
    if not is_slug(cid) or not is_ulid(sid):
        get_public(cid, sid)  # raises the right NotFound


def _explain_refusal(cid: str, sid: str, now: datetime) -> NotFound:
    """The transaction said no: find out why, for a message a person can act on."""
    get_public_consultation_only(cid).ensure_accepting(now)
    get_public(cid, sid)
    return NotFound(f"Submission '{sid}' is not public (any more).", field="submission_id")


def endorse(
    cid: str,
    sid: str,
    *,
    resident_token: str | None,
    source_ip: str | None = None,
    now: datetime | None = None,
) -> bool:
    """Endorse once per resident (one transaction, with the source's hourly counter); False if
    they already had."""
    now = now or now_ms()
    rid = resident_id(resident_token)
    _check_ids(cid, sid)
    get_public_consultation_only(cid, cached=True).ensure_accepting(now)
    limit = config.current().endorsements_per_hour
    guard = guards.hourly(f"endorse#{cid}", source_ip, limit, now)
    try:
        return submission_store.endorse(cid, sid, rid, now, guard=guard)
    except NotStored:
        raise _explain_refusal(cid, sid, now) from None
    except LimitReached:
        raise guards.refusal("endorsements", limit, now) from None


def unendorse(
    cid: str, sid: str, *, resident_token: str | None, now: datetime | None = None
) -> bool:
    """Take an endorsement back (one transaction); False if there was none."""
    now = now or now_ms()
    rid = resident_id(resident_token)
    _check_ids(cid, sid)
    get_public_consultation_only(cid, cached=True).ensure_accepting(now)
    try:
        return submission_store.unendorse(cid, sid, rid)
    except NotStored:
        raise _explain_refusal(cid, sid, now) from None


def flag(
    cid: str, sid: str, *, resident_token: str | None, reason: str, now: datetime | None = None
) -> bool:
    """Flag once per resident; at the configured count the submission waits for a moderator.
    Returns False if this resident had already flagged it."""
    now = now or now_ms()
    rid = resident_id(resident_token)
    _check_ids(cid, sid)
    try:
        return submission_store.flag(
            cid, sid, rid, reason, hold_at=config.current().flags_to_hold, now=now
        )
    except NotStored:
        get_public(cid, sid)
        raise NotFound(f"Submission '{sid}' is not public.", field="submission_id") from None
