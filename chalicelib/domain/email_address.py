"""The address a resident may leave for follow-up: checked by code, with the reason in words.

Deliberately plain (what mail systems deliver in practice, not all of RFC 5322): one `@`; before
it 1–64 characters, none of them a space, a control character or one of `@ < > ( ) [ ] , ; : "`;
after it a domain of at least two dot-separated labels, each 1–63 letters, digits or inner
hyphens; 254 characters at most in all. `JSON_SCHEMA_PATTERN` is the same rule for the published
document.
"""

from __future__ import annotations

import unicodedata

MAX_CHARS = 254
LOCAL_MAX_CHARS = 64
LABEL_MAX_CHARS = 63
_LOCAL_FORBIDDEN = set('@<>()[],;:"')
_LABEL_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
# Spaces listed, not \s: ECMA-262's \s and Python's differ (U+FEFF).
_SPACES = (
    r"\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
JSON_SCHEMA_PATTERN = (
    rf'^[^@<>()\[\],;:"\u0000-\u001f\u007f-\u009f{_SPACES}]{{1,64}}@'
    + _LABEL
    + r"(?:\."
    + _LABEL
    + r")+$"
)

EXAMPLE = "name@example.org"


def _is_space_or_control(char: str) -> bool:
    return char.isspace() or char == "\ufeff" or unicodedata.category(char) == "Cc"


def problem(address: str) -> str | None:
    """Why `address` is not one we take, as the end of a sentence starting "email ..."; None
    when it is fine."""
    if len(address) > MAX_CHARS:
        return f"is {len(address):,} characters long; an address has at most {MAX_CHARS}"
    # U+FEFF too: ECMA-262 (JSON Schema's regexes) counts it as a space, Python does not.
    if any(_is_space_or_control(char) for char in address):
        return f"must not contain spaces or control characters, e.g. {EXAMPLE}"
    if address.count("@") != 1:
        return f"must contain exactly one @, e.g. {EXAMPLE}"
    local, domain = address.split("@")
    if not 1 <= len(local) <= LOCAL_MAX_CHARS:
        return f"needs 1–{LOCAL_MAX_CHARS} characters before the @, e.g. {EXAMPLE}"
    if any(char in _LOCAL_FORBIDDEN for char in local):
        return 'must not contain < > ( ) [ ] , ; : or " before the @'
    labels = domain.split(".")
    if len(labels) < 2:
        return f"needs a domain with a dot after the @, e.g. {EXAMPLE}"
    for label in labels:
        if not label or len(label) > LABEL_MAX_CHARS:
            return (
                f"has an empty or over-long part in its domain '{domain[:64]}'; each part "
                f"between dots has 1–{LABEL_MAX_CHARS} characters"
            )
        if not set(label) <= _LABEL_CHARS or label.startswith("-") or label.endswith("-"):
            return (
                f"has a domain '{domain[:64]}' with characters a domain cannot have: use "
                "letters, digits and hyphens (not first or last) between the dots"
            )
    return None
