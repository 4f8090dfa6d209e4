"""The outcome transition records when it happened: retention counts from that moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.domain.consultation import Consultation, transition

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def test_publishing_the_outcome_records_when():
    closed = Consultation(
        id="demo",
        title={"en": "Demo"},
        summary={},
        languages=("en",),
        status="closed",
        opens_at=NOW - timedelta(days=30),
        closes_at=NOW - timedelta(days=1),
        moderation="post",
    )
    assert closed.outcome_at is None
    published = transition(closed, "outcome", options=[], now=NOW)
    assert published.status == "outcome" and published.outcome_at == NOW
