"""Reading and writing submissions (table: submissions), with write-sharded listing indexes."""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC

from pynamodb.expressions.condition import Condition

from chalicelib.domain.submission import Submission
from chalicelib.store.models import SubmissionRecord

SUBMISSION_SK = "submission"

_pool: ThreadPoolExecutor | None = None


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


def _record(submission: Submission, shards: int) -> SubmissionRecord:
    shard = shard_of(submission.id, shards)
    point = submission.point
    record = SubmissionRecord(
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
        status=submission.status,
        shard=shard,
        created_at=submission.created_at,
    )
    if submission.is_public:
        cid, oid = submission.consultation_id, submission.option_id
        record.pub_pk = f"{cid}#{shard}"
        record.opt_pk = f"{cid}#{oid}#{shard}"
        if submission.element_id is not None:
            record.el_pk = f"{cid}#{oid}#{submission.element_id}#{shard}"
    return record


def _submission(record: SubmissionRecord) -> Submission:
    point: tuple[float, float] | float | None = None
    if record.lonlat is not None:
        lon, lat = record.lonlat
        point = (float(lon), float(lat))
    elif record.offset_m is not None:
        point = float(record.offset_m)
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
    )


def add(submission: Submission, *, shards: int) -> None:
    """Access pattern S1: PutItem, refusing to overwrite (ids are unique; this guards it)."""
    _record(submission, shards).save(condition=SubmissionRecord.pk.does_not_exist())


def get(cid: str, sid: str) -> Submission | None:
    """Access pattern S2: GetItem pk="{cid}#{sid}"."""
    try:
        return _submission(SubmissionRecord.get(_pk(cid, sid), SUBMISSION_SK))
    except SubmissionRecord.DoesNotExist:
        return None


def list_newest(
    cid: str,
    *,
    option_id: str | None,
    element_id: str | None,
    before: str | None,
    limit: int,
    shards: int,
) -> tuple[list[Submission], bool]:
    """Access patterns S3–S5: newest public submissions of a consultation, an option or an element.

    Queries every shard of the chosen index for at most limit+1 items older than `before`
    (a submission id: ULIDs sort by time), merges them newest first, and keeps `limit`.
    Returns the page and whether more items exist.
    """
    if element_id is not None and option_id is not None:
        index, prefix = SubmissionRecord.element_newest, f"{cid}#{option_id}#{element_id}"
    elif option_id is not None:
        index, prefix = SubmissionRecord.option_newest, f"{cid}#{option_id}"
    else:
        index, prefix = SubmissionRecord.public_newest, cid
    condition: Condition | None = None if before is None else SubmissionRecord.sid < before

    def query_shard(shard: int) -> list[SubmissionRecord]:
        return list(
            index.query(
                f"{prefix}#{shard}",
                range_key_condition=condition,
                scan_index_forward=False,
                limit=limit + 1,
                page_size=limit + 1,
            )
        )

    per_shard: Iterable[list[SubmissionRecord]]
    run: Callable[..., Iterable[list[SubmissionRecord]]] = map if shards == 1 else _executor().map
    per_shard = run(query_shard, range(shards))
    merged = heapq.merge(*per_shard, key=lambda r: r.sid, reverse=True)
    page = [record for _, record in zip(range(limit + 1), merged, strict=False)]
    return [_submission(r) for r in page[:limit]], len(page) > limit
