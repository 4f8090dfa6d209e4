"""Field types of the request models: each validates with the domain's rule and publishes the
same rule as JSON Schema, so what the document allows is what the API takes.

Their refusals are `PydanticCustomError("worded", ...)`: the end of a sentence that starts with
the field name (api/requests.py puts the two together), never a regex or a Python message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from chalicelib.domain import email_address
from chalicelib.domain import text as text_rules
from chalicelib.domain.ids import LANGUAGE_TAG_PATTERN, LANGUAGE_TAG_RULE
from chalicelib.domain.text import TextProblem, TextRule

WORDED = "worded"
_language_tag = re.compile(LANGUAGE_TAG_PATTERN)


def refuse(message: str, *, field: str | None = None) -> PydanticCustomError:
    """`field`: the field to name when the check is on the whole model (its loc is empty)."""
    return PydanticCustomError(WORDED, message, {"field": field} if field else None)


def _text_schema(rule: TextRule) -> dict[str, Any]:
    return {
        "type": "string",
        "minLength": 1,
        "maxLength": rule.max_chars,
        "pattern": text_rules.json_schema_pattern(rule),
    }


@dataclass(frozen=True)
class _LazySchema:
    """A JSON Schema built only when the document is (the text pattern takes a scan of the
    Unicode tables: not something every cold start should pay for)."""

    build: Callable[[], dict[str, Any]]

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        return self.build()


def _texts_checker(rule: TextRule) -> Callable[[str], str]:
    def check(value: str) -> str:
        try:
            return text_rules.normalised(value, rule)
        except TextProblem as problem:
            raise refuse(str(problem)) from None

    return check


def human_text(rule: TextRule, description: str) -> Any:
    """A text a person wrote (see chalicelib/domain/text.py), stored NFC-normalised and trimmed."""
    lines = "Line breaks and tabs are allowed. " if rule.multiline else "One line. "
    summary = (
        f"{description} {lines}1–{rule.max_chars:,} characters, not only spaces or invisible "
        "characters; no control characters."
    )
    return Annotated[
        str,
        AfterValidator(_texts_checker(rule)),
        _LazySchema(lambda: {**_text_schema(rule), "description": summary.strip()}),
    ]


def _check_language(tag: str) -> str:
    if not _language_tag.fullmatch(tag):
        raise refuse(f"has the key '{tag[:20]}', which is not a language tag ({LANGUAGE_TAG_RULE})")
    return tag


LanguageTag = Annotated[str, AfterValidator(_check_language)]


def _needs_one(texts: dict[str, str]) -> dict[str, str]:
    if not texts:
        raise refuse("needs a text in at least one language, e.g. en")
    return texts


def localized(rule: TextRule, description: str, *, required: bool) -> Any:
    """Texts per language tag, e.g. {"en": "…", "mi": "…"}; `required`: at least one."""

    def schema() -> dict[str, Any]:
        built: dict[str, Any] = {
            "type": "object",
            "description": f'{description} Per language tag, e.g. {{"en": "…", "mi": "…"}}'
            + ("; at least one." if required else "."),
            "propertyNames": {"pattern": LANGUAGE_TAG_PATTERN},
            "additionalProperties": _text_schema(rule),
        }
        if required:
            built["minProperties"] = 1
        return built

    checks: list[Any] = [AfterValidator(_needs_one)] if required else []
    return Annotated[
        dict[LanguageTag, human_text(rule, "")],  # type: ignore[valid-type]
        *checks,
        _LazySchema(schema),
    ]


def _check_email(address: str) -> str:
    problem = email_address.problem(address)
    if problem:
        raise refuse(problem)
    return address


Email = Annotated[
    str,
    AfterValidator(_check_email),
    WithJsonSchema(
        {
            "type": "string",
            "maxLength": email_address.MAX_CHARS,
            "pattern": email_address.JSON_SCHEMA_PATTERN,
            "description": "Optional, for follow-up by the agency. Never shown or returned. "
            "One @, a domain with a dot, no spaces.",
        }
    ),
]


def _date_text(value: Any) -> Any:
    # pydantic would also read numbers as Unix times; the schema says a string, and so do we.
    if not isinstance(value, str):
        raise refuse("must be a date and time with its zone (ISO 8601), e.g. 2027-06-30T12:00:00Z")
    return value


Moment = Annotated[AwareDatetime, BeforeValidator(_date_text)]
"""A date and time with its zone, sent as ISO 8601 text."""
