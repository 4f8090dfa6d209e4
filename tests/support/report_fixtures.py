"""Handmade submissions on the demo consultation for the report tests (unit): a fixed start
time, the consultation and its options, a campaign letter, and comments by number."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.domain.submission import Submission
from chalicelib.local.demo import demo_consultation

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
CONSULTATION, OPTIONS = demo_consultation(START)

LETTER = (
    "I am writing to oppose the removal of the street trees on Dominion Road. The trees give "
    "shade to people waiting for the tram, they calm traffic and they are home to birds. "
    "Please redesign the platform so that the trees can stay where they are today. Losing "
    "them would make the street hotter and less pleasant for everyone who walks here. "
    "Yours sincerely, {name} of {town}."
)


def submission_id(n: int) -> str:
    return f"01JCSAYSO{n:017d}"


def comment(n: int, text: str, **fields) -> Submission:
    values = {
        "id": submission_id(n),
        "consultation_id": "demo",
        "option_id": "a",
        "kind": "comment",
        "text": text,
        "element_id": None,
        "point": None,
        "stance": None,
        "status": "published",
        "created_at": START + timedelta(hours=n),
        "endorsements": 0,
    }
    values.update(fields)
    return Submission(**values)
