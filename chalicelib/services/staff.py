"""Use cases for agency staff: set up consultations and their options, open and close them, and
read the audit log. Every function checks the caller's role first (deny by default)."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.domain import consultation as rules
from chalicelib.domain.consultation import Consultation, ModerationMode, Option, OptionKind, Status
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from chalicelib.domain.ids import is_slug, is_ulid
from chalicelib.domain.pagination import decode_cursor, encode_cursor
from chalicelib.domain.plans import parse_plan
from chalicelib.domain.staff import ADMIN, ANALYST, MODERATOR, StaffIdentity, require_role
from chalicelib.store import consultations as consultation_store
from chalicelib.store import staff as staff_store
from chalicelib.store.staff import AlreadyThere, AuditEntry, Changed

PLAN_FIELDS = ("streetmix", "plan", "geojson")


def _now() -> datetime:
    return datetime.now(UTC)


def _existing(cid: str) -> Consultation:
    consultation = consultation_store.get(cid) if is_slug(cid) else None
    if consultation is None:
        raise NotFound(f"There is no consultation '{cid[:64]}'.", field="consultation_id")
    return consultation


def get_consultation(who: StaffIdentity, cid: str) -> Consultation:
    """Any staff role may read a consultation, drafts included."""
    require_role(who, (ADMIN, MODERATOR, ANALYST))
    return _existing(cid)


def create_consultation(
    who: StaffIdentity,
    *,
    cid: str,
    title: dict[str, str],
    summary: dict[str, str],
    moderation: ModerationMode,
    opens_at: datetime | None,
    closes_at: datetime | None,
) -> Consultation:
    require_role(who, (ADMIN,))
    now = _now()
    consultation = rules.new_consultation(
        cid=cid,
        title=title,
        summary=summary,
        moderation=moderation,
        opens_at=opens_at,
        closes_at=closes_at,
        now=now,
    )
    try:
        staff_store.create_consultation(who, consultation, now)
    except AlreadyThere:
        raise Conflict(f"Consultation '{cid}' exists already.", field="id") from None
    return consultation


def update_consultation(who: StaffIdentity, cid: str, **changes: object) -> Consultation:
    require_role(who, (ADMIN,))
    before = _existing(cid)
    after = rules.changed(before, **changes)
    try:
        staff_store.update_consultation(who, before, after, "consultation.update", _now())
    except Changed:
        raise Conflict("The consultation changed meanwhile; reload and try again.") from None
    return after


def add_option(
    who: StaffIdentity,
    cid: str,
    *,
    oid: str,
    title: dict[str, str],
    summary: dict[str, str],
    kind: OptionKind,
    plans: dict[str, object],
) -> Option:
    """An option with its plan given as exactly one of streetmix, plan or geojson."""
    require_role(who, (ADMIN,))
    consultation = _existing(cid)
    if consultation.status not in ("draft", "open"):
        raise Conflict(f"Consultation '{cid}' is {consultation.status}; options can't be added.")
    given = [name for name in PLAN_FIELDS if plans.get(name) is not None]
    if len(given) != 1:
        raise InvalidInput.one(
            "plan", "Send the plan as exactly one of streetmix, plan or geojson."
        )
    source = given[0]
    expected_kind = "map" if source == "geojson" else "section"
    if kind != expected_kind:
        raise InvalidInput.one(
            "kind", f"A {source} plan makes a {expected_kind} option, not {kind}."
        )
    if not is_slug(oid):
        raise InvalidInput.one("id", "id must be a short slug, e.g. a or central-platform.")
    option = Option(
        id=oid,
        title=rules.texts("title", title, rules.TITLE_MAX_CHARS, required=True),
        summary=rules.texts("summary", summary, rules.SUMMARY_MAX_CHARS, required=False),
        kind=kind,
        plan=parse_plan(kind, plans[source], path=source),
        position=staff_store.option_count(cid) + 1,
    )
    try:
        staff_store.add_option(who, consultation, option, _now())
    except AlreadyThere:
        raise Conflict(
            f"Consultation '{cid}' already has an option '{oid}' (or changed status meanwhile).",
            field="id",
        ) from None
    return option


def change_status(who: StaffIdentity, cid: str, to: Status) -> Consultation:
    require_role(who, (ADMIN,))
    now = _now()
    before = _existing(cid)
    after = rules.transition(before, to, option_count=staff_store.option_count(cid), now=now)
    try:
        staff_store.update_consultation(who, before, after, f"consultation.{to}", now)
    except Changed:
        raise Conflict("The consultation changed meanwhile; reload and try again.") from None
    return after


def audit_log(
    who: StaffIdentity, cid: str, *, limit: int = 50, cursor: str | None = None
) -> tuple[list[AuditEntry], str | None]:
    require_role(who, (ADMIN,))
    if not 1 <= limit <= 100:
        raise InvalidInput.one("limit", "limit must be between 1 and 100.")
    _existing(cid)
    before = None if cursor is None else decode_cursor(cursor, order="audit", valid=is_ulid)
    entries, more = staff_store.audit_page(cid, before=before, limit=limit)
    next_cursor = encode_cursor(order="audit", before=entries[-1].id) if more and entries else None
    return entries, next_cursor
