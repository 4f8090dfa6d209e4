"""Resident and edit tokens, and keyed hashes: pure domain."""

from __future__ import annotations

from chalicelib.domain.tokens import (
    edit_token_for,
    edit_token_matches,
    hash_edit_token,
    keyed_hash,
    new_resident_token,
    resident_id_from,
    resident_token_for,
)

KEY = b"test-key"


def test_a_resident_token_carries_its_id_under_our_key_only():
    token = new_resident_token(KEY)
    resident = resident_id_from(KEY, token)
    assert resident is not None and resident in token
    assert resident_id_from(b"another-key", token) is None
    assert new_resident_token(KEY) != token


def test_tampered_or_forged_resident_tokens_are_refused():
    token = new_resident_token(KEY)
    version, resident, signature = token.split(".")
    other = "a" * 26 if resident != "a" * 26 else "b" * 26
    for bad in (
        f"{version}.{other}.{signature}",  # someone else's id, our signature
        f"{version}.{resident}.{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        f"r2.{resident}.{signature}",
        token + "\n",
        "",
        "r1..",
    ):
        assert resident_id_from(KEY, bad) is None, bad


def test_edit_tokens_are_checked_against_their_hash_only():
    token = edit_token_for(KEY, "01ARZ3NDEKTSV4RRFFQ69G5FAV")
    stored = hash_edit_token(token)
    assert token not in stored
    assert edit_token_matches(stored, token)
    assert not edit_token_matches(stored, edit_token_for(KEY, "01ARZ3NDEKTSV4RRFFQ69G5FAW"))
    assert not edit_token_matches(stored, None)
    assert not edit_token_matches(None, token)
    assert not edit_token_matches(stored, "x" * 500)


def test_keyed_hashes_hide_the_value_and_depend_on_purpose_and_key():
    hashed = keyed_hash(KEY, "source-ip", "203.0.113.7")
    assert "203" not in hashed
    assert hashed == keyed_hash(KEY, "source-ip", "203.0.113.7")
    assert hashed != keyed_hash(KEY, "other", "203.0.113.7")
    assert hashed != keyed_hash(b"k2", "source-ip", "203.0.113.7")


def test_secrets_are_derived_under_the_key_so_they_need_never_be_stored():
    sid = "01ARZ3NDEKTSV4RRFFQ69G5FAV"
    assert edit_token_for(KEY, sid) == edit_token_for(KEY, sid)
    assert len(edit_token_for(KEY, sid)) == 32
    assert edit_token_for(b"another-key", sid) != edit_token_for(KEY, sid)
    token = new_resident_token(KEY)
    assert resident_token_for(KEY, resident_id_from(KEY, token)) == token
