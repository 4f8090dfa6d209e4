"""sayso API: Chalice routes only. Each reads the request, calls one service, returns JSON.

Services, pydantic and pynamodb are imported inside the routes that need them, so a cold start
pays only for Chalice and the logger (see bench/cold_start.py).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from chalice import Chalice, CORSConfig, Response

from chalicelib import config
from chalicelib.api.errors import json_errors, normalise_chalice_error
from chalicelib.observability import correlation_id_for, logger

# Chalice's logger is also named "sayso": let Powertools own its handler (JSON lines).
app = Chalice(app_name="sayso", configure_logs=False)

cors = CORSConfig(
    allow_origin=config.current().allowed_origin,
    allow_headers=[
        "Content-Type",
        "X-Correlation-Id",
        "Idempotency-Key",
        "X-Resident-Token",
        "X-Edit-Token",
        "Authorization",
    ],
    expose_headers=["X-Correlation-Id", "Location", "Retry-After"],
    max_age=600,
)


@app.middleware("http")
def correlate_and_log(event: Any, get_response: Any) -> Response:
    context = event.context or {}
    correlation_id = correlation_id_for(
        context.get("requestId"), event.headers.get("x-correlation-id")
    )
    logger.set_correlation_id(correlation_id)
    started = time.perf_counter()
    response = normalise_chalice_error(get_response(event))
    response.headers["X-Correlation-Id"] = correlation_id
    logger.info(
        "request",
        method=event.method,
        route=context.get("resourcePath"),
        status=response.status_code,
        duration_ms=round((time.perf_counter() - started) * 1000, 1),
    )
    return response


def _json_body(model: Any) -> Any:
    from chalicelib.api.requests import parse_body

    return parse_body(
        model, app.current_request.raw_body, max_bytes=config.current().max_body_bytes
    )


@app.route("/health", methods=["GET"], cors=cors)
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.route("/openapi.json", methods=["GET"], cors=cors)
def openapi() -> dict[str, Any]:
    from chalicelib.api.openapi import document

    return document()


@app.route("/consultations/{cid}", methods=["GET"], cors=cors)
@json_errors
def get_consultation(cid: str) -> dict[str, Any]:
    from chalicelib.api import views
    from chalicelib.services import consultations

    return views.consultation(consultations.get_public_consultation(cid), datetime.now(UTC))


@app.route("/consultations/{cid}/options/{oid}", methods=["GET"], cors=cors)
@json_errors
def get_option(cid: str, oid: str) -> dict[str, Any]:
    from chalicelib.api import views
    from chalicelib.services import consultations

    return views.option(*consultations.get_public_option(cid, oid))


def _header(name: str) -> str | None:
    return app.current_request.headers.get(name)


def _source_ip() -> str | None:
    # API Gateway's own view of the caller; never a client-set header such as X-Forwarded-For.
    identity = (app.current_request.context or {}).get("identity") or {}
    return identity.get("sourceIp")


def _submission_body(model: Any) -> Any:
    """Bodies up to 64 KB, or 256 KB for an alternative with its plan (the size is checked
    first)."""
    from chalicelib.api.requests import parse_submission_body

    return parse_submission_body(model, app.current_request.raw_body, config.current())


def _replayable(scope: str, run: Any) -> Response:
    from chalicelib.api.replay import replayable

    request = app.current_request
    return replayable(
        _header("Idempotency-Key"),
        scope,
        request.raw_body,
        run,
        getattr(app, "lambda_context", None),
    )


@app.route("/residents", methods=["POST"], cors=cors)
@json_errors
def create_resident() -> Response:
    from chalicelib.services import residents

    return _replayable(
        "residents",
        lambda: Response(body={"token": residents.issue_token(_source_ip())}, status_code=201),
    )


@app.route("/consultations/{cid}/submissions", methods=["POST"], cors=cors)
@json_errors
def create_submission(cid: str) -> Response:
    def run() -> Response:
        from chalicelib.api import schemas, views
        from chalicelib.services import submissions

        new = _submission_body(schemas.NewSubmission)
        if new.website:
            from chalicelib.observability import count_honeypot

            count_honeypot()
            created = submissions.decoy(cid, new.option_id)
        else:
            created = submissions.submit(
                cid,
                kind=new.kind,
                option_id=new.option_id,
                text=new.text,
                element_id=new.element_id,
                point=new.point,
                stance=new.stance,
                plan=new.plan,
                email=new.email,
                source_ip=_source_ip(),
            )
        return Response(
            body=views.submission_created(created),
            status_code=201,
            headers={"Location": f"/consultations/{cid}/submissions/{created.submission.id}"},
        )

    return _replayable(f"submissions|{cid}", run)


@app.route("/consultations/{cid}/submissions", methods=["GET"], cors=cors)
@json_errors
def list_submissions(cid: str) -> dict[str, Any]:
    from chalicelib.api import schemas, views
    from chalicelib.api.requests import parse_query
    from chalicelib.services import submissions

    query = parse_query(schemas.SubmissionQuery, app.current_request.query_params)
    page = submissions.list_public(
        cid,
        order=query.sort,
        option_id=query.option,
        element_id=query.element,
        limit=query.limit,
        cursor=query.cursor,
    )
    return views.page(page)


@app.route("/consultations/{cid}/submissions/{sid}", methods=["GET", "PATCH", "DELETE"], cors=cors)
@json_errors
def submission(cid: str, sid: str) -> Any:
    from chalicelib.api import views
    from chalicelib.services import submissions

    method = app.current_request.method
    if method == "GET":
        own = submissions.get_public(cid, sid, edit_token=_header("X-Edit-Token"))
        return views.submission(own, with_plan=True)
    if method == "DELETE":
        submissions.withdraw(cid, sid, edit_token=_header("X-Edit-Token"))
        return Response(body="", status_code=204)
    from chalicelib.api import schemas
    from chalicelib.domain.submission import UNCHANGED

    changes = _submission_body(schemas.EditSubmission)
    updated = submissions.edit(
        cid,
        sid,
        edit_token=_header("X-Edit-Token"),
        text=changes.text,
        stance=changes.stance if "stance" in changes.model_fields_set else UNCHANGED,
        plan=changes.plan,
    )
    return views.submission(updated, with_plan=True)


@app.route(
    "/consultations/{cid}/submissions/{sid}/endorsements", methods=["POST", "DELETE"], cors=cors
)
@json_errors
def endorsements(cid: str, sid: str) -> Response:
    from chalicelib.services import reactions

    token = _header("X-Resident-Token")
    if app.current_request.method == "DELETE":
        changed = reactions.unendorse(cid, sid, resident_token=token)
        return Response(body={"endorsed": False, "changed": changed}, status_code=200)

    def run() -> Response:
        changed = reactions.endorse(cid, sid, resident_token=token, source_ip=_source_ip())
        return Response(
            body={"endorsed": True, "changed": changed}, status_code=201 if changed else 200
        )

    return _replayable(f"endorsements|{cid}|{sid}|{token}", run)


@app.route("/consultations/{cid}/submissions/{sid}/flags", methods=["POST"], cors=cors)
@json_errors
def flags(cid: str, sid: str) -> Response:
    def run() -> Response:
        from chalicelib.api import schemas
        from chalicelib.api.requests import parse_body
        from chalicelib.services import reactions

        new = parse_body(
            schemas.NewFlag, app.current_request.raw_body, max_bytes=config.current().max_body_bytes
        )
        changed = reactions.flag(
            cid, sid, resident_token=_header("X-Resident-Token"), reason=new.reason
        )
        return Response(
            body={"flagged": True, "changed": changed}, status_code=201 if changed else 200
        )

    return _replayable(f"flags|{cid}|{sid}", run)


# ---- staff ------------------------------------------------------------------------------------

STAFF_MAX_BODY_BYTES = 6 * 1024 * 1024  # Lambda's own request limit: large maps come this way


def _staff() -> Any:
    from chalicelib.api.staff_auth import identity_from

    return identity_from(_header("Authorization"))


def _limit_param(query: dict[str, str], *, default: int, maximum: int = 100) -> int:
    from chalicelib.domain.errors import InvalidInput

    try:
        return int(query.get("limit", str(default)))
    except ValueError:
        raise InvalidInput.one(
            "limit", f"limit must be a whole number from 1 to {maximum}."
        ) from None


def _staff_body(model: Any) -> Any:
    from chalicelib.api.requests import parse_body

    return parse_body(model, app.current_request.raw_body, max_bytes=STAFF_MAX_BODY_BYTES)


@app.route("/staff/consultations", methods=["POST"], cors=cors)
@json_errors
def staff_create_consultation() -> Response:
    from chalicelib.api import schemas, views
    from chalicelib.services import staff

    who = _staff()
    new = _staff_body(schemas.NewConsultation)
    created = staff.create_consultation(
        who,
        cid=new.id,
        title=new.title,
        summary=new.summary,
        moderation=new.moderation,
        opens_at=new.opens_at,
        closes_at=new.closes_at,
    )
    return Response(body=views.staff_consultation(created), status_code=201)


@app.route("/staff/consultations/{cid}", methods=["GET", "PUT"], cors=cors)
@json_errors
def staff_consultation(cid: str) -> dict[str, Any]:
    from chalicelib.api import schemas, views
    from chalicelib.services import staff

    who = _staff()
    if app.current_request.method == "GET":
        return views.staff_consultation(staff.get_consultation(who, cid))
    changes = _staff_body(schemas.ConsultationChanges)
    fields = {name: getattr(changes, name) for name in changes.model_fields_set}
    return views.staff_consultation(staff.update_consultation(who, cid, **fields))


@app.route("/staff/consultations/{cid}/options", methods=["POST"], cors=cors)
@json_errors
def staff_add_option(cid: str) -> Response:
    from chalicelib.api import schemas, views
    from chalicelib.services import staff

    who = _staff()
    new = _staff_body(schemas.NewOption)
    option = staff.add_option(
        who,
        cid,
        oid=new.id,
        title=new.title,
        summary=new.summary,
        kind=new.kind,
        plans={"streetmix": new.streetmix, "plan": new.plan, "geojson": new.geojson},
        supersedes=new.supersedes,
    )
    consultation = staff.get_consultation(who, cid)
    return Response(body=views.option(consultation, option, staff=True), status_code=201)


@app.route("/staff/consultations/{cid}/options/{oid}", methods=["GET", "PUT"], cors=cors)
@json_errors
def staff_option(cid: str, oid: str) -> dict[str, Any]:
    from chalicelib.api import schemas, views
    from chalicelib.domain.errors import InvalidInput
    from chalicelib.services import staff

    who = _staff()
    if app.current_request.method == "GET":
        return views.option(*staff.get_option(who, cid, oid), staff=True)
    new = _staff_body(schemas.OptionReplacement)
    if new.id != oid:
        raise InvalidInput.one("id", f"id must be '{oid}', the option in the path.")
    option = staff.replace_option(
        who,
        cid,
        oid,
        title=new.title,
        summary=new.summary,
        kind=new.kind,
        plans={"streetmix": new.streetmix, "plan": new.plan, "geojson": new.geojson},
    )
    return views.option(staff.get_consultation(who, cid), option, staff=True)


@app.route("/staff/consultations/{cid}/options/{oid}/outcome", methods=["PUT"], cors=cors)
@json_errors
def staff_outcome(cid: str, oid: str) -> dict[str, Any]:
    from chalicelib.api import schemas, views
    from chalicelib.services import staff

    who = _staff()
    change = _staff_body(schemas.OutcomeChange)
    option = staff.set_outcome(who, cid, oid, decision=change.decision, text=change.text)
    return views.option(staff.get_consultation(who, cid), option, staff=True)


@app.route("/staff/consultations/{cid}/stats", methods=["GET"], cors=cors)
@json_errors
def staff_stats(cid: str) -> dict[str, Any]:
    from chalicelib.services import staff

    return staff.statistics(_staff(), cid)


@app.route("/staff/consultations/{cid}/status", methods=["POST"], cors=cors)
@json_errors
def staff_change_status(cid: str) -> dict[str, Any]:
    from chalicelib.api import schemas, views
    from chalicelib.services import staff

    who = _staff()
    change = _staff_body(schemas.StatusChange)
    return views.staff_consultation(staff.change_status(who, cid, change.status))


@app.route("/staff/audit", methods=["GET"], cors=cors)
@json_errors
def staff_audit() -> dict[str, Any]:
    from chalicelib.api import views
    from chalicelib.domain.errors import InvalidInput
    from chalicelib.services import staff

    who = _staff()
    query = app.current_request.query_params or {}
    if not query.get("cid"):
        raise InvalidInput.one("cid", "Say which consultation: /staff/audit?cid=dominion-road.")
    limit = _limit_param(query, default=50)
    entries, next_cursor = staff.audit_log(
        who, query["cid"], limit=limit, cursor=query.get("cursor")
    )
    return views.audit_page(entries, next_cursor)


@app.route("/staff/consultations/{cid}/moderation", methods=["GET"], cors=cors)
@json_errors
def staff_moderation_queue(cid: str) -> dict[str, Any]:
    from chalicelib.api import views
    from chalicelib.services import moderation

    who = _staff()
    query = app.current_request.query_params or {}
    limit = _limit_param(query, default=20)
    page = moderation.queue(
        who, cid, query.get("queue", "pending"), limit=limit, cursor=query.get("cursor")
    )
    return views.page(page)


@app.route("/staff/consultations/{cid}/submissions/{sid}/moderation", methods=["POST"], cors=cors)
@json_errors
def staff_moderate(cid: str, sid: str) -> dict[str, Any]:
    from chalicelib.api import schemas, views
    from chalicelib.services import moderation

    who = _staff()
    decision = _staff_body(schemas.ModerationDecision)
    moderated = moderation.moderate(who, cid, sid, action=decision.action, reason=decision.reason)
    return views.submission(moderated)


# ---- reports ----------------------------------------------------------------------------------


@app.route("/staff/consultations/{cid}/reports", methods=["GET", "POST"], cors=cors)
@json_errors
def staff_reports(cid: str) -> Any:
    from chalicelib.services import reports

    who = _staff()
    if app.current_request.method == "POST":
        manifest = reports.run_now(who, cid)
        if manifest is None:
            return Response(body={"status": "started"}, status_code=202)
        return Response(body=manifest, status_code=201)
    limit = _limit_param(app.current_request.query_params or {}, default=10, maximum=50)
    return {"items": reports.runs(who, cid, limit=limit)}


@app.schedule(config.current().report_schedule, name="nightly-reports")
def nightly_reports(event: Any) -> dict[str, str]:
    """Consolidate every open or recently closed consultation (cron from SAYSO_REPORT_SCHEDULE)."""
    from chalicelib.services import reports

    return reports.consolidate_due()


@app.lambda_function(name="consolidate")
def consolidate(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """One consultation's report, invoked asynchronously by POST .../reports in AWS."""
    from chalicelib.services import reports

    return reports.consolidate(str(event.get("consultation_id", "")))
