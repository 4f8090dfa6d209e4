"""Per-source hourly limits: submissions, endorsements, flags and resident tokens.

The source is API Gateway's `sourceIp`, kept only as a keyed hash inside the counter's key.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.domain.errors import RateLimited
from chalicelib.domain.tokens import keyed_hash
from chalicelib.store import secrets
from chalicelib.store.submissions import RateGuard

WINDOW_SECONDS = 3600


def hourly(scope: str, source_ip: str | None, limit: int, now: datetime) -> RateGuard | None:
    """The counter for this source in the current hour (None when there is no source, e.g. a
    call from the CLI or a test that does not go through API Gateway)."""
    if not source_ip:
        return None
    source = keyed_hash(secrets.token_key(), "source-ip", source_ip)
    window = int(now.timestamp()) // WINDOW_SECONDS
    window_end = datetime.fromtimestamp((window + 1) * WINDOW_SECONDS, UTC)
    return RateGuard(
        key=f"{scope}#{source}#{window}",
        limit=limit,
        expires=window_end + timedelta(seconds=WINDOW_SECONDS),
    )


def refusal(what: str, limit: int, now: datetime) -> RateLimited:
    window_end = (int(now.timestamp()) // WINDOW_SECONDS + 1) * WINDOW_SECONDS
    retry_after = max(1, int(window_end - now.timestamp() + 0.999))
    return RateLimited(
        f"This connection has sent {limit} {what} this hour, the most we take; please try "
        f"again in {retry_after // 60 + 1} minutes.",
        retry_after_seconds=retry_after,
    )


def item_source(cid: str, sid: str, source_ip: str | None, resident_id: str) -> str:
    """Who flagged an item, as the item keeps it: a keyed hash of the source salted with the
    item, so the set on one item links to no other item and to no address. Without a source
    (the CLI, tests not going through API Gateway) each resident is its own source."""
    seen_as = f"ip:{source_ip}" if source_ip else f"resident:{resident_id}"
    return keyed_hash(secrets.token_key(), "flag-source", f"{cid}/{sid}/{seen_as}")[:32]
