"""Run one operation of the route table: the same steps for every route, in one place.

Order, so each refusal is the one a person can act on first: staff identity (401) and role
(403), then the query (422), then the body (400/413/415/422) inside the idempotent run (a
refused request is not remembered, so a corrected retry runs), then the handler. Domain errors
become their status and the JSON error body (api/errors.py); anything else is a bug: logged,
500, nothing saved.
"""

from __future__ import annotations

from typing import Any

from chalice import Response

from chalicelib.api.call import Call
from chalicelib.api.errors import JSON_HEADERS, error_response, internal_error_response
from chalicelib.api.operation import Handler, Operation
from chalicelib.domain.errors import DomainError
from chalicelib.observability import logger
from chalicelib.store.faults import unavailable_when_aws_fails

Answer = Any  # a response model, (status, model), or a chalice Response


def _respond(operation: Operation, answer: Answer) -> Response:
    if isinstance(answer, Response):
        return answer
    status, headers = next(iter(operation.replies)), {}
    if isinstance(answer, tuple):
        status, answer, *extra = answer
        headers = extra[0] if extra else {}
    if answer is None:
        return Response(body="", status_code=status, headers=headers)
    body = answer if isinstance(answer, dict) else answer.model_dump(mode="json", by_alias=True)
    return Response(body=body, status_code=status, headers={**JSON_HEADERS, **headers})


def _run(operation: Operation, call: Call, handler: Handler) -> Response:
    if operation.is_staff:
        from chalicelib.api.staff_auth import identity_from
        from chalicelib.domain.staff import require_role

        call.staff = identity_from(call.header("Authorization"))
        require_role(call.staff, operation.roles or ())
    if operation.query:
        from chalicelib.api import schemas
        from chalicelib.api.requests import parse_query

        call.query = parse_query(getattr(schemas, operation.query), call.request.query_params)
    if not operation.idempotency_scope:
        return _respond(operation, handler(call))
    from chalicelib.api.replay import caller_scope, replayable
    from chalicelib.store.secrets import token_key

    caller = caller_scope(token_key(), call.header("X-Resident-Token"), call.source_ip)
    scope = f"{operation.idempotency_scope.format(**call.path, resident=caller)}|{caller}"
    return replayable(
        call.header("Idempotency-Key"),
        scope,
        call.request.raw_body,
        lambda: _respond(operation, handler(call)),
        call.lambda_context,
    )


def dispatch(app: Any, operation: Operation, path: dict[str, str]) -> Response:
    call = Call(
        operation,
        app.current_request,
        path,
        lambda_context=getattr(app, "lambda_context", None),
    )
    try:
        with unavailable_when_aws_fails():
            return _run(operation, call, operation.handler)
    except DomainError as error:
        return error_response(error)
    except Exception:
        # A bug, not bad input: log it with its traceback (no request data) and answer 500.
        logger.exception("unhandled error", operation=operation.operation_id)
        return internal_error_response()
