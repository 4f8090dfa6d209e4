"""What an agency chooses per consultation, from CDK context (`make deploy ... ALARM_EMAIL=`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.web_headers import tile_origin, tiles_config

API_RATE_LIMIT = 50  # the API stage's throttle: requests a second, every source together
API_BURST_LIMIT = 100  # and how many may start at once
WAF_WINDOW_SECONDS = 300  # WAF counts a rate rule's requests over 5 minutes
# One source may use at most this share of the stage's steady rate; past it, WAF blocks the
# source's requests until its rate falls, so one client cannot use up what residents share.
WAF_SHARE_OF_STAGE = 0.1
WAF_OFF = ("off", "0")
# WAF's own bounds for a rate-based rule's limit
WAF_MIN_LIMIT, WAF_MAX_LIMIT = 10, 2_000_000_000


def default_waf_rate_limit(api_rate_limit: int = API_RATE_LIMIT) -> int:
    """Requests per 5 minutes per source IP: a tenth of the stage's rate (1,500 at 50 a second)."""
    return round(api_rate_limit * WAF_WINDOW_SECONDS * WAF_SHARE_OF_STAGE)


@dataclass(frozen=True)
class StackSettings:
    consultation: str
    alarm_email: str | None = None
    # Requests per 5 minutes per source IP on the API; None: no WAF (`WAF_RATE_LIMIT=off`).
    waf_rate_limit: int | None = default_waf_rate_limit()
    # The report job's /tmp: docs/benchmarks.md (about 1 GB per expected million submissions).
    report_storage_mb: int = 2048
    staff_mfa: bool = False
    advanced_security: bool = False
    # False only for `make destroy FORCE=1`: tables and buckets are then deleted with the stack.
    retain_data: bool = True
    api_rate_limit: int = API_RATE_LIMIT
    api_burst_limit: int = API_BURST_LIMIT
    # The basemap under map options: an XYZ tile URL (Leaflet template) and its attribution;
    # None: the plain background (docs/pages.md "The basemap").
    tile_url: str | None = None
    tile_attribution: str | None = None
    # The outcome emails' sender, on a domain the agency verified in SES (docs/deploy.md); None:
    # the stack sends no email (the open data and the pages are published all the same).
    mail_sender: str | None = None

    @property
    def tiles(self) -> dict[str, str] | None:
        """config.json's `tiles`."""
        return tiles_config(self.tile_url, self.tile_attribution)

    @property
    def tile_origins(self) -> tuple[str, ...]:
        """What the pages' CSP allows images from besides their own origin."""
        return (tile_origin(self.tile_url),) if self.tile_url else ()

    @classmethod
    def from_context(cls, get: Any) -> StackSettings:
        """`get` is node.try_get_context; values arrive as strings from the command line."""
        consultation = get("consultation")
        if not consultation:
            raise ValueError("Say which consultation: make synth CONSULTATION=dominion-road")

        def flag(name: str, default: bool) -> bool:
            value = get(name)
            return default if value in (None, "") else str(value).lower() in {"1", "true", "yes"}

        def number(name: str, default: int | None) -> int | None:
            value = get(name)
            if value in (None, ""):
                return default
            try:
                return int(value)
            except ValueError:
                raise ValueError(f"{name} must be a whole number, got {value!r}") from None

        waf = get("waf_rate_limit")
        if str(waf).lower() in WAF_OFF:
            waf_rate_limit = None
        else:
            waf_rate_limit = number("waf_rate_limit", cls.waf_rate_limit)
            if waf_rate_limit is None or not WAF_MIN_LIMIT <= waf_rate_limit <= WAF_MAX_LIMIT:
                raise ValueError(
                    f"waf_rate_limit must be between {WAF_MIN_LIMIT} and {WAF_MAX_LIMIT:,} "
                    "requests per 5 minutes (WAF's limits), or off"
                )
        storage = number("report_storage_mb", cls.report_storage_mb)
        if storage is None or not 512 <= storage <= 10240:
            raise ValueError("report_storage_mb must be between 512 and 10240 (Lambda's limits)")
        tile_url, tile_attribution = get("tile_url") or None, get("tile_attribution") or None
        try:
            tiles_config(tile_url, tile_attribution)
        except ValueError as error:
            raise ValueError(f"TILE_URL/TILE_ATTRIBUTION: {error}") from None
        if tile_attribution and not tile_url:
            raise ValueError("TILE_ATTRIBUTION without TILE_URL: say which tiles it is for")
        return cls(
            consultation=str(consultation),
            alarm_email=get("alarm_email") or None,
            waf_rate_limit=waf_rate_limit,
            report_storage_mb=storage,
            staff_mfa=flag("staff_mfa", False),
            advanced_security=flag("advanced_security", False),
            retain_data=flag("retain_data", True),
            tile_url=tile_url,
            tile_attribution=tile_attribution,
            mail_sender=_mail_sender(get("mail_sender")),
        )


def _mail_sender(value: Any) -> str | None:
    if value in (None, ""):
        return None
    local, at, domain = str(value).rpartition("@")
    if not (at and local and "." in domain and " " not in str(value)):
        raise ValueError(f"mail_sender must be an email address, got {value!r}")
    return str(value)


def mail_domain(sender: str) -> str:
    """The SES identity the stack may send from: the sender's domain (docs/deploy.md)."""
    return sender.rpartition("@")[2].lower()
