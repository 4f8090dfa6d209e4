"""Use cases: anonymous residents get a signed token and prove it on later requests."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib import config
from chalicelib.domain.errors import Unauthorized
from chalicelib.domain.tokens import new_resident_token, resident_id_from
from chalicelib.services import guards
from chalicelib.store import secrets
from chalicelib.store import submissions as guard_store
from chalicelib.store.submissions import LimitReached


def issue_token(source_ip: str | None = None, now: datetime | None = None) -> str:
    """A new token; at most SAYSO_RESIDENT_TOKENS_PER_HOUR per source, so one person cannot
    mint their way to thousands of endorsements."""
    cfg = config.current()
    now = now or datetime.now(UTC)
    guard = guards.hourly("residents", source_ip, cfg.resident_tokens_per_hour, now)
    if guard is not None:
        try:
            guard_store.hit(guard)
        except LimitReached:
            raise guards.refusal("requests for a resident token", guard.limit, now) from None
    return new_resident_token(secrets.token_key())


def resident_id(token: str | None) -> str:
    """The resident the token names; Unauthorized if it is missing, forged or tampered with."""
    if not token:
        raise Unauthorized(
            "This needs a resident token in the X-Resident-Token header: get one with "
            "POST /residents and keep it.",
            field="X-Resident-Token",
        )
    found = resident_id_from(secrets.token_key(), token)
    if found is None:
        raise Unauthorized(
            "The resident token is not valid (it was changed or not issued by us): get a new "
            "one with POST /residents.",
            field="X-Resident-Token",
        )
    return found
