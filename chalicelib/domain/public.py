"""The public documents residents read, as plain JSON-ready data: what the API answers
(chalicelib/api/views.py validates them against its response models) and what the pre-rendered
pages carry in their data block (chalicelib/domain/pages.py). One definition, so a page's first
data and the API's answer are the same shape."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from chalicelib.domain.consultation import Consultation, Option, OptionSummary, Outcome
from chalicelib.domain.licences import LICENCES
from chalicelib.domain.response import Response, answered_elements
from chalicelib.domain.section import Section, section_warnings
from chalicelib.domain.submission import Submission

NO_COUNTS = {"comment": 0, "alternative": 0}


def timestamp(value: datetime) -> str:
    """ISO 8601 in UTC to the millisecond, e.g. 2026-11-23T09:15:02.123Z."""
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def consultation_fields(c: Consultation) -> dict[str, object]:
    return {
        "id": c.id,
        "title": c.title,
        "summary": c.summary,
        "languages": list(c.languages),
        "status": c.status,
        "opens_at": timestamp(c.opens_at),
        "closes_at": timestamp(c.closes_at),
        "moderation": c.moderation,
    }


OPEN_DATA_PREFIX = "open-data"  # store/open_data.py PREFIX, in the site bucket


def open_data_link(c: Consultation) -> dict[str, str] | None:
    """Where the consultation's open-data bundle is, once its outcome is published and unless
    staff switched it off (a path on the site, as the pages are)."""
    if c.status != "outcome" or not c.open_data:
        return None
    licence = LICENCES[c.open_data_licence]
    return {
        "url": f"/{OPEN_DATA_PREFIX}/{c.id}/datapackage.json",
        "licence": licence["name"],
        "licence_title": licence["title"],
        "licence_url": licence["path"],
    }


def outcome(value: Outcome | None) -> dict[str, object] | None:
    return None if value is None else {"decision": value.decision, "text": value.text}


def consultation(
    c: Consultation,
    options: Iterable[OptionSummary],
    counts: Mapping[str, Mapping[str, int]],
    now: datetime,
    *,
    email_kept_days: int,
) -> dict[str, object]:
    """GET /consultations/{cid}: the consultation with its options and their public counts;
    `email_kept_days`: how long after the outcome an email left with a submission is kept at
    most (the forms say so before anyone leaves one)."""
    return {
        **consultation_fields(c),
        "accepting_submissions": c.accepts_at(now),
        "open_data": open_data_link(c),
        "email_kept_days": email_kept_days,
        "options": [
            {
                "id": o.id,
                "title": o.title,
                "kind": o.kind,
                "superseded_by": o.superseded_by,
                "counts": {
                    "comments": counts.get(o.id, NO_COUNTS)["comment"],
                    "alternatives": counts.get(o.id, NO_COUNTS)["alternative"],
                },
                "outcome": outcome(o.outcome) if c.status == "outcome" else None,
            }
            for o in options
        ],
    }


def plan_warnings(plan: object) -> list[dict[str, str]]:
    """Warnings of a street section (Streetmix saves these, so sayso accepts them)."""
    if not isinstance(plan, Section):
        return []
    return [warning.to_dict() for warning in section_warnings(plan)]


def answer_refs(responses: Iterable[Response]) -> list[dict[str, str]]:
    """Which responses, and their status: what a card or a plan element links to."""
    return [{"id": r.id, "status": r.status} for r in responses]


def option(
    c: Consultation,
    o: Option,
    *,
    staff: bool = False,
    counts: Mapping[str, int] | None = None,
    responses: Sequence[Response] = (),
) -> dict[str, object]:
    """GET …/options/{oid}: an option with its plan; its outcome shows to residents once
    published, to staff always; its published `counts` on the public route; `responses`: the
    published ones, whose links to this option's elements mark them (`answered_elements`)."""
    marked = answered_elements(responses, o.id) if c.status == "outcome" else {}
    return {
        "id": o.id,
        "consultation_id": c.id,
        "title": o.title,
        "summary": o.summary,
        "kind": o.kind,
        "plan": o.plan.to_dict(),
        "superseded_by": o.superseded_by,
        "outcome": outcome(o.outcome) if staff or c.status == "outcome" else None,
        "counts": None
        if counts is None
        else {"comments": counts["comment"], "alternatives": counts["alternative"]},
        "warnings": plan_warnings(o.plan),
        "answered_elements": [
            {"element_id": eid, "answered_by": answer_refs(found)} for eid, found in marked.items()
        ],
    }


def _point(value: Submission) -> float | list[float] | None:
    if isinstance(value.point, tuple):
        return list(value.point)
    return value.point


def submission(
    s: Submission, *, listed: bool = False, answered_by: Sequence[Response] | None = None
) -> dict[str, object]:
    """One submission without its plan; `listed`: as listings carry it (`listed_diff`);
    `answered_by`: the responses that answer it (public listings), None where not looked up."""
    diff = None if s.diff is None else {**s.diff.to_dict(), "complete": True}
    return {
        "id": s.id,
        "consultation_id": s.consultation_id,
        "option_id": s.option_id,
        "kind": s.kind,
        "text": s.text,
        "element_id": s.element_id,
        "point": _point(s),
        "stance": s.stance,
        "status": s.status,
        "created_at": timestamp(s.created_at),
        "updated_at": None if s.updated_at is None else timestamp(s.updated_at),
        "endorsements": s.endorsements,
        "endorsements_earlier_versions": s.earlier_endorsements,
        "version": s.version,
        "edited_at": None if s.edited_at is None else timestamp(s.edited_at),
        "diff": listed_diff(diff) if listed else diff,
        "answered_by": None if answered_by is None else answer_refs(answered_by),
    }


# A listed alternative's diff is at most this (its summary, cut, beyond); the whole diff is at
# GET …/submissions/{sid}. 100 items × (this + the longest text) stay far below Lambda's 6 MB.
LISTING_DIFF_MAX_BYTES = 8 * 1024
_SUMMARY_LINE_MAX_CHARS = 300


def _json_size(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":")).encode())


def listed_diff(diff: dict[str, Any] | None) -> dict[str, Any] | None:
    """The diff as a listing carries it: whole when small (`complete: true`), else its kind
    and as much of its summary as fits (`complete: false`)."""
    if diff is None or _json_size(diff) <= LISTING_DIFF_MAX_BYTES:
        return diff
    cut: dict[str, Any] = {"kind": diff["kind"], "summary": [], "complete": False}
    budget = LISTING_DIFF_MAX_BYTES - _json_size(cut)
    for line in diff.get("summary", []):
        line = line if len(line) <= _SUMMARY_LINE_MAX_CHARS else line[:299] + "…"
        cost = _json_size(line) + 1
        if cost > budget:
            break
        cut["summary"].append(line)
        budget -= cost
    return cut
