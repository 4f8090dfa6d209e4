"""Use cases for moderators: work through the queues, approve, hide and restore submissions."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from chalicelib import config
from chalicelib.domain import submission as rules
from chalicelib.domain import text as text_rules
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from chalicelib.domain.ids import is_slug, is_ulid
from chalicelib.domain.pagination import (
    PAGE_LIMIT_MAX,
    PAGE_LIMIT_MIN,
    decode_cursor,
    encode_cursor,
)
from chalicelib.domain.staff import MODERATOR, StaffIdentity, require_role
from chalicelib.domain.submission import Submission
from chalicelib.services.staff import get_consultation
from chalicelib.services.submissions import Page
from chalicelib.store import staff as staff_store
from chalicelib.store import submissions as submission_store
from chalicelib.store.submissions import NotStored

QUEUES = ("pending", "flagged", "hidden")
REASON_MAX_CHARS = text_rules.REASON.max_chars


def queue(
    who: StaffIdentity, cid: str, name: str, *, limit: int = 20, cursor: str | None = None
) -> Page:
    require_role(who, (MODERATOR,))
    if name not in QUEUES:
        raise InvalidInput.one("queue", f"queue must be one of {', '.join(QUEUES)}.")
    if not PAGE_LIMIT_MIN <= limit <= PAGE_LIMIT_MAX:
        raise InvalidInput.one(
            "limit", f"limit must be between {PAGE_LIMIT_MIN} and {PAGE_LIMIT_MAX}."
        )
    get_consultation(who, cid)
    order = f"queue-{name}"
    after = None if cursor is None else (0, decode_cursor(cursor, order=order, valid=is_ulid))
    items, next_after = submission_store.list_queue(
        cid, name, after=after, limit=limit, shards=config.current().submission_shards
    )
    next_cursor = None if next_after is None else encode_cursor(order=order, before=next_after[1])
    return Page(items, next_cursor)


def moderate(who: StaffIdentity, cid: str, sid: str, *, action: str, reason: str) -> Submission:
    """Approve, hide or restore one submission, with the reason in the audit log."""
    require_role(who, (MODERATOR,))
    reason = text_rules.clean("reason", reason, text_rules.REASON)
    current = submission_store.get(cid, sid) if is_slug(cid) and is_ulid(sid) else None
    if current is None or current.status == "withdrawn":
        raise NotFound(
            f"Consultation '{cid[:64]}' has no submission '{sid[:64]}'.", field="submission_id"
        )
    to_status = rules.moderated(current, action)
    now = datetime.now(UTC)
    audit = staff_store.audit_record(
        who,
        cid,
        f"submission.{action}",
        f"{cid}/{sid}",
        {"status": current.status},
        {"status": to_status, "reason": reason},
        now,
    )
    try:
        submission_store.moderate(
            current, to_status, shards=config.current().submission_shards, audit=audit
        )
    except NotStored:
        raise Conflict("Someone changed this submission meanwhile; reload the queue.") from None
    # Not read back: a failing read after the write must not turn a stored decision into a 503.
    return replace(current, status=to_status)
