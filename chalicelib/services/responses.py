"""Use cases: staff answer what residents sent ("you said, we did"); residents read the answers
once the outcome is published. Writes check the caller's role first (deny by default); only
those who may record outcomes (admin) write responses, as outcomes are."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from chalicelib import config
from chalicelib.domain import response as rules
from chalicelib.domain.consultation import Consultation, OptionSummary
from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.ids import is_slug, is_ulid, new_ulid
from chalicelib.domain.report.coverage import CampaignLeft, still_open, with_campaign_members
from chalicelib.domain.response import Links, Response, ResponseStatus
from chalicelib.domain.staff import ADMIN, ANALYST, MODERATOR, StaffIdentity, require_role
from chalicelib.domain.submission import Submission
from chalicelib.services import background, pages
from chalicelib.store import consultations as consultation_store
from chalicelib.store import responses as response_store
from chalicelib.store import submissions as submission_store
from chalicelib.store.staff import AlreadyThere, Changed


def _now() -> datetime:
    return datetime.now(UTC)


def _consultation(cid: str) -> tuple[Consultation, list[OptionSummary]]:
    consultation, options = consultation_store.get_with_options(cid) if is_slug(cid) else (None, [])
    if consultation is None:
        raise NotFound(f"There is no consultation '{cid[:64]}'.", field="consultation_id")
    return consultation, options


def _links(raw: dict[str, list], options: list[OptionSummary]) -> Links:
    return rules.checked_links(
        submissions=list(raw.get("submissions") or []),
        elements=[(e["option_id"], e["element_id"]) for e in raw.get("elements") or []],
        campaigns=list(raw.get("campaigns") or []),
        options=list(raw.get("options") or []),
        option_ids={o.id for o in options},
    )


def _published(cid: str) -> list[Submission]:
    return list(submission_store.stream_published(cid, shards=config.current().submission_shards))


def _answered(response: Response, published: list[Submission]) -> Response:
    """The response with its campaigns' members and its `answered` count, as written."""
    return with_campaign_members(response, published)


def create(
    who: StaffIdentity,
    cid: str,
    *,
    status: ResponseStatus,
    text: dict[str, str],
    links: dict[str, list],
) -> Response:
    require_role(who, (ADMIN,))
    consultation, options = _consultation(cid)
    now = _now()
    response = rules.new_response(
        rid=new_ulid(int(now.timestamp() * 1000)),
        consultation=consultation,
        status=status,
        text=text,
        links=_links(links, options),
        now=now,
    )
    response = _answered(response, _published(cid))
    try:
        response_store.create(who, response)
    except (AlreadyThere, Changed):
        raise Conflict("The consultation changed meanwhile; reload and try again.") from None
    _published_changed(consultation, None, response)
    return response


def _existing(cid: str, rid: str) -> Response:
    found = response_store.get(cid, rid) if is_ulid(rid) else None
    if found is None:
        raise NotFound(f"Consultation '{cid}' has no response '{rid[:64]}'.", field="response_id")
    return found


def update(
    who: StaffIdentity,
    cid: str,
    rid: str,
    *,
    version: int,
    status: ResponseStatus,
    text: dict[str, str],
    links: dict[str, list],
) -> Response:
    """Change a response (after publication too): the audit log keeps each version."""
    require_role(who, (ADMIN,))
    consultation, options = _consultation(cid)
    before = _existing(cid, rid)
    if before.version != version:
        raise Conflict(
            f"Response '{rid}' is at version {before.version}, not {version}: someone changed "
            "it meanwhile; reload and try again.",
            field="version",
        )
    after = rules.changed(
        before, consultation, status=status, text=text, links=_links(links, options), now=_now()
    )
    if rules.same_answer(before, after):
        return before  # a resent form: nothing to store, no history entry, no new version
    after = _answered(after, _published(cid))
    try:
        response_store.replace(who, before, after)
    except Changed:
        raise Conflict(
            "The response or consultation changed meanwhile; reload and try again."
        ) from None
    _published_changed(consultation, before, after)
    return after


def _published_changed(
    consultation: Consultation, before: Response | None, after: Response
) -> None:
    """Once the outcome is published, a new or changed response reaches the open-data bundle
    at once (as at the outcome; the nightly run writes it again), and a changed status sends
    its followers one short update (services/notifications.py); the pre-rendered pages follow
    too (their cards and plans mark what it answers)."""
    if consultation.status != "outcome":
        return
    pages.publish_quietly(consultation.id)
    if before is not None and after.status != before.status:
        background.start(
            background.RESPONSE_CHANGED,
            consultation.id,
            response_id=after.id,
            version=after.version,
        )
    else:
        background.start(background.OPEN_DATA, consultation.id)


def list_for_staff(who: StaffIdentity, cid: str) -> tuple[Consultation, list[Response]]:
    require_role(who, (ADMIN, MODERATOR, ANALYST))
    consultation, _ = _consultation(cid)
    return consultation, response_store.list_all(cid)


@dataclass(frozen=True)
class PublicResponses:
    consultation: Consultation
    options: list[OptionSummary]
    responses: list[Response]
    states: dict[str, tuple[str, str]]  # linked submission id -> (its status now, option)


def public(cid: str) -> PublicResponses:
    """Every response, once the outcome is published; each linked submission's status is read
    now, so a submission withdrawn since shows as withdrawn (never its words)."""
    consultation, options = _consultation(cid)
    if consultation.status != "outcome":
        raise NotFound(
            f"Consultation '{cid}' has not published its outcome yet.", field="consultation_id"
        )
    responses = response_store.list_all(cid)
    linked = [sid for r in responses for sid in r.links.submissions]
    states = response_store.submission_states(cid, linked) if linked else {}
    return PublicResponses(consultation, options, responses, states)


@dataclass(frozen=True)
class UnansweredGroup:
    option_id: str
    element_id: str | None
    submissions: int
    endorsements: int


@dataclass(frozen=True)
class Unanswered:
    total_published: int
    answered: int
    groups: list[UnansweredGroup]  # by option and element, most submissions first
    campaigns: list[CampaignLeft]  # every reported campaign, most unanswered comments first
    most_endorsed: list[Submission]  # unanswered, most endorsed first
    campaign_of: dict[str, str]  # an unanswered comment's id -> its campaign key


def unanswered(who: StaffIdentity, cid: str, *, limit: int = 20) -> Unanswered:
    """Published submissions no response answers yet, by element, by the report's campaign
    and by endorsements; a campaign link answers the campaign's comments, as in the report's
    coverage (domain/report/coverage.py `still_open`)."""
    require_role(who, (ADMIN, ANALYST))
    _consultation(cid)
    responses = response_store.list_all(cid)
    published = _published(cid)
    found = still_open(responses, published)
    left = found.left
    by_element: dict[tuple[str, str | None], list[Submission]] = defaultdict(list)
    for s in left:
        by_element[(s.option_id, s.element_id)].append(s)
    groups = [
        UnansweredGroup(oid, eid, len(items), sum(s.endorsements for s in items))
        for (oid, eid), items in by_element.items()
    ]
    groups.sort(key=lambda g: (-g.submissions, -g.endorsements, g.option_id, g.element_id or ""))
    top = sorted(left, key=lambda s: (-s.endorsements, s.id))[:limit]
    return Unanswered(
        len(published),
        len(published) - len(left),
        groups,
        found.campaigns,
        top,
        {s.id: found.campaign_of[s.id] for s in top if s.id in found.campaign_of},
    )
