"""Use cases: residents endorse or flag others' submissions, one each per resident."""

from __future__ import annotations

from datetime import datetime

from chalicelib import config
from chalicelib.domain.errors import NotFound, NotOpen
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
    """Endorse once per resident and version of the item (one transaction, with the source's
    hourly counters: all its endorsements in the consultation, and its endorsements of this
    one item, whatever the token); False if they already had endorsed this version."""
    now = now or now_ms()
    rid = resident_id(resident_token)
    _check_ids(cid, sid)
    get_public_consultation_only(cid, cached=True).ensure_accepting(now)
    settings = config.current()
    limit, per_item = settings.endorsements_per_hour, settings.endorsements_per_item_per_hour
    guard = guards.hourly(f"endorse#{cid}", source_ip, limit, now)
    item_guard = guards.hourly(f"endorse-item#{cid}#{sid}", source_ip, per_item, now)
    try:
        return submission_store.endorse(
            cid, sid, rid, now, guard=guard, guards=() if item_guard is None else (item_guard,)
        )
    except NotStored:
        raise _explain_refusal(cid, sid, now) from None
    except LimitReached:
        raise _endorsement_refusal(cid, sid, source_ip, now) from None


def _endorsement_refusal(cid: str, sid: str, source_ip: str | None, now: datetime):
    """Which of the two hourly limits refused: the one for this item, or for the consultation."""
    settings = config.current()
    per_item = guards.hourly(
        f"endorse-item#{cid}#{sid}", source_ip, settings.endorsements_per_item_per_hour, now
    )
    if per_item is not None and submission_store.hits(per_item) >= per_item.limit:
        return guards.refusal(
            "endorsements of this submission", settings.endorsements_per_item_per_hour, now
        )
    return guards.refusal("endorsements", settings.endorsements_per_hour, now)


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
    cid: str,
    sid: str,
    *,
    resident_token: str | None,
    reason: str,
    source_ip: str | None = None,
    now: datetime | None = None,
) -> bool:
    """Flag once per resident, with the source's hourly flag counter in the same transaction.
    Flags from one source count once: at `SAYSO_FLAGS_TO_HOLD` distinct sources the submission
    waits for a moderator, unless a moderator approved this version of it or the consultation
    no longer takes submissions: then it stays public and only goes to the flagged queue for
    a moderator to look at (flags never overturn a human decision, nor change a closed
    consultation's public record). Returns False if this resident had already flagged it."""
    now = now or now_ms()
    rid = resident_id(resident_token)
    _check_ids(cid, sid)
    get_public_consultation_only(cid, cached=True)  # 404 for none, or a draft

    def may_hold() -> bool:
        # Read afresh (not the container's cache): a consultation closed a moment ago must not
        # lose a submission from its final record to flags.
        try:
            get_public_consultation_only(cid).ensure_accepting(now)
        except NotOpen:
            return False
        return True

    settings = config.current()
    limit = settings.flags_per_hour
    try:
        return submission_store.flag(
            cid,
            sid,
            rid,
            reason,
            source=guards.item_source(cid, sid, source_ip, rid),
            hold_at=settings.flags_to_hold,
            may_hold=may_hold,
            now=now,
            guard=guards.hourly(f"flag#{cid}", source_ip, limit, now),
        )
    except NotStored:
        get_public(cid, sid)
        raise NotFound(f"Submission '{sid}' is not public.", field="submission_id") from None
    except LimitReached:
        raise guards.refusal("flags", limit, now) from None
