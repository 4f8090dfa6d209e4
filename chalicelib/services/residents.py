"""Use cases: anonymous residents get a signed token and prove it on later requests."""

from __future__ import annotations

from chalicelib import config
from chalicelib.domain.errors import Unauthorized
from chalicelib.domain.tokens import new_resident_token, resident_id_from


def issue_token() -> str:
    return new_resident_token(config.current().token_key)


def resident_id(token: str | None) -> str:
    """The resident the token names; Unauthorized if it is missing, forged or tampered with."""
    if not token:
        raise Unauthorized(
            "This needs a resident token in the X-Resident-Token header: get one with "
            "POST /residents and keep it.",
            field="X-Resident-Token",
        )
    found = resident_id_from(config.current().token_key, token)
    if found is None:
        raise Unauthorized(
            "The resident token is not valid (it was changed or not issued by us): get a new "
            "one with POST /residents.",
            field="X-Resident-Token",
        )
    return found
