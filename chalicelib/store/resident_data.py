"""A resident's own items in one consultation (data rights: export and erasure), read by Query
on the sparse resident-items index: their submissions and their endorsement and flag marks.

Key design and access patterns: docs/data-model.md ("Data rights").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from pynamodb.exceptions import UpdateError

from chalicelib.store.models import ContactRecord, ResidentMarkRecord, SubmissionRecord
from chalicelib.store.submissions import (
    SUBMISSION_SK,
    Submission,
    _submission,
    resident_key,
)

_INDEX = "resident-items"


@dataclass(frozen=True)
class Mark:
    """An endorsement or flag the resident made."""

    kind: str  # "endorsement" or "flag"
    submission_id: str
    created_at: datetime
    reason: str | None = None
    version: int = 1  # the submission's version it was made on


@dataclass(frozen=True)
class ResidentItems:
    submissions: list[Submission]
    marks: list[Mark]
    complete: bool  # False: there were more than the bound asked for


def items(cid: str, resident_id: str, *, limit: int) -> ResidentItems:
    """D1: Query resident-items res_pk = "{cid}#{rid}", page by page, at most `limit` items.
    The raw items are told apart by their sort key (a submission, or a mark of one)."""
    connection = SubmissionRecord._get_connection()
    key = resident_key(cid, resident_id)
    submissions: list[Submission] = []
    marks: list[Mark] = []
    start = None
    taken = 0
    while True:
        page = connection.query(
            key, index_name=_INDEX, limit=limit + 1 - taken, exclusive_start_key=start
        )
        for raw in page.get("Items", []):
            if taken == limit:
                return ResidentItems(submissions, marks, complete=False)
            taken += 1
            if raw["sk"]["S"] == SUBMISSION_SK:
                submissions.append(_submission(SubmissionRecord.from_raw_data(raw)))
            else:
                marks.append(_mark(ResidentMarkRecord.from_raw_data(raw)))
        start = page.get("LastEvaluatedKey")
        if start is None:
            return ResidentItems(submissions, marks, complete=True)


def _mark(record: ResidentMarkRecord) -> Mark:
    kind = record.sk.partition("#")[0]
    return Mark(
        kind=kind,
        submission_id=record.pk.partition("#")[2],
        created_at=record.created_at.astimezone(UTC),
        reason=record.reason,
        version=int(record.version or 1),
    )


def versions(cid: str, sids: list[str]) -> dict[str, int]:
    """D6: the current version of each of these submissions (BatchGetItem, the version alone):
    whether what the resident endorsed has changed since."""
    found: dict[str, int] = {}
    keys = [(f"{cid}#{sid}", SUBMISSION_SK) for sid in sids]
    for start in range(0, len(keys), 100):  # BatchGetItem takes 100 keys
        chunk = keys[start : start + 100]
        for record in SubmissionRecord.batch_get(chunk, attributes_to_get=["pk", "version"]):
            found[record.pk.partition("#")[2]] = int(record.version or 1)
    return found


def fresh(cid: str, sid: str) -> Submission | None:
    """A consistent read of one submission (before a conditional withdrawal is retried)."""
    try:
        record = SubmissionRecord.get(f"{cid}#{sid}", SUBMISSION_SK, consistent_read=True)
    except SubmissionRecord.DoesNotExist:
        return None
    return _submission(record)


def emails_on_file(cid: str, sids: list[str]) -> set[str]:
    """D2: which of these submissions have a follow-up email stored (BatchGetItem, keys only:
    the addresses themselves are never read)."""
    found: set[str] = set()
    keys = [f"{cid}#{sid}" for sid in sids]
    for start in range(0, len(keys), 100):  # BatchGetItem takes 100 keys
        for contact in ContactRecord.batch_get(keys[start : start + 100], attributes_to_get=["pk"]):
            found.add(contact.pk.partition("#")[2])
    return found


def unlink(cid: str, sid: str, resident_id: str) -> bool:
    """D5: an already withdrawn submission leaves the resident's items (one UpdateItem)."""
    key = resident_key(cid, resident_id)
    try:
        SubmissionRecord(f"{cid}#{sid}", SUBMISSION_SK).update(
            actions=[SubmissionRecord.res_pk.remove()],
            condition=(SubmissionRecord.res_pk == key) & (SubmissionRecord.status == "withdrawn"),
        )
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True
