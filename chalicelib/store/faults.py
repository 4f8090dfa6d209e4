"""Which AWS failures mean "try again later": the store's classification into a domain error.

After the retry policy (store/retry_policy.py) has given up, a throttle, an AWS 5xx, a
connection error or a transaction cancelled for a reason other than a failed condition means
AWS could not do it now and nothing was written by that call: the caller gets Unavailable
(503 with Retry-After). Anything else (a validation error, a missing table) is a bug and stays
one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from chalicelib.domain.errors import DomainError, Unavailable
from chalicelib.observability import logger

RETRY_AFTER_SECONDS = 2

THROTTLE_CODES = frozenset(
    {
        "ThrottlingException",
        "Throttling",
        "ThrottledException",
        "RequestThrottled",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "LimitExceededException",
        "SlowDown",
        "TransactionInProgressException",
        "TransactionConflictException",
        "RequestTimeout",
        "RequestTimeoutException",
        "ServiceUnavailable",
        "InternalServerError",
        "InternalFailure",
    }
)
# Reasons a transaction item is cancelled for that say nothing about its condition.
TRANSIENT_CANCELLATIONS = frozenset(
    {
        "ThrottlingError",
        "ProvisionedThroughputExceeded",
        "TransactionConflict",
        "RequestLimitExceeded",
        "InternalServerError",
    }
)


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        cause = getattr(current, "cause", None)  # pynamodb keeps botocore's error here
        pending += [
            current.__cause__,
            current.__context__,
            cause if isinstance(cause, BaseException) else None,
        ]


def _transient_cancellation(response: dict) -> bool:
    reasons = [r.get("Code") for r in response.get("CancellationReasons") or []]
    if "ConditionalCheckFailed" in reasons:
        return False  # a refusal the store explains; never a reason to retry
    return (
        not reasons
        or any(code in TRANSIENT_CANCELLATIONS for code in reasons)
        or all(code in (None, "None") for code in reasons)
    )


def transient_code(error: BaseException) -> str | None:
    """The AWS error code (or connection error name) that makes `error` worth retrying later,
    or None if it is not such a failure."""
    from botocore.exceptions import ClientError, ConnectionError, HTTPClientError

    for link in _chain(error):
        if isinstance(link, ConnectionError | HTTPClientError):
            return type(link).__name__
        if isinstance(link, ClientError):
            code = str(link.response.get("Error", {}).get("Code", ""))
            status = int(link.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)
            if code == "TransactionCanceledException":
                return code if _transient_cancellation(link.response) else None
            if code in THROTTLE_CODES or status >= 500:
                return code or str(status)
    return None


@contextmanager
def unavailable_when_aws_fails() -> Iterator[None]:
    """Run a block; an AWS failure that outlasted the retries leaves it as Unavailable."""
    try:
        yield
    except DomainError:
        raise
    except Exception as error:
        code = transient_code(error)
        if code is None:
            raise
        logger.warning("aws unavailable", aws_error=code)
        raise Unavailable(
            "The service is busy or briefly unavailable; nothing was saved. Please try again "
            f"in {RETRY_AFTER_SECONDS} seconds (with the same Idempotency-Key, if you sent one).",
            retry_after_seconds=RETRY_AFTER_SECONDS,
        ) from error
