"""The one configuration object, read from the environment.

In AWS the stack sets these variables; on a laptop the local runtime does. Defaults are the
local runtime's, so a test or a shell with nothing set talks to local names.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Config:
    stage: str
    region: str
    aws_endpoint_url: str | None
    consultations_table: str
    submissions_table: str
    contacts_table: str
    guards_table: str
    idempotency_table: str
    site_bucket: str
    reports_bucket: str
    submission_shards: int
    allowed_origin: str
    max_body_bytes: int
    max_alternative_body_bytes: int
    submissions_per_hour: int
    endorsements_per_hour: int
    resident_tokens_per_hour: int
    flags_to_hold: int
    flags_per_hour: int
    endorsements_per_item_per_hour: int
    token_key_text: str | None
    token_key_secret_arn: str | None
    edge_secret_text: str | None
    edge_secret_arn: str | None
    staff_jwks_url: str | None
    staff_issuer: str
    staff_audience: str
    audit_table: str
    report_schedule: str
    report_recent_days: int
    report_link_seconds: int
    report_function: str | None
    contact_retention_days: int
    mail_sender: str | None
    mail_configuration_set: str | None
    site_url: str
    public_api_url: str

    @property
    def token_key(self) -> bytes:
        """The HMAC key for resident tokens and IP hashes. Required outside local and test."""
        if self.token_key_text:
            return self.token_key_text.encode()
        if self.stage in _DEVELOPMENT_STAGES:
            return b"sayso-local-development-key-not-secret"
        raise RuntimeError(
            f"SAYSO_TOKEN_KEY (or SAYSO_TOKEN_KEY_SECRET_ARN, read by chalicelib/store/secrets.py)"
            f" must be set for stage {self.stage!r}"
        )


_DEVELOPMENT_STAGES = {"local", "test"}
LOCAL_SENDER = "outcomes@sayso.localhost"  # the local stack's sender (moto verifies it)
_LOCAL_HOST = "127.0.0.1"

# Every environment variable load() reads: the deployment stack is tested against this list
# (tests/infra/test_functions.py checks load() reads exactly these and the stack sets them).
VARIABLES: tuple[str, ...] = (
    "SAYSO_STAGE",
    "SAYSO_RESOURCE_PREFIX",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT_URL",
    "SAYSO_CONSULTATIONS_TABLE",
    "SAYSO_SUBMISSIONS_TABLE",
    "SAYSO_CONTACTS_TABLE",
    "SAYSO_GUARDS_TABLE",
    "SAYSO_IDEMPOTENCY_TABLE",
    "SAYSO_AUDIT_TABLE",
    "SAYSO_SITE_BUCKET",
    "SAYSO_REPORTS_BUCKET",
    "SAYSO_SUBMISSION_SHARDS",
    "SAYSO_ALLOWED_ORIGIN",
    "SAYSO_MAX_BODY_BYTES",
    "SAYSO_MAX_ALTERNATIVE_BODY_BYTES",
    "SAYSO_SUBMISSIONS_PER_HOUR",
    "SAYSO_ENDORSEMENTS_PER_HOUR",
    "SAYSO_RESIDENT_TOKENS_PER_HOUR",
    "SAYSO_FLAGS_TO_HOLD",
    "SAYSO_FLAGS_PER_HOUR",
    "SAYSO_ENDORSEMENTS_PER_ITEM_PER_HOUR",
    "SAYSO_TOKEN_KEY",
    "SAYSO_TOKEN_KEY_SECRET_ARN",
    "SAYSO_EDGE_SECRET",
    "SAYSO_EDGE_SECRET_ARN",
    "SAYSO_STAFF_JWKS_URL",
    "SAYSO_STAFF_ISSUER",
    "SAYSO_STAFF_AUDIENCE",
    "SAYSO_REPORT_SCHEDULE",
    "SAYSO_REPORT_RECENT_DAYS",
    "SAYSO_REPORT_LINK_SECONDS",
    "SAYSO_REPORT_FUNCTION",
    "SAYSO_CONTACT_RETENTION_DAYS",
    "SAYSO_MAIL_SENDER",
    "SAYSO_MAIL_CONFIGURATION_SET",
    "SAYSO_SITE_URL",
    "SAYSO_PUBLIC_API_URL",
)


def _int(name: str, default: int, *, low: int, high: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from None
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")
    return value


def load() -> Config:
    """Read the configuration from the environment (no caching: tests call this freely)."""
    stage = os.environ.get("SAYSO_STAGE", "local")
    prefix = os.environ.get("SAYSO_RESOURCE_PREFIX", f"sayso-{stage}")
    return Config(
        stage=stage,
        region=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1",
        aws_endpoint_url=os.environ.get("AWS_ENDPOINT_URL") or None,
        consultations_table=os.environ.get("SAYSO_CONSULTATIONS_TABLE", f"{prefix}-consultations"),
        submissions_table=os.environ.get("SAYSO_SUBMISSIONS_TABLE", f"{prefix}-submissions"),
        contacts_table=os.environ.get("SAYSO_CONTACTS_TABLE", f"{prefix}-contacts"),
        guards_table=os.environ.get("SAYSO_GUARDS_TABLE", f"{prefix}-guards"),
        idempotency_table=os.environ.get("SAYSO_IDEMPOTENCY_TABLE", f"{prefix}-idempotency"),
        site_bucket=os.environ.get("SAYSO_SITE_BUCKET", f"{prefix}-site"),
        reports_bucket=os.environ.get("SAYSO_REPORTS_BUCKET", f"{prefix}-reports"),
        submission_shards=_int("SAYSO_SUBMISSION_SHARDS", 8, low=1, high=100),
        allowed_origin=os.environ.get("SAYSO_ALLOWED_ORIGIN", "*"),
        max_body_bytes=_int("SAYSO_MAX_BODY_BYTES", 64 * 1024, low=1024, high=6 * 1024 * 1024),
        max_alternative_body_bytes=_int(
            "SAYSO_MAX_ALTERNATIVE_BODY_BYTES", 256 * 1024, low=1024, high=6 * 1024 * 1024
        ),
        submissions_per_hour=_int("SAYSO_SUBMISSIONS_PER_HOUR", 20, low=1, high=1_000_000),
        endorsements_per_hour=_int("SAYSO_ENDORSEMENTS_PER_HOUR", 120, low=1, high=1_000_000),
        resident_tokens_per_hour=_int("SAYSO_RESIDENT_TOKENS_PER_HOUR", 30, low=1, high=1_000_000),
        flags_to_hold=_int("SAYSO_FLAGS_TO_HOLD", 3, low=1, high=1000),
        flags_per_hour=_int("SAYSO_FLAGS_PER_HOUR", 20, low=1, high=1_000_000),
        endorsements_per_item_per_hour=_int(
            "SAYSO_ENDORSEMENTS_PER_ITEM_PER_HOUR", 8, low=1, high=1_000_000
        ),
        token_key_text=os.environ.get("SAYSO_TOKEN_KEY") or None,
        token_key_secret_arn=os.environ.get("SAYSO_TOKEN_KEY_SECRET_ARN") or None,
        # the secret CloudFront (or the local pages proxy) proves itself with: api/viewer.py
        edge_secret_text=os.environ.get("SAYSO_EDGE_SECRET") or None,
        edge_secret_arn=os.environ.get("SAYSO_EDGE_SECRET_ARN") or None,
        staff_jwks_url=os.environ.get("SAYSO_STAFF_JWKS_URL") or None,
        staff_issuer=os.environ.get("SAYSO_STAFF_ISSUER", "sayso-local"),
        staff_audience=os.environ.get("SAYSO_STAFF_AUDIENCE", "sayso-staff"),
        audit_table=os.environ.get("SAYSO_AUDIT_TABLE", f"{prefix}-audit"),
        # EventBridge syntax, in UTC: 02:30 every night by default.
        report_schedule=os.environ.get("SAYSO_REPORT_SCHEDULE", "cron(30 2 * * ? *)"),
        report_recent_days=_int("SAYSO_REPORT_RECENT_DAYS", 7, low=0, high=3650),
        report_link_seconds=_int("SAYSO_REPORT_LINK_SECONDS", 300, low=30, high=7 * 86400),
        report_function=os.environ.get("SAYSO_REPORT_FUNCTION") or None,
        # follow-up emails are deleted (DynamoDB TTL) this long after the outcome is published
        contact_retention_days=_int("SAYSO_CONTACT_RETENTION_DAYS", 90, low=0, high=3650),
        # The outcome emails (services/background.py): the verified SES sender, or none (then
        # nothing is sent; locally and in tests moto's SES and a local sender)...
        mail_sender=os.environ.get(
            "SAYSO_MAIL_SENDER", LOCAL_SENDER if stage in _DEVELOPMENT_STAGES else ""
        )
        or None,
        # ...the stack's configuration set (bounces and complaints suppress the address)...
        mail_configuration_set=os.environ.get("SAYSO_MAIL_CONFIGURATION_SET") or None,
        # ...and where the emails' links point: the public pages and the public API.
        site_url=os.environ.get("SAYSO_SITE_URL") or f"http://{_LOCAL_HOST}:8080",
        public_api_url=os.environ.get("SAYSO_PUBLIC_API_URL") or f"http://{_LOCAL_HOST}:8000",
    )


@lru_cache(maxsize=1)
def current() -> Config:
    """The process-wide configuration, read once (Lambda containers and `chalice local`)."""
    return load()
