"""Reports: a consultation's statistics and its report bundles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.api.operation import Operation, Reply
from chalicelib.api.resources.common import (
    REPORTERS,
)

if TYPE_CHECKING:
    from chalicelib.api import schemas
    from chalicelib.api.call import Call


def statistics(call: Call) -> schemas.Stats:
    from chalicelib.api import schemas
    from chalicelib.services import staff

    return schemas.Stats.model_validate(staff.statistics(call.staff, call.path["cid"]))


def run_report(call: Call) -> tuple[int, Any]:
    from chalicelib.api import schemas
    from chalicelib.services import reports

    manifest = reports.run_now(call.staff, call.path["cid"])
    if manifest is None:
        return 202, schemas.ReportStarted(status="started")
    return 201, schemas.ReportManifest.model_validate(manifest)


def list_reports(call: Call) -> schemas.ReportRuns:
    from chalicelib.api import schemas
    from chalicelib.services import reports

    runs = reports.runs(call.staff, call.path["cid"], limit=call.query.limit)
    return schemas.ReportRuns.model_validate({"items": runs})


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        method="GET",
        path="/staff/consultations/{cid}/stats",
        operation_id="staffStats",
        handler=statistics,
        summary="Submission counts per option, kind, stance, moderation state and UTC day",
        readme="submissions per option, kind, stance and moderation state (`published`, `by_kind`, "
        "`by_stance`, `by_state`, `by_option`, `rows`), from counters kept on every write, and "
        "per UTC day (`by_day`), from a Query of the ids: no scan",
        replies={200: Reply("The counts.", "Stats")},
        errors={404: "No such consultation."},
        roles=REPORTERS,
    ),
    Operation(
        method="POST",
        path="/staff/consultations/{cid}/reports",
        operation_id="staffRunReport",
        handler=run_report,
        summary="Build the report bundle now",
        readme="build the report bundle now (201 with its manifest; 202 when it runs in its own "
        "Lambda)",
        replies={
            201: Reply("Built and published here.", "ReportManifest"),
            202: Reply("Started in the report Lambda (in AWS); list later.", "ReportStarted"),
        },
        errors={
            404: "No such consultation.",
            409: "The consultation is a draft: nothing to report.",
        },
        roles=REPORTERS,
    ),
    Operation(
        method="GET",
        path="/staff/consultations/{cid}/reports",
        operation_id="staffListReports",
        handler=list_reports,
        summary="Published report runs, newest first, with download links",
        readme="published report runs, newest first, each with its files' sizes, SHA-256 and "
        "presigned download links (valid `SAYSO_REPORT_LINK_SECONDS`)",
        replies={200: Reply("The runs (only those with a manifest).", "ReportRuns")},
        errors={404: "No such consultation.", 422: "`limit` is not between 1 and 50."},
        roles=REPORTERS,
        query="ReportQuery",
        readme_path="/staff/consultations/{cid}/reports?limit=",
    ),
)
