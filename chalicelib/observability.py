"""Structured JSON logs with a correlation id per request (Powertools Logger).

Never log request bodies, tokens, emails or IP addresses: only the route, status and timing.
"""

from __future__ import annotations

import re
import uuid

from aws_lambda_powertools import Logger

logger = Logger(service="sayso")

_SAFE_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def correlation_id_for(request_id: str | None, header_value: str | None) -> str:
    """API Gateway's request id, else a caller's well-formed X-Correlation-Id, else a new one."""
    for candidate in (request_id, header_value):
        if candidate and _SAFE_ID.match(candidate):
            return candidate
    return str(uuid.uuid4())


def count_honeypot() -> None:
    """One EMF metric line: a bot filled the honeypot field (its post was not stored)."""
    from aws_lambda_powertools import Metrics
    from aws_lambda_powertools.metrics import MetricUnit

    metrics = Metrics(namespace="sayso", service="sayso")
    metrics.add_metric(name="HoneypotCaught", unit=MetricUnit.Count, value=1)
    metrics.flush_metrics()
