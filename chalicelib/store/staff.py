"""Staff writes, each in one transaction with its audit entry (table: audit)."""

from __future__ import annotations

import hashlib
import json
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
        "open_data": c.open_data,
        "open_data_licence": c.open_data_licence,
    }


# An audit entry holds the option before and after: two large plans would not fit one item.
AUDIT_PLAN_MAX_BYTES = 150_000


def option_state(o: Option) -> dict[str, Any]:
    state: dict[str, Any] = {"id": o.id, "title": o.title, "kind": o.kind}
    plan = o.plan.to_dict()
    stored = consultation_store.stored_plan_bytes(o.plan)
    if stored <= AUDIT_PLAN_MAX_BYTES:
        state["plan"] = plan
    else:  # too big to keep twice: its fingerprint says whether it changed
        encoded = json.dumps(plan, sort_keys=True, separators=(",", ":")).encode()
        state["plan_sha256"] = hashlib.sha256(encoded).hexdigest()
        state["plan_stored_bytes"] = stored
    if o.outcome is not None:
        state["outcome"] = {"decision": o.outcome.decision, "text": o.outcome.text}
    if o.superseded_by is not None:
        state["superseded_by"] = o.superseded_by
    return state


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


def _same_status(tx: Transaction, consultation: Consultation) -> None:
    tx.check(
        "consultation",
        ConsultationRecord,
        consultation.id,
        CONSULTATION_SK,
        ConsultationRecord.status == consultation.status,
    )


def add_option(
    who: StaffIdentity,
    consultation: Consultation,
    option: Option,
    now: datetime,
    *,
    supersedes: Option | None = None,
) -> None:
    """Add an option while the consultation is still the same status (draft or open); if it
    supersedes another, mark that one in the same transaction (unless already superseded)."""
    cid = consultation.id
    tx = Transaction()
    _same_status(tx, consultation)
    tx.put(
        "option",
        consultation_store.option_record(cid, option),
        ConsultationRecord.cid.does_not_exist(),
    )
    tx.put(
        "audit",
        audit_record(
            who, cid, "option.create", f"{cid}/{option.id}", None, option_state(option), now
        ),
    )
    if supersedes is not None:
        tx.update(
            "superseded",
            ConsultationRecord(cid, OPTION_SK_PREFIX + supersedes.id),
            actions=[ConsultationRecord.superseded_by.set(option.id)],
            condition=ConsultationRecord.cid.exists()
            & ConsultationRecord.superseded_by.does_not_exist(),
        )
        tx.put(
            "audit-superseded",
            audit_record(
                who,
                cid,
                "option.supersede",
                f"{cid}/{supersedes.id}",
                {"superseded_by": None},
                {"superseded_by": option.id},
                now,
            ),
        )
    _commit(tx, AlreadyThere)


def replace_option(
    who: StaffIdentity,
    consultation: Consultation,
    after: Option,
    *,
    action: str,
    states: tuple[Any, Any],
    now: datetime,
) -> None:
    """Replace an option (its plan and texts, or its outcome) while the consultation keeps its
    status and nobody superseded the option meanwhile."""
    cid = consultation.id
    tx = Transaction()
    _same_status(tx, consultation)
    tx.put(
        "option",
        consultation_store.option_record(cid, after),
        ConsultationRecord.cid.exists() & ConsultationRecord.superseded_by.does_not_exist(),
    )
    tx.put(
        "audit",
        audit_record(
            who,
            cid,
            action,
            f"{cid}/{after.id}",
            *states,
            now,
        ),
    )
    _commit(tx, Changed)


def option_count(cid: str) -> int:
    """Options of a consultation: one Query on its partition, keys only."""
    return sum(
        1
        for _ in ConsultationRecord.query(
            cid, ConsultationRecord.sk.startswith(OPTION_SK_PREFIX), attributes_to_get=["sk"]
        )
    )


def audit_page(
    cid: str, *, before: str | None, limit: int, target: str | None = None
) -> tuple[list[AuditEntry], bool]:
    """Newest first: Query pk = cid AND entry < :before; with `target`, filtered on it (the
    Query reads on through the partition until the page is full)."""
    condition = None if before is None else AuditRecord.entry < before
    records = list(
        AuditRecord.query(
            cid,
            condition,
            None if target is None else AuditRecord.target == target,
            scan_index_forward=False,
            limit=limit + 1,
            page_size=limit + 1 if target is None else 100,
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
