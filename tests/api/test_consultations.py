"""Reading consultations and options."""

from __future__ import annotations

from tests.api.conftest import FUTURE


def test_health(api):
    response = api.get("/health")
    assert response.status_code == 200
    assert response.json_body == {"status": "ok"}
    assert response.headers["X-Correlation-Id"]


def test_consultation_lists_its_options_without_plans(api):
    response = api.get("/consultations/demo")
    assert response.status_code == 200
    body = response.json_body
    assert body["id"] == "demo"
    assert body["status"] == "open"
    assert body["accepting_submissions"] is True
    assert body["title"]["en"] == "Dominion Road light rail"
    assert [(o["id"], o["kind"]) for o in body["options"]] == [("a", "section"), ("b", "map")]
    assert all(
        set(o) == {"id", "title", "kind", "superseded_by", "counts", "outcome"}
        for o in body["options"]
    )


def test_section_option_has_its_streetmix_plan(api):
    body = api.get("/consultations/demo/options/a").json_body
    assert body["kind"] == "section"
    plan = body["plan"]
    assert len(plan["segments"]) >= 8
    assert {"lrt-inbound", "lrt-outbound", "balmoral-platform"} <= {
        s["id"] for s in plan["segments"]
    }
    assert plan["remainingWidth"] == 0.2


def test_map_option_is_a_feature_collection(api):
    plan = api.get("/consultations/demo/options/b").json_body["plan"]
    assert plan["type"] == "FeatureCollection"
    kinds = [f["geometry"]["type"] for f in plan["features"]]
    assert kinds.count("LineString") >= 1
    assert kinds.count("Point") >= 3


def test_unknown_consultation_is_404_naming_it(api):
    response = api.get("/consultations/nowhere")
    assert response.status_code == 404
    error = response.json_body["error"]
    assert error["code"] == "not_found"
    assert "nowhere" in error["message"]
    assert error["field"] == "consultation_id"


def test_malformed_ids_are_404_not_500(api):
    for path in (
        "/consultations/Not%20A%20Slug",
        "/consultations/" + "x" * 3000,
        "/consultations/demo/options/" + "y" * 3000,
        "/consultations/demo/options/A",
        "/consultations/demo/submissions/" + "z" * 3000,
    ):
        response = api.get(path)
        assert response.status_code == 404, path
        assert response.json_body["error"]["code"] == "not_found"


def test_unknown_option_is_404(api):
    response = api.get("/consultations/demo/options/z")
    assert response.status_code == 404
    assert response.json_body["error"]["field"] == "option_id"


def test_draft_consultation_is_not_public(api, seed_consultation):
    seed_consultation("secret-plan", status="draft")
    assert api.get("/consultations/secret-plan").status_code == 404
    assert api.get("/consultations/secret-plan/options/a").status_code == 404


def test_closed_consultation_is_readable_but_not_accepting(api, seed_consultation):
    seed_consultation("old-plan", status="closed", closes_at=FUTURE)
    body = api.get("/consultations/old-plan").json_body
    assert body["status"] == "closed"
    assert body["accepting_submissions"] is False


def test_wrong_method_gets_the_error_shape(api):
    response = api.client.http.delete("/consultations/demo")
    assert response.status_code == 405
    assert response.json_body["error"]["code"] == "method_not_allowed"


def test_option_counts_are_the_consultations_counts(api):
    """One source: the option page's counts are the ones the consultation lists for it."""
    assert api.get("/consultations/demo/options/a").json_body["counts"] == {
        "comments": 0,
        "alternatives": 0,
    }
    for text in ("Keep the trees.", "More shade."):
        assert api.comment(text=text).status_code == 201
    plan = api.get("/consultations/demo/options/a").json_body["plan"]
    plan["segments"] = plan["segments"][1:]
    alternative = {"option_id": "a", "kind": "alternative", "text": "Narrower.", "plan": plan}
    assert api.post("/consultations/demo/submissions", alternative).status_code == 201
    assert api.comment(option_id="b", text="A stop here.").status_code == 201
    listed = {o["id"]: o["counts"] for o in api.get("/consultations/demo").json_body["options"]}
    for oid in ("a", "b"):
        assert api.get(f"/consultations/demo/options/{oid}").json_body["counts"] == listed[oid]
    assert listed["a"] == {"comments": 2, "alternatives": 1}
