"""`Idempotency-Key` on POSTs, through Powertools idempotency: a retried request gets the first
answer and changes nothing. Failed requests (4xx) are not remembered, so a corrected retry runs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

from chalice import Response

from chalicelib.api.errors import error_body
from chalicelib.domain.errors import DomainError, InvalidInput

IDEMPOTENCY_KEY_PATTERN = r"^[A-Za-z0-9_.:-]{8,128}$"
_KEY = re.compile(IDEMPOTENCY_KEY_PATTERN)
REMEMBER_SECONDS = 24 * 3600


class InProgress(DomainError):
    code = "request_in_progress"


def _check_key(key: str) -> None:
    if not _KEY.fullmatch(key):
        raise InvalidInput.one(
            "Idempotency-Key",
            "Idempotency-Key must be 8–128 letters, digits, '_', '.', ':' or '-' "
            "(a random UUID per request is ideal).",
        )


def replayable(
    key: str | None,
    scope: str,
    body: bytes | None,
    run: Callable[[], Response],
    lambda_context: Any = None,
) -> Response:
    """Run the request once per (scope, key); a repeat with the same body gets the stored answer,
    with a different body a 422."""
    if key is None:
        return run()
    _check_key(key)
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyPersistenceLayerError,
        IdempotencyValidationError,
    )

    from chalicelib.store.idempotency import persistence_layer

    settings = IdempotencyConfig(
        event_key_jmespath="key",
        payload_validation_jmespath="body",
        expires_after_seconds=REMEMBER_SECONDS,
    )
    if hasattr(lambda_context, "get_remaining_time_in_millis"):
        # lets Powertools expire an in-progress record when the Lambda runs out of time
        settings.register_lambda_context(lambda_context)

    @idempotent_function(
        data_keyword_argument="request", persistence_store=persistence_layer(), config=settings
    )
    def once(request: dict[str, str]) -> dict[str, Any]:
        response = run()
        answered.append(response)
        return {"status_code": response.status_code, "body": response.body,
                "headers": dict(response.headers)}  # fmt: skip

    answered: list[Response] = []
    digest = hashlib.sha256(body or b"").hexdigest()
    try:
        stored = once(request={"key": f"{scope}|{key}", "body": digest})
    except IdempotencyPersistenceLayerError:
        if answered and answered[0].status_code < 300:
            # The request was done and stored; only recording its answer failed. Say so: a
            # retry with this key then waits on the record (409) and stores nothing more.
            return answered[0]
        raise
    except IdempotencyValidationError:
        return Response(
            body=error_body(
                "idempotency_key_reused",
                "This Idempotency-Key was already used for a different request: use a new key "
                "for each new request.",
                "Idempotency-Key",
            ),
            status_code=422,
        )
    except IdempotencyAlreadyInProgressError:
        raise InProgress(
            "A request with this Idempotency-Key is still being processed; retry in a moment."
        ) from None
    return Response(
        body=stored["body"], status_code=stored["status_code"], headers=stored["headers"]
    )
