"""Stack names from consultation slugs."""

from __future__ import annotations

import re

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
