"""What an agency chooses per consultation, from CDK context (`make deploy ... ALARM_EMAIL=`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StackSettings:
    consultation: str
    alarm_email: str | None = None
    # Requests per 5 minutes per source IP on the API; None: no WAF (it costs ~$6 a month).
    waf_rate_limit: int | None = None
    # The report job's /tmp: docs/benchmarks.md (about 1 GB per expected million submissions).
    report_storage_mb: int = 2048
    staff_mfa: bool = False
    advanced_security: bool = False
    # False only for `make destroy FORCE=1`: tables and buckets are then deleted with the stack.
    retain_data: bool = True
    api_rate_limit: int = 50
    api_burst_limit: int = 100

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

        storage = number("report_storage_mb", cls.report_storage_mb)
        if storage is None or not 512 <= storage <= 10240:
            raise ValueError("report_storage_mb must be between 512 and 10240 (Lambda's limits)")
        return cls(
            consultation=str(consultation),
            alarm_email=get("alarm_email") or None,
            waf_rate_limit=number("waf_rate_limit", None),
            report_storage_mb=storage,
            staff_mfa=flag("staff_mfa", False),
            advanced_security=flag("advanced_security", False),
            retain_data=flag("retain_data", True),
        )
