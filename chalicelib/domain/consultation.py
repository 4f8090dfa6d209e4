"""Consultations and their options."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Literal, get_args

from chalicelib.domain import text as text_rules
from chalicelib.domain.errors import Conflict, InvalidInput, NotOpen
from chalicelib.domain.ids import LANGUAGE_TAG_PATTERN, LANGUAGE_TAG_RULE, SLUG_RULE, is_slug
from chalicelib.domain.licences import DEFAULT_LICENCE, LICENCES
from chalicelib.domain.plans import Plan, PlanKind
from chalicelib.domain.text import TextRule

PublicStatus = Literal["open", "closed", "outcome"]  # what residents may see
Status = Literal["draft", PublicStatus]
ModerationMode = Literal["post", "pre"]
OptionKind = PlanKind
Decision = Literal["adopted", "adopted-with-changes", "not-adopted", "deferred"]
DECISIONS: tuple[Decision, ...] = get_args(Decision)


@dataclass(frozen=True)
class Outcome:
    """What the agency decided about an option, and why ("you said, we did")."""

    decision: Decision
    text: dict[str, str]


@dataclass(frozen=True)
class OptionSummary:
    """What a consultation page lists about an option, without its (possibly large) plan."""

    id: str
    title: dict[str, str]
    kind: OptionKind
    position: int
    outcome: Outcome | None = None
    superseded_by: str | None = None


@dataclass(frozen=True)
class Option:
    id: str
    title: dict[str, str]
    summary: dict[str, str]
    kind: OptionKind
    plan: Plan
    position: int
    outcome: Outcome | None = None
    superseded_by: str | None = None  # a newer option replaced it: it takes no submissions

    def summarize(self) -> OptionSummary:
        return OptionSummary(
            id=self.id,
            title=self.title,
            kind=self.kind,
            position=self.position,
            outcome=self.outcome,
            superseded_by=self.superseded_by,
        )

    def ensure_accepting(self) -> None:
        if self.superseded_by is not None:
            raise Conflict(
                f"Option '{self.id}' was replaced by option '{self.superseded_by}'; "
                f"comment on '{self.superseded_by}' instead.",
                field="option_id",
            )


@dataclass(frozen=True)
class Consultation:
    """One public engagement. `title` and `summary` map a language tag ("en", "mi") to text."""

    id: str
    title: dict[str, str]
    summary: dict[str, str]
    languages: tuple[str, ...]
    status: Status
    opens_at: datetime
    closes_at: datetime
    moderation: ModerationMode
    created_at: datetime | None = None  # set when stored first; orders the staff listing
    outcome_at: datetime | None = None  # when the outcome was published: retention counts from it
    # the open-data bundle (services/open_data.py): published with the outcome unless switched
    # off, under this licence (domain/licences.py)
    open_data: bool = True
    open_data_licence: str = DEFAULT_LICENCE

    @property
    def is_public(self) -> bool:
        return self.status != "draft"

    def accepts_at(self, now: datetime) -> bool:
        return self.status == "open" and self.opens_at <= now < self.closes_at

    def ensure_accepting(self, now: datetime) -> None:
        """Raise NotOpen unless residents may submit right now."""
        if self.status == "draft":
            raise NotOpen(f"Consultation '{self.id}' has not been published yet.")
        if self.status in ("closed", "outcome") or now >= self.closes_at:
            raise NotOpen(
                f"Consultation '{self.id}' closed on {self.closes_at:%Y-%m-%d %H:%M} UTC; "
                "it no longer takes submissions."
            )
        if now < self.opens_at:
            raise NotOpen(
                f"Consultation '{self.id}' opens on {self.opens_at:%Y-%m-%d %H:%M} UTC; "
                "submissions are taken from then."
            )


# ---- staff: creating and changing consultations ---------------------------------------------

_LANGUAGE_TAG = re.compile(LANGUAGE_TAG_PATTERN)
TITLE_MAX_CHARS = text_rules.TITLE.max_chars
SUMMARY_MAX_CHARS = text_rules.SUMMARY.max_chars
FAR_FUTURE = datetime(9999, 12, 31, tzinfo=UTC)


def texts(field: str, texts: object, rule: TextRule, *, required: bool) -> dict[str, str]:
    """Texts per language tag, each by the one text rule (chalicelib/domain/text.py)."""
    if not isinstance(texts, dict):
        raise InvalidInput.one(
            field, f'{field} must be an object of texts per language, e.g. {{"en": "…"}}.'
        )
    if required and not texts:
        raise InvalidInput.one(field, f"{field} needs a text in at least one language, e.g. en.")
    cleaned = {}
    for language, text in texts.items():
        if not isinstance(language, str) or not _LANGUAGE_TAG.fullmatch(language):
            raise InvalidInput.one(
                field,
                f"{field} has the key '{str(language)[:20]}', which is not a language tag "
                f"({LANGUAGE_TAG_RULE}).",
            )
        cleaned[language] = text_rules.clean(f"{field}.{language}", text, rule)
    return cleaned


def new_consultation(
    *,
    cid: str,
    title: dict[str, str],
    summary: dict[str, str],
    moderation: ModerationMode,
    opens_at: datetime | None,
    closes_at: datetime | None,
    now: datetime,
) -> Consultation:
    """A draft consultation; it opens through `transition`."""
    if not isinstance(cid, str) or not is_slug(cid):
        raise InvalidInput.one("id", f"id must be {SLUG_RULE}, e.g. dominion-road.")
    if moderation not in ("post", "pre"):
        raise InvalidInput.one("moderation", "moderation must be post or pre.")
    return _checked(
        Consultation(
            id=cid,
            title=texts("title", title, text_rules.TITLE, required=True),
            summary=texts("summary", summary, text_rules.SUMMARY, required=False),
            languages=tuple(title),
            status="draft",
            opens_at=opens_at or now,
            closes_at=closes_at or FAR_FUTURE,
            moderation=moderation,
        )
    )


def _checked(consultation: Consultation) -> Consultation:
    if consultation.closes_at <= consultation.opens_at:
        raise InvalidInput.one("closes_at", "closes_at must be after opens_at.")
    return consultation


# What staff may still change once the consultation has closed or published its outcome.
OPEN_DATA_SETTINGS = ("open_data", "open_data_licence")


def changed(consultation: Consultation, **changes: object) -> Consultation:
    """The consultation with staff's edits to title, summary, moderation and dates (until it
    closes), and its open-data settings (at any time)."""
    if "open_data_licence" in changes and changes["open_data_licence"] not in LICENCES:
        raise InvalidInput.one(
            "open_data_licence",
            "open_data_licence must be one of " + ", ".join(LICENCES) + ".",
        )
    if "open_data" in changes and not isinstance(changes["open_data"], bool):
        raise InvalidInput.one("open_data", "open_data must be true or false.")
    if "title" in changes:
        changes["title"] = texts("title", changes["title"], text_rules.TITLE, required=True)
        changes["languages"] = tuple(changes["title"])  # type: ignore[arg-type]
    if "summary" in changes:
        changes["summary"] = texts(
            "summary", changes["summary"], text_rules.SUMMARY, required=False
        )
    if set(changes) <= set(OPEN_DATA_SETTINGS):  # the dates are not touched: nothing to check
        return replace(consultation, **changes)  # type: ignore[arg-type]
    if consultation.status in ("closed", "outcome"):
        raise Conflict(
            f"Consultation '{consultation.id}' is {consultation.status}; only its open-data "
            "settings can still change."
        )
    return _checked(replace(consultation, **changes))  # type: ignore[arg-type]


_TRANSITIONS = {("draft", "open"), ("open", "closed"), ("closed", "outcome")}


def transition(
    consultation: Consultation, to: Status, *, options: list[OptionSummary], now: datetime
) -> Consultation:
    """Only draft → open (with at least one option, closing in the future), open → closed, and
    closed → outcome (once every current option has its outcome)."""
    if (consultation.status, to) not in _TRANSITIONS:
        allowed = sorted(t for f, t in _TRANSITIONS if f == consultation.status)
        raise Conflict(
            f"Consultation '{consultation.id}' is {consultation.status}; it can go to "
            f"{' or '.join(allowed) or 'no other status'}, not {to}.",
            field="status",
        )
    current = [o for o in options if o.superseded_by is None]
    if to == "open":
        if not current:
            raise Conflict(
                "Add at least one option before opening the consultation.", field="status"
            )
        if consultation.closes_at <= now:
            raise Conflict("Set closes_at in the future before opening.", field="closes_at")
        return replace(consultation, status="open")
    if to == "outcome":
        missing = [o.id for o in current if o.outcome is None]
        if missing:
            raise Conflict(
                "Record the outcome of every option before publishing it; missing: "
                + ", ".join(missing)
                + ". Use PUT /staff/consultations/{cid}/options/{oid}/outcome.",
                field="status",
            )
        return replace(consultation, status="outcome", outcome_at=now)
    return replace(consultation, status="closed", closes_at=min(consultation.closes_at, now))


OUTCOME_TEXT_MAX_CHARS = text_rules.OUTCOME_TEXT.max_chars


def with_outcome(
    consultation: Consultation, option: Option, decision: Decision, text: dict[str, str]
) -> Option:
    """The option with the agency's decision; only once the consultation has closed (and still
    correctable after the outcome is published: every change is audited)."""
    if consultation.status not in ("closed", "outcome"):
        raise Conflict(
            f"Consultation '{consultation.id}' is {consultation.status}; record outcomes once "
            "it has closed.",
            field="status",
        )
    if option.superseded_by is not None:
        raise Conflict(
            f"Option '{option.id}' was replaced by '{option.superseded_by}'; record the outcome "
            "there.",
            field="option_id",
        )
    cleaned = texts("text", text, text_rules.OUTCOME_TEXT, required=True)
    return replace(option, outcome=Outcome(decision=decision, text=cleaned))


def ensure_options_changeable(consultation: Consultation) -> None:
    if consultation.status not in ("draft", "open"):
        raise Conflict(
            f"Consultation '{consultation.id}' is {consultation.status}; its options can no "
            "longer change."
        )


def ensure_option_replaceable(option: Option, submissions: int) -> None:
    """An option residents have answered stays as they saw it; staff supersede it instead."""
    if option.superseded_by is not None:
        raise Conflict(
            f"Option '{option.id}' was replaced by '{option.superseded_by}'; it can't change.",
            field="option_id",
        )
    if submissions:
        raise Conflict(
            f"Option '{option.id}' already has {submissions} submission"
            f"{'' if submissions == 1 else 's'}, so it can no longer change. Add a new option "
            f'with "supersedes": "{option.id}" instead.',
            field="option_id",
        )
