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
    schemas = spec["components"]["schemas"]
    submission = schemas["NewSubmission"]
    assert submission["discriminator"]["propertyName"] == "kind"
    comment, alternative = schemas["NewComment"], schemas["NewAlternative"]
    for variant in (comment, alternative):
        assert variant["additionalProperties"] is False
        assert variant["properties"]["text"]["maxLength"] == 5000
    assert set(comment["required"]) == {"option_id", "kind", "text"}
    assert set(alternative["required"]) == {"option_id", "kind", "text"}
    # the whole plan, or (a map) the edit of the option's plan: exactly one of them
    assert [one["required"] for one in alternative["oneOf"]] == [["plan"], ["plan_edit"]]


HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def test_every_route_is_documented_with_its_methods_and_nothing_else(spec):
    from app import app

    served = {path: {m.lower() for m in methods} for path, methods in app.routes.items()}
    documented = {
        path: {m for m in item if m in HTTP_METHODS} for path, item in spec["paths"].items()
    }
    pairs = {(path, m) for path, methods in served.items() for m in methods}
    listed = {(path, m) for path, methods in documented.items() for m in methods}
    assert not pairs - listed, f"routes missing from the document: {sorted(pairs - listed)}"
    assert not listed - pairs, f"documented but not routes: {sorted(listed - pairs)}"


def test_staff_operations_need_a_bearer_token(spec):
    scheme = spec["components"]["securitySchemes"]["bearerAuth"]
    assert scheme == {**scheme, "type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    assert spec["info"]["title"] == "sayso API"
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if path.startswith("/staff/"):
                assert operation["security"] == [{"bearerAuth": []}], (path, method)
                assert {"401", "403"} <= set(operation["responses"]), (path, method)
                assert "Authorization" in operation["responses"]["401"]["description"]
                assert "role" in operation["description"], (path, method)
            else:
                assert {"bearerAuth": []} not in operation.get("security", []), (path, method)


TOKEN_SCHEMES = {"residentToken": "X-Resident-Token", "editToken": "X-Edit-Token"}


def test_resident_and_edit_tokens_are_api_key_security_schemes(spec):
    """Issue 20 (item 8): the tokens are declared as security schemes on the operations that
    take them (an optional one alongside `{}`), never as plain header parameters."""
    schemes = spec["components"]["securitySchemes"]
    for scheme, header in TOKEN_SCHEMES.items():
        assert {k: schemes[scheme][k] for k in ("type", "in", "name")} == {
            "type": "apiKey",
            "in": "header",
            "name": header,
        }
    used = set()
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            names = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
            assert not names & set(TOKEN_SCHEMES.values()), (path, method)
            for requirement in operation.get("security", []):
                used |= set(requirement) & set(TOKEN_SCHEMES)
    assert used == set(TOKEN_SCHEMES)
    me = spec["paths"]["/consultations/{cid}/residents/me"]["get"]
    assert me["security"] == [{"residentToken": []}]
    read = spec["paths"]["/consultations/{cid}/submissions/{sid}"]["get"]
    assert read["security"] == [{"editToken": []}, {}]
    edit = spec["paths"]["/consultations/{cid}/submissions/{sid}"]["patch"]
    assert edit["security"] == [{"editToken": []}]


def test_every_operation_documents_the_gateway_429_and_the_dispatcher_500(spec):
    """Issue 20 (item 8): API Gateway's stage throttle can answer 429 on any route, and the
    dispatcher answers 500 on a bug: every operation says so."""
    missing = [
        (path, method, status)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        for status in ("429", "500")
        if status not in operation["responses"]
    ]
    assert missing == []
    listing = spec["paths"]["/consultations/{cid}/submissions"]["get"]["responses"]
    assert "throttle" in listing["429"]["description"]
    assert "Retry-After" in listing["429"]["headers"]
    assert "internal_error" in listing["500"]["description"]


def test_staff_answers_match_the_document(api, spec, staff_keys, seed_consultation):
    from tests.support.staff_api import NEW_CONSULTATION, NEW_OPTION, OUTCOME, ROUTE_B, call, mint

    seed_consultation("decided", status="closed")
    staff = mint(staff_keys, "admin", "moderator", "analyst")
    analyst = mint(staff_keys, "analyst")
    sid = api.comment(stance="support").json_body["id"]
    api.comment(option_id="b", kind="alternative", text="Shorter.", plan=None)
    consultation = "/staff/consultations/{cid}"
    option = f"{consultation}/options/{{oid}}"
    moderation = f"{consultation}/submissions/{{sid}}/moderation"
    checks = [
        ("/staff/consultations", "post", "/staff/consultations", NEW_CONSULTATION),
        ("/staff/consultations", "post", "/staff/consultations", NEW_CONSULTATION),  # 409
        (consultation, "get", "/staff/consultations/demo", None),
        (consultation, "get", "/staff/consultations/nowhere", None),
        (consultation, "put", "/staff/consultations/demo", {"moderation": "post"}),
        (f"{consultation}/options", "post", "/staff/consultations/demo/options", NEW_OPTION),
        (option, "get", "/staff/consultations/demo/options/a", None),
        (option, "put", "/staff/consultations/demo/options/c", {**ROUTE_B, "id": "c"}),
        (option, "put", "/staff/consultations/demo/options/a", {**ROUTE_B, "id": "a"}),  # 409
        (f"{option}/outcome", "put", "/staff/consultations/decided/options/a/outcome", OUTCOME),
        (f"{consultation}/status", "post", "/staff/consultations/demo/status", {"status": "x"}),
        (f"{consultation}/stats", "get", "/staff/consultations/demo/stats", None),
        ("/staff/audit", "get", "/staff/audit?cid=demo&limit=2", None),
        ("/staff/audit", "get", "/staff/audit", None),  # 422
        (
            f"{consultation}/moderation",
            "get",
            "/staff/consultations/demo/moderation?queue=pending",
            None,
        ),
        (
            moderation,
            "post",
            f"/staff/consultations/demo/submissions/{sid}/moderation",
            {"action": "hide", "reason": "Test."},
        ),
    ]
    seen = set()
    for path, method, url, body in checks:
        response = call(api, method, url, staff, body)
        seen.add(response.status_code)
        _validator(spec, path, method, response.status_code).validate(response.json_body)
        # Without a token: 401 naming Authorization; with the wrong role: 403 unless allowed.
        refused = call(api, method, url, None, body)
        assert refused.status_code == 401
        assert refused.json_body["error"]["field"] == "Authorization"
        _validator(spec, path, method, 401).validate(refused.json_body)
        other = call(api, method, url, analyst, body)
        _validator(spec, path, method, other.status_code).validate(other.json_body)
    assert {200, 201, 404, 409, 422} <= seen
