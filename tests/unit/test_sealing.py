"""Sealed values (follow-up emails at rest): open only with the same key, purpose and record."""

from __future__ import annotations

import pytest

from chalicelib.domain.sealing import seal, unseal

KEY = b"test-key"


def test_a_sealed_email_names_no_one_and_opens_for_its_record_only():
    sealed = seal(KEY, "contact-email", "demo#01ARZ3NDEKTSV4RRFFQ69G5FAV", "ana@example.net")
    assert "ana" not in sealed and "example" not in sealed and sealed.startswith("s1.")
    assert unseal(KEY, "contact-email", "demo#01ARZ3NDEKTSV4RRFFQ69G5FAV", sealed) == (
        "ana@example.net"
    )
    assert seal(KEY, "contact-email", "demo#x", "ana@example.net") != seal(
        KEY, "contact-email", "demo#x", "ana@example.net"
    )  # a fresh nonce each time: equal emails do not look equal
    for key, purpose, record in (
        (b"another-key", "contact-email", "demo#01ARZ3NDEKTSV4RRFFQ69G5FAV"),
        (KEY, "other", "demo#01ARZ3NDEKTSV4RRFFQ69G5FAV"),
        (KEY, "contact-email", "demo#01ARZ3NDEKTSV4RRFFQ69G5FAW"),
    ):
        with pytest.raises(ValueError):
            unseal(key, purpose, record, sealed)
