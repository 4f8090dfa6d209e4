"""Staff tokens must say when they were issued and last a day at most."""

from __future__ import annotations

import json
import time

import jwt
import pytest

from chalicelib.api.staff_auth import MAX_LIFETIME_SECONDS, StaffUnauthorized, identity_from
from chalicelib.local import staff_keys
from chalicelib.local.staff_keys import mint


def _signed(directory, **changes) -> str:
    """A token like mint()'s with claims changed (a value None: the claim is left out)."""
    claims = jwt.decode(mint(["admin"], directory=directory), options={"verify_signature": False})
    claims.update(changes)
    claims = {name: value for name, value in claims.items() if value is not None}
    kid = json.loads(staff_keys.ensure_keys(directory).read_text())["keys"][0]["kid"]
    key = (directory / "staff-signing-key.pem").read_bytes()
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


def _refusal(token: str) -> str:
    with pytest.raises(StaffUnauthorized) as refused:
        identity_from(f"Bearer {token}")
    assert refused.value.field == "Authorization"
    return refused.value.message


def test_a_day_long_token_is_accepted(staff_keys):
    token = mint(["admin"], directory=staff_keys, lifetime_seconds=MAX_LIFETIME_SECONDS)
    assert identity_from(f"Bearer {token}").roles == {"admin"}


def test_a_token_lasting_longer_than_a_day_is_refused(staff_keys):
    token = mint(["admin"], directory=staff_keys, lifetime_seconds=MAX_LIFETIME_SECONDS + 1)
    assert "longer than 24 hours" in _refusal(token)


def test_a_token_valid_for_ever_is_refused(staff_keys):
    now = int(time.time())
    assert "longer than 24 hours" in _refusal(_signed(staff_keys, iat=now, exp=10**20))


def test_a_token_without_iat_is_refused_in_words(staff_keys):
    assert "no 'iat' claim" in _refusal(_signed(staff_keys, iat=None))


def test_the_api_answers_401_for_a_long_lived_token(api, staff_keys):
    token = mint(["admin"], directory=staff_keys, lifetime_seconds=30 * 86400)
    response = api.client.http.get(
        "/staff/consultations/demo", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401
    error = response.json_body["error"]
    assert error["code"] == "invalid_staff_token"
    assert "24 hours" in error["message"]
