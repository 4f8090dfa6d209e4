"""sayso API: the operations of the route table (chalicelib/api/routes.py), registered with
Chalice, plus the nightly report schedule and the job Lambda (reports, and the work publishing
an outcome starts).

Every route runs through chalicelib/api/dispatch.py (identity, validation, errors). Handlers,
services, pydantic and pynamodb load with the first request that needs them, so a cold start
pays only for Chalice, the logger and the table (see bench/cold_start.py).
"""

from __future__ import annotations

import time
from typing import Any

from chalice import Chalice, CORSConfig, Response

from chalicelib import config
from chalicelib.api.errors import normalise_chalice_error
from chalicelib.api.operation import Operation
from chalicelib.api.routes import OPERATIONS
from chalicelib.observability import correlation_id_for, logger
from chalicelib.web_headers import api_headers

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
    operation = _BY_ROUTE.get((event.method, context.get("resourcePath")))
    response.headers.update(
        api_headers(
            public_read=operation is not None and operation.public_read,
            status=response.status_code,
            request_headers=dict(event.headers or {}),
        )
    )
    logger.info(
        "request",
        method=event.method,
        route=context.get("resourcePath"),
        status=response.status_code,
        duration_ms=round((time.perf_counter() - started) * 1000, 1),
    )
    return response


def _register(operation: Operation) -> None:
    def view(**path: str) -> Response:
        from chalicelib.api.dispatch import dispatch

        return dispatch(app, operation, path)

    view.__name__ = operation.operation_id
    app.route(
        operation.path,
        methods=[operation.method],
        cors=cors,
        name=operation.operation_id,
        content_types=list(operation.content_types),
    )(view)


for _operation in OPERATIONS:
    _register(_operation)
_BY_ROUTE = {(operation.method, operation.path): operation for operation in OPERATIONS}


@app.schedule(config.current().report_schedule, name="nightly-reports")
def nightly_reports(event: Any) -> dict[str, str]:
    """Consolidate every open or recently closed consultation (cron from SAYSO_REPORT_SCHEDULE),
    after stamping the expiry of contacts whose outcome is published (services/retention.py),
    refreshing the open-data bundles of those consultations (services/open_data.py) and
    re-rendering the pre-rendered pages of every public one (services/pages.py)."""
    from chalicelib.observability import logger
    from chalicelib.services import pages, reports, retention

    try:
        retention.stamp_due()
    except Exception:  # the reports still run; the next night stamps what is left
        logger.exception("contact expiry stamping failed")
    try:
        from chalicelib.services import open_data

        open_data.publish_due()
    except Exception:  # the reports still run; the next night writes the bundles again
        logger.exception("open data publication failed")
    try:
        pages.publish_all()
    except Exception:  # the reports still run; a staff change or the next night renders
        logger.exception("pre-rendering failed")
    return reports.consolidate_due()


@app.lambda_function(name="consolidate")
def consolidate(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The job Lambda, invoked asynchronously in AWS: one consultation's report (POST
    .../reports); with a "job", the work a staff change starts (services/background.py:
    publishing the outcome, a response's update emails, the open data); or, with
    `render_pages`, after each deployment of the pages (infra/pages.py, RenderPages), every
    public consultation's pages rendered again: the deployment put the plain page back at the
    site's root, and the rendered pages name the new bundles."""
    if event.get("job"):
        from chalicelib.services import background

        return background.run(event)
    if event.get("render_pages"):
        from chalicelib.services import pages

        rendered = pages.publish_all()
        failed = sorted(cid for cid, count in rendered.items() if count < 0)
        if failed:  # raised, so Lambda retries and then the dead-letter queue alarms
            raise RuntimeError(f"rendering failed for {', '.join(failed)} (logged)")
        return {"rendered": rendered}
    from chalicelib.services import reports

    return reports.consolidate(str(event.get("consultation_id", "")))
