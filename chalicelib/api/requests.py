"""Read request bodies and query strings into validated models, or raise a domain error that
names the field. Imported lazily by routes that take input (pydantic costs cold start).

Every message is in words: pydantic's own texts (which quote regexes and Python types) are
replaced by the rule the field follows.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, TypeVar

from pydantic import BaseModel, RootModel, ValidationError

from chalicelib.api.errors import BadRequest, PayloadTooLarge
from chalicelib.api.fields import WORDED
from chalicelib.domain.documents import locate
from chalicelib.domain.errors import InvalidInput, Problem
from chalicelib.domain.ids import (
    ELEMENT_ID_PATTERN,
    ELEMENT_ID_RULE,
    LANGUAGE_TAG_PATTERN,
    LANGUAGE_TAG_RULE,
    SLUG_PATTERN,
    SLUG_RULE,
    ULID_PATTERN,
    ULID_RULE,
)

M = TypeVar("M", bound=BaseModel)

# No field takes a number this long (coordinates carry ~17 significant digits): longer ones
# are refused before Python converts them (it refuses ints over 4,300 digits itself, in words
# about sys.set_int_max_str_digits that mean nothing to a client).
NUMBER_MAX_DIGITS = 40

# Fields whose pydantic messages (one per union member) would confuse more than help.
_FRIENDLY = {
    "point": "point must be [longitude, latitude] on a map, or a distance in metres "
    "from the left edge on a street section.",
}
_PATTERN_RULES = {
    SLUG_PATTERN: SLUG_RULE,
    ELEMENT_ID_PATTERN: ELEMENT_ID_RULE,
    ULID_PATTERN: ULID_RULE,
    LANGUAGE_TAG_PATTERN: LANGUAGE_TAG_RULE,
}
_DATETIME = "must be a date and time with its zone (ISO 8601), e.g. 2027-06-30T12:00:00Z"
_TYPE_RULES = {
    "string_type": "must be text",
    "dict_type": "must be a JSON object ({...})",
    "model_type": "must be a JSON object ({...})",
    "list_type": "must be a list ([...])",
    "tuple_type": "must be a list ([...])",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "finite_number": "must be a finite number",
    "datetime_type": _DATETIME,
    "datetime_parsing": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "timezone_aware": _DATETIME,
    "none_required": "must be null or left out",
}


class _Constant(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is not a number JSON allows")
        self.name = name


def _reject_constant(name: str) -> float:
    raise _Constant(name)


class _LongNumber:
    """Stands in for a number with too many digits until its place in the body is known."""

    def __init__(self, digits: int) -> None:
        self.digits = digits


def _number_reader(convert: type) -> Any:
    def read(literal: str) -> Any:
        digits = sum(char.isdigit() for char in literal)
        return _LongNumber(digits) if digits > NUMBER_MAX_DIGITS else convert(literal)

    return read


def _find_long_number(value: Any, path: str = "") -> tuple[str, _LongNumber] | None:
    if isinstance(value, _LongNumber):
        return path, value
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, item in items:
        where = f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else key)
        found = _find_long_number(item, where)
        if found:
            return found
    return None


def _refuse_long_numbers(data: Any) -> None:
    found = _find_long_number(data)
    if found:
        field, number = found
        raise InvalidInput.one(
            field or None,
            f"{field or 'The body'} is a number of {number.digits:,} digits; no field takes "
            f"a number of more than {NUMBER_MAX_DIGITS} digits.",
        )


def read_json_object(raw: bytes | None, *, max_bytes: int) -> dict[str, Any]:
    if raw is not None and len(raw) > max_bytes:
        raise PayloadTooLarge(
            f"The request body is {len(raw):,} bytes; the limit is {max_bytes:,} bytes."
        )
    if not raw or not raw.strip():
        raise BadRequest("The request body is empty; send a JSON object.")
    try:
        data = json.loads(
            raw,
            parse_constant=_reject_constant,
            parse_int=_number_reader(int),
            parse_float=_number_reader(float),
        )
    except json.JSONDecodeError as error:
        raise BadRequest(
            f"The request body is not valid JSON: {error.msg} "
            f"(line {error.lineno}, column {error.colno})."
        ) from None
    except UnicodeDecodeError:
        raise BadRequest("The request body is not valid JSON: it is not UTF-8 text.") from None
    except _Constant as constant:
        line, column = locate((raw or b"").decode("utf-8", "replace"), constant.name)
        raise BadRequest(
            f"The request body is not valid JSON: {constant} (line {line}, column {column}); "
            "give a number there."
        ) from None
    except (ValueError, RecursionError) as error:
        reason = "it is nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise BadRequest(f"The request body is not valid JSON: {reason}.") from None
    _refuse_long_numbers(data)
    if not isinstance(data, dict):
        raise InvalidInput.one(None, "The request body must be a JSON object ({...}).")
    return data


def _path(loc: tuple[int | str, ...]) -> str:
    path = ""
    if loc and loc[-1] == "[key]":  # a dict key is wrong: name the dict
        loc = loc[:-2]
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _message(field: str, error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "missing":
        if field == "plan":
            return "plan is required: an alternative carries the option's plan, edited."
        return f"{field} is required."
    if kind == "extra_forbidden":
        return f"{field} is not a field we know; check its spelling."
    if kind == WORDED:
        return f"{field} {error['msg']}."
    if kind == "null":
        return f"{field}: null is not a value here; leave the field out."
    if kind == "none_required" and field == "plan":
        return 'plan: only kind "alternative" carries a plan; leave it out of a comment.'
    if kind == "string_pattern_mismatch":
        rule = _PATTERN_RULES.get(str(ctx.get("pattern")))
        return f"{field} must be {rule}." if rule else f"{field} is not in the form it needs."
    unit = "character" if kind.startswith("string_") else "item"  # else a list
    if kind in ("string_too_long", "too_long") and "max_length" in ctx:
        n = ctx["max_length"]
        return f"{field} is too long: at most {n} {unit}{'s' * (n != 1)}."
    if kind in ("string_too_short", "too_short") and "min_length" in ctx:
        n = ctx["min_length"]
        return f"{field} is too short: at least {n} {unit}{'s' * (n != 1)}."
    if kind == "literal_error":
        return f"{field} must be {ctx.get('expected', 'one of the listed values')}."
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        name = str(ctx.get("discriminator", "kind")).strip("'")
        expected = str(ctx.get("expected_tags", "")).replace("', '", "' or '")
        return f"{name} must be {expected}." if expected else f"{name} is required."
    if kind in _TYPE_RULES:
        return f"{field} {_TYPE_RULES[kind]}."
    # What is left (ranges such as "less than or equal to 100") reads as words already.
    return f"{field}: {error['msg'][0].lower()}{error['msg'][1:]}."


def _field(item: dict[str, Any], tags: frozenset[str]) -> str | None:
    ctx = item.get("ctx") or {}
    if item["type"] == WORDED and ctx.get("field"):
        return str(ctx["field"])
    if item["type"] in ("union_tag_not_found", "union_tag_invalid"):
        return str(ctx.get("discriminator", "kind")).strip("'")
    loc = item["loc"]
    if loc and loc[0] in tags:  # a member of a discriminated union: its tag is not a field
        loc = loc[1:]
    return _path(loc) or None


def problems_from(error: ValidationError, tags: frozenset[str] = frozenset()) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for item in error.errors(include_url=False):
        field = _field(item, tags)
        top = field.split(".")[0].split("[")[0] if field else None
        message = _FRIENDLY[top] if top in _FRIENDLY else _message(field or "The body", item)
        if top in _FRIENDLY:
            field = top
        if (field or "") not in seen:
            seen.add(field or "")
            problems.append(Problem(field, message))
    return problems


@lru_cache(maxsize=32)
def _union_tags(model: type[BaseModel]) -> frozenset[str]:
    if not issubclass(model, RootModel):
        return frozenset()
    schema = model.model_json_schema()
    return frozenset(schema.get("discriminator", {}).get("mapping", {}))


def validate(model: type[M], data: dict[str, Any]) -> M:
    """The validated model; for a union (a RootModel), the member that matched."""
    try:
        validated = model.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(problems_from(error, _union_tags(model))) from None
    return validated.root if isinstance(validated, RootModel) else validated  # type: ignore[return-value]


def parse_body(model: type[M], raw: bytes | None, *, max_bytes: int) -> M:
    return validate(model, read_json_object(raw, max_bytes=max_bytes))


def carries_plan(data: dict[str, Any]) -> bool:
    """Whether a submission body is an alternative with its plan (or its map edit): the only
    body that may be larger than the standard limit. A `"plan": null`, or a plan on a comment,
    does not count."""
    sent = data.get("plan") is not None or data.get("plan_edit") is not None
    return sent and data.get("kind", "alternative") == "alternative"


def parse_submission_body(model: type[M], raw: bytes | None, cfg: Any) -> M:
    """A submission (POST) or an edit (PATCH, which has no kind): up to the standard limit,
    or the alternative limit for an alternative with a plan. Sizes are checked before the
    model is validated."""
    size = len(raw or b"")
    if size > cfg.max_alternative_body_bytes:
        raise PayloadTooLarge(
            f"The request body is {size:,} bytes; the limit is "
            f"{cfg.max_alternative_body_bytes:,} bytes. For an alternative to a large map, send "
            "`plan_edit` (what changes in the option's map) instead of the whole `plan`."
        )
    data = read_json_object(raw, max_bytes=cfg.max_alternative_body_bytes)
    if size > cfg.max_body_bytes and not carries_plan(data):
        raise PayloadTooLarge(
            f"The request body is {size:,} bytes; the limit is {cfg.max_body_bytes:,} bytes "
            f"({cfg.max_alternative_body_bytes:,} for an alternative with its plan)."
        )
    return validate(model, data)


def parse_query(model: type[M], params: dict[str, str] | None) -> M:
    return validate(model, dict(params or {}))
