"""The staff's consultation list (a Query on the listing index) and the option dry run."""

from __future__ import annotations

from tests.support.staff_api import NEW_OPTION, call, mint


def _new(api, token, cid: str) -> None:
    body = {"id": cid, "title": {"en": f"Consultation {cid}"}}
    assert call(api, "POST", "/staff/consultations", token, body).status_code == 201


def test_every_consultation_newest_first_with_its_submissions_by_state(api, staff_keys):
    admin = mint(staff_keys, "admin")
    moderator = mint(staff_keys, "moderator")
    api.comment()
    api.comment(text="Another.")
    for cid in ("first", "second", "third"):
        _new(api, admin, cid)
    listed = call(api, "GET", "/staff/consultations", moderator)
    assert listed.status_code == 200, listed.json_body
    items = listed.json_body["items"]
    assert [i["id"] for i in items] == ["third", "second", "first", "demo"]
    assert items[0]["status"] == "draft"
    demo = items[-1]
    assert demo["submissions"] == {"published": 2, "pending": 0, "hidden": 0, "withdrawn": 0}
    assert listed.json_body["next_cursor"] is None


def test_the_list_pages_with_a_cursor_and_refuses_a_made_up_one(api, staff_keys):
    admin = mint(staff_keys, "admin")
    for cid in ("one", "two", "three"):
        _new(api, admin, cid)
    seen = []
    path = "/staff/consultations?limit=2"
    while True:
        page = call(api, "GET", path, admin)
        assert page.status_code == 200, page.json_body
        seen += [i["id"] for i in page.json_body["items"]]
        if not page.json_body["next_cursor"]:
            break
        path = f"/staff/consultations?limit=2&cursor={page.json_body['next_cursor']}"
    assert seen == ["three", "two", "one", "demo"]
    refused = call(api, "GET", "/staff/consultations?cursor=bm90LW91cnM", admin)
    assert refused.status_code == 422
    assert refused.json_body["error"]["field"] == "cursor"


def test_a_dry_run_answers_the_option_as_stored_and_stores_nothing(api, staff_keys):
    admin = mint(staff_keys, "admin")
    path = "/staff/consultations/demo/options"
    preview = call(api, "POST", f"{path}?dry_run=true", admin, NEW_OPTION)
    assert preview.status_code == 200, preview.json_body
    assert preview.json_body["id"] == "c"
    assert preview.json_body["plan"]["segments"]
    assert call(api, "GET", f"{path}/c", admin).status_code == 404
    audit = call(api, "GET", "/staff/audit?cid=demo", admin).json_body["items"]
    assert not [e for e in audit if e["action"].startswith("option.")]
    stored = call(api, "POST", path, admin, NEW_OPTION)
    assert stored.status_code == 201
    assert stored.json_body["plan"] == preview.json_body["plan"]


def test_a_dry_run_lists_every_problem_of_a_broken_plan(api, staff_keys):
    admin = mint(staff_keys, "admin")
    broken = {
        "id": "d",
        "title": {"en": "Broken"},
        "kind": "section",
        "plan": {
            "width": 10,
            "units": 0,
            "segments": [
                {"id": "x", "type": 7, "variantString": "", "width": 3},
                {"id": "y", "type": "drive-lane", "variantString": "", "width": 0.1},
            ],
        },
    }
    refused = call(api, "POST", "/staff/consultations/demo/options?dry_run=true", admin, broken)
    assert refused.status_code == 422
    fields = [d["field"] for d in refused.json_body["error"]["details"]]
    assert any(f.startswith("plan.segments[0]") for f in fields), fields
    assert any(f.startswith("plan.segments[1]") for f in fields), fields
