"""Sending email through Amazon SES (locally: moto's SES, whose sent messages stay readable)."""

from __future__ import annotations

import json
import urllib.request
from email.message import EmailMessage
from typing import Any

from chalicelib import config

LOCAL_SENDER = config.LOCAL_SENDER  # the local stack's verified sender


def _client() -> Any:
    from chalicelib.store import retry_policy

    return retry_policy.client("ses")


def ensure_sender(address: str) -> None:
    """Verify the sending identity: in AWS this only starts verification (the agency confirms
    the domain, docs/deploy.md); moto verifies at once, which it needs before it sends."""
    _client().verify_email_identity(EmailAddress=address)


def send(message: EmailMessage, *, configuration_set: str | None = None) -> str:
    """One SendRawEmail (raw, for the List-Unsubscribe headers); returns SES's message id.
    Raises if SES refused it: then nothing was sent. With the stack's configuration set,
    bounces and complaints suppress the address (infra/mail.py)."""
    extra = {"ConfigurationSetName": configuration_set} if configuration_set else {}
    answer = _client().send_raw_email(
        Source=str(message["From"]),
        Destinations=[str(message["To"])],
        RawMessage={"Data": message.as_bytes()},
        **extra,
    )
    return str(answer["MessageId"])


def local_sent_messages() -> list[dict[str, Any]]:
    """Every message moto's SES has "sent": in-process (tests) from its backend, else from the
    moto server's /moto-api/data.json (the local runtime)."""
    cfg = config.current()
    if cfg.aws_endpoint_url:
        url = cfg.aws_endpoint_url.rstrip("/") + "/moto-api/data.json"
        with urllib.request.urlopen(url, timeout=10) as answer:
            data = json.load(answer)
        return [
            {"id": m.get("id"), "raw": m.get("raw_data"), "destinations": m.get("destinations")}
            for m in data.get("ses", {}).get("RawMessage", [])
        ]
    from moto.backends import get_backend
    from moto.core import DEFAULT_ACCOUNT_ID

    backend = get_backend("ses")[DEFAULT_ACCOUNT_ID][cfg.region]
    return [
        {"id": m.id, "raw": m.raw_data, "destinations": m.destinations}
        for m in backend.sent_messages
        if hasattr(m, "raw_data")
    ]
