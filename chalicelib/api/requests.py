"""Read request bodies and query strings into validated models, or raise a domain error that
names the field. Imported lazily by routes that take input (pydantic costs cold start)."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from chalicelib.api.errors import BadRequest, PayloadTooLarge
from chalicelib.domain.errors import InvalidInput, Problem

M = TypeVar("M", bound=BaseModel)

# Fields whose pydantic messages (one per union member) would confuse more than help.
_FRIENDLY = {
    "point": "point must be [longitude, latitude] on a map, or a distance in metres "
    "from the left edge on a street section.",
}


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def read_json_object(raw: bytes | None, *, max_bytes: int) -> dict[str, Any]:
    if raw is not None and len(raw) > max_bytes:
        raise PayloadTooLarge(
            f"The request body is {len(raw):,} bytes; the limit is {max_bytes:,} bytes."
        )
    if not raw or not raw.strip():
        raise BadRequest("The request body is empty; send a JSON object.")
    try:
        data = json.loads(raw, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise BadRequest(
            f"The request body is not valid JSON: {error.msg} "
            f"(line {error.lineno}, column {error.colno})."
        ) from None
    except (ValueError, RecursionError) as error:
        reason = "it is nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise BadRequest(f"The request body is not valid JSON: {reason}.") from None
    if not isinstance(data, dict):
        raise InvalidInput.one(None, "The request body must be a JSON object ({...}).")
    return data


def _path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _message(field: str, error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "missing":
        return f"{field} is required."
    if kind == "extra_forbidden":
        return f"{field} is not a field we know; check its spelling."
    return f"{field}: {error['msg']}."


def problems_from(error: ValidationError) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for item in error.errors(include_url=False):
        top = str(item["loc"][0]) if item["loc"] else None
        if top in _FRIENDLY:
            field, message = top, _FRIENDLY[top]
        else:
            field = _path(item["loc"]) or None
            message = _message(field or "body", item)
        if field not in seen:
            seen.add(field or "")
            problems.append(Problem(field, message))
    return problems


def validate(model: type[M], data: dict[str, Any]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(problems_from(error)) from None


def parse_body(model: type[M], raw: bytes | None, *, max_bytes: int) -> M:
    return validate(model, read_json_object(raw, max_bytes=max_bytes))


def parse_query(model: type[M], params: dict[str, str] | None) -> M:
    return validate(model, dict(params or {}))


def parse_submission_body(model: type[M], raw: bytes | None, cfg: Any) -> M:
    """Bodies up to 64 KB, or 256 KB for an alternative plan (the size is checked first)."""
    data = read_json_object(raw, max_bytes=cfg.max_alternative_body_bytes)
    is_plan = data.get("kind") == "alternative" or "plan" in data
    if raw is not None and len(raw) > cfg.max_body_bytes and not is_plan:
        raise PayloadTooLarge(
            f"The request body is {len(raw):,} bytes; the limit is {cfg.max_body_bytes:,} bytes "
            f"({cfg.max_alternative_body_bytes:,} for an alternative plan)."
        )
    return validate(model, data)
