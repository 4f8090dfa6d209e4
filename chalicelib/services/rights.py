"""Use cases: a resident's data rights in one consultation (GDPR art. 15–17): see everything
they sent there, as one document, and erase it (withdraw their submissions, take back their
endorsements and flags).

Both are bounded per request (a resident is rate limited, so a few hundred items is already a
lot): an export lists at most EXPORT_MAX_ITEMS items and says whether that was all; an erasure
handles at most ERASE_MAX_ITEMS and says whether it is done, so a client calls again until it
is. Every item is its own atomic write: a failure midway leaves each item as it was or gone,
and calling again finishes the job (what is done no longer shows, so a repeat has nothing to do).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from chalicelib import config
from chalicelib.domain.consultation import Consultation
from chalicelib.domain.response import Response, answering
from chalicelib.domain.submission import Submission
from chalicelib.services import guards
from chalicelib.services.consultations import get_public_consultation_only
from chalicelib.services.residents import resident_id
from chalicelib.services.retention import contacts_expire_at
from chalicelib.services.submissions import now_ms
from chalicelib.store import resident_data
from chalicelib.store import responses as response_store
from chalicelib.store import submissions as submission_store
from chalicelib.store.resident_data import Mark
from chalicelib.store.submissions import LimitReached, NotStored

EXPORT_MAX_ITEMS = 2000
ERASE_MAX_ITEMS = 200
_WITHDRAW_ATTEMPTS = 3


@dataclass(frozen=True)
class Export:
    consultation_id: str
    made_at: datetime
    submissions: list[Submission]
    emails_on_file: set[str]  # submission ids with a follow-up email stored
    endorsements: list[Mark]
    flags: list[Mark]
    complete: bool
    versions: dict[str, int] = field(default_factory=dict)  # endorsed submission → its version
    # submission id → the responses that answer it, once the outcome is published
    answers: dict[str, list[Response]] = field(default_factory=dict)
    email_kept_until: datetime | None = None  # None until the outcome is published
    email_kept_days: int = 0  # after the outcome


def _answers(consultation: Consultation, submissions: list[Submission]) -> dict[str, list]:
    """What the agency answered to each of them, by the rule of the outcome email
    (Response.answers); nothing before the outcome is published, nothing for a withdrawn one."""
    live = [s for s in submissions if s.status != "withdrawn"]
    if consultation.status != "outcome" or not live:
        return {}
    responses = response_store.list_all(consultation.id)
    return {s.id: answering(responses, s.option_id, s.element_id, s.id) for s in live}


@dataclass(frozen=True)
class Erasure:
    withdrawn: int
    endorsements_removed: int
    flags_removed: int
    done: bool


def _resident_in(
    cid: str, token: str | None, source_ip: str | None, now: datetime
) -> tuple[str, Consultation]:
    """The resident (401 first: the token is what the request is about), the consultation
    (404 if there is none, or a draft), then one hit on the source's hourly counter (429)."""
    rid = resident_id(token)
    consultation = get_public_consultation_only(cid)
    limit = config.current().submissions_per_hour
    guard = guards.hourly(f"rights#{cid}", source_ip, limit, now)
    if guard is not None:
        try:
            submission_store.hit(guard)
        except LimitReached:
            raise guards.refusal("data requests", limit, now) from None
    return rid, consultation


def export(
    cid: str,
    *,
    resident_token: str | None,
    source_ip: str | None = None,
    now: datetime | None = None,
) -> Export:
    """Everything this resident sent to the consultation: their submissions in every status
    (withdrawn ones keep their ids, option, kind, stance, element, point, status and dates;
    their words, plan and email are deleted), endorsements and flags, and which
    submissions have an email on file (never the email) and until when it is kept; once the
    outcome is published, the responses that answer each submission."""
    now = now or now_ms()
    rid, consultation = _resident_in(cid, resident_token, source_ip, now)
    found = resident_data.items(cid, rid, limit=EXPORT_MAX_ITEMS)
    live = [s.id for s in found.submissions if s.status != "withdrawn"]
    endorsed = sorted({m.submission_id for m in found.marks if m.kind == "endorsement"})
    return Export(
        consultation_id=cid,
        made_at=now,
        submissions=sorted(found.submissions, key=lambda s: s.id),
        emails_on_file=resident_data.emails_on_file(cid, live) if live else set(),
        endorsements=sorted((m for m in found.marks if m.kind == "endorsement"), key=_order),
        flags=sorted((m for m in found.marks if m.kind == "flag"), key=_order),
        complete=found.complete,
        versions=resident_data.versions(cid, endorsed) if endorsed else {},
        answers=_answers(consultation, found.submissions),
        email_kept_until=contacts_expire_at(consultation),
        email_kept_days=config.current().contact_retention_days,
    )


def _order(mark: Mark) -> tuple[datetime, str]:
    return mark.created_at, mark.submission_id


def erase(
    cid: str,
    *,
    resident_token: str | None,
    source_ip: str | None = None,
    now: datetime | None = None,
) -> Erasure:
    """Withdraw every submission of this resident (as its author would: counters moved, words,
    plan and email deleted) and take back their endorsements (counts and ranks move) and flags.
    Allowed whatever the consultation's status: the right to erasure does not end at closing."""
    now = now or now_ms()
    rid, _ = _resident_in(cid, resident_token, source_ip, now)
    found = resident_data.items(cid, rid, limit=ERASE_MAX_ITEMS)
    endorsements = flags = withdrawn = 0
    for mark in found.marks:
        if mark.kind == "endorsement":
            endorsements += submission_store.unendorse(cid, mark.submission_id, rid)
        elif mark.kind == "flag":
            flags += submission_store.unflag(cid, mark.submission_id, rid)
    shards = config.current().submission_shards
    for submission in found.submissions:
        withdrawn += _withdraw(submission, rid, now, shards)
    return Erasure(withdrawn, endorsements, flags, done=found.complete)


def _withdraw(submission: Submission | None, rid: str, now: datetime, shards: int) -> bool:
    """One submission out: withdrawn and unlinked in one transaction (True), or, if it was
    withdrawn already, only unlinked (False). The index may lag behind the item (a moderator
    acted meanwhile): then read it again and retry."""
    for _ in range(_WITHDRAW_ATTEMPTS):
        if submission is None:
            return False
        cid, sid = submission.consultation_id, submission.id
        if submission.status == "withdrawn":
            resident_data.unlink(cid, sid, rid)
            return False
        try:
            submission_store.withdraw_as_resident(submission, rid, now=now, shards=shards)
            return True
        except NotStored:
            submission = resident_data.fresh(cid, sid)
    return False
