"""Work a staff change starts and does not wait for: when the outcome is published, the open-data
bundle and the outcome emails; when a published response changes, the bundle again, and if its
status changed, the update emails; when staff change a published consultation's open-data
settings, the bundle again.

In AWS (SAYSO_REPORT_FUNCTION set) the job Lambda (app.py `consolidate`) is invoked
asynchronously with the job's name, so a consultation with thousands of addresses does not hold
the staff request past API Gateway's 29 s; Lambda retries a failed run twice and then sends it to
the dead-letter queue. Locally and in tests the job runs here, after the change is written; a
failure is logged and the change stays (`cli notify` or `cli open-data` resume it).

Every job is safe to run again: the emails are claimed per address before they go
(services/notifications.py) and the bundle is rewritten whole.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib import config
from chalicelib.observability import logger

PUBLISH = "publish"  # the outcome is published: open data, then the outcome emails
RESPONSE_CHANGED = "response-changed"  # a response's status changed: the update emails
OPEN_DATA = "open-data"  # staff changed the open-data settings: the bundle rewritten or removed
JOBS = (PUBLISH, RESPONSE_CHANGED, OPEN_DATA)


class JobFailed(RuntimeError):
    """One step or more failed (each is logged); raised so Lambda retries the job."""


def start(job: str, cid: str, **fields: str | int) -> None:
    """Start `job` for consultation `cid`: in the job Lambda in AWS, else here and now."""
    if job not in JOBS:
        raise ValueError(f"no background job {job!r}")
    function = config.current().report_function
    if function is None:
        try:
            run({"job": job, "consultation_id": cid, **fields})
        except Exception:  # the change is written; the CLI (or a later change) resumes
            logger.exception("background job failed", extra={"job": job, "consultation_id": cid})
        return
    from chalicelib.store import reports as report_store

    report_store.start_job(function, cid, job=job, **fields)
    logger.info("background job started", extra={"job": job, "consultation_id": cid})


def run(event: dict[str, Any]) -> dict[str, Any]:
    """What the job Lambda does with a job's event (and what start() does locally)."""
    job = str(event.get("job", ""))
    cid = str(event.get("consultation_id", ""))
    if job == PUBLISH:
        return _publish(cid)
    if job == OPEN_DATA:
        from chalicelib.services import open_data

        return {"open_data": open_data.publish(cid)}
    if job == RESPONSE_CHANGED:
        return _response_changed(
            cid, str(event.get("response_id", "")), int(event.get("version", 0))
        )
    raise ValueError(f"no background job {job!r}")


def _mail() -> dict[str, Any] | None:
    cfg = config.current()
    if cfg.mail_sender is None:
        return None
    return {
        "sender": cfg.mail_sender,
        "site_url": cfg.site_url,
        "api_url": cfg.public_api_url,
        "configuration_set": cfg.mail_configuration_set,
    }


def _publish(cid: str) -> dict[str, Any]:
    """The bundle first, so a refusal from SES never keeps the open data back; then the emails."""
    from chalicelib.services import notifications

    return _bundle_then_mail(
        cid, "outcome emails", lambda mail: notifications.send_outcome_emails(cid, **mail)
    )


def _response_changed(cid: str, rid: str, version: int) -> dict[str, Any]:
    """A published response's status changed: the bundle follows, then its followers' update."""
    from chalicelib.services import notifications

    return _bundle_then_mail(
        cid,
        "update emails",
        lambda mail: notifications.send_update_emails(cid, rid, version, **mail),
    )


def _bundle_then_mail(cid: str, what: str, send: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    from chalicelib.services import open_data

    done: dict[str, Any] = {}
    failed: list[str] = []
    try:
        done["open_data"] = open_data.publish(cid)
    except Exception:
        logger.exception("open data publication failed", extra={"consultation_id": cid})
        failed.append("open data")
    mail = _mail()
    if mail is None:
        logger.warning(f"no SAYSO_MAIL_SENDER: {what} not sent", extra={"cid": cid})
    else:
        try:
            sent = send(mail)
            done["emails"] = {"sent": sent.sent, "already": sent.already}
        except Exception:
            logger.exception(f"{what} failed", extra={"consultation_id": cid})
            failed.append(what)
    if failed:
        raise JobFailed(f"'{cid}': {', '.join(failed)} failed (logged)")
    return done
