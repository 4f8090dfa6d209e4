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
    allow_headers=["Content-Type", "X-Correlation-Id"],
    expose_headers=["X-Correlation-Id", "Location"],
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


@app.route("/consultations/{cid}/submissions", methods=["POST"], cors=cors)
@json_errors
def create_submission(cid: str) -> Response:
    from chalicelib.api import schemas, views
    from chalicelib.services import submissions

    comment = _json_body(schemas.NewComment)
    created = submissions.submit_comment(
        cid,
        option_id=comment.option_id,
        text=comment.text,
        element_id=comment.element_id,
        point=comment.point,
        stance=comment.stance,
    )
    return Response(
        body=views.submission_created(created),
        status_code=201,
        headers={"Location": f"/consultations/{cid}/submissions/{created.id}"},
    )


@app.route("/consultations/{cid}/submissions", methods=["GET"], cors=cors)
@json_errors
def list_submissions(cid: str) -> dict[str, Any]:
    from chalicelib.api import schemas, views
    from chalicelib.api.requests import parse_query
    from chalicelib.services import submissions

    query = parse_query(schemas.SubmissionQuery, app.current_request.query_params)
    page = submissions.list_public(
        cid,
        option_id=query.option,
        element_id=query.element,
        limit=query.limit,
        cursor=query.cursor,
    )
    return views.page(page)


@app.route("/consultations/{cid}/submissions/{sid}", methods=["GET"], cors=cors)
@json_errors
def get_submission(cid: str, sid: str) -> dict[str, Any]:
    from chalicelib.api import views
    from chalicelib.services import submissions

    return views.submission(submissions.get_public(cid, sid))
