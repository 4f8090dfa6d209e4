"""Secrets residents hold: the anonymous resident token and a submission's edit token.

Resident token: "r1.{resident_id}.{signature}", the signature an HMAC-SHA256 of the rest under a
server key. It proves the server issued it (no account, no personal data) and names no one.
Edit token: 32 characters returned once, an HMAC of the submission id under the same server key
(so a replayed answer can give it again without it ever being stored); only its SHA-256 is stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

_RESIDENT_VERSION = "r1"
_RESIDENT_TOKEN = re.compile(r"r1\.([a-z0-9]{26})\.([A-Za-z0-9_-]{43})")


def _sign(key: bytes, message: str) -> str:
    digest = hmac.new(key, message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def new_resident_token(key: bytes) -> str:
    resident_id = base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=").lower()
    return resident_token_for(key, resident_id)


def resident_token_for(key: bytes, resident_id: str) -> str:
    """The token of this resident id: the same one every time, so it need never be stored."""
    payload = f"{_RESIDENT_VERSION}.{resident_id}"
    return f"{payload}.{_sign(key, payload)}"


def resident_id_from(key: bytes, token: str) -> str | None:
    """The resident id the token carries, or None if it is malformed, forged or tampered with."""
    match = _RESIDENT_TOKEN.fullmatch(token)
    if match is None:
        return None
    expected = _sign(key, f"{_RESIDENT_VERSION}.{match.group(1)}")
    return match.group(1) if hmac.compare_digest(expected, match.group(2)) else None


def edit_token_for(key: bytes, submission_id: str) -> str:
    """The edit token of this submission: derived, not random, so it can be given again (a
    replayed answer) without being stored anywhere; without the key it cannot be guessed."""
    return _sign(key, f"edit-token:{submission_id}")[:32]


def hash_edit_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def edit_token_matches(stored_hash: str | None, token: str | None) -> bool:
    if not stored_hash or not token or len(token) > 200:
        return False
    return hmac.compare_digest(stored_hash, hash_edit_token(token))


def keyed_hash(key: bytes, purpose: str, value: str) -> str:
    """A keyed hash for values we must compare but never store, such as a source IP."""
    return _sign(key, f"{purpose}:{value}")[:32]
