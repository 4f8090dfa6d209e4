"""Who to tell about an outcome, and which addresses were told (table: contacts).

A sent-marker per address and consultation (pk "{cid}#notice#{keyed hash of the address}",
never the address) makes sending exactly-once per address however often the run is repeated:
it is claimed with a conditional put before the message goes to SES, marked sent after, and
released only when SES answered that it sent nothing. A run that stops between the claim and
SES's answer leaves a claim nobody releases: that address is never sent twice (at most once),
and the run lists it as unconfirmed for a person to check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pynamodb.exceptions import PutError

from chalicelib.store.models import ContactRecord, NoticeRecord, SubmissionRecord
from chalicelib.store.submissions import SUBMISSION_SK

CLAIMED = "claimed"
SENT = "sent"


def _pk(cid: str, address_key: str) -> str:
    return f"{cid}#notice#{address_key}"


@dataclass(frozen=True)
class Contact:
    submission_id: str
    email: str
    lang: str | None


def contacts_of(cid: str, sids: list[str]) -> list[Contact]:
    """N1: the follow-up emails of these submissions, by BatchGetItem (100 keys a request)."""
    found = ContactRecord.batch_get([f"{cid}#{sid}" for sid in dict.fromkeys(sids)])
    return [Contact(r.pk.split("#", 1)[1], r.email, getattr(r, "lang", None)) for r in found]


@dataclass(frozen=True)
class Linked:
    id: str
    option_id: str
    kind: str
    element_id: str | None
    status: str


def submissions_of(cid: str, sids: list[str]) -> list[Linked]:
    """N2: what the email says of each submission (never its words), by BatchGetItem."""
    keys = [(f"{cid}#{sid}", SUBMISSION_SK) for sid in dict.fromkeys(sids)]
    wanted = ["pk", "sk", "sid", "oid", "kind", "element_id", "status"]
    return [
        Linked(r.sid, r.oid, r.kind, r.element_id, r.status)
        for r in SubmissionRecord.batch_get(keys, attributes_to_get=wanted)
    ]


def claim(cid: str, address_key: str, now: datetime, expires: datetime | None) -> bool:
    """N3: True if this run may send to the address (nobody claimed it before)."""
    try:
        NoticeRecord(_pk(cid, address_key), state=CLAIMED, at=now, expires_at=expires).save(
            condition=NoticeRecord.pk.does_not_exist()
        )
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def mark_sent(cid: str, address_key: str, message_id: str, now: datetime) -> None:
    """N4: the claim becomes a sent-marker with SES's message id."""
    NoticeRecord(_pk(cid, address_key)).update(
        actions=[
            NoticeRecord.state.set(SENT),
            NoticeRecord.message_id.set(message_id),
            NoticeRecord.at.set(now),
        ],
        condition=NoticeRecord.state == CLAIMED,
    )


def release(cid: str, address_key: str) -> None:
    """N5: SES refused the message (nothing was sent): the next run may try again."""
    NoticeRecord(_pk(cid, address_key)).delete(condition=NoticeRecord.state == CLAIMED)


def state_of(cid: str, address_key: str) -> str | None:
    try:
        return NoticeRecord.get(_pk(cid, address_key), consistent_read=True).state
    except NoticeRecord.DoesNotExist:
        return None


def forget(cid: str, sids: list[str]) -> int:
    """Delete these submissions' follow-up emails at once (the signed link); returns how many
    there were (a second click finds none)."""
    from pynamodb.exceptions import DeleteError

    deleted = 0
    for sid in dict.fromkeys(sids):
        try:
            ContactRecord(f"{cid}#{sid}").delete(condition=ContactRecord.pk.exists())
        except DeleteError as error:
            if error.cause_response_code != "ConditionalCheckFailedException":
                raise
            continue
        deleted += 1
    return deleted
