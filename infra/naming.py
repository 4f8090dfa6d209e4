"""Names the stack's parts share: the stack's from the consultation slug, its functions' (by
Chalice's logical ids for app.py's functions), its API stage and its tag. One module that
imports nothing from infra/, so every other module can read them without a circle."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
API_STAGE = "api"  # .chalice/config.json api_gateway_stage
TAG = "sayso:consultation"
# Chalice's logical ids for app.py's functions (API handler, @app.schedule, @app.lambda_function)
API_FUNCTION = "APIHandler"
NIGHTLY_FUNCTION = "NightlyReports"
REPORT_FUNCTION = "Consolidate"
FUNCTION_SUFFIXES = {API_FUNCTION: "api", NIGHTLY_FUNCTION: "nightly", REPORT_FUNCTION: "report"}

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")


def check_slug(slug: str) -> str:
    """The slug itself, or a ValueError a person can act on."""
    if not _SLUG.match(slug):
        raise ValueError(
            f"CONSULTATION={slug!r} is not a consultation slug: use 1 to 40 lower-case letters, "
            "digits and hyphens, starting and ending with a letter or digit (e.g. dominion-road)."
        )
    return slug


def stack_name(slug: str) -> str:
    return f"sayso-{check_slug(slug)}"


def function_names(stack: str) -> dict[str, str]:
    """Each function's name by its Chalice logical id: sayso-<slug>-api, -nightly, -report."""
    return {key: f"{stack}-{suffix}" for key, suffix in FUNCTION_SUFFIXES.items()}
