"""Responses ("you said, we did"): what the agency answers to what residents sent, and what
each answer is about (submissions, plan elements, report campaigns, or a whole option)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal, get_args

from chalicelib.domain import text as text_rules
from chalicelib.domain.consultation import Consultation, texts
from chalicelib.domain.errors import Conflict, InvalidInput, Problem
from chalicelib.domain.ids import ELEMENT_ID_PATTERN, is_slug, is_ulid

ResponseStatus = Literal[
    "adopted",
    "adopted-with-changes",
    "not-adopted",
    "under-study",
    "planned",
    "under-way",
    "done",
]
RESPONSE_STATUSES: tuple[ResponseStatus, ...] = get_args(ResponseStatus)
# A response in one of these can no longer change its meaning for the resident who follows it.
# Not `adopted`: an adopted idea is then `planned`, `under-way` and `done`, and its followers
# are told each step.
FINAL_STATUSES: frozenset[str] = frozenset({"not-adopted", "done"})

RESPONSE_TEXT = text_rules.OUTCOME_TEXT
MAX_LINKS = 500  # per kind of link: a response answers many submissions, not the whole table
CAMPAIGN_KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9:_.-]{0,63}$"
_campaign = re.compile(CAMPAIGN_KEY_PATTERN)
_element = re.compile(ELEMENT_ID_PATTERN)


@dataclass(frozen=True)
class ElementLink:
    """One plan element of one option: a segment of a section or a feature of a map."""

    option_id: str
    element_id: str


@dataclass(frozen=True)
class Links:
    submissions: tuple[str, ...] = ()
    elements: tuple[ElementLink, ...] = ()
    campaigns: tuple[str, ...] = ()
    options: tuple[str, ...] = ()  # whole options

    @property
    def empty(self) -> bool:
        return not (self.submissions or self.elements or self.campaigns or self.options)


@dataclass(frozen=True)
class Response:
    id: str
    consultation_id: str
    status: ResponseStatus
    text: dict[str, str]
    links: Links
    created_at: datetime
    updated_at: datetime
    version: int = 1
    answered: int = 0  # published submissions it answers, counted when it was written
    # The comments of the report campaigns it links, resolved when it was written (the report's
    # detector, domain/report/coverage.py): so emails, cards and "What you have sent" reach a
    # campaign's members as they reach a linked submission.
    campaign_members: frozenset[str] = frozenset()

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    def answers(self, option_id: str, element_id: str | None, submission_id: str) -> bool:
        """Whether this response answers a submission on this option and element: by its id,
        its element, its whole option, or the campaign it belongs to (`campaign_members`)."""
        links = self.links
        return (
            submission_id in links.submissions
            or submission_id in self.campaign_members
            or option_id in links.options
            or (element_id is not None and ElementLink(option_id, element_id) in links.elements)
        )


def followed_by(
    responses: list[Response], sent: list[tuple[str, str | None, str]]
) -> list[Response]:
    """The responses that answer any of these (option, element, submission id): what a resident
    who sent them follows."""
    return [r for r in responses if any(r.answers(oid, eid, sid) for oid, eid, sid in sent)]


def contact_still_needed(followed: list[Response]) -> bool:
    """A resident's email is kept only while a response they follow can still change: once
    every one is final (or none answers them), nothing more will be sent and it is deleted."""
    return any(not r.is_final for r in followed)


def answering(
    responses: Iterable[Response], option_id: str, element_id: str | None, submission_id: str
) -> list[Response]:
    """The responses that answer one submission (Response.answers), in the order given: the
    one rule behind a submission's "the agency answered this", its resident's email and "What
    you have sent", and each response's `answered` count."""
    return [r for r in responses if r.answers(option_id, element_id, submission_id)]


def answered_elements(responses: Iterable[Response], option_id: str) -> dict[str, list[Response]]:
    """The plan elements of one option that responses link to by name (not through a whole
    option or a campaign), each with those responses in the order given: the elements the
    drawing marks as answered."""
    found: dict[str, list[Response]] = {}
    for response in responses:
        for link in response.links.elements:
            if link.option_id == option_id:
                found.setdefault(link.element_id, []).append(response)
    return found


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def checked_links(
    *,
    submissions: list[str],
    elements: list[tuple[str, str]],
    campaigns: list[str],
    options: list[str],
    option_ids: set[str],
) -> Links:
    """The links, each checked; every problem is listed (`option_ids`: the consultation's)."""
    problems: list[Problem] = []
    for name, values in (
        ("links.submissions", submissions),
        ("links.elements", elements),
        ("links.campaigns", campaigns),
        ("links.options", options),
    ):
        if len(values) > MAX_LINKS:
            problems.append(Problem(name, f"At most {MAX_LINKS} links of one kind per response."))
    for i, sid in enumerate(submissions):
        if not is_ulid(sid):
            problems.append(Problem(f"links.submissions[{i}]", "Not a submission id (a ULID)."))
    for i, (oid, eid) in enumerate(elements):
        if oid not in option_ids:
            problems.append(
                Problem(
                    f"links.elements[{i}].option_id",
                    f"This consultation has no option '{oid[:64]}'.",
                )
            )
        if not _element.fullmatch(eid):
            problems.append(
                Problem(f"links.elements[{i}].element_id", "Not a segment or feature id.")
            )
    for i, key in enumerate(campaigns):
        if not _campaign.fullmatch(key):
            problems.append(Problem(f"links.campaigns[{i}]", "Not a campaign key from the report."))
    for i, oid in enumerate(options):
        if not is_slug(oid) or oid not in option_ids:
            problems.append(
                Problem(f"links.options[{i}]", f"This consultation has no option '{oid[:64]}'.")
            )
    links = Links(
        submissions=_unique(submissions),
        elements=tuple(dict.fromkeys(ElementLink(oid, eid) for oid, eid in elements)),
        campaigns=_unique(campaigns),
        options=_unique(options),
    )
    if not problems and links.empty:
        problems.append(
            Problem(
                "links",
                "Say what this response answers: at least one submission, element, campaign or "
                "option.",
            )
        )
    if problems:
        raise InvalidInput(problems)
    return links


def ensure_answerable(consultation: Consultation) -> None:
    """Responses are written once residents can no longer send (closed), and stay correctable
    after the outcome is published (every change is audited)."""
    if consultation.status not in ("closed", "outcome"):
        raise Conflict(
            f"Consultation '{consultation.id}' is {consultation.status}; write responses once it "
            "has closed.",
            field="status",
        )


def new_response(
    *,
    rid: str,
    consultation: Consultation,
    status: ResponseStatus,
    text: dict[str, str],
    links: Links,
    now: datetime,
) -> Response:
    ensure_answerable(consultation)
    return Response(
        id=rid,
        consultation_id=consultation.id,
        status=status,
        text=texts("text", text, RESPONSE_TEXT, required=True),
        links=links,
        created_at=now,
        updated_at=now,
    )


def same_answer(before: Response, after: Response) -> bool:
    """Whether a change leaves what residents read as it was (status, texts and links)."""
    return (before.status, before.text, before.links) == (after.status, after.text, after.links)


def changed(
    before: Response,
    consultation: Consultation,
    *,
    status: ResponseStatus,
    text: dict[str, str],
    links: Links,
    now: datetime,
) -> Response:
    ensure_answerable(consultation)
    return replace(
        before,
        status=status,
        text=texts("text", text, RESPONSE_TEXT, required=True),
        links=links,
        updated_at=now,
        version=before.version + 1,
    )
