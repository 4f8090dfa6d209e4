"""Staff writes, each in one transaction with its audit entry (table: audit)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from chalicelib.domain.consultation import Consultation, Option
from chalicelib.domain.ids import new_ulid
from chalicelib.domain.staff import StaffIdentity
from chalicelib.store import consultations as consultation_store
from chalicelib.store.consultations import CONSULTATION_SK, OPTION_SK_PREFIX
from chalicelib.store.models import AuditRecord, ConsultationRecord
from chalicelib.store.transactions import Refused, Transaction


class AlreadyThere(Exception):
    """The item to create exists already."""


class Changed(Exception):
    """The item is missing, or changed since it was read (another staff write won)."""


@dataclass(frozen=True)
class AuditEntry:
    id: str
    consultation_id: str
    at: datetime
    subject: str
    email: str | None
    action: str
    target: str
    before: Any
    after: Any


def audit_record(
    who: StaffIdentity, cid: str, action: str, target: str, before: Any, after: Any, now: datetime
) -> AuditRecord:
    return AuditRecord(
        cid,
        new_ulid(int(now.timestamp() * 1000)),
        at=now,
        subject=who.subject,
        email=who.email,
        action=action,
        target=target,
        before=before,
        after=after,
    )


def consultation_state(c: Consultation) -> dict[str, Any]:
    return {
        "id": c.id,
        "title": c.title,
        "summary": c.summary,
        "status": c.status,
        "opens_at": c.opens_at.isoformat(),
        "closes_at": c.closes_at.isoformat(),
        "moderation": c.moderation,
    }


def option_state(o: Option) -> dict[str, Any]:
    return {"id": o.id, "title": o.title, "kind": o.kind, "plan": o.plan.to_dict()}


def _commit(tx: Transaction, error_for_condition: type[Exception]) -> None:
    try:
        tx.commit()
    except Refused:
        raise error_for_condition from None
    finally:
        consultation_store.forget_cached()


def create_consultation(who: StaffIdentity, consultation: Consultation, now: datetime) -> None:
    tx = Transaction()
    tx.put(
        "consultation",
        consultation_store.consultation_record(consultation),
        ConsultationRecord.cid.does_not_exist(),
    )
    after = consultation_state(consultation)
    tx.put(
        "audit",
        audit_record(
            who, consultation.id, "consultation.create", consultation.id, None, after, now
        ),
    )
    _commit(tx, AlreadyThere)


def update_consultation(
    who: StaffIdentity, before: Consultation, after: Consultation, action: str, now: datetime
) -> None:
    """Replace the consultation if it still is what the caller read (optimistic check)."""
    tx = Transaction()
    tx.put(
        "consultation",
        consultation_store.consultation_record(after),
        (ConsultationRecord.status == before.status)
        & (ConsultationRecord.closes_at == before.closes_at),
    )
    tx.put(
        "audit",
        audit_record(
            who,
            after.id,
            action,
            after.id,
            consultation_state(before),
            consultation_state(after),
            now,
        ),
    )
    _commit(tx, Changed)


def add_option(
    who: StaffIdentity, consultation: Consultation, option: Option, now: datetime
) -> None:
    """Add an option while the consultation is still the same status (draft or open)."""
    tx = Transaction()
    tx.check(
        "consultation",
        ConsultationRecord,
        consultation.id,
        CONSULTATION_SK,
        ConsultationRecord.status == consultation.status,
    )
    tx.put(
        "option",
        consultation_store.option_record(consultation.id, option),
        ConsultationRecord.cid.does_not_exist(),
    )
    tx.put(
        "audit",
        audit_record(
            who,
            consultation.id,
            "option.create",
            f"{consultation.id}/{option.id}",
            None,
            option_state(option),
            now,
        ),
    )
    _commit(tx, AlreadyThere)


def option_count(cid: str) -> int:
    """Options of a consultation: one Query on its partition, keys only."""
    return sum(
        1
        for _ in ConsultationRecord.query(
            cid, ConsultationRecord.sk.startswith(OPTION_SK_PREFIX), attributes_to_get=["sk"]
        )
    )


def audit_page(cid: str, *, before: str | None, limit: int) -> tuple[list[AuditEntry], bool]:
    """Newest first: Query pk = cid AND entry < :before."""
    condition = None if before is None else AuditRecord.entry < before
    records = list(
        AuditRecord.query(
            cid, condition, scan_index_forward=False, limit=limit + 1, page_size=limit + 1
        )
    )
    entries = [
        AuditEntry(
            id=r.entry,
            consultation_id=r.cid,
            at=r.at.astimezone(UTC),
            subject=r.subject,
            email=r.email,
            action=r.action,
            target=r.target,
            before=r.before,
            after=r.after,
        )
        for r in records[:limit]
    ]
    return entries, len(records) > limit
