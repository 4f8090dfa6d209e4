"""Use cases: residents send, edit, withdraw and read submissions (comments and alternatives)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from chalicelib import config
from chalicelib.domain import submission as rules
from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from chalicelib.domain.ids import is_slug, is_ulid, new_ulid
from chalicelib.domain.pagination import (
    PAGE_LIMIT_MAX,
    PAGE_LIMIT_MIN,
    decode_cursor,
    encode_cursor,
)
from chalicelib.domain.response import Response, answering
from chalicelib.domain.sealing import seal
from chalicelib.domain.submission import Order, Point, Stance, Submission, SubmissionKind
from chalicelib.domain.tokens import (
    edit_token_for,
    edit_token_matches,
    hash_edit_token,
)
from chalicelib.services import guards
from chalicelib.services.consultations import (
    get_public_consultation_only,
    get_public_option,
    published_responses,
)
from chalicelib.store import secrets
from chalicelib.store import submissions as submission_store
from chalicelib.store.submissions import LimitReached, NotStored, SortKey


@dataclass(frozen=True)
class Page:
    items: list[Submission]
    next_cursor: str | None
    # item id -> the responses that answer it (domain/response.py answering); public listings
    # fill it once the outcome is published
    answers: dict[str, list[Response]] = field(default_factory=dict)


@dataclass(frozen=True)
class Created:
    submission: Submission
    edit_token: str  # derived from the id under the token key; only its hash is stored


def now_ms() -> datetime:
    """Now, to the millisecond: what ids, storage and answers all agree on."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def submit(
    cid: str,
    *,
    kind: SubmissionKind,
    option_id: str,
    text: str,
    element_id: str | None = None,
    point: Point | None = None,
    stance: Stance | None = None,
    plan: object | None = None,
    plan_edit: object | None = None,
    email: str | None = None,
    language: str | None = None,
    source_ip: str | None = None,
    resident_id: str | None = None,
    now: datetime | None = None,
) -> Created:
    """Check a comment or alternative against its consultation and option, then store it with
    its rate-limit hit and optional email in one transaction; linked to its resident (by id,
    never the token) when sent with one, for their data rights."""
    now = now or now_ms()
    consultation, option = get_public_option(cid, option_id, cached=True)
    submission_id = new_ulid(int(now.timestamp() * 1000))
    edit_token = edit_token_for(secrets.token_key(), submission_id)
    submission = rules.new_submission(
        submission_id=submission_id,
        kind=kind,
        consultation=consultation,
        option=option,
        text=text,
        element_id=element_id,
        point=point,
        stance=stance,
        raw_plan=plan,
        raw_edit=plan_edit,
        edit_hash=hash_edit_token(edit_token),
        now=now,
    )
    _ensure_storable(submission, "plan_edit" if plan_edit is not None else "plan")
    limit = config.current().submissions_per_hour
    guard = guards.hourly(f"rate#{cid}", source_ip, limit, now)
    try:
        submission_store.add(
            submission,
            shards=config.current().submission_shards,
            guard=guard,
            # sealed (AES-GCM under the token key, bound to its record): no address at rest
            email=None if email is None else seal_contact(cid, submission_id, email),
            language=language,
            resident_id=resident_id,
        )
    except LimitReached:
        raise guards.refusal(f"submissions to '{cid}'", limit, now) from None
    return Created(submission, edit_token)


# An alternative's plan and diff, compressed, in one item of at most 400 KB beside the earlier
# diff an edit keeps (store/submissions.py PREVIOUS_DIFF_MAX_BYTES) and the other fields. An
# option's plan takes at most 300 KB: an alternative that changes a few features of it fits.
ALTERNATIVE_STORED_MAX_BYTES = 330_000


def _ensure_storable(submission: Submission, field: str) -> None:
    if submission.plan is None or submission.diff is None:
        return
    from chalicelib.store.consultations import stored_plan_bytes

    size = stored_plan_bytes(submission.plan) + stored_plan_bytes(submission.diff)
    if size > ALTERNATIVE_STORED_MAX_BYTES:
        raise InvalidInput.one(
            field,
            f"This alternative takes {size / 1000:,.0f} KB stored (its plan and what it "
            f"changes, compressed); the limit is {ALTERNATIVE_STORED_MAX_BYTES / 1000:,.0f} KB. "
            "Add fewer or simpler features (fewer vertices), or propose the rest in another "
            "alternative.",
        )


def seal_contact(cid: str, sid: str, email: str) -> str:
    """A follow-up email as the contacts table keeps it (pk "{cid}#{sid}")."""
    return seal(secrets.token_key(), "contact-email", f"{cid}#{sid}", email)


def decoy(cid: str, option_id: str, now: datetime | None = None) -> Created:
    """An ordinary-looking answer for a bot that filled the honeypot field; nothing is stored.

    It goes through the same consultation and option checks as a real post, so a bot cannot
    tell the two apart by the answers."""
    now = now or now_ms()
    consultation, _ = get_public_option(cid, option_id, cached=True)
    consultation.ensure_accepting(now)
    fake = Submission(
        id=new_ulid(int(now.timestamp() * 1000)),
        consultation_id="",
        option_id="",
        kind="comment",
        text="",
        element_id=None,
        point=None,
        stance=None,
        status="published",
        created_at=now,
    )
    return Created(fake, edit_token_for(secrets.token_key(), fake.id))


def _own(cid: str, sid: str, edit_token: str | None) -> Submission:
    """The submission, if the edit token is its own: 404 if there is none, 403 otherwise."""
    submission = submission_store.get(cid, sid) if is_slug(cid) and is_ulid(sid) else None
    if submission is None or submission.status == "withdrawn":
        get_public_consultation_only(cid)
        raise NotFound(
            f"Consultation '{cid}' has no submission '{sid[:64]}'.", field="submission_id"
        )
    if not edit_token_matches(submission.edit_hash, edit_token):
        raise Forbidden(
            "The edit token is missing or wrong: only the author, with the token they got when "
            "they sent it, can change or withdraw this submission.",
            field="X-Edit-Token",
        )
    return submission


def edit(
    cid: str,
    sid: str,
    *,
    edit_token: str | None,
    text: str | None = None,
    stance: Stance | object | None = rules.UNCHANGED,
    plan: object | None = None,
    plan_edit: object | None = None,
    now: datetime | None = None,
) -> Submission:
    """The author's edit. A change of words, stance or plan is a new version, in the same
    write: the endorsements so far stay with the earlier version (its endorsers agreed with
    what it said then), the count starts again at 0. Re-read and tried again if an
    endorsement landed between the read and the write."""
    now = now or now_ms()
    for _ in range(_EDIT_ATTEMPTS):
        current = _own(cid, sid, edit_token)
        consultation, option = get_public_option(cid, current.option_id)
        updated = rules.edited(
            current,
            consultation=consultation,
            option=option,
            text=text,
            stance=stance,
            raw_plan=plan,
            raw_edit=plan_edit,
            now=now,
        )
        if updated.diff is not current.diff:
            _ensure_storable(updated, "plan_edit" if plan_edit is not None else "plan")
        try:
            submission_store.update_content(
                current,
                updated,
                edit_hash=current.edit_hash or "",
                shards=config.current().submission_shards,
            )
        except NotStored:
            latest = submission_store.get(cid, sid)
            if (
                latest is not None
                and latest.status == current.status
                and (
                    latest.endorsements != current.endorsements or latest.version != current.version
                )
            ):
                continue  # an endorsement (or another edit) came first: read again
            raise _gone_or_changed(cid, sid) from None
        return updated
    raise _gone_or_changed(cid, sid)


_EDIT_ATTEMPTS = 5


def _gone_or_changed(cid: str, sid: str) -> NotFound | Conflict:
    """Why a conditional write on the author's item failed: withdrawn, or changed meanwhile."""
    latest = submission_store.get(cid, sid)
    if latest is None or latest.status == "withdrawn":
        return NotFound(f"Submission '{sid}' was withdrawn.", field="submission_id")
    return Conflict(
        f"Submission '{sid}' changed meanwhile (a moderator acted on it); reload it and try again.",
        field="submission_id",
    )


def withdraw(cid: str, sid: str, *, edit_token: str | None, now: datetime | None = None) -> None:
    now = now or now_ms()
    current = _own(cid, sid, edit_token)
    get_public_consultation_only(cid).ensure_accepting(now)
    try:
        submission_store.withdraw(
            current,
            edit_hash=current.edit_hash or "",
            now=now,
            shards=config.current().submission_shards,
        )
    except NotStored:
        raise _gone_or_changed(cid, sid) from None


def _valid_position(order: Order):
    def valid(position: str) -> bool:
        if order == "newest":
            return is_ulid(position)
        rank, _, sid = position.partition(".")
        return rank.isdigit() and len(rank) < 30 and is_ulid(sid)

    return valid


def _encode_position(order: Order, position: SortKey) -> str:
    rank, sid = position
    return encode_cursor(order=order, before=sid if order == "newest" else f"{rank}.{sid}")


def _decode_position(order: Order, cursor: str) -> SortKey:
    position = decode_cursor(cursor, order=order, valid=_valid_position(order))
    if order == "newest":
        return (0, position)
    rank, _, sid = position.partition(".")
    return (int(rank), sid)


def list_public(
    cid: str,
    *,
    order: Order = "newest",
    option_id: str | None = None,
    element_id: str | None = None,
    limit: int = 20,
    cursor: str | None = None,
) -> Page:
    """Newest first, or most endorsed first; filters narrow to an option or one element of it."""
    if not PAGE_LIMIT_MIN <= limit <= PAGE_LIMIT_MAX:
        raise InvalidInput.one(
            "limit", f"limit must be between {PAGE_LIMIT_MIN} and {PAGE_LIMIT_MAX}."
        )
    if element_id is not None and option_id is None:
        raise InvalidInput.one(
            "element", "Filtering by element needs option too: element ids belong to one option."
        )
    after = None if cursor is None else _decode_position(order, cursor)
    if option_id is None:
        consultation = get_public_consultation_only(cid)
    else:
        consultation, option = get_public_option(cid, option_id, field="option")
        if element_id is not None:
            rules.check_element(option, element_id, field="element")
    items, next_after = submission_store.list_public(
        cid,
        order=order,
        option_id=option_id,
        element_id=element_id,
        after=after,
        limit=limit,
        shards=config.current().submission_shards,
    )
    next_cursor = None if next_after is None else _encode_position(order, next_after)
    responses = published_responses(consultation) if items else []
    answers = {s.id: answering(responses, s.option_id, s.element_id, s.id) for s in items}
    return Page(items, next_cursor, answers)


def get_public(cid: str, sid: str, *, edit_token: str | None = None) -> Submission:
    """One GetItem on the happy path; the consultation is read only to explain a miss. With its
    edit token, the author also sees their own pending or hidden submission and its status."""
    submission = submission_store.get(cid, sid) if is_slug(cid) and is_ulid(sid) else None
    if (
        submission is not None
        and submission.status in ("pending", "hidden")
        and edit_token_matches(submission.edit_hash, edit_token)
    ):
        return submission
    if submission is None or not submission.is_public:
        get_public_consultation_only(cid)
        raise NotFound(
            f"Consultation '{cid}' has no submission '{sid[:64]}'.", field="submission_id"
        )
    return submission
