"""The functions' environment: every variable chalicelib/config.py reads in AWS, set by the stack.

config.VARIABLES is the list; each one is either set here, set by Lambda itself, or never set
in AWS for the reason given in NOT_IN_AWS. tests/infra/test_functions.py holds the three
together.
"""

from __future__ import annotations

import os
from unittest import mock

from chalicelib import config

STAGE = "aws"

SET_BY_LAMBDA: dict[str, str] = {
    "AWS_REGION": "the Lambda runtime sets it",
    "AWS_DEFAULT_REGION": "the Lambda runtime sets it",
}

NOT_IN_AWS: dict[str, str] = {
    "AWS_ENDPOINT_URL": "points the code at the embedded AWS of local runs only",
    "SAYSO_RESOURCE_PREFIX": "only a default for names; the stack sets every name itself",
    "SAYSO_TOKEN_KEY": (
        "the key is read from Secrets Manager by SAYSO_TOKEN_KEY_SECRET_ARN, so it is never in "
        "the template or the function's configuration"
    ),
    "SAYSO_EDGE_SECRET": (
        "the edge secret is read from Secrets Manager by SAYSO_EDGE_SECRET_ARN, so it is never "
        "in the template or the function's configuration"
    ),
}

# Settings with a default in chalicelib/config.py: set explicitly, so an operator sees and can
# change them in one place (the function's configuration), by Config field.
TUNABLES: dict[str, str] = {
    "SAYSO_SUBMISSION_SHARDS": "submission_shards",
    "SAYSO_MAX_BODY_BYTES": "max_body_bytes",
    "SAYSO_MAX_ALTERNATIVE_BODY_BYTES": "max_alternative_body_bytes",
    "SAYSO_SUBMISSIONS_PER_HOUR": "submissions_per_hour",
    "SAYSO_ENDORSEMENTS_PER_HOUR": "endorsements_per_hour",
    "SAYSO_RESIDENT_TOKENS_PER_HOUR": "resident_tokens_per_hour",
    "SAYSO_FLAGS_TO_HOLD": "flags_to_hold",
    "SAYSO_FLAGS_PER_HOUR": "flags_per_hour",
    "SAYSO_ENDORSEMENTS_PER_ITEM_PER_HOUR": "endorsements_per_item_per_hour",
    "SAYSO_REPORT_SCHEDULE": "report_schedule",
    "SAYSO_REPORT_RECENT_DAYS": "report_recent_days",
    "SAYSO_REPORT_LINK_SECONDS": "report_link_seconds",
    "SAYSO_CONTACT_RETENTION_DAYS": "contact_retention_days",
}


def default_config() -> config.Config:
    """The configuration the code would use with nothing set (its defaults)."""
    with mock.patch.dict(os.environ, {}, clear=True):
        return config.load()


def tunables() -> dict[str, str]:
    defaults = default_config()
    return {name: str(getattr(defaults, field)) for name, field in TUNABLES.items()}


def common(
    *,
    tables: dict[str, str],
    site_bucket: str,
    reports_bucket: str,
    allowed_origin: str,
    token_key_secret_arn: str,
    edge_secret_arn: str,
    staff_jwks_url: str,
    staff_issuer: str,
    staff_audience: str,
    site_url: str,
    public_api_url: str,
    mail_sender: str | None,
    mail_configuration_set: str,
) -> dict[str, str]:
    """What every function gets; `tables` maps each SAYSO_*_TABLE variable to its table name.
    Without a sender SAYSO_MAIL_SENDER is empty: the outcome's publication sends no email."""
    return {
        "SAYSO_STAGE": STAGE,
        **tables,
        "SAYSO_SITE_BUCKET": site_bucket,
        "SAYSO_REPORTS_BUCKET": reports_bucket,
        "SAYSO_ALLOWED_ORIGIN": allowed_origin,
        "SAYSO_TOKEN_KEY_SECRET_ARN": token_key_secret_arn,
        "SAYSO_EDGE_SECRET_ARN": edge_secret_arn,
        "SAYSO_STAFF_JWKS_URL": staff_jwks_url,
        "SAYSO_STAFF_ISSUER": staff_issuer,
        "SAYSO_STAFF_AUDIENCE": staff_audience,
        # the outcome emails (services/background.py): sender, configuration set, links
        "SAYSO_MAIL_SENDER": mail_sender or "",
        "SAYSO_MAIL_CONFIGURATION_SET": mail_configuration_set,
        "SAYSO_SITE_URL": site_url,
        "SAYSO_PUBLIC_API_URL": public_api_url,
        **tunables(),
    }


# Set only on the API function: the report function's own name would be a circular reference.
API_ONLY = ("SAYSO_REPORT_FUNCTION",)
