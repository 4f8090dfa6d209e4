"""The one rule for text people write: submission texts, titles, summaries, outcome texts and
moderation reasons, whether they come through the API or the CLI.

A text must be valid Unicode (no lone UTF-16 surrogates), carry no control characters (newline
and tab only where the field is multi-line), and say something once whitespace and invisible
formatting characters (Unicode category Cf, e.g. U+200B ZERO WIDTH SPACE) are set aside. It is
stored NFC-normalised and trimmed; its length is counted in characters once normalised (line
breaks as one character, NFC), before trimming.

`json_schema_pattern` says the same (as far as a JSON Schema pattern can) for the published
document, so a client generated from it sends only texts the API takes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from chalicelib.domain.errors import InvalidInput


class TextProblem(ValueError):
    """Why a text breaks the rule, as the end of a sentence that starts with the field name."""


@dataclass(frozen=True)
class TextRule:
    max_chars: int
    multiline: bool


TITLE = TextRule(max_chars=200, multiline=False)
SUMMARY = TextRule(max_chars=5000, multiline=True)
SUBMISSION_TEXT = TextRule(max_chars=5000, multiline=True)
OUTCOME_TEXT = TextRule(max_chars=5000, multiline=True)
REASON = TextRule(max_chars=500, multiline=True)

# \r is read as a line break (\r\n and \r become \n) before this rule applies.
_LINE_BREAKS = "\n\t\r"


def _is_control(char: str, multiline: bool) -> bool:
    return unicodedata.category(char) == "Cc" and not (multiline and char in _LINE_BREAKS)


def _is_blank(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Cf"


def normalised(text: str, rule: TextRule) -> str:
    """The text as stored, or TextProblem saying which part of the rule it breaks."""
    if any(0xD800 <= ord(char) <= 0xDFFF for char in text):
        raise TextProblem(
            "contains a broken character (half of a UTF-16 surrogate pair); send valid Unicode"
        )
    if rule.multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = next((char for char in text if _is_control(char, rule.multiline)), None)
    if bad is not None:
        allowed = "; only line breaks and tabs are allowed" if rule.multiline else ""
        raise TextProblem(
            f"contains the control character U+{ord(bad):04X}{allowed}; send plain text"
        )
    text = unicodedata.normalize("NFC", text)
    # Counted before trimming, as JSON Schema's maxLength counts what is sent.
    if len(text) > rule.max_chars:
        raise TextProblem(
            f"is {len(text):,} characters long; the limit is {rule.max_chars:,} characters"
        )
    text = text.strip()
    if all(_is_blank(char) for char in text):
        raise TextProblem("must not be empty (spaces and invisible characters do not count)")
    return text


def clean(field: str, text: object, rule: TextRule) -> str:
    """The text as stored, or InvalidInput naming the field (for callers outside pydantic)."""
    if not isinstance(text, str):
        raise InvalidInput.one(field, f"{field} must be text.")
    try:
        return normalised(text, rule)
    except TextProblem as problem:
        raise InvalidInput.one(field, f"{field} {problem}.") from None


# ---- the same rule as a JSON Schema pattern -------------------------------------------------


def _code_points(test: object) -> list[int]:
    return [cp for cp in range(0x10000) if not 0xD800 <= cp <= 0xDFFF and test(chr(cp))]  # type: ignore[operator]


def _char_class(code_points: list[int]) -> str:
    """`\\uXXXX` ranges (BMP only), understood alike by ECMA-262 and Python regexes."""
    parts, start, previous = [], None, None
    for cp in [*sorted(code_points), None]:
        if start is not None and (cp is None or cp != previous + 1):  # type: ignore[operator]
            parts.append(
                f"\\u{start:04x}" if start == previous else f"\\u{start:04x}-\\u{previous:04x}"
            )
            start = None
        if cp is not None and start is None:
            start = cp
        previous = cp
    return "".join(parts)


@lru_cache(maxsize=8)
def json_schema_pattern(rule: TextRule) -> str:
    """No control character anywhere, and at least one character that is neither whitespace
    nor invisible. Characters beyond the Basic Multilingual Plane are left to the code (a
    pattern would need ECMA's `u` flag); so are lone surrogates, which JSON Schema generators
    do not produce."""
    control = _char_class(_code_points(lambda c: _is_control(c, rule.multiline)))
    blank = _char_class(_code_points(lambda c: _is_blank(c) or _is_control(c, rule.multiline)))
    return f"^[^{control}]*[^{blank}][^{control}]*$"
