"""Consultations and their options."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from chalicelib.domain.errors import NotOpen
from chalicelib.domain.plans import Plan

Status = Literal["draft", "open", "closed"]
ModerationMode = Literal["post", "pre"]
OptionKind = Literal["section", "map"]


@dataclass(frozen=True)
class OptionSummary:
    """What a consultation page lists about an option, without its (possibly large) plan."""

    id: str
    title: dict[str, str]
    kind: OptionKind
    position: int


@dataclass(frozen=True)
class Option:
    id: str
    title: dict[str, str]
    summary: dict[str, str]
    kind: OptionKind
    plan: Plan
    position: int

    def summarize(self) -> OptionSummary:
        return OptionSummary(id=self.id, title=self.title, kind=self.kind, position=self.position)


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

    @property
    def is_public(self) -> bool:
        return self.status != "draft"

    def accepts_at(self, now: datetime) -> bool:
        return self.status == "open" and self.opens_at <= now < self.closes_at

    def ensure_accepting(self, now: datetime) -> None:
        """Raise NotOpen unless residents may submit right now."""
        if self.status == "draft":
            raise NotOpen(f"Consultation '{self.id}' has not been published yet.")
        if self.status == "closed" or now >= self.closes_at:
            raise NotOpen(
                f"Consultation '{self.id}' closed on {self.closes_at:%Y-%m-%d %H:%M} UTC; "
                "it no longer takes submissions."
            )
        if now < self.opens_at:
            raise NotOpen(
                f"Consultation '{self.id}' opens on {self.opens_at:%Y-%m-%d %H:%M} UTC; "
                "submissions are taken from then."
            )
