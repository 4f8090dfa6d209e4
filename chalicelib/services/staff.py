"""Use cases for agency staff: set up consultations and their options, open and close them, and
read the audit log. Every function checks the caller's role first (deny by default)."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib import config
from chalicelib.domain import consultation as rules
from chalicelib.domain import documents, simplify
from chalicelib.domain import text as text_rules
from chalicelib.domain.consultation import (
    Consultation,
    Decision,
    ModerationMode,
    Option,
    OptionKind,
    Status,
)
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from chalicelib.domain.geo import MapPlan
from chalicelib.domain.ids import SLUG_RULE, is_slug, is_ulid, ulid_millis
from chalicelib.domain.pagination import decode_cursor, encode_cursor
from chalicelib.domain.plans import Plan
from chalicelib.domain.staff import ADMIN, ANALYST, MODERATOR, StaffIdentity, require_role
from chalicelib.domain.stats import per_day, submissions_on, summary
from chalicelib.services import background, pages
from chalicelib.store import consultations as consultation_store
from chalicelib.store import counters
from chalicelib.store import staff as staff_store
from chalicelib.store.staff import AlreadyThere, AuditEntry, Changed

PLAN_FIELDS = ("streetmix", "plan", "geojson", "document")


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


def list_options(who: StaffIdentity, cid: str) -> tuple[Consultation, list[Option]]:
    """Any staff role may list a consultation's options (superseded ones too), drafts included."""
    require_role(who, (ADMIN, MODERATOR, ANALYST))
    consultation, options = consultation_store.get_with_options(cid) if is_slug(cid) else (None, [])
    if consultation is None:
        raise NotFound(f"There is no consultation '{cid[:64]}'.", field="consultation_id")
    return consultation, options


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
    pages.publish_quietly(cid)  # the pre-rendered pages follow every change
    settings = rules.OPEN_DATA_SETTINGS
    if after.status == "outcome" and any(
        getattr(before, name) != getattr(after, name) for name in settings
    ):  # the published bundle follows its settings now: rewritten, or removed when off
        background.start(background.OPEN_DATA, cid)
    return after


def _plan_option(
    *,
    oid: str,
    title: dict[str, str],
    summary: dict[str, str],
    kind: OptionKind | None,
    plans: dict[str, object],
    position: int,
) -> Option:
    """An option with its plan given as exactly one of streetmix, plan, geojson, or document
    (a file's text, its format told by its content: `domain/documents.py`)."""
    given = [name for name in PLAN_FIELDS if plans.get(name) is not None]
    if len(given) != 1:
        raise InvalidInput.one(
            "plan", "Send the plan as exactly one of streetmix, plan, geojson or document."
        )
    source = given[0]
    if not isinstance(oid, str) or not is_slug(oid):
        raise InvalidInput.one("id", f"id must be {SLUG_RULE}, e.g. a or central-platform.")
    if source == "document":
        found, plan = documents.read_document(plans[source], path=source)
        expected_kind = documents.SOURCE_KINDS[found]
        what = documents.SOURCE_WORDS[found]
    else:
        expected_kind = "map" if source == "geojson" else "section"
        what = f"a {source} plan"
    if kind is not None and kind != expected_kind:
        raise InvalidInput.one(
            "kind", f"{what.capitalize()} makes a {expected_kind} option, not {kind}."
        )
    if kind is None and source != "document":
        raise InvalidInput.one("kind", "kind is required: section or map.")
    kind = expected_kind
    if source != "document":
        plan = documents.read_plan(source, plans[source], path=source)  # type: ignore[arg-type]
    plan = _fitted(plan, source)
    return Option(
        id=oid,
        title=rules.texts("title", title, text_rules.TITLE, required=True),
        summary=rules.texts("summary", summary, text_rules.SUMMARY, required=False),
        kind=kind,
        plan=plan,
        position=position,
    )


def _fitted(plan: Plan, source: str) -> Plan:
    """The plan if it fits in its item; a map that does not is simplified with the smallest
    tolerance that makes it fit (the import report says so); else refused."""
    limit = consultation_store.PLAN_STORED_MAX_BYTES
    stored = consultation_store.stored_plan_bytes(plan)
    if stored <= limit:
        return plan
    if isinstance(plan, MapPlan):
        for tolerance in simplify.TOLERANCES_M:
            smaller = simplify.simplified(plan, tolerance)
            if consultation_store.stored_plan_bytes(smaller) <= limit:
                return smaller
    also = (
        f" even simplified to {simplify.TOLERANCES_M[-1]:g} m" if isinstance(plan, MapPlan) else ""
    )
    raise InvalidInput.one(
        source,
        f"This plan takes {stored / 1000:,.0f} KB stored (compressed){also}; the limit is "
        f"{limit / 1000:,.0f} KB. Simplify its geometry (fewer vertices) or split it into "
        "several options.",
    )


def _existing_option(cid: str, oid: str) -> tuple[Consultation, Option]:
    consultation = _existing(cid)
    option = consultation_store.get_with_option(cid, oid)[1] if is_slug(oid) else None
    if option is None:
        raise NotFound(f"Consultation '{cid}' has no option '{oid[:64]}'.", field="option_id")
    return consultation, option


def get_option(who: StaffIdentity, cid: str, oid: str) -> tuple[Consultation, Option]:
    """Any staff role may read an option, of a draft consultation too."""
    require_role(who, (ADMIN, MODERATOR, ANALYST))
    return _existing_option(cid, oid)


def add_option(
    who: StaffIdentity,
    cid: str,
    *,
    oid: str,
    title: dict[str, str],
    summary: dict[str, str],
    kind: OptionKind | None,
    plans: dict[str, object],
    supersedes: str | None = None,
    dry_run: bool = False,
) -> Option:
    """A new option for a draft or open consultation; with `supersedes`, it replaces an option
    residents have already answered (that one stays readable but takes no more submissions).
    With `dry_run`, every check runs and the option is answered as it would be stored, but
    nothing is written."""
    require_role(who, (ADMIN,))
    consultation = _existing(cid)
    rules.ensure_options_changeable(consultation)
    option = _plan_option(
        oid=oid,
        title=title,
        summary=summary,
        kind=kind,
        plans=plans,
        position=staff_store.option_count(cid) + 1,
    )
    old = None
    if supersedes is not None:
        _, old = _existing_option(cid, supersedes)
        if old.superseded_by is not None:
            raise Conflict(
                f"Option '{old.id}' was already replaced by '{old.superseded_by}'.",
                field="supersedes",
            )
    if dry_run:
        return option
    try:
        staff_store.add_option(who, consultation, option, _now(), supersedes=old)
    except AlreadyThere:
        raise Conflict(
            f"Consultation '{cid}' already has an option '{oid}' (or changed meanwhile).",
            field="id",
        ) from None
    pages.publish_quietly(cid)  # the pre-rendered pages follow every change
    return option


def replace_option(
    who: StaffIdentity,
    cid: str,
    oid: str,
    *,
    title: dict[str, str],
    summary: dict[str, str],
    kind: OptionKind | None,
    plans: dict[str, object],
) -> Option:
    """Change an option's texts and plan, only while no resident has answered it."""
    require_role(who, (ADMIN,))
    consultation, before = _existing_option(cid, oid)
    rules.ensure_options_changeable(consultation)
    shards = config.current().submission_shards
    rules.ensure_option_replaceable(before, submissions_on(counters.read(cid, shards), oid))
    after = _plan_option(
        oid=oid, title=title, summary=summary, kind=kind, plans=plans, position=before.position
    )
    try:
        staff_store.replace_option(
            who,
            consultation,
            after,
            action="option.update",
            states=(staff_store.option_state(before), staff_store.option_state(after)),
            now=_now(),
        )
    except Changed:
        raise Conflict("The option changed meanwhile; reload and try again.") from None
    pages.publish_quietly(cid)  # the pre-rendered pages follow every change
    return after


def set_outcome(
    who: StaffIdentity, cid: str, oid: str, *, decision: Decision, text: dict[str, str]
) -> Option:
    """Record (or correct) what the agency decided about an option; residents see it once the
    consultation's status is outcome."""
    require_role(who, (ADMIN,))
    consultation, before = _existing_option(cid, oid)
    after = rules.with_outcome(consultation, before, decision, text)

    def state(option: Option) -> dict[str, object] | None:
        outcome = option.outcome
        return None if outcome is None else {"decision": outcome.decision, "text": outcome.text}

    try:
        staff_store.replace_option(
            who,
            consultation,
            after,
            action="option.outcome",
            states=(state(before), state(after)),
            now=_now(),
        )
    except Changed:
        raise Conflict("The consultation changed meanwhile; reload and try again.") from None
    pages.publish_quietly(cid)  # the pre-rendered pages follow every change
    if consultation.status == "outcome":  # a corrected outcome: options.json follows
        background.start(background.OPEN_DATA, cid)
    return after


def change_status(who: StaffIdentity, cid: str, to: Status) -> Consultation:
    require_role(who, (ADMIN,))
    now = _now()
    before, options = consultation_store.get_with_options(cid) if is_slug(cid) else (None, [])
    if before is None:
        before = _existing(cid)
    after = rules.transition(before, to, options=options, now=now)
    try:
        staff_store.update_consultation(who, before, after, f"consultation.{to}", now)
    except Changed:
        raise Conflict("The consultation changed meanwhile; reload and try again.") from None
    pages.publish_quietly(cid)  # the pre-rendered pages follow every change
    if to == "outcome":  # the open-data bundle and the outcome emails, without a CLI step
        background.start(background.PUBLISH, cid)
    return after


def statistics(who: StaffIdentity, cid: str) -> dict[str, object]:
    """Submissions per option, kind, stance and moderation state, from the counters kept on
    every write (one Query for the options and one BatchGetItem, however many submissions), and
    per UTC day, from a keys-only Query of the every-item index (docs/staff-pages.md)."""
    require_role(who, (ADMIN, ANALYST))
    consultation, options = consultation_store.get_with_options(cid) if is_slug(cid) else (None, [])
    if consultation is None:
        _existing(cid)
    shards = config.current().submission_shards
    counted = counters.read(cid, shards)
    created = (ulid_millis(sid) for sid in counters.submission_ids(cid, shards))
    return {**summary(counted, [o.id for o in options]), "by_day": per_day(created)}


def audit_log(
    who: StaffIdentity,
    cid: str,
    *,
    limit: int = 50,
    cursor: str | None = None,
    target: str | None = None,
) -> tuple[list[AuditEntry], str | None]:
    """Newest first; with `target`, only the entries about it (e.g. one response's history)."""
    require_role(who, (ADMIN,))
    if not 1 <= limit <= 100:
        raise InvalidInput.one("limit", "limit must be between 1 and 100.")
    _existing(cid)
    before = None if cursor is None else decode_cursor(cursor, order="audit", valid=is_ulid)
    entries, more = staff_store.audit_page(cid, before=before, limit=limit, target=target)
    next_cursor = encode_cursor(order="audit", before=entries[-1].id) if more and entries else None
    return entries, next_cursor


def list_consultations(
    who: StaffIdentity, *, limit: int = 20, cursor: str | None = None
) -> tuple[list[tuple[Consultation, dict[str, int]]], str | None]:
    """Every consultation, drafts included, newest first, each with its submissions per
    moderation state: one Query on the listing index and the counters in one BatchGetItem."""
    require_role(who, (ADMIN, MODERATOR, ANALYST))
    before = None
    if cursor is not None:
        before = datetime.fromisoformat(
            decode_cursor(cursor, order="consultations", valid=_is_timestamp)
        )
    found, more = consultation_store.listing_page(limit=limit, before=before)
    counted = counters.read_many([c.id for c in found], config.current().submission_shards)
    page = [(c, summary(counted[c.id], [])["by_state"]) for c in found]
    last = found[-1].created_at if more and found else None
    next_cursor = (
        None if last is None else encode_cursor(order="consultations", before=last.isoformat())
    )
    return page, next_cursor


def _is_timestamp(value: str) -> bool:
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False
