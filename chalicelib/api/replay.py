"""`Idempotency-Key` on POSTs, through Powertools idempotency: a retried request gets the first
answer and changes nothing. Failed requests (4xx) are not remembered, so a corrected retry runs.

A key belongs to its caller: the scope ends with a keyed hash of the resident token when one is
sent, else of the source IP (`caller_scope`), so resident B sending A's body and key runs B's
own request and never sees A's answer. The remembered answer holds no secret: an `edit_token`
is dropped (it is re-derived from the submission id) and a resident `token` is kept as its
resident id (the token is re-derived from it), both under the token key (domain/tokens.py).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

from chalice import Response

from chalicelib.api.errors import error_body
from chalicelib.domain.errors import DomainError, InvalidInput
from chalicelib.domain.tokens import (
    edit_token_for,
    keyed_hash,
    resident_id_from,
    resident_token_for,
)

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


def caller_scope(key: bytes, resident_token: str | None, source_ip: str | None) -> str:
    """Who is asking, as a keyed hash: the resident token when sent, else the source IP."""
    if resident_token:
        return "r:" + keyed_hash(key, "idempotency-resident", resident_token)
    return "s:" + keyed_hash(key, "idempotency-source", source_ip or "no-source")


def without_secrets(key: bytes, body: Any) -> Any:
    """The answer as it may be stored: no edit token, and a resident token only as its id."""
    if not isinstance(body, dict):
        return body
    kept = dict(body)
    if "edit_token" in kept and "id" in kept:
        del kept["edit_token"]
        kept["edit_token_derived"] = True
    if isinstance(kept.get("token"), str):
        resident = resident_id_from(key, kept.pop("token"))
        if resident is None:  # not one of ours: never store it, and never replay it
            raise ValueError("an answer's resident token does not verify")
        kept["token_of_resident"] = resident
    return kept


def with_secrets(key: bytes, body: Any) -> Any:
    """The stored answer with its secrets derived again, as the first caller got it."""
    if not isinstance(body, dict):
        return body
    given = dict(body)
    if given.pop("edit_token_derived", False):
        given["edit_token"] = edit_token_for(key, given["id"])
    if "token_of_resident" in given:
        given["token"] = resident_token_for(key, given.pop("token_of_resident"))
    return given


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
    from chalicelib.store.secrets import token_key

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
        return {"status_code": response.status_code,
                "body": without_secrets(token_key(), response.body),
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
    if answered:  # this call ran the request: its own answer, secrets and all
        return answered[0]
    return Response(
        body=with_secrets(token_key(), stored["body"]),
        status_code=stored["status_code"],
        headers=stored["headers"],
    )
