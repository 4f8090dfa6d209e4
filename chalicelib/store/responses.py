"""Reading and writing responses ("you said, we did"; table: consultations, partition
"{cid}#responses"). Each write goes in one transaction with its audit entry, and only while
the consultation is still closed or has its outcome."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.response import ElementLink, Links, Response
from chalicelib.domain.staff import StaffIdentity
from chalicelib.store.consultations import CONSULTATION_SK
from chalicelib.store.models import ConsultationRecord, ResponseRecord
from chalicelib.store.staff import AlreadyThere, Changed, audit_record
from chalicelib.store.transactions import Refused, Transaction


def _pk(cid: str) -> str:
    return f"{cid}#responses"


def state(response: Response) -> dict[str, Any]:
    """What the audit log keeps of a response, before and after each change (its history)."""
    links = response.links
    return {
        "id": response.id,
        "status": response.status,
        "text": response.text,
        "links": {
            "submissions": list(links.submissions),
            "elements": [
                {"option_id": e.option_id, "element_id": e.element_id} for e in links.elements
            ],
            "campaigns": list(links.campaigns),
            "options": list(links.options),
        },
        "version": response.version,
    }


def _record(response: Response) -> ResponseRecord:
    links = response.links
    return ResponseRecord(
        _pk(response.consultation_id),
        response.id,
        status=response.status,
        text=response.text,
        submissions=list(links.submissions) or None,
        elements=[f"{e.option_id}/{e.element_id}" for e in links.elements] or None,
        campaigns=list(links.campaigns) or None,
        options=list(links.options) or None,
        created_at=response.created_at,
        updated_at=response.updated_at,
        version=response.version,
        answered=response.answered,
        campaign_members=set(response.campaign_members) or None,
    )


def _plain(value: object) -> dict[str, str]:
    if hasattr(value, "as_dict"):
        return value.as_dict()  # type: ignore[no-any-return,union-attr]
    return dict(value or {})  # type: ignore[call-overload]


def _response(cid: str, record: ResponseRecord) -> Response:
    elements = []
    for joined in record.elements or []:
        oid, _, eid = joined.partition("/")
        elements.append(ElementLink(oid, eid))
    return Response(
        id=record.sk,
        consultation_id=cid,
        status=record.status,  # type: ignore[arg-type]
        text=_plain(record.text),
        links=Links(
            submissions=tuple(record.submissions or ()),
            elements=tuple(elements),
            campaigns=tuple(record.campaigns or ()),
            options=tuple(record.options or ()),
        ),
        created_at=record.created_at,
        updated_at=record.updated_at,
        version=int(record.version),
        answered=int(record.answered or 0),
        campaign_members=frozenset(record.campaign_members or ()),
    )


def list_all(cid: str) -> list[Response]:
    """P1: one Query on pk "{cid}#responses", oldest first (ids are ULIDs)."""
    return [_response(cid, r) for r in ResponseRecord.query(_pk(cid))]


def get(cid: str, rid: str) -> Response | None:
    """P2: GetItem."""
    try:
        return _response(cid, ResponseRecord.get(_pk(cid), rid))
    except ResponseRecord.DoesNotExist:
        return None


def _still_answerable(tx: Transaction, cid: str) -> None:
    tx.check(
        "consultation",
        ConsultationRecord,
        cid,
        CONSULTATION_SK,
        ConsultationRecord.status.is_in("closed", "outcome"),
    )


def create(who: StaffIdentity, response: Response) -> None:
    cid = response.consultation_id
    tx = Transaction()
    _still_answerable(tx, cid)
    tx.put("response", _record(response), ResponseRecord.sk.does_not_exist())
    tx.put(
        "audit",
        audit_record(
            who,
            cid,
            "response.create",
            f"{cid}/responses/{response.id}",
            None,
            state(response),
            response.updated_at,
        ),
    )
    _commit(tx, AlreadyThere)


def replace(who: StaffIdentity, before: Response, after: Response) -> None:
    """Replace a response if it still is the version the caller read (optimistic check)."""
    cid = after.consultation_id
    tx = Transaction()
    _still_answerable(tx, cid)
    tx.put("response", _record(after), ResponseRecord.version == before.version)
    tx.put(
        "audit",
        audit_record(
            who,
            cid,
            "response.update",
            f"{cid}/responses/{after.id}",
            state(before),
            state(after),
            after.updated_at,
        ),
    )
    _commit(tx, Changed)


def _commit(tx: Transaction, error: type[Exception]) -> None:
    try:
        tx.commit()
    except Refused as refused:
        if "consultation" in refused.labels:
            raise Changed from None
        raise error from None


def submission_states(cid: str, sids: list[str]) -> dict[str, tuple[str, str]]:
    """P3: each linked submission's moderation status ("published", "pending", "hidden",
    "withdrawn"; missing ones are left out) and option, by BatchGetItem of a few attributes
    (never the words)."""
    from chalicelib.store.models import SubmissionRecord
    from chalicelib.store.submissions import SUBMISSION_SK

    states: dict[str, tuple[str, str]] = {}
    keys = [(f"{cid}#{sid}", SUBMISSION_SK) for sid in dict.fromkeys(sids)]
    wanted = ["pk", "sk", "sid", "oid", "status"]
    for record in SubmissionRecord.batch_get(keys, attributes_to_get=wanted):
        states[record.sid] = (record.status, record.oid)
    return states
