"""Identifiers: time-sortable submission ids (ULID) and the shapes of public ids."""

from __future__ import annotations

import os
import re
import time

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
ELEMENT_ID_PATTERN = r"^(?:[A-Za-z0-9_.:-]{1,64}|(?:node|way|relation)/[0-9]{1,20})$"
ULID_PATTERN = r"^[0-9A-HJKMNP-TV-Z]{26}$"
LANGUAGE_TAG_PATTERN = r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"

# The same rules in words, for messages (a person should never be shown a pattern).
SLUG_RULE = "1–64 lowercase letters, digits and hyphens, not starting or ending with a hyphen"
ELEMENT_ID_RULE = (
    "1–64 letters, digits, '_', '.', ':' or '-' (or an OpenStreetMap id such as way/123)"
)
ULID_RULE = "26 letters and digits, as the API gave it"
LANGUAGE_TAG_RULE = "2–3 lowercase letters, optionally followed by -region, like en, mi or en-NZ"

_slug = re.compile(SLUG_PATTERN)
_element_id = re.compile(ELEMENT_ID_PATTERN)
_ulid = re.compile(ULID_PATTERN)


def new_ulid(now_ms: int | None = None) -> str:
    """A ULID: 48 bits of milliseconds then 80 random bits, Crockford base32, 26 characters.

    Lexicographic order is creation order (to the millisecond), so a DynamoDB sort key of ULIDs
    lists newest first with `ScanIndexForward=False`.
    """
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    value = (ms << 80) | int.from_bytes(os.urandom(10), "big")
    chars = []
    for _ in range(26):
        chars.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def ulid_millis(value: str) -> int:
    """The millisecond a ULID was made (its first 10 characters, 48 bits)."""
    millis = 0
    for char in value[:10]:
        millis = millis * 32 + _CROCKFORD.index(char)
    return millis


def is_slug(value: str) -> bool:
    """Consultation and option ids: lowercase letters, digits and inner hyphens, 1–64 chars."""
    return bool(_slug.fullmatch(value))


def is_element_id(value: str) -> bool:
    """Segment and feature ids (Streetmix nanoids pass)."""
    return bool(_element_id.fullmatch(value))


def is_ulid(value: str) -> bool:
    return bool(_ulid.fullmatch(value))
