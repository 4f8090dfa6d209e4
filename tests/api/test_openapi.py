"""The OpenAPI document is valid 3.1 and the API's answers match it."""

from __future__ import annotations

import jsonschema
import pytest
from openapi_spec_validator import validate


@pytest.fixture
def spec(api):
    response = api.get("/openapi.json")
    assert response.status_code == 200
    return response.json_body


def _validator(spec, path: str, method: str, status: int):
    schema = spec["paths"][path][method]["responses"][str(status)]["content"]["application/json"]
    root = {**schema["schema"], "components": spec["components"]}
    return jsonschema.Draft202012Validator(root)


def test_document_is_valid_openapi_3_1(spec):
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_answers_match_the_document(api, spec):
    created = api.comment(element_id="west-trees", point=2.0)
    sid = created.json_body["id"]
    checks = [
        ("/health", "get", api.get("/health")),
        ("/consultations/{cid}", "get", api.get("/consultations/demo")),
        ("/consultations/{cid}", "get", api.get("/consultations/nowhere")),
        ("/consultations/{cid}/options/{oid}", "get", api.get("/consultations/demo/options/a")),
        ("/consultations/{cid}/options/{oid}", "get", api.get("/consultations/demo/options/b")),
        ("/consultations/{cid}/submissions", "post", created),
        ("/consultations/{cid}/submissions", "post", api.comment(text="")),
        ("/consultations/{cid}/submissions", "get", api.get("/consultations/demo/submissions")),
        (
            "/consultations/{cid}/submissions/{sid}",
            "get",
            api.get(f"/consultations/demo/submissions/{sid}"),
        ),
    ]
    for path, method, response in checks:
        _validator(spec, path, method, response.status_code).validate(response.json_body)


def test_request_schema_is_the_validating_model(spec):
    comment = spec["components"]["schemas"]["NewSubmission"]
    assert comment["additionalProperties"] is False
    assert comment["properties"]["text"]["maxLength"] == 5000
    assert set(comment["required"]) == {"option_id", "kind", "text"}
