"""The report after edits (issue 20): endorsements of the final version are the ones counted;
those of earlier versions are said apart, in summary.json and the HTML headline."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from chalicelib.domain.report.html import render_report
from chalicelib.domain.report.summary import SummaryFold
from chalicelib.domain.submission import Submission
from chalicelib.local.demo import demo_consultation

START = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def _comment(n: int, **fields) -> Submission:
    return replace(
        Submission(
            id=f"01JCSAYSO{n:017d}",
            consultation_id="demo",
            option_id="a",
            kind="comment",
            text=f"Comment {n}",
            element_id=None,
            point=None,
            stance="support",
            status="published",
            created_at=START + timedelta(hours=n),
        ),
        **fields,
    )


def test_the_report_counts_the_final_versions_endorsements_and_says_the_earlier_ones():
    consultation, options = demo_consultation(START)
    fold = SummaryFold(consultation, options)
    fold.add(_comment(1, endorsements=3))
    fold.add(
        _comment(
            2,
            text="Remove the cycleway entirely.",
            stance="oppose",
            endorsements=1,
            earlier_endorsements=2,
            version=2,
            edited_at=START + timedelta(days=1),
        )
    )
    summary = fold.result(campaigns={}, pins={})
    totals = summary["totals"]
    assert (totals["endorsements"], totals["endorsements_earlier_versions"]) == (4, 2)
    assert totals["edited"] == 1
    top = {entry["id"]: entry for entry in summary["top_endorsed"]}
    edited = top[_comment(2).id]
    assert (edited["endorsements"], edited["endorsements_earlier_versions"]) == (1, 2)
    assert edited["edited_at"] == "2026-11-21T08:00:00Z"
    document = render_report(summary, [])
    assert "<dt>Endorsements of earlier versions</dt><dd>2</dd>" in document
