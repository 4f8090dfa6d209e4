"""Use cases: residents comment on an option and read what others said."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from chalicelib import config
from chalicelib.domain import submission as rules
from chalicelib.domain.errors import InvalidInput, NotFound
from chalicelib.domain.ids import is_slug, is_ulid, new_ulid
from chalicelib.domain.pagination import (
    PAGE_LIMIT_MAX,
    PAGE_LIMIT_MIN,
    decode_cursor,
    encode_cursor,
)
from chalicelib.domain.submission import Point, Stance, Submission
from chalicelib.services.consultations import get_public_consultation_only, get_public_option
from chalicelib.store import submissions as submission_store

NEWEST = "newest"


@dataclass(frozen=True)
class Page:
    items: list[Submission]
    next_cursor: str | None


def submit_comment(
    cid: str,
    *,
    option_id: str,
    text: str,
    element_id: str | None = None,
    point: Point | None = None,
    stance: Stance | None = None,
    now: datetime | None = None,
) -> Submission:
    """Check the comment against its consultation and option, then store it (one write)."""
    consultation, option = get_public_option(cid, option_id)
    submission = rules.new_comment(
        submission_id=new_ulid(),
        consultation=consultation,
        option=option,
        text=text,
        element_id=element_id,
        point=point,
        stance=stance,
        now=now or datetime.now(UTC),
    )
    submission_store.add(submission, shards=config.current().submission_shards)
    return submission


def list_public(
    cid: str,
    *,
    option_id: str | None = None,
    element_id: str | None = None,
    limit: int = 20,
    cursor: str | None = None,
) -> Page:
    """Newest first; filters narrow to one option, or one element of one option."""
    if not PAGE_LIMIT_MIN <= limit <= PAGE_LIMIT_MAX:
        raise InvalidInput.one(
            "limit", f"limit must be between {PAGE_LIMIT_MIN} and {PAGE_LIMIT_MAX}."
        )
    if element_id is not None and option_id is None:
        raise InvalidInput.one(
            "element", "Filtering by element needs option too: element ids belong to one option."
        )
    before = None if cursor is None else decode_cursor(cursor, order=NEWEST)
    if option_id is None:
        get_public_consultation_only(cid)
    else:
        _, option = get_public_option(cid, option_id, field="option")
        if element_id is not None:
            rules.check_element(option, element_id, field="element")
    items, more = submission_store.list_newest(
        cid,
        option_id=option_id,
        element_id=element_id,
        before=before,
        limit=limit,
        shards=config.current().submission_shards,
    )
    next_cursor = encode_cursor(order=NEWEST, before=items[-1].id) if more and items else None
    return Page(items, next_cursor)


def get_public(cid: str, sid: str) -> Submission:
    """One GetItem on the happy path; the consultation is read only to explain a miss."""
    submission = submission_store.get(cid, sid) if is_slug(cid) and is_ulid(sid) else None
    if submission is None or not submission.is_public:
        get_public_consultation_only(cid)
        raise NotFound(
            f"Consultation '{cid}' has no submission '{sid[:64]}'.", field="submission_id"
        )
    return submission
