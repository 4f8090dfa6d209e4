"""Reading and writing consultations and options (table: consultations)."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from chalicelib.domain.consultation import Consultation, Option, OptionSummary, Outcome
from chalicelib.domain.licences import DEFAULT_LICENCE
from chalicelib.domain.plans import parse_plan
from chalicelib.store.models import CompressedJSONAttribute, ConsultationRecord

CONSULTATION_SK = "consultation"
# DynamoDB items stop at 400 KB: a plan may take most of its option item, not all of it.
PLAN_STORED_MAX_BYTES = 300_000
OPTION_SK_PREFIX = "option#"
LISTED = "consultation"  # list_pk of every consultation item (the listing index's one partition)

# Everything but the plan: listing a consultation's options must not drag every plan along.
_WITHOUT_PLAN = [
    "cid",
    "sk",
    "title",
    "summary",
    "languages",
    "status",
    "opens_at",
    "closes_at",
    "moderation",
    "created_at",
    "outcome_at",
    "open_data_off",
    "open_data_licence",
    "oid",
    "kind",
    "position",
    "outcome_decision",
    "outcome_text",
    "superseded_by",
]


def _consultation(record: ConsultationRecord) -> Consultation:
    return Consultation(
        id=record.cid,
        title=_plain(record.title),
        summary=_plain(record.summary),
        languages=tuple(record.languages or ()),
        status=record.status,  # type: ignore[arg-type]
        opens_at=record.opens_at,  # type: ignore[arg-type]
        closes_at=record.closes_at,  # type: ignore[arg-type]
        moderation=record.moderation,  # type: ignore[arg-type]
        created_at=record.created_at,
        outcome_at=record.outcome_at,
        # stored only when away from the default (absent on consultations stored before)
        open_data=not record.open_data_off,
        open_data_licence=record.open_data_licence or DEFAULT_LICENCE,
    )


def _plain(value: object) -> dict[str, str]:
    if value is None:
        return {}
    if hasattr(value, "as_dict"):
        return value.as_dict()  # type: ignore[no-any-return,union-attr]
    return dict(value)  # type: ignore[call-overload]


def _outcome(record: ConsultationRecord) -> Outcome | None:
    if record.outcome_decision is None:
        return None
    return Outcome(decision=record.outcome_decision, text=_plain(record.outcome_text))  # type: ignore[arg-type]


def _option(record: ConsultationRecord) -> Option:
    return Option(
        id=record.oid,  # type: ignore[arg-type]
        title=_plain(record.title),
        summary=_plain(record.summary),
        kind=record.kind,  # type: ignore[arg-type]
        plan=parse_plan(record.kind, record.plan),  # type: ignore[arg-type]
        position=int(record.position or 0),
        outcome=_outcome(record),
        superseded_by=record.superseded_by,
    )


def _option_summary(record: ConsultationRecord) -> OptionSummary:
    return OptionSummary(
        id=record.oid,  # type: ignore[arg-type]
        title=_plain(record.title),
        kind=record.kind,  # type: ignore[arg-type]
        position=int(record.position or 0),
        outcome=_outcome(record),
        superseded_by=record.superseded_by,
    )


def get_with_options(cid: str) -> tuple[Consultation | None, list[OptionSummary]]:
    """Access pattern C1: one Query on pk=cid, plans left out of the projection."""
    consultation = None
    options = []
    for record in ConsultationRecord.query(cid, attributes_to_get=_WITHOUT_PLAN):
        if record.sk == CONSULTATION_SK:
            consultation = _consultation(record)
        elif record.sk.startswith(OPTION_SK_PREFIX):
            options.append(_option_summary(record))
    options.sort(key=lambda o: (o.position, o.id))
    return consultation, options


def get(cid: str) -> Consultation | None:
    """Access pattern C2: GetItem pk=cid, sk="consultation"."""
    try:
        return _consultation(ConsultationRecord.get(cid, CONSULTATION_SK))
    except ConsultationRecord.DoesNotExist:
        return None


def get_with_option(cid: str, oid: str) -> tuple[Consultation | None, Option | None]:
    """Access pattern C3: one BatchGetItem for the consultation and one option with its plan."""
    consultation = option = None
    for record in ConsultationRecord.batch_get(
        [(cid, CONSULTATION_SK), (cid, OPTION_SK_PREFIX + oid)]
    ):
        if record.sk == CONSULTATION_SK:
            consultation = _consultation(record)
        else:
            option = _option(record)
    return consultation, option


_recent: dict[tuple[str, str], tuple[float, Consultation, Option]] = {}
CACHE_SECONDS = 60.0


def get_with_option_cached(cid: str, oid: str) -> tuple[Consultation | None, Option | None]:
    """C3 through a per-container cache of open consultations' options (60 s).

    Only open consultations are cached, and callers still check `closes_at` against the clock,
    so the staleness is bounded: a consultation closed by hand before its date, or an option
    edited while open, takes up to a minute to reach every container. In exchange the write path
    reads nothing on a warm Lambda, and in a burst no request reads the one consultation item
    (a hot key; docs/data-model.md).
    """
    now = time.monotonic()
    hit = _recent.get((cid, oid))
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        return hit[1], hit[2]
    consultation, option = get_with_option(cid, oid)
    if consultation is not None and option is not None and consultation.status == "open":
        if len(_recent) > 256:
            _recent.clear()
        _recent[(cid, oid)] = (now, consultation, option)
    return consultation, option


def get_cached(cid: str) -> Consultation | None:
    """C2 through the same per-container cache (60 s): the hot path of endorsements."""
    now = time.monotonic()
    for (cached_cid, _), (at, consultation, _option) in list(_recent.items()):
        if cached_cid == cid and now - at < CACHE_SECONDS:
            return consultation
    consultation = get(cid)
    if consultation is not None and consultation.status == "open":
        _recent[(cid, "")] = (now, consultation, None)  # type: ignore[assignment]
    return consultation


def forget_cached() -> None:
    _recent.clear()


def consultation_record(consultation: Consultation) -> ConsultationRecord:
    return ConsultationRecord(
        consultation.id,
        CONSULTATION_SK,
        title=consultation.title,
        summary=consultation.summary,
        languages=list(consultation.languages),
        status=consultation.status,
        opens_at=consultation.opens_at,
        closes_at=consultation.closes_at,
        moderation=consultation.moderation,
        list_pk=LISTED,
        created_at=consultation.created_at or datetime.now(UTC),
        outcome_at=consultation.outcome_at,
        open_data_off=None if consultation.open_data else True,
        open_data_licence=None
        if consultation.open_data_licence == DEFAULT_LICENCE
        else consultation.open_data_licence,
    )


def save(consultation: Consultation) -> None:
    consultation_record(consultation).save()
    forget_cached()


def stored_plan_bytes(plan: object) -> int:
    """The plan's size as stored (compressed JSON)."""
    return len(CompressedJSONAttribute().serialize(plan.to_dict()))  # type: ignore[attr-defined]


def option_record(consultation_id: str, option: Option) -> ConsultationRecord:
    return ConsultationRecord(
        consultation_id,
        OPTION_SK_PREFIX + option.id,
        oid=option.id,
        title=option.title,
        summary=option.summary,
        kind=option.kind,
        position=option.position,
        plan=option.plan.to_dict(),
        outcome_decision=None if option.outcome is None else option.outcome.decision,
        outcome_text=None if option.outcome is None else option.outcome.text,
        superseded_by=option.superseded_by,
    )


def save_option(consultation_id: str, option: Option) -> None:
    option_record(consultation_id, option).save()
    forget_cached()


def get_with_full_options(cid: str) -> tuple[Consultation | None, list[Option]]:
    """C4 (the report job): one Query on pk=cid with every option's plan."""
    consultation = None
    options = []
    for record in ConsultationRecord.query(cid):
        if record.sk == CONSULTATION_SK:
            consultation = _consultation(record)
        elif record.sk.startswith(OPTION_SK_PREFIX):
            options.append(_option(record))
    options.sort(key=lambda o: (o.position, o.id))
    return consultation, options


def listing_page(*, limit: int, before: datetime | None = None) -> tuple[list[Consultation], bool]:
    """C5: consultations newest first, one Query on the listing index; True if there are more."""
    condition = None if before is None else ConsultationRecord.created_at < before
    found = [
        _consultation(record)
        for record in ConsultationRecord.listing.query(
            LISTED, condition, scan_index_forward=False, limit=limit + 1
        )
    ]
    return found[:limit], len(found) > limit


def all_consultations() -> list[Consultation]:
    """C5 (the nightly job): every consultation, through the listing index (no Scan)."""
    return [
        _consultation(record)
        for record in ConsultationRecord.listing.query(LISTED, scan_index_forward=False)
    ]
