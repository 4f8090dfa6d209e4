"""Sealing personal data kept at rest: a follow-up email is stored encrypted (AES-256-GCM under
a key derived from the server's token key, bound to the record it belongs to), so a copy of the
table, a backup or an export shows no address. Whoever holds the token key can open it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_VERSION = "s1"


def _key(token_key: bytes, purpose: str) -> bytes:
    return hmac.new(token_key, f"seal:{purpose}".encode(), hashlib.sha256).digest()


def seal(token_key: bytes, purpose: str, bound_to: str, value: str) -> str:
    """`value` encrypted for `purpose` (e.g. "contact-email"), only openable for `bound_to`
    (e.g. the record's key): "s1.<base64url of nonce + ciphertext>"."""
    nonce = os.urandom(12)
    sealed = AESGCM(_key(token_key, purpose)).encrypt(nonce, value.encode(), bound_to.encode())
    return f"{_VERSION}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def unseal(token_key: bytes, purpose: str, bound_to: str, sealed: str) -> str:
    """The value `seal` sealed; ValueError if it was not sealed for this purpose and record."""
    version, _, payload = sealed.partition(".")
    if version != _VERSION:
        raise ValueError("not a sealed value")
    raw = base64.urlsafe_b64decode(payload)
    try:
        opened = AESGCM(_key(token_key, purpose)).decrypt(raw[:12], raw[12:], bound_to.encode())
    except Exception as error:  # InvalidTag: another key, purpose or record
        raise ValueError("the sealed value does not open with this key and record") from error
    return opened.decode()
