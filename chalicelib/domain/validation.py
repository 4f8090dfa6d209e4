"""Collecting input problems: the small toolkit the plan validators (section, geo) share."""

from __future__ import annotations

import math
import numbers
import re
from decimal import Decimal

from chalicelib.domain.errors import InvalidInput, Problem
from chalicelib.domain.ids import ELEMENT_ID_PATTERN

MAX_PROBLEMS = 50


class ProblemList:
    """Collects problems for one input, keeping at most MAX_PROBLEMS so the answer stays small."""

    def __init__(self, root: str, limit: int = MAX_PROBLEMS) -> None:
        self.root = root
        self.limit = limit
        self._problems: list[Problem] = []
        self.overflowed = False

    def add(self, field: str | None, message: str) -> None:
        if len(self._problems) < self.limit:
            self._problems.append(Problem(field, message))
        else:
            self.overflowed = True

    def __bool__(self) -> bool:
        return bool(self._problems)

    def raise_if_any(self) -> None:
        if not self._problems:
            return
        problems = self._problems
        if self.overflowed:
            problems = [
                *problems[: self.limit - 1],
                Problem(
                    self.root,
                    f"there are more problems than the {self.limit} listed; "
                    "fix these and send it again to see the rest.",
                ),
            ]
        raise InvalidInput(problems)


def read_number(value: object) -> float | None:
    """A finite real number as a float; None for anything else (bools, text, NaN, infinity).

    Decimal counts as a number: DynamoDB hands numbers back as Decimal.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        return None
    try:
        number = float(value)
    except (OverflowError, TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def describe(value: object) -> str:
    """How a wrong value reads in a message: short, and never the whole of a huge input."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the text {quote(value)}"
    if isinstance(value, int):
        # Checked before str(): Python refuses to print ints of more than 4300 digits.
        return str(value) if value.bit_length() <= 64 else "a number too large to use"
    if isinstance(value, numbers.Real | Decimal):
        number = read_number(value)
        if number is not None:
            return f"{number:.6g}"
        return (
            f"{value} (not a finite number)" if isinstance(value, float) else "an unusable number"
        )
    if isinstance(value, list | tuple):
        return f"a list of {len(value)} items"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def quote(text: str, limit: int = 40) -> str:
    return repr(shorten(text, limit))


def shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fmt(number: object) -> str:
    """3.0 -> '3.0', 0.25 -> '0.25', 1.5243 -> '1.524': metres to the millimetre."""
    value = read_number(number)
    if value is None:
        return str(number)
    text = f"{value:.3f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def is_element_id(value: object) -> bool:
    """Segment and feature ids: 1–64 of A-Z a-z 0-9 _ . : - (Streetmix nanoids pass)."""
    return isinstance(value, str) and re.fullmatch(ELEMENT_ID_PATTERN, value) is not None


ID_RULE = "1–64 letters, digits, '_', '.', ':' or '-'"
