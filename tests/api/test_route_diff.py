"""A resident re-routes the demo's light-rail line: the stored diff answers what changed (the
line's name, the stretch between the stops, the length change) in the submission and the
listing; a diff stored before those fields existed still answers."""

from __future__ import annotations

from tests.support.demo_route import REROUTED


def send_reroute(api) -> str:
    edit = {"moved": [{"id": "route", "geometry": {"type": "LineString", "coordinates": REROUTED}}]}
    body = {
        "option_id": "b",
        "kind": "alternative",
        "text": "Go round the west of Balmoral.",
        "plan_edit": edit,
    }
    created = api.post("/consultations/demo/submissions", body)
    assert created.status_code == 201, created.json_body
    return created.json_body["id"]


def test_a_stored_reroute_answers_the_route_fields(api) -> None:
    sid = send_reroute(api)

    one = api.get(f"/consultations/demo/submissions/{sid}").json_body["diff"]
    listing = api.get("/consultations/demo/submissions?option=b").json_body["items"]

    [moved] = one["moved"]
    assert moved["name"] == "Dominion Road light rail"
    [route] = moved["routes"]
    assert (route["part"], route["start"], route["end"]) == (None, "Balmoral", "Mt Roskill")
    assert 300 < route["length_change_m"] < 600
    assert route["length_m"] > route["length_change_m"]
    assert one["summary"] == [
        "Dominion Road light rail: route changed between Balmoral and Mt Roskill, "
        f"{round(route['length_change_m'])} m longer"
    ]
    [listed] = [item for item in listing if item["id"] == sid]
    assert listed["diff"]["complete"] is True
    assert listed["diff"]["moved"][0]["routes"] == [route]


def test_a_diff_stored_before_route_fields_still_answers(api) -> None:
    from chalicelib.store.models import SubmissionRecord
    from chalicelib.store.submissions import SUBMISSION_SK, _pk

    sid = send_reroute(api)
    record = SubmissionRecord.get(_pk("demo", sid), SUBMISSION_SK)
    old = dict(record.diff)
    old["moved"] = [
        {key: value for key, value in moved.items() if key not in ("name", "routes")}
        for moved in old["moved"]
    ]
    record.update(actions=[SubmissionRecord.diff.set(old)])

    answer = api.get(f"/consultations/demo/submissions/{sid}")

    assert answer.status_code == 200
    [moved] = answer.json_body["diff"]["moved"]
    assert "routes" not in moved
    assert answer.json_body["diff"]["summary"][0].startswith("route redrawn, its centre moved ")
