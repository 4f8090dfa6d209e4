"""The report's coverage of the agency's responses ("you said, we did"): how many published
submissions, plan elements and campaigns a response answers, and the most-endorsed submissions
none answers yet.

A submission is answered when a response links it, its element or its whole option
(domain/response.py `answers`), or the campaign it belongs to: campaign links are the report's
campaign keys (each campaign's representative id), resolved through the campaign detector's
members (`campaign_of`). Fed in the report's one pass; only unanswered submissions are kept
(the most-endorsed list needs them), and at the end those in a linked campaign are counted
answered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from chalicelib.domain.errors import InvalidInput, Problem
from chalicelib.domain.report.campaigns import CampaignDetector
from chalicelib.domain.response import ElementLink, Response
from chalicelib.domain.submission import Submission

MOST_ENDORSED = 20  # unanswered submissions listed, most endorsed first
ELEMENTS_LISTED = 20  # unanswered elements listed, most submissions first
EXCERPT_CHARS = 280


def add_to_campaigns(detector: CampaignDetector, s: Submission) -> None:
    """Feed one published submission to the campaign detector as the report's bundle does
    (report/bundle.py): comments only, in creation order, so the campaign keys are the
    report's."""
    if s.kind == "comment":
        detector.add(s.id, s.text, s.created_at)


def in_linked_campaign(kind: str, campaign: str | None, linked: set[str]) -> bool:
    """Whether a submission is answered through a campaign link: a comment whose campaign
    (the detector's key, or None) a response links."""
    return kind == "comment" and campaign is not None and campaign in linked


@dataclass(frozen=True)
class _Left:
    id: str
    option_id: str
    element_id: str | None
    kind: str
    endorsements: int
    text: str


class CoverageFold:
    def __init__(self, responses: Iterable[Response]) -> None:
        self.responses = list(responses)
        self.linked_campaigns = {key for r in self.responses for key in r.links.campaigns}
        self.linked_elements = {e for r in self.responses for e in r.links.elements}
        self.linked_options = {oid for r in self.responses for oid in r.links.options}
        self.published = 0
        self.answered = 0
        self.elements: dict[tuple[str, str], int] = defaultdict(int)  # submissions per element
        self.left: list[_Left] = []

    def add(self, s: Submission) -> None:
        """One published submission."""
        self.published += 1
        if s.element_id is not None:
            self.elements[(s.option_id, s.element_id)] += 1
        if any(r.answers(s.option_id, s.element_id, s.id) for r in self.responses):
            self.answered += 1
            return
        self.left.append(
            _Left(
                s.id,
                s.option_id,
                s.element_id,
                s.kind,
                s.endorsements,
                s.text[:EXCERPT_CHARS],
            )
        )

    def _element_answered(self, option_id: str, element_id: str) -> bool:
        return (
            ElementLink(option_id, element_id) in self.linked_elements
            or option_id in self.linked_options
        )

    def result(
        self, campaign_of: Callable[[str], str | None], campaign_keys: list[str]
    ) -> dict[str, Any]:
        """`campaign_of`: a comment's campaign key; `campaign_keys`: every reported campaign."""
        left = [
            item
            for item in self.left
            if not in_linked_campaign(item.kind, campaign_of(item.id), self.linked_campaigns)
        ]
        answered = self.published - len(left)
        elements_left: dict[tuple[str, str], list[_Left]] = defaultdict(list)
        for item in left:
            if item.element_id is not None:
                elements_left[(item.option_id, item.element_id)].append(item)
        element_rows = [
            {
                "option_id": oid,
                "element_id": eid,
                "submissions": len(items),
                "endorsements": sum(i.endorsements for i in items),
            }
            for (oid, eid), items in elements_left.items()
            if not self._element_answered(oid, eid)
        ]
        element_rows.sort(
            key=lambda r: (-r["submissions"], -r["endorsements"], r["option_id"], r["element_id"])
        )
        top = sorted(left, key=lambda i: (-i.endorsements, i.id))[:MOST_ENDORSED]
        return {
            "responses": len(self.responses),
            "submissions": {"published": self.published, "answered": answered},
            "elements": {
                "discussed": len(self.elements),
                "answered": sum(
                    1 for oid, eid in self.elements if self._element_answered(oid, eid)
                ),
            },
            "campaigns": {
                "reported": len(campaign_keys),
                "answered": sum(1 for key in campaign_keys if key in self.linked_campaigns),
            },
            "unanswered_elements": element_rows[:ELEMENTS_LISTED],
            "most_endorsed_unanswered": [
                {
                    "id": i.id,
                    "option_id": i.option_id,
                    "element_id": i.element_id,
                    "kind": i.kind,
                    "endorsements": i.endorsements,
                    "text": i.text,
                }
                for i in top
            ],
        }


@dataclass(frozen=True)
class CampaignLeft:
    """One reported campaign with what is still unanswered in it."""

    key: str  # the report's campaign key (its representative's id)
    size: int  # its comments, as the report counts them
    text: str  # the representative's text (an excerpt)
    option_ids: tuple[str, ...]  # the options its unanswered comments are on
    submissions: int  # its comments no response answers yet
    endorsements: int  # theirs
    linked: bool  # a response links it (then none of its comments is left)


@dataclass(frozen=True)
class Open:
    left: list[Submission]  # published submissions no response answers (campaigns resolved)
    campaigns: list[CampaignLeft]  # every reported campaign, most unanswered comments first
    campaign_of: dict[str, str]  # an unanswered comment's id -> its campaign key


def campaign_members(published: list[Submission]) -> Callable[[str], str | None]:
    """A comment's report campaign key (or None), the report's detector run over these
    published submissions in creation order."""
    detector = CampaignDetector(track_members=True)
    for s in published:
        add_to_campaigns(detector, s)
    return detector.campaign_of


# What one response item can hold of resolved members (26-character ids) and stay well within
# DynamoDB's 400 KB item limit beside its texts and links.
MAX_CAMPAIGN_MEMBERS = 8000


def with_campaign_members(response: Response, published: list[Submission]) -> Response:
    """The response with the comments of the campaigns it links resolved among these published
    submissions (the report's detector, run only when it links a campaign), and its `answered`
    count: how many of them it answers by any link."""
    linked = set(response.links.campaigns)
    members: frozenset[str] = frozenset()
    if linked:
        campaign_of = campaign_members(published)
        members = frozenset(
            s.id for s in published if in_linked_campaign(s.kind, campaign_of(s.id), linked)
        )
        if len(members) > MAX_CAMPAIGN_MEMBERS:
            message = (
                f"The campaigns linked have {len(members)} comments, more than one response "
                f"can follow ({MAX_CAMPAIGN_MEMBERS}): answer them in two or more responses, "
                "a few campaigns each."
            )
            raise InvalidInput([Problem("links.campaigns", message)])
    resolved = replace(response, campaign_members=members)
    answered = sum(1 for s in published if resolved.answers(s.option_id, s.element_id, s.id))
    return replace(resolved, answered=answered)


def still_open(responses: list[Response], published: list[Submission]) -> Open:
    """What no response answers yet among these published submissions (creation order): a
    submission is answered as in the report's coverage (by id, element, option, or the report
    campaign it belongs to), and the campaigns are the report's (same detector, same order)."""
    detector = CampaignDetector(track_members=True)
    for s in published:
        add_to_campaigns(detector, s)
    reported = {c.representative_id: c for c in detector.result().clusters}
    linked = {key for r in responses for key in r.links.campaigns}
    left: list[Submission] = []
    campaign_of: dict[str, str] = {}
    members: dict[str, list[Submission]] = defaultdict(list)
    for s in published:
        if any(r.answers(s.option_id, s.element_id, s.id) for r in responses):
            continue
        key = detector.campaign_of(s.id) if s.kind == "comment" else None
        if in_linked_campaign(s.kind, key, linked):
            continue
        left.append(s)
        if key is not None:
            campaign_of[s.id] = key
            members[key].append(s)
    campaigns = [
        CampaignLeft(
            key=key,
            size=found.size,
            text=found.representative_text[:EXCERPT_CHARS],
            option_ids=tuple(dict.fromkeys(s.option_id for s in members[key])),
            submissions=len(members[key]),
            endorsements=sum(s.endorsements for s in members[key]),
            linked=key in linked,
        )
        for key, found in reported.items()
    ]
    campaigns.sort(key=lambda c: (-c.submissions, -c.endorsements, c.key))
    return Open(left, campaigns, campaign_of)
