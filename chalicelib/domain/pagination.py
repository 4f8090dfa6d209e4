"""Opaque page cursors: clients pass back what they were given and never build one."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.ids import is_ulid

PAGE_LIMIT_MIN = 1
PAGE_LIMIT_MAX = 100
PAGE_LIMIT_DEFAULT = 20
BATCH_MAX = PAGE_LIMIT_MAX  # ids in one batch decision: one page of a queue at its largest

_CURSOR_VERSION = 1


def encode_cursor(*, order: str, before: str) -> str:
    raw = json.dumps({"v": _CURSOR_VERSION, "o": order, "b": before}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(
    token: str, *, order: str, valid: Callable[[str], bool] = is_ulid, field: str = "cursor"
) -> str:
    """The position a page continues after; InvalidInput if the token is not ours."""
    invalid = InvalidInput.one(
        field, "cursor is not valid: pass back the next_cursor of the previous page unchanged."
    )
    if len(token) > 200:
        raise invalid
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise invalid from None
    if (
        not isinstance(data, dict)
        or data.get("v") != _CURSOR_VERSION
        or data.get("o") != order
        or not isinstance(data.get("b"), str)
        or not valid(data["b"])
    ):
        raise invalid
    return data["b"]
