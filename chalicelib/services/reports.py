"""Use cases: consolidate a consultation's submissions into the report bundle, nightly or on
demand, and list the published runs with short-lived download links."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from chalicelib import config
from chalicelib.domain.consultation import Consultation
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from chalicelib.domain.ids import is_slug, new_ulid
from chalicelib.domain.report.bundle import PROGRESS_EVERY, build_bundle
from chalicelib.domain.staff import ADMIN, ANALYST, StaffIdentity, require_role
from chalicelib.domain.stats import summary
from chalicelib.observability import logger
from chalicelib.services import counts as count_check
from chalicelib.store import consultations as consultation_store
from chalicelib.store import counters
from chalicelib.store import reports as report_store
from chalicelib.store import responses as response_store
from chalicelib.store import submissions as submission_store

MANIFEST_SCHEMA = "sayso.report.manifest/1"
RUNS_MAX = 50


def _now() -> datetime:
    return datetime.now(UTC)


def new_run_id(now: datetime) -> str:
    """Sorts by time (newest last), readable in the bucket, unique: 20261123T023000Z-01JD5Q."""
    return f"{now:%Y%m%dT%H%M%SZ}-{new_ulid(int(now.timestamp() * 1000))[-6:]}"


def _log_progress(cid: str) -> Callable[[int], None]:
    def progress(records: int) -> None:
        logger.info("consolidating", extra={"consultation_id": cid, "records": records})

    return progress


def consolidate(
    cid: str,
    *,
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
    progress_every: int = PROGRESS_EVERY,
    workdir: Path | None = None,
) -> dict[str, Any]:
    """Build the bundle from the published submissions, upload its files, then publish it with
    its manifest. Returns the manifest."""
    now = now or _now()
    consultation, options = consultation_store.get_with_full_options(cid)
    if consultation is None:
        raise NotFound(f"There is no consultation '{cid[:64]}'.", field="consultation_id")
    if consultation.status == "draft":
        raise Conflict(f"Consultation '{cid}' is a draft: there is nothing to report yet.")
    shards = config.current().submission_shards
    moderation = summary(counters.read(cid, shards), [o.id for o in options])["by_state"]
    counts_check = count_check.summary_entry(count_check.verify(cid))
    run_id = new_run_id(now)
    with tempfile.TemporaryDirectory(prefix="sayso-report-", dir=workdir) as folder:
        bundle = build_bundle(
            consultation,
            options,
            submission_store.stream_published(cid, shards=shards),
            Path(folder),
            moderation=moderation,  # type: ignore[arg-type]
            counts_check=counts_check,
            progress=progress or _log_progress(cid),
            progress_every=progress_every,
            # once closed, what the agency's responses cover ("you said, we did")
            responses=None
            if consultation.status == "open"
            else response_store.list_all(consultation.id),
        )
        report_store.upload(cid, run_id, [(f.name, f.path, f.content_type) for f in bundle.files])
        manifest = {
            "schema": MANIFEST_SCHEMA,
            "consultation_id": cid,
            "run_id": run_id,
            "generated_at": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
            "files": [f.describe() for f in bundle.files],
            "counts": bundle.counts,
        }
        report_store.publish(cid, run_id, manifest, [f.name for f in bundle.files])
    logger.info("report published", extra={"consultation_id": cid, "run_id": run_id})
    return manifest


def is_due(consultation: Consultation, now: datetime) -> bool:
    """Open consultations, and closed ones for a few days after they closed (late moderation)."""
    if consultation.status == "open":
        return True
    recent = timedelta(days=config.current().report_recent_days)
    return consultation.status in ("closed", "outcome") and consultation.closes_at >= now - recent


def consolidate_due(now: datetime | None = None) -> dict[str, str]:
    """The nightly job: every due consultation, each on its own (one failing does not stop
    the others). Returns consultation id -> run id, or "failed"."""
    now = now or _now()
    results: dict[str, str] = {}
    for consultation in consultation_store.all_consultations():
        if not is_due(consultation, now):
            continue
        try:
            results[consultation.id] = consolidate(consultation.id, now=now)["run_id"]
        except Exception:
            logger.exception("report failed", extra={"consultation_id": consultation.id})
            results[consultation.id] = "failed"
    return results


def _existing(cid: str) -> Consultation:
    consultation = consultation_store.get(cid) if is_slug(cid) else None
    if consultation is None:
        raise NotFound(f"There is no consultation '{cid[:64]}'.", field="consultation_id")
    return consultation


def run_now(who: StaffIdentity, cid: str) -> dict[str, Any] | None:
    """Staff ask for a report now. With SAYSO_REPORT_FUNCTION set (in AWS) the job runs in its
    own Lambda, asynchronously (a big consultation outlasts API Gateway's 29 s): None. Without
    it (locally, in tests) it runs here and returns the manifest."""
    require_role(who, (ADMIN, ANALYST))
    consultation = _existing(cid)
    if consultation.status == "draft":
        raise Conflict(f"Consultation '{cid}' is a draft: there is nothing to report yet.")
    function = config.current().report_function
    if function is None:
        return consolidate(cid)
    report_store.start_job(function, cid)
    logger.info("report requested", extra={"consultation_id": cid, "by": who.subject})
    return None


def runs(who: StaffIdentity, cid: str, *, limit: int = 10) -> list[dict[str, Any]]:
    """Published runs, newest first, each file with a presigned download link (short expiry).
    Runs without a manifest (running now, or died midway) are not shown."""
    require_role(who, (ADMIN, ANALYST))
    if not 1 <= limit <= RUNS_MAX:
        raise InvalidInput.one("limit", f"limit must be between 1 and {RUNS_MAX}.")
    _existing(cid)
    seconds = config.current().report_link_seconds
    found = []
    for run_id in report_store.run_ids(cid):
        manifest = report_store.manifest(cid, run_id)
        if manifest is None:
            continue
        for entry in manifest.get("files", []):
            entry["url"] = report_store.download_url(cid, run_id, entry["name"], seconds=seconds)
        manifest["links_expire_in"] = seconds
        found.append(manifest)
        if len(found) == limit:
            break
    return found
