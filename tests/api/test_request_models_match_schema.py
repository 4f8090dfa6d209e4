"""Each request body model takes exactly what its published JSON Schema allows: bodies generated
from the schema pass the model, and bodies the schema forbids are refused by it. (The rules no
schema can say, e.g. a plan valid for the option or `closes_at` after `opens_at`, live in the
domain and are not part of this.) Fixed seeds; about 30 s."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
import schemathesis
from hypothesis import HealthCheck, given, seed, settings
from schemathesis import GenerationMode

from chalicelib.api import schemas
from chalicelib.api.requests import validate
from chalicelib.api.routes import document
from chalicelib.domain.errors import InvalidInput


def _body_operations() -> list[tuple[Any, str]]:
    doc = document()
    found = []
    for result in schemathesis.openapi.from_dict(doc).get_all_operations():
        operation = result.ok()
        raw = doc["paths"][operation.path][operation.method.lower()]
        body = raw.get("requestBody", {}).get("content", {}).get("application/json", {})
        if "$ref" in body.get("schema", {}):
            found.append((operation, body["schema"]["$ref"]))
    return found


OPERATIONS = _body_operations()


def _accepts(model: type, body: dict[str, Any]) -> bool:
    if model is schemas.OptionReplacement:
        # Tolerated outside the schema when it is the path's option (the route checks that).
        body = {key: value for key, value in body.items() if key != "id"}
    try:
        validate(model, body)
    except InvalidInput:
        return False
    return True


def _check(operation: Any, ref: str, mode: GenerationMode, examples: int) -> list[Any]:
    model = getattr(schemas, ref.rsplit("/", 1)[1])
    validator = jsonschema.Draft202012Validator(
        {"$ref": ref, "components": document()["components"]}
    )
    wrong: list[Any] = []

    @seed(20261201)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        body = case.body
        if not isinstance(body, dict):
            return
        allowed = validator.is_valid(body)
        if mode.is_negative and allowed:
            return  # the case is negative elsewhere (path, query, headers)
        if _accepts(model, body) != allowed:
            wrong.append(body)

    run()
    return wrong


@pytest.mark.parametrize(("operation", "ref"), OPERATIONS, ids=[o.label for o, _ in OPERATIONS])
def test_the_model_takes_what_the_schema_allows(operation, ref):
    assert _check(operation, ref, GenerationMode.POSITIVE, 25) == []


@pytest.mark.parametrize(("operation", "ref"), OPERATIONS, ids=[o.label for o, _ in OPERATIONS])
def test_the_model_refuses_what_the_schema_forbids(operation, ref):
    assert _check(operation, ref, GenerationMode.NEGATIVE, 25) == []
