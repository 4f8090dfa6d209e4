"""Reading and writing submissions (table: submissions), with write-sharded listing indexes.

Key design and access patterns: docs/data-model.md.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from pynamodb.exceptions import DeleteError, UpdateError
from pynamodb.expressions.condition import Condition, size

from chalicelib.domain.diff import diff_from_dict
from chalicelib.domain.plans import parse_plan
from chalicelib.domain.stats import deltas
from chalicelib.domain.submission import Order, Submission
from chalicelib.store import counters
from chalicelib.store.models import (
    RANK_STEP,
    ContactRecord,
    GuardRecord,
    ResidentMarkRecord,
    SubmissionRecord,
)
from chalicelib.store.transactions import Refused, Transaction

SUBMISSION_SK = "submission"

_pool: ThreadPoolExecutor | None = None


class LimitReached(Exception):
    """The rate-limit counter in the same transaction refused the write."""


class NotStored(Exception):
    """A conditional write found the item missing, withdrawn, or not matching its edit token."""


@dataclass(frozen=True)
class RateGuard:
    """Count one hit on `key` in the same transaction, refusing it past `limit` (TTL: expires)."""

    key: str
    limit: int
    expires: datetime


def _executor() -> ThreadPoolExecutor:
    # One pool per container, created on first listing: the shard queries run side by side.
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="shard-query")
    return _pool


def shard_of(submission_id: str, shards: int) -> int:
    """A stable, uniform shard number for a submission id."""
    digest = hashlib.blake2b(submission_id.encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") % shards


def _pk(cid: str, sid: str) -> str:
    return f"{cid}#{sid}"


def resident_key(cid: str, resident_id: str) -> str:
    """The resident-items index key: everything one resident sent to one consultation."""
    return f"{cid}#{resident_id}"


def initial_rank(submission: Submission) -> int:
    return submission.endorsements * RANK_STEP + int(submission.created_at.timestamp())


def _index_keys(
    submission: Submission, shard: int, queue: str | None = None
) -> dict[str, str | None]:
    """The sparse index keys: the public ones only while the submission is public, the
    moderation queue's while it waits in one (pre-moderation puts new items in "pending")."""
    cid, oid = submission.consultation_id, submission.option_id
    if queue is None and submission.status == "pending":
        queue = "pending"
    elif queue is None and submission.status == "hidden":
        queue = "hidden"
    keys: dict[str, str | None] = {
        "pub_pk": None,
        "opt_pk": None,
        "el_pk": None,
        "mod_pk": None if queue is None else f"{cid}#{queue}#{shard}",
    }
    if submission.is_public:
        element = submission.element_id
        keys["pub_pk"] = f"{cid}#{shard}"
        keys["opt_pk"] = f"{cid}#{oid}#{shard}"
        keys["el_pk"] = None if element is None else f"{cid}#{oid}#{element}#{shard}"
    return keys


def _record(
    submission: Submission, shards: int, resident_id: str | None = None
) -> SubmissionRecord:
    shard = shard_of(submission.id, shards)
    point = submission.point
    return SubmissionRecord(
        _pk(submission.consultation_id, submission.id),
        SUBMISSION_SK,
        sid=submission.id,
        cid=submission.consultation_id,
        oid=submission.option_id,
        kind=submission.kind,
        text=submission.text,
        element_id=submission.element_id,
        offset_m=point if isinstance(point, float) else None,
        lonlat=list(point) if isinstance(point, tuple) else None,
        stance=submission.stance,
        plan=None if submission.plan is None else submission.plan.to_dict(),
        diff=None if submission.diff is None else submission.diff.to_dict(),
        status=submission.status,
        shard=shard,
        created_at=submission.created_at,
        updated_at=submission.updated_at,
        edit_hash=submission.edit_hash,
        endorsements=submission.endorsements,
        flags=submission.flags,
        version=submission.version,
        rank=initial_rank(submission),
        all_pk=f"{submission.consultation_id}#{shard}",
        res_pk=None
        if resident_id is None
        else resident_key(submission.consultation_id, resident_id),
        **_index_keys(submission, shard),
    )


def _plan_of(stored: dict[str, Any]) -> Any:
    kind = "map" if stored.get("type") == "FeatureCollection" else "section"
    return parse_plan(kind, stored)


def _submission(record: SubmissionRecord, *, with_plan: bool = True) -> Submission:
    point: tuple[float, float] | float | None = None
    if record.lonlat is not None:
        lon, lat = record.lonlat
        point = (float(lon), float(lat))
    elif record.offset_m is not None:
        point = float(record.offset_m)
    plan = _plan_of(record.plan) if with_plan and record.plan is not None else None
    return Submission(
        id=record.sid,
        consultation_id=record.cid,
        option_id=record.oid,
        kind=record.kind,  # type: ignore[arg-type]
        text=record.text,
        element_id=record.element_id,
        point=point,
        stance=record.stance,  # type: ignore[arg-type]
        status=record.status,  # type: ignore[arg-type]
        created_at=record.created_at.astimezone(UTC),
        updated_at=None if record.updated_at is None else record.updated_at.astimezone(UTC),
        plan=plan,
        diff=None if record.diff is None else diff_from_dict(record.diff),
        edit_hash=record.edit_hash,
        endorsements=int(record.endorsements or 0),
        flags=len(record.flag_sources) if record.flag_sources else int(record.flags or 0),
        version=int(record.version or 1),
        edited_at=None if record.edited_at is None else record.edited_at.astimezone(UTC),
        earlier_endorsements=int(record.earlier_endorsements or 0),
        approved_version=None if record.approved_version is None else int(record.approved_version),
        flag_reasons=tuple(record.flag_reasons or ()),
        in_review=record.status == "published" and record.mod_pk is not None,
        previous=record.previous,
    )


def add(
    submission: Submission,
    *,
    shards: int,
    guard: RateGuard | None = None,
    email: str | None = None,
    language: str | None = None,
    resident_id: str | None = None,
) -> None:
    """Access pattern S1: one transaction that counts the rate-limit hit, puts the submission
    (never overwriting; linked to its resident when sent with a resident token), counts it in
    its shard's counters and, if given, puts the follow-up email apart from it, due for a
    retention stamp (ret_pk). All or nothing.

    It deliberately does not re-read the consultation item: in a burst every submission would
    read that one item, a hot key (docs/data-model.md, "Bursts")."""
    cid = submission.consultation_id
    tx = Transaction()
    if guard is not None:
        _add_guard(tx, guard)
    record = _record(submission, shards, resident_id)
    tx.put("submission", record, SubmissionRecord.pk.does_not_exist())
    counters.add_to(tx, cid, int(record.shard), deltas(None, submission))
    if email is not None:
        contact = ContactRecord(
            _pk(cid, submission.id),
            email=email,
            created_at=submission.created_at,
            ret_pk=f"{cid}#{record.shard}",
            lang=language,
        )
        tx.put("contact", contact)
    try:
        tx.commit()
    except Refused as refused:
        if "guard" in refused.labels:
            raise LimitReached from None
        raise


def get(cid: str, sid: str) -> Submission | None:
    """Access pattern S2: GetItem pk="{cid}#{sid}"."""
    try:
        return _submission(SubmissionRecord.get(_pk(cid, sid), SUBMISSION_SK))
    except SubmissionRecord.DoesNotExist:
        return None


def _owned_by(edit_hash: str) -> Condition:
    return (SubmissionRecord.edit_hash == edit_hash) & (SubmissionRecord.status != "withdrawn")


def _unchanged_since(before: Submission) -> Condition:
    """The item still has the state and stance the counter deltas were computed from."""
    stance = (
        SubmissionRecord.stance.does_not_exist()
        if before.stance is None
        else SubmissionRecord.stance == before.stance
    )
    return (SubmissionRecord.status == before.status) & stance


def update_content(before: Submission, after: Submission, *, edit_hash: str, shards: int) -> None:
    """S6: the author's edit, applied only if the edit token still matches; with the counter
    deltas in the same transaction when the stance or state changes (else one UpdateItem)."""
    shard = shard_of(after.id, shards)
    record = SubmissionRecord(_pk(after.consultation_id, after.id), SUBMISSION_SK)
    actions: list[Any] = [
        SubmissionRecord.text.set(after.text),
        SubmissionRecord.updated_at.set(after.updated_at),
        SubmissionRecord.stance.set(after.stance)
        if after.stance is not None
        else SubmissionRecord.stance.remove(),
    ]
    if after.plan is not None and after.diff is not None:
        actions.append(SubmissionRecord.plan.set(after.plan.to_dict()))
        actions.append(SubmissionRecord.diff.set(after.diff.to_dict()))
    condition = _owned_by(edit_hash)
    if after.version != before.version:
        # A new version, in this same write: its endorsements start at 0, the earlier ones are
        # kept apart, and its rank falls back to "no endorsements". Conditional on the count
        # and version read, so an endorsement landing meanwhile is not lost (the service
        # re-reads and tries again).
        actions += [
            SubmissionRecord.version.set(after.version),
            SubmissionRecord.edited_at.set(after.edited_at),
            SubmissionRecord.endorsements.set(0),
            SubmissionRecord.earlier_endorsements.set(after.earlier_endorsements),
            SubmissionRecord.rank.set(initial_rank(after)),
        ]
        condition = condition & _at_version(before.version)
        condition = condition & (SubmissionRecord.endorsements == before.endorsements)
        if after.status == "pending":
            actions.append(SubmissionRecord.previous.set(previous_of(before)))
    if after.status == "pending" and before.status != "pending":  # back to the moderators
        actions += [
            SubmissionRecord.status.set(after.status),
            SubmissionRecord.pub_pk.remove(),
            SubmissionRecord.opt_pk.remove(),
            SubmissionRecord.el_pk.remove(),
            SubmissionRecord.mod_pk.set(f"{after.consultation_id}#pending#{shard}"),
        ]
    moved = deltas(before, after)
    if not moved:
        try:
            record.update(actions=actions, condition=condition)
        except UpdateError as error:
            if error.cause_response_code == "ConditionalCheckFailedException":
                raise NotStored from None
            raise
        return
    tx = Transaction()
    tx.update("submission", record, actions, condition & _unchanged_since(before))
    counters.add_to(tx, after.consultation_id, shard, moved)
    try:
        tx.commit()
    except Refused:
        raise NotStored from None


PREVIOUS_DIFF_MAX_BYTES = 64_000  # compressed: two plans and a diff must stay under 400 KB


def previous_of(before: Submission) -> dict[str, Any]:
    """What a moderator compares a pre-moderated edit with: the replaced version's words and
    stance, and its diff when small enough to keep beside the new plan in one item."""
    import json
    import zlib

    kept: dict[str, Any] = {"version": before.version, "text": before.text, "stance": before.stance}
    if before.diff is not None:
        diff = before.diff.to_dict()
        packed = zlib.compress(json.dumps(diff, separators=(",", ":")).encode(), 6)
        kept["diff"] = diff if len(packed) <= PREVIOUS_DIFF_MAX_BYTES else None
    return kept


def _at_version(version: int) -> Condition:
    """The item is still at this version (an item from before versions counts as 1)."""
    if version == 1:
        return SubmissionRecord.version.does_not_exist() | (SubmissionRecord.version == 1)
    return SubmissionRecord.version == version


def withdraw(before: Submission, *, edit_hash: str, now: datetime, shards: int) -> None:
    """S7: the author withdraws: words, plan and email go; the item leaves every index and
    moves to the withdrawn counter."""
    _withdraw(before, _owned_by(edit_hash) & _unchanged_since(before), [], now, shards)


def withdraw_as_resident(before: Submission, resident_id: str, *, now: datetime, shards: int):
    """D3: withdraw a submission the way its author would, proven by the resident link instead
    of the edit token, and unlink it from the resident (it leaves the resident-items index)."""
    linked = SubmissionRecord.res_pk == resident_key(before.consultation_id, resident_id)
    condition = linked & (SubmissionRecord.status != "withdrawn") & _unchanged_since(before)
    _withdraw(before, condition, [SubmissionRecord.res_pk.remove()], now, shards)


def _withdraw(
    before: Submission, condition: Condition, more: list[Any], now: datetime, shards: int
) -> None:
    cid, sid = before.consultation_id, before.id
    tx = Transaction()
    tx.update(
        "submission",
        SubmissionRecord(_pk(cid, sid), SUBMISSION_SK),
        actions=[
            *more,
            SubmissionRecord.status.set("withdrawn"),
            SubmissionRecord.updated_at.set(now),
            SubmissionRecord.text.set(""),
            SubmissionRecord.plan.remove(),
            SubmissionRecord.diff.remove(),
            SubmissionRecord.previous.remove(),
            SubmissionRecord.pub_pk.remove(),
            SubmissionRecord.opt_pk.remove(),
            SubmissionRecord.el_pk.remove(),
            SubmissionRecord.mod_pk.remove(),
        ],
        condition=condition,
    )
    tx.delete("contact", ContactRecord(_pk(cid, sid)))
    withdrawn = replace(before, status="withdrawn")
    counters.add_to(tx, cid, shard_of(sid, shards), deltas(before, withdrawn))
    try:
        tx.commit()
    except Refused:
        raise NotStored from None


def _mark(cid: str, sid: str, kind: str, resident_id: str, **fields: Any) -> ResidentMarkRecord:
    return ResidentMarkRecord(_pk(cid, sid), f"{kind}#{resident_id}", **fields)


def _public() -> Condition:
    return SubmissionRecord.status == "published"


def _commit_mark(tx: Transaction) -> bool:
    try:
        tx.commit()
    except Refused as refused:
        if "guard" in refused.labels:
            raise LimitReached from None
        if "submission" in refused.labels:
            raise NotStored from None
        return False
    return True


def _add_guard(tx: Transaction, guard: RateGuard) -> None:
    tx.update(
        "guard",
        GuardRecord(guard.key),
        actions=[GuardRecord.hits.add(1), GuardRecord.expires_at.set(guard.expires)],
        condition=GuardRecord.hits.does_not_exist() | (GuardRecord.hits < guard.limit),
    )


def hits(guard: RateGuard) -> int:
    """G3: how many hits the counter has (a consistent GetItem; 0 if none yet)."""
    try:
        return int(GuardRecord.get(guard.key, consistent_read=True).hits or 0)
    except GuardRecord.DoesNotExist:
        return 0


def hit(guard: RateGuard) -> None:
    """G2: count one hit on its own (one UpdateItem); LimitReached past the limit."""
    try:
        GuardRecord(guard.key).update(
            actions=[GuardRecord.hits.add(1), GuardRecord.expires_at.set(guard.expires)],
            condition=GuardRecord.hits.does_not_exist() | (GuardRecord.hits < guard.limit),
        )
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise LimitReached from None
        raise


_ATTEMPTS = 5  # a conditional write retried after another write to the same item came first


def _fresh(cid: str, sid: str) -> SubmissionRecord | None:
    try:
        return SubmissionRecord.get(_pk(cid, sid), SUBMISSION_SK, consistent_read=True)
    except SubmissionRecord.DoesNotExist:
        return None


def _existing_mark(cid: str, sid: str, kind: str, resident_id: str) -> ResidentMarkRecord | None:
    try:
        return ResidentMarkRecord.get(_pk(cid, sid), f"{kind}#{resident_id}", consistent_read=True)
    except ResidentMarkRecord.DoesNotExist:
        return None


def endorse(
    cid: str,
    sid: str,
    resident_id: str,
    now: datetime,
    *,
    guard: RateGuard | None = None,
    guards: tuple[RateGuard, ...] = (),
) -> bool:
    """S8: one endorsement per resident and version. Reads the item's version and the
    resident's mark, then one transaction: the mark (recording the version it endorses; one
    of an earlier version is replaced, moving its count from `earlier_endorsements` back to
    `endorsements`), the count and rank (atomic ADD, only if the item is still public and at
    that version) and the source's hourly counters. False if this resident had already
    endorsed this version; NotStored if it is not public; LimitReached past an hourly limit."""
    every_guard = ((guard,) if guard is not None else ()) + guards
    res_pk = resident_key(cid, resident_id)
    # First, without reading (one round trip, as in a burst): a first endorsement of an item
    # never edited, the case nearly every endorsement is.
    tx = Transaction()
    for each in every_guard:
        _add_guard(tx, each)
    mark = _mark(cid, sid, "endorsement", resident_id, created_at=now, res_pk=res_pk, version=1)
    tx.put("mark", mark, ResidentMarkRecord.pk.does_not_exist())
    tx.update(
        "submission",
        SubmissionRecord(_pk(cid, sid), SUBMISSION_SK),
        actions=[SubmissionRecord.endorsements.add(1), SubmissionRecord.rank.add(RANK_STEP)],
        condition=_public() & _at_version(1),
    )
    try:
        tx.commit()
        return True
    except Refused as refused:
        if "guard" in refused.labels:
            raise LimitReached from None
    for _ in range(_ATTEMPTS):  # edited since, or endorsed before: read what is there
        current = _fresh(cid, sid)
        if current is None or current.status != "published":
            raise NotStored
        version = int(current.version or 1)
        before = _existing_mark(cid, sid, "endorsement", resident_id)
        if before is not None and int(before.version or 1) == version:
            return False
        tx = Transaction()
        for each in every_guard:
            _add_guard(tx, each)
        mark = _mark(
            cid, sid, "endorsement", resident_id, created_at=now, res_pk=res_pk, version=version
        )
        if before is None:
            tx.put("mark", mark, ResidentMarkRecord.pk.does_not_exist())
        else:
            tx.put("mark", mark, _mark_at(before))
        actions = [SubmissionRecord.endorsements.add(1), SubmissionRecord.rank.add(RANK_STEP)]
        if before is not None:
            actions.append(SubmissionRecord.earlier_endorsements.add(-1))
        tx.update(
            "submission",
            SubmissionRecord(_pk(cid, sid), SUBMISSION_SK),
            actions=actions,
            condition=_public() & _at_version(version),
        )
        try:
            tx.commit()
        except Refused as refused:
            if "guard" in refused.labels:
                raise LimitReached from None
            continue  # an edit, a decision or the same resident's other request came first
        return True
    raise NotStored


def _mark_at(before: ResidentMarkRecord) -> Condition:
    version = int(before.version or 1)
    if version == 1:
        return ResidentMarkRecord.pk.exists() & (
            ResidentMarkRecord.version.does_not_exist() | (ResidentMarkRecord.version == 1)
        )
    return ResidentMarkRecord.version == version


def unendorse(cid: str, sid: str, resident_id: str) -> bool:
    """S9: remove this resident's endorsement and decrement the count it is in (the current
    version's, or `earlier_endorsements`), in one transaction. False if there was none."""
    for _ in range(_ATTEMPTS):
        mark = _existing_mark(cid, sid, "endorsement", resident_id)
        if mark is None:
            return False
        current = _fresh(cid, sid)
        tx = Transaction()
        tx.delete("mark", _mark(cid, sid, "endorsement", resident_id), _mark_at(mark))
        if current is not None:
            version = int(current.version or 1)
            if int(mark.version or 1) == version:
                actions = [
                    SubmissionRecord.endorsements.add(-1),
                    SubmissionRecord.rank.add(-RANK_STEP),
                ]
            else:
                actions = [SubmissionRecord.earlier_endorsements.add(-1)]
            tx.update(
                "submission",
                SubmissionRecord(_pk(cid, sid), SUBMISSION_SK),
                actions=actions,
                condition=SubmissionRecord.pk.exists() & _at_version(version),
            )
        try:
            tx.commit()
        except Refused:
            continue
        return True
    raise NotStored


def flag(
    cid: str,
    sid: str,
    resident_id: str,
    reason: str,
    *,
    source: str,
    hold_at: int,
    may_hold: Callable[[], bool],
    now: datetime,
    guard: RateGuard | None = None,
) -> bool:
    """S10: the resident's flag, in one transaction with the source's hourly counter: the mark
    (at most one per resident: a conditional put, with the reason and the item's version,
    listed for the resident's data rights), the resident in the item's set of flaggers, the
    source (a keyed hash salted with the item) in its set of sources, and the reason.

    When the flag brings the item's distinct sources to `hold_at`, the same transaction also
    either holds it for a moderator (out of every index, published → pending counter), or, if
    a moderator approved this version or `may_hold()` says no (the consultation no longer takes
    submissions; asked only then, so the usual flag reads nothing), only puts it in the flagged
    queue while it stays public. Conditional on the count read, retried if another flag or
    decision came first. False if this resident had already flagged it; NotStored if it is not
    public; LimitReached past the hourly limit."""
    record = SubmissionRecord(_pk(cid, sid), SUBMISSION_SK)

    def change(version: int) -> tuple[list[Any], ResidentMarkRecord]:
        actions: list[Any] = [
            SubmissionRecord.flags.add(1),
            SubmissionRecord.flagged_by.add({resident_id}),
            SubmissionRecord.flag_sources.add({source}),
            SubmissionRecord.flag_reasons.set(
                (SubmissionRecord.flag_reasons | []).append([reason])
            ),
        ]
        mark = _mark(
            cid, sid, "flag", resident_id, created_at=now, reason=reason,
            res_pk=resident_key(cid, resident_id), version=version,
        )  # fmt: skip
        return actions, mark

    not_yet = _public() & ~SubmissionRecord.flagged_by.contains(resident_id)
    if hold_at > 1:
        # First, without reading (one round trip): while this flag cannot bring the sources to
        # `hold_at`, it only counts, whatever the state of approval or consultation.
        actions, mark = change(1)
        below = SubmissionRecord.flag_sources.does_not_exist() | (
            size(SubmissionRecord.flag_sources) < hold_at - 1
        )
        tx = Transaction()
        if guard is not None:
            _add_guard(tx, guard)
        tx.put("mark", mark, ResidentMarkRecord.pk.does_not_exist())
        tx.update("submission", record, actions, not_yet & _at_version(1) & below)
        try:
            tx.commit()
            return True
        except Refused as refused:
            if "guard" in refused.labels:
                raise LimitReached from None
            if "mark" in refused.labels:
                return False
    for _ in range(_ATTEMPTS):
        current = _fresh(cid, sid)
        if current is None or current.status != "published":
            raise NotStored
        if resident_id in (current.flagged_by or set()):
            return False
        version = int(current.version or 1)
        sources = set(current.flag_sources or ())
        reaches = len(sources | {source}) >= hold_at
        approved = current.approved_version is not None and int(current.approved_version) == version
        hold = reaches and not approved and may_hold()
        shard = int(current.shard)
        actions, mark = change(version)
        if hold:
            actions += [
                SubmissionRecord.status.set("pending"),
                SubmissionRecord.pub_pk.remove(),
                SubmissionRecord.opt_pk.remove(),
                SubmissionRecord.el_pk.remove(),
                SubmissionRecord.mod_pk.set(f"{cid}#flagged#{shard}"),
            ]
        elif reaches:  # stays public; a moderator reviews it
            actions.append(SubmissionRecord.mod_pk.set(f"{cid}#flagged#{shard}"))
        flags = int(current.flags or 0)
        same_count = (
            SubmissionRecord.flags == flags
            if flags
            else SubmissionRecord.flags.does_not_exist() | (SubmissionRecord.flags == 0)
        )
        tx = Transaction()
        if guard is not None:
            _add_guard(tx, guard)
        tx.put("mark", mark, ResidentMarkRecord.pk.does_not_exist())
        tx.update("submission", record, actions, not_yet & _at_version(version) & same_count)
        if hold:
            held = _submission(current, with_plan=False)
            counters.add_to(tx, cid, shard, deltas(held, replace(held, status="pending")))
        try:
            tx.commit()
        except Refused as refused:
            if "guard" in refused.labels:
                raise LimitReached from None
            if "mark" in refused.labels:
                return False
            continue
        return True
    raise NotStored


def unflag(cid: str, sid: str, resident_id: str) -> bool:
    """D4: take a resident's flag back: its mark, the resident out of the set of flaggers and
    the count, in one transaction. A submission the flags already held stays with the
    moderators (they decide); the reason stays in the item's anonymous list, and the source
    in its set of sources (it may have flagged with other tokens too: one source is one flag).
    False if there was no flag."""
    mark = _mark(cid, sid, "flag", resident_id)
    tx = Transaction()
    tx.delete("mark", mark, ResidentMarkRecord.pk.exists())
    tx.update(
        "submission",
        SubmissionRecord(_pk(cid, sid), SUBMISSION_SK),
        actions=[
            SubmissionRecord.flags.add(-1),
            SubmissionRecord.flagged_by.delete({resident_id}),
        ],
        condition=SubmissionRecord.flagged_by.contains(resident_id),
    )
    try:
        tx.commit()
    except Refused as refused:
        if "mark" in refused.labels:
            return False
        # a mark whose flag is no longer counted on the item: the mark alone goes
        try:
            mark.delete(condition=ResidentMarkRecord.pk.exists())
        except DeleteError as error:
            if error.cause_response_code != "ConditionalCheckFailedException":
                raise
            return False
    return True


# ---- listing -------------------------------------------------------------------------------


def _index(order: Order, option_id: str | None, element_id: str | None) -> tuple[Any, str]:
    if element_id is not None:
        return ("element_top" if order == "top" else "element_newest"), "{cid}#{oid}#{eid}"
    if option_id is not None:
        return ("option_top" if order == "top" else "option_newest"), "{cid}#{oid}"
    return ("public_top" if order == "top" else "public_newest"), "{cid}"


SortKey = tuple[int, str]


def sort_key(record: SubmissionRecord, order: Order) -> SortKey:
    return (int(record.rank or 0), record.sid) if order == "top" else (0, record.sid)


def _take(records: Iterator[SubmissionRecord], count: int, order: Order) -> list[SubmissionRecord]:
    """The first `count` records, plus any that tie with the last one on the index sort key
    (DynamoDB does not order ties, so a page must not stop inside a group of equal ranks)."""

    def index_value(record: SubmissionRecord) -> object:
        return record.rank if order == "top" else record.sid

    taken: list[SubmissionRecord] = []
    for record in records:
        if len(taken) >= count and index_value(record) != index_value(taken[-1]):
            break
        taken.append(record)
    return sorted(taken, key=lambda r: sort_key(r, order), reverse=True)


def list_public(
    cid: str,
    *,
    order: Order,
    option_id: str | None,
    element_id: str | None,
    after: SortKey | None,
    limit: int,
    shards: int,
) -> tuple[list[Submission], SortKey | None]:
    """Access patterns S3–S5 (newest) and S11–S13 (top): public submissions of a consultation,
    an option or an element, ordered by `sid` or by (`rank`, `sid`), descending.

    Queries every shard of the chosen index for what comes after the cursor position, merges the
    shards and keeps `limit`. Returns the page and the position to continue after (None at end).
    """
    index_name, template = _index(order, option_id, element_id)
    prefix = template.format(cid=cid, oid=option_id, eid=element_id)
    return _scatter_gather(
        getattr(SubmissionRecord, index_name), prefix, order, after, limit, shards
    )


def list_queue(
    cid: str, queue: str, *, after: SortKey | None, limit: int, shards: int
) -> tuple[list[Submission], SortKey | None]:
    """M1: a moderation queue (pending, flagged, hidden), newest first:
    per shard, Query moderation-queue mod_pk = "{cid}#{queue}#{s}"."""
    return _scatter_gather(
        SubmissionRecord.moderation_queue, f"{cid}#{queue}", "newest", after, limit, shards
    )


def _scatter_gather(
    index: Any, prefix: str, order: Order, after: SortKey | None, limit: int, shards: int
) -> tuple[list[Submission], SortKey | None]:
    def key(record: SubmissionRecord) -> SortKey:
        return sort_key(record, order)

    condition: Condition | None = None
    if after is not None:
        rank, sid = after
        condition = SubmissionRecord.rank <= rank if order == "top" else SubmissionRecord.sid < sid

    def query_shard(shard: int) -> list[SubmissionRecord]:
        results = index.query(
            f"{prefix}#{shard}",
            range_key_condition=condition,
            scan_index_forward=False,
            page_size=limit + 1,
        )
        fresh = (r for r in results if after is None or key(r) < after)
        return _take(fresh, limit + 1, order)

    run: Callable[..., Any] = map if shards == 1 else _executor().map
    merged = heapq.merge(*run(query_shard, range(shards)), key=key, reverse=True)
    page = [record for _, record in zip(range(limit + 1), merged, strict=False)]
    items = page[:limit]
    more = len(page) > limit
    next_after = key(items[-1]) if more and items else None
    return [_submission(r, with_plan=False) for r in items], next_after


def moderate(
    submission: Submission,
    to_status: str,
    *,
    shards: int,
    audit: Any,
) -> None:
    """M2: a moderator's decision, applied only if the item is still in the state the moderator
    saw, in one transaction with its audit entry."""
    shard = shard_of(submission.id, shards)
    moved = replace(submission, status=to_status)  # type: ignore[arg-type]
    keys = _index_keys(moved, shard)
    actions: list[Any] = [
        SubmissionRecord.status.set(to_status),
        SubmissionRecord.previous.remove(),
    ]
    if to_status == "published":  # approved or restored: a human decided on this version
        actions.append(SubmissionRecord.approved_version.set(submission.version))
    for name, value in keys.items():
        attribute = getattr(SubmissionRecord, name)
        actions.append(attribute.remove() if value is None else attribute.set(value))
    tx = Transaction()
    tx.update(
        "submission",
        SubmissionRecord(_pk(submission.consultation_id, submission.id), SUBMISSION_SK),
        actions=actions,
        condition=(SubmissionRecord.status == submission.status) & _at_version(submission.version),
    )
    counters.add_to(tx, submission.consultation_id, shard, deltas(submission, moved))
    tx.put("audit", audit)
    try:
        tx.commit()
    except Refused:
        raise NotStored from None


# ---- the report job --------------------------------------------------------------------------


def stream_published(cid: str, *, shards: int, page_size: int = 500) -> Iterator[Submission]:
    """R1 (batch job only): every published submission, oldest first. Per shard, Query
    public-newest pub_pk = "{cid}#{s}" in ascending order, merged by sid: memory is one page
    per shard however many submissions there are, and the order is the same on every run."""
    streams = [
        SubmissionRecord.public_newest.query(
            f"{cid}#{shard}", scan_index_forward=True, page_size=page_size
        )
        for shard in range(shards)
    ]
    for record in heapq.merge(*streams, key=lambda r: r.sid):
        # The report needs an alternative's diff, not its plan: parsing every plan would cost
        # ~0.2 ms an alternative (bench/consolidate.py), and the diff rebuilds it if needed.
        yield _submission(record, with_plan=False)
