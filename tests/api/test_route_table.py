"""The route table is the one source: every Chalice route comes from it, every entry is in the
OpenAPI document with the statuses it declares, and the README's tables are written from it."""

from __future__ import annotations

import pytest

from chalicelib.api import schemas
from chalicelib.api.readme_tables import README, rendered
from chalicelib.api.routes import OPERATIONS, document


def test_every_route_comes_from_the_table_and_nothing_else():
    from app import app

    served = {(path, method) for path, entry in app.routes.items() for method in entry}
    declared = {(op.path, op.method) for op in OPERATIONS}
    assert served == declared
    for path, entry in app.routes.items():
        for method, route in entry.items():
            op = next(o for o in OPERATIONS if (o.path, o.method) == (path, method))
            assert route.view_name == op.operation_id


def test_every_entry_is_in_the_document_with_its_statuses():
    paths = document()["paths"]
    for op in OPERATIONS:
        documented = paths[op.path][op.method.lower()]
        assert documented["operationId"] == op.operation_id
        statuses = {int(s) for s in documented["responses"]}
        assert set(op.replies) | set(op.errors) <= statuses
        if op.is_staff:
            assert {401, 403} <= statuses
        for status in statuses - set(op.replies):
            content = documented["responses"][str(status)]["content"]["application/json"]
            assert content["schema"] == {"$ref": "#/components/schemas/Error"}
        if 429 in statuses:
            assert "Retry-After" in documented["responses"]["429"]["headers"]


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_every_entry_names_things_that_exist(op):
    assert callable(op.handler)
    for name in (op.body, op.query, *(r.model for r in op.replies.values())):
        if name:
            assert hasattr(schemas, name), name
    ids = [o.operation_id for o in OPERATIONS]
    assert ids.count(op.operation_id) == 1
    for link in op.links:
        assert link.operation_id in ids


def test_readme_tables_are_the_route_table():
    current = README.read_text()
    assert current == rendered(current), (
        "README.md's API tables differ from the route table: run "
        "`.venv/bin/python -m chalicelib.api.readme_tables`"
    )


def test_a_method_the_path_does_not_have_answers_405_in_the_error_shape(api):
    response = api.client.http.delete("/health")
    assert response.status_code == 405
    assert response.json_body["error"]["code"] == "method_not_allowed"


def test_a_path_no_route_has_gets_the_gateway_answer_the_docs_describe(api):
    # chalice's local gateway answers as API Gateway does before any app code runs; the
    # deployment maps this answer to the error shape (docs/architecture.md, "The route table").
    response = api.get("/no/such/route")
    assert response.status_code == 403
    assert response.json_body == {"message": "Missing Authentication Token"}


def test_the_schemathesis_config_is_the_route_table():
    from chalicelib.api.schemathesis_config import CONFIG, render

    assert CONFIG.read_text() == render(), (
        "schemathesis.toml differs from the route table: run "
        "`.venv/bin/python -m chalicelib.api.schemathesis_config`"
    )
