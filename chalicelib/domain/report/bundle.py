"""The report bundle: one pass over a consultation's submissions feeds every part of the report,
then each file is written to a folder. Pure: no AWS, no clock; the same submissions give the
same bytes (services/reports.py uploads the files and publishes them with a manifest)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chalicelib.domain.consultation import Consultation, Option
from chalicelib.domain.report.alternatives import AlternativesTally
from chalicelib.domain.report.campaigns import CampaignDetector
from chalicelib.domain.report.coverage import CoverageFold
from chalicelib.domain.report.html import render_report
from chalicelib.domain.report.pins import PinsReport
from chalicelib.domain.report.summary import SummaryFold
from chalicelib.domain.report.tables import CsvReport, XlsxReport
from chalicelib.domain.response import Response
from chalicelib.domain.submission import Submission

CONTENT_TYPES = {
    "report.html": "text/html; charset=utf-8",
    "summary.json": "application/json",
    "alternatives.json": "application/json",
    "pins.geojson": "application/geo+json",
    "submissions.csv": "text/csv; charset=utf-8",
    "submissions.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PROGRESS_EVERY = 10_000
_BUFFER = 1 << 20


@dataclass(frozen=True)
class BundleFile:
    name: str
    path: Path
    size: int
    sha256: str
    content_type: str

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "size": self.size,
            "sha256": self.sha256,
            "content_type": self.content_type,
        }


@dataclass(frozen=True)
class Bundle:
    files: list[BundleFile]
    counts: dict[str, int]


def _json_bytes(document: Any) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _described(directory: Path, name: str) -> BundleFile:
    path = directory / name
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_BUFFER):
            digest.update(chunk)
    return BundleFile(name, path, path.stat().st_size, digest.hexdigest(), CONTENT_TYPES[name])


def build_bundle(
    consultation: Consultation,
    options: list[Option],
    submissions: Iterable[Submission],
    directory: Path,
    *,
    moderation: Mapping[str, int] | None = None,
    counts_check: Mapping[str, Any] | None = None,
    progress: Callable[[int], None] | None = None,
    progress_every: int = PROGRESS_EVERY,
    responses: Iterable[Response] | None = None,
) -> Bundle:
    """Write the report files for these submissions into `directory`.

    `submissions` may hold every state: only published ones enter the report, the others are
    counted for the moderation table (unless `moderation` gives those counts, as the job does
    from the counters). Feed them in creation order (ascending id) for byte-identical reruns:
    CSV rows, pins and campaigns' first members follow the order given. With `responses`
    (once the consultation has closed) the summary says what they cover (report/coverage.py)."""
    directory.mkdir(parents=True, exist_ok=True)
    by_id = {o.id: o for o in options}
    summary = SummaryFold(consultation, options)
    coverage = None if responses is None else CoverageFold(responses)
    # campaign links are resolved through the detector's members: tracked only when needed
    campaigns = CampaignDetector(track_members=bool(coverage and coverage.linked_campaigns))
    alternatives = {o.id: AlternativesTally(o) for o in options}
    with (
        (directory / "submissions.csv").open("wb", buffering=_BUFFER) as csv_stream,
        (directory / "pins.geojson").open("wb", buffering=_BUFFER) as pins_stream,
    ):
        csv_report = CsvReport(csv_stream)
        pins = PinsReport(pins_stream, by_id)
        xlsx = XlsxReport(
            str(directory / "submissions.xlsx"),
            title=_title(consultation),
            created=_data_time(consultation),
        )
        seen = 0
        for submission in submissions:
            seen += 1
            if progress is not None and seen % progress_every == 0:
                progress(seen)
            if not summary.add(submission):
                continue
            if coverage is not None:
                coverage.add(submission)
            csv_report.add(submission)
            xlsx.add(submission)
            pins.add(submission)
            if submission.kind == "comment":
                campaigns.add(submission.id, submission.text, submission.created_at)
            elif submission.option_id in alternatives:
                alternatives[submission.option_id].add(submission)
        if progress is not None and seen % progress_every:
            progress(seen)
        csv_report.close()
        pins.close()
        xlsx.close()

    campaign_report = campaigns.result()
    campaign_result = campaign_report.to_dict()
    pin_summary = {
        "per_option": [{"option_id": oid, "count": n} for oid, n in pins.counts().items()],
        "hot_spots": pins.hot_spots(10),
    }
    summary_document = summary.result(
        campaigns=campaign_result,
        pins=pin_summary,
        moderation=moderation,
        counts_check=counts_check,
    )
    if coverage is not None:
        keys = [c.representative_id for c in campaign_report.clusters]
        summary_document["coverage"] = coverage.result(campaigns.campaign_of, keys)
    alternatives_document = {"options": [alternatives[o.id].result() for o in options]}
    (directory / "summary.json").write_bytes(_json_bytes(summary_document))
    (directory / "alternatives.json").write_bytes(_json_bytes(alternatives_document))
    html = render_report(summary_document, alternatives_document)
    (directory / "report.html").write_bytes(html.encode("utf-8"))

    totals = summary_document["totals"]
    counts = {
        "read": seen,
        "published": totals["submissions"],
        "comments": totals["comments"],
        "alternatives": totals["alternatives"],
        "pins": totals["pins"],
        "unique_comments": totals["unique_comments"],
        "campaigns": len(campaign_result["clusters"]),
    }
    return Bundle([_described(directory, name) for name in CONTENT_TYPES], counts)


def _title(consultation: Consultation) -> str:
    first = consultation.languages[0] if consultation.languages else None
    return consultation.title.get(first or "", next(iter(consultation.title.values()), ""))


def _data_time(consultation: Consultation) -> datetime:
    """The spreadsheet's "created" property: a fixed time of the consultation, not the clock,
    so reruns give the same bytes."""
    return consultation.opens_at.astimezone(UTC)
