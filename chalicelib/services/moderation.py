"""Use cases for moderators: work through the queues, approve, hide and restore submissions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from chalicelib import config
from chalicelib.domain import submission as rules
from chalicelib.domain import text as text_rules
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from chalicelib.domain.ids import is_slug, is_ulid, new_ulid
from chalicelib.domain.pagination import (
    BATCH_MAX,
    PAGE_LIMIT_MAX,
    PAGE_LIMIT_MIN,
    decode_cursor,
    encode_cursor,
)
from chalicelib.domain.report.campaigns import group_copies
from chalicelib.domain.staff import MODERATOR, StaffIdentity, require_role
from chalicelib.domain.submission import QUEUES, BatchOutcome, Submission
from chalicelib.services.staff import get_consultation
from chalicelib.store import staff as staff_store
from chalicelib.store import submissions as submission_store
from chalicelib.store.submissions import NotStored

REASON_MAX_CHARS = text_rules.REASON.max_chars


@dataclass(frozen=True)
class QueuePage:
    items: list[Submission]
    next_cursor: str | None
    campaigns: dict[str, str]  # submission id → its group's key, for copies on this page only


@dataclass(frozen=True)
class BatchItem:
    id: str
    outcome: BatchOutcome
    status: str | None  # after the batch; None when there is no such submission
    message: str | None = None  # why it was refused


def queue(
    who: StaffIdentity, cid: str, name: str, *, limit: int = 20, cursor: str | None = None
) -> QueuePage:
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
    # Grouped per page, not over the whole queue: a page is what a moderator acts on at once.
    groups = group_copies([(item.id, item.text) for item in items if item.kind == "comment"])
    return QueuePage(items, next_cursor, groups)


def _current(cid: str, sid: str) -> Submission:
    current = submission_store.get(cid, sid) if is_slug(cid) and is_ulid(sid) else None
    if current is None or current.status == "withdrawn":
        raise NotFound(
            f"Consultation '{cid[:64]}' has no submission '{sid[:64]}'.", field="submission_id"
        )
    return current


def moderate(who: StaffIdentity, cid: str, sid: str, *, action: str, reason: str) -> Submission:
    """Approve, hide or restore one submission, with the reason in the audit log."""
    require_role(who, (MODERATOR,))
    reason = text_rules.clean("reason", reason, text_rules.REASON)
    return _apply(who, _current(cid, sid), action, {"reason": reason})


def moderate_batch(
    who: StaffIdentity,
    cid: str,
    ids: list[str],
    *,
    action: str,
    reason: str,
    batch_id: str | None = None,
) -> list[BatchItem]:
    """One reasoned decision on many submissions (a campaign's copies), item by item: each
    item's change and its audit entry are one transaction, so a failure midway leaves every
    item before or after, and a retry skips those already done ("unchanged"). An item the
    action does not apply to is refused on its own, not the whole batch."""
    require_role(who, (MODERATOR,))
    reason = text_rules.clean("reason", reason, text_rules.REASON)
    if not 1 <= len(ids) <= BATCH_MAX:
        raise InvalidInput.one("ids", f"Send between 1 and {BATCH_MAX} submission ids.")
    if len(set(ids)) != len(ids):
        raise InvalidInput.one("ids", "Each submission id may appear only once.")
    not_ids = [sid for sid in ids if not is_ulid(sid)]
    if not_ids:
        raise InvalidInput.one("ids", f"'{not_ids[0][:64]}' is not a submission id.")
    get_consultation(who, cid)
    batch = {"id": batch_id or new_ulid(), "size": len(ids)}
    target = rules.MODERATION[action][1]
    done: list[BatchItem] = []
    for sid in ids:
        try:
            current = _current(cid, sid)
        except NotFound as missing:
            done.append(BatchItem(sid, "refused", None, str(missing)))
            continue
        if current.status == target and not (action == "approve" and current.in_review):
            done.append(BatchItem(sid, "unchanged", current.status))
            continue
        try:
            moved = _apply(who, current, action, {"reason": reason, "batch": batch})
        except Conflict as refused:
            done.append(BatchItem(sid, "refused", current.status, str(refused)))
            continue
        done.append(BatchItem(sid, "changed", moved.status))
    return done


def _apply(
    who: StaffIdentity, current: Submission, action: str, why: dict[str, object]
) -> Submission:
    cid, sid = current.consultation_id, current.id
    to_status = rules.moderated(current, action)
    now = datetime.now(UTC)
    audit = staff_store.audit_record(
        who,
        cid,
        f"submission.{action}",
        f"{cid}/{sid}",
        {"status": current.status},
        {"status": to_status, **why},
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
