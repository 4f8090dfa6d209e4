"""Staff identity and roles, consultation set-up and status, the audit log."""

from __future__ import annotations

import json

import pytest

from tests.support.sources import from_source
from tests.support.staff_api import (
    FIXTURES,
    NEW_CONSULTATION,
    NEW_OPTION,
    OUTCOME,
    ROUTE_B,
    STREETMIX,
    call,
    mint,
)

ANSWER = {
    "status": "under-study",
    "text": {"en": "We are looking at it."},
    "links": {"options": ["a"]},
}
# Every staff route, with a body that works, and the roles that may use it.
ROUTES = [
    ("POST", "/staff/consultations", NEW_CONSULTATION, {"admin"}),
    ("GET", "/staff/consultations", None, {"admin", "moderator", "analyst"}),
    ("POST", "/staff/consultations/demo/options?dry_run=true", NEW_OPTION, {"admin"}),
    ("GET", "/staff/consultations/demo", None, {"admin", "moderator", "analyst"}),
    ("PUT", "/staff/consultations/demo", {"summary": {"en": "Updated."}}, {"admin"}),
    ("POST", "/staff/consultations/demo/options", NEW_OPTION, {"admin"}),
    ("POST", "/staff/consultations/demo/status", {"status": "closed"}, {"admin"}),
    ("GET", "/staff/consultations/demo/options", None, {"admin", "moderator", "analyst"}),
    ("GET", "/staff/consultations/demo/options/a", None, {"admin", "moderator", "analyst"}),
    ("PUT", "/staff/consultations/demo/options/b", ROUTE_B, {"admin"}),
    ("PUT", "/staff/consultations/decided/options/a/outcome", OUTCOME, {"admin"}),
    ("GET", "/staff/consultations/demo/stats", None, {"admin", "analyst"}),
    ("POST", "/staff/consultations/demo/reports", None, {"admin", "analyst"}),
    ("GET", "/staff/consultations/demo/reports", None, {"admin", "analyst"}),
    ("GET", "/staff/audit?cid=demo", None, {"admin"}),
    ("GET", "/staff/consultations/demo/moderation?queue=flagged", None, {"moderator"}),
    (
        "POST",
        "/staff/consultations/demo/submissions/{sid}/moderation",
        {"action": "hide", "reason": "Off topic."},
        {"moderator"},
    ),
    (
        "POST",
        "/staff/consultations/demo/moderation/batch",
        {"ids": ["{sid}"], "action": "hide", "reason": "Part of a campaign."},
        {"moderator"},
    ),
    ("GET", "/staff/consultations/demo/responses", None, {"admin", "moderator", "analyst"}),
    ("POST", "/staff/consultations/decided/responses", ANSWER, {"admin"}),
    ("PUT", "/staff/consultations/decided/responses/{rid}", {**ANSWER, "version": 1}, {"admin"}),
    ("GET", "/staff/consultations/demo/unanswered", None, {"admin", "analyst"}),
]
ROLES = ("admin", "moderator", "analyst")


def _filled(api, staff_keys, path: str, sid: str) -> str:
    """The path with its submission id, and with a response written first if it names one."""
    if "{rid}" in path:
        written = call(
            api, "POST", "/staff/consultations/decided/responses", mint(staff_keys, "admin"), ANSWER
        )
        path = path.replace("{rid}", written.json_body["id"])
    return path.format(sid=sid)


def _with(body, sid: str):
    return None if body is None else json.loads(json.dumps(body).replace("{sid}", sid))


def test_the_role_table_covers_every_staff_operation_with_the_roles_the_route_table_says():
    from chalicelib.api.routes import OPERATIONS

    def template(path: str) -> str:
        parts = path.split("?")[0].split("/")
        names = {"demo": "{cid}", "decided": "{cid}", "a": "{oid}", "b": "{oid}", "{sid}": "{sid}"}
        names["{rid}"] = "{rid}"
        return "/".join(names.get(p, p) if i in (3, 5) else p for i, p in enumerate(parts))

    covered = {(method, template(path)): allowed for method, path, _, allowed in ROUTES}
    for op in OPERATIONS:
        if op.is_staff:
            assert covered.get((op.method, op.path)) == set(op.roles), op.operation_id


@pytest.mark.parametrize(("method", "path", "body", "allowed"), ROUTES)
@pytest.mark.parametrize("role", ROLES)
def test_exactly_the_intended_roles_pass(
    api, staff_keys, seed_consultation, method, path, body, allowed, role
):
    seed_consultation("decided", status="closed")
    sid = api.comment().json_body["id"]
    path = _filled(api, staff_keys, path, sid)
    response = call(api, method, path, mint(staff_keys, role), _with(body, sid))
    if role in allowed:
        assert response.status_code in (200, 201), response.json_body
    else:
        assert response.status_code == 403
        assert response.json_body["error"]["code"] == "forbidden"


@pytest.mark.parametrize(("method", "path", "body", "allowed"), ROUTES)
@pytest.mark.parametrize(
    "bad_token",
    [
        "none",
        "garbage",
        "expired",
        "wrong-signature",
        "other-key",
        "wrong-audience",
        "wrong-issuer",
        "no-role",
    ],
)
def test_bad_tokens_get_401_and_no_role_gets_403(
    api, staff_keys, seed_consultation, tmp_path_factory, method, path, body, allowed, bad_token
):
    seed_consultation("decided", status="closed")
    if bad_token == "none":
        token = None
    elif bad_token == "garbage":
        token = "not.a.jwt"
    elif bad_token == "expired":
        token = mint(staff_keys, "admin", now=1_000_000_000)
    elif bad_token == "wrong-signature":
        good = mint(staff_keys, "admin")
        token = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    elif bad_token == "other-key":
        token = mint(tmp_path_factory.mktemp("other"), "admin")
    elif bad_token == "wrong-audience":
        token = mint(staff_keys, "admin", audience="someone-else")
    elif bad_token == "wrong-issuer":
        token = mint(staff_keys, "admin", issuer="https://evil.example")
    else:
        token = mint(staff_keys)
    sid = api.comment().json_body["id"]
    response = call(api, method, _filled(api, staff_keys, path, sid), token, _with(body, sid))
    expected = 403 if bad_token == "no-role" else 401
    assert response.status_code == expected, response.json_body
    if expected == 401:
        assert response.json_body["error"]["field"] == "Authorization"


def test_a_consultation_goes_from_draft_to_open_to_closed(api, staff_keys):
    admin = mint(staff_keys, "admin")
    created = call(api, "POST", "/staff/consultations", admin, NEW_CONSULTATION)
    assert created.status_code == 201
    assert created.json_body["status"] == "draft"
    assert api.get("/consultations/queen-street").status_code == 404  # drafts are not public

    refused = call(
        api, "POST", "/staff/consultations/queen-street/status", admin, {"status": "open"}
    )
    assert refused.status_code == 409
    assert "at least one option" in refused.json_body["error"]["message"]

    option = call(api, "POST", "/staff/consultations/queen-street/options", admin, NEW_OPTION)
    assert option.status_code == 201, option.json_body
    listed = call(api, "GET", "/staff/consultations/queen-street/options", admin).json_body
    assert listed == {  # the draft's options, for the staff pages
        "items": [
            {
                "id": "c",
                "title": NEW_OPTION["title"],
                "kind": "section",
                "superseded_by": None,
                "outcome": None,
            }
        ]
    }
    feet = STREETMIX["data"]["street"]["width"] if "data" in STREETMIX else STREETMIX["width"]
    assert option.json_body["plan"]["width"] == round(feet * 0.3048, 3)  # schema 17: feet

    opened = call(
        api, "POST", "/staff/consultations/queen-street/status", admin, {"status": "open"}
    )
    assert opened.status_code == 200
    public = api.get("/consultations/queen-street").json_body
    assert [o["id"] for o in public["options"]] == ["c"]
    assert api.comment(cid="queen-street", option_id="c").status_code == 201

    closed = call(
        api, "POST", "/staff/consultations/queen-street/status", admin, {"status": "closed"}
    )
    assert closed.status_code == 200
    assert api.comment(cid="queen-street", option_id="c").status_code == 409
    reopen = call(
        api, "POST", "/staff/consultations/queen-street/status", admin, {"status": "open"}
    )
    assert reopen.status_code == 409
    late = call(
        api, "POST", "/staff/consultations/queen-street/options", admin, {**NEW_OPTION, "id": "d"}
    )
    assert late.status_code == 409


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"plan": None}, 422, "plan"),  # no plan at all
        ({"geojson": {"type": "FeatureCollection", "features": []}}, 422, "plan"),  # two plans
        (  # null is not a value here: leave the field out
            {"streetmix": None, "geojson": {"type": "FeatureCollection", "features": []}},
            422,
            "streetmix",
        ),
        ({"kind": "map"}, 422, "kind"),  # a Streetmix street makes a section option
        ({"id": "Bad Id"}, 422, "id"),
        ({"title": {}}, 422, "title"),
        ({"streetmix": {"data": {"street": {"schemaVersion": 12}}}}, 422, None),
        ({"id": "a"}, 409, "id"),  # the demo already has option a
    ],
)
def test_option_rules(api, staff_keys, change, status, field):
    body = {**NEW_OPTION, **change}
    if change.get("plan", 0) is None:
        body.pop("streetmix")
    response = call(
        api, "POST", "/staff/consultations/demo/options", mint(staff_keys, "admin"), body
    )
    assert response.status_code == status, response.json_body
    if field:
        assert response.json_body["error"]["field"] == field


def test_consultation_rules(api, staff_keys):
    admin = mint(staff_keys, "admin")
    again = call(api, "POST", "/staff/consultations", admin, {**NEW_CONSULTATION, "id": "demo"})
    assert again.status_code == 409
    bad_dates = {
        **NEW_CONSULTATION,
        "opens_at": "2027-01-02T00:00:00Z",
        "closes_at": "2027-01-01T00:00:00Z",
    }
    assert call(api, "POST", "/staff/consultations", admin, bad_dates).status_code == 422
    naive = {**NEW_CONSULTATION, "closes_at": "2027-01-01T00:00:00"}
    assert call(api, "POST", "/staff/consultations", admin, naive).json_body["error"]["field"] == (
        "closes_at"
    )
    assert (
        call(
            api,
            "POST",
            "/staff/consultations",
            admin,
            {**NEW_CONSULTATION, "title": {"english": "x"}},
        ).status_code
        == 422
    )
    assert call(api, "GET", "/staff/consultations/nowhere", admin).status_code == 404


def test_every_staff_write_is_in_the_audit_log(api, staff_keys):
    admin = mint(staff_keys, "admin", subject="u-123", email="planner@council.example")
    call(api, "POST", "/staff/consultations", admin, NEW_CONSULTATION)
    call(api, "PUT", "/staff/consultations/queen-street", admin, {"moderation": "post"})
    call(api, "POST", "/staff/consultations/queen-street/options", admin, NEW_OPTION)
    call(api, "POST", "/staff/consultations/queen-street/status", admin, {"status": "open"})
    page = call(api, "GET", "/staff/audit?cid=queen-street&limit=3", admin).json_body
    assert [e["action"] for e in page["items"]] == [
        "consultation.open",
        "option.create",
        "consultation.update",
    ]
    assert {e["subject"] for e in page["items"]} == {"u-123"}
    assert {e["email"] for e in page["items"]} == {"planner@council.example"}
    update = page["items"][2]
    assert (update["before"]["moderation"], update["after"]["moderation"]) == ("pre", "post")
    rest = call(api, "GET", f"/staff/audit?cid=queen-street&cursor={page['next_cursor']}", admin)
    assert [e["action"] for e in rest.json_body["items"]] == ["consultation.create"]
    assert rest.json_body["items"][0]["before"] is None
    assert rest.json_body["next_cursor"] is None


def test_cli_mints_a_token_the_api_accepts(api, staff_keys, monkeypatch, capsys):
    from chalicelib import cli
    from chalicelib.local import staff_keys as keys

    monkeypatch.setattr(keys, "DEFAULT_DIR", staff_keys)
    monkeypatch.setattr(
        keys.mint, "__kwdefaults__", {**keys.mint.__kwdefaults__, "directory": staff_keys}
    )
    assert cli.main(["staff-token", "--role", "analyst"]) == 0
    token = capsys.readouterr().out.strip()
    assert call(api, "GET", "/staff/consultations/demo", token).status_code == 200
    assert call(api, "GET", "/staff/audit?cid=demo", token).status_code == 403


def test_cli_sets_up_a_consultation_through_the_same_services(api, tmp_path, capsys):
    from chalicelib import cli

    spec = tmp_path / "consultation.json"
    spec.write_text(json.dumps({**NEW_CONSULTATION, "closes_at": "2099-01-01T00:00:00+00:00"}))
    assert cli.main(["create-consultation", str(spec)]) == 0
    street = FIXTURES / "streetmix-schema30-metric.json"
    assert cli.main(["add-option", "queen-street", "a", str(street), "--title", "Option A"]) == 0
    route = FIXTURES / "map-harbour.json"
    assert cli.main(["add-option", "queen-street", "b", str(route), "--title", "Route"]) == 0
    assert cli.main(["status", "queen-street", "open"]) == 0
    out = capsys.readouterr().out
    assert "now open" in out
    public = api.get("/consultations/queen-street").json_body
    assert [(o["id"], o["kind"]) for o in public["options"]] == [("a", "section"), ("b", "map")]
    assert cli.main(["status", "queen-street", "open"]) == 2
    assert "is open" in capsys.readouterr().err

    from chalicelib.store.models import AuditRecord

    subjects = {r.subject for r in AuditRecord.query("queen-street")}
    assert len(subjects) == 1 and subjects.pop().startswith("cli:")


def _moderate(api, token: str, sid: str, action: str, cid: str = "careful"):
    return call(
        api,
        "POST",
        f"/staff/consultations/{cid}/submissions/{sid}/moderation",
        token,
        {"action": action, "reason": f"{action} for the test"},
    )


def _queue(api, token: str, name: str, cid: str = "careful") -> list[str]:
    page = call(api, "GET", f"/staff/consultations/{cid}/moderation?queue={name}", token)
    assert page.status_code == 200, page.json_body
    return [item["id"] for item in page.json_body["items"]]


def test_moderators_approve_hide_and_restore(api, staff_keys, seed_consultation):
    seed_consultation("careful", moderation="pre")
    moderator = mint(staff_keys, "moderator", subject="mod-1")
    created = api.comment(cid="careful", text="Please approve me.").json_body
    sid, path = created["id"], f"/consultations/careful/submissions/{created['id']}"
    public = "/consultations/careful/submissions"

    assert _queue(api, moderator, "pending") == [sid]
    assert api.get(path).status_code == 404
    own = api.client.http.get(path, headers={"X-Edit-Token": created["edit_token"]})
    assert own.status_code == 200 and own.json_body["status"] == "pending"

    assert _moderate(api, moderator, sid, "restore").status_code == 409
    approved = _moderate(api, moderator, sid, "approve")
    assert approved.status_code == 200 and approved.json_body["status"] == "published"
    assert _queue(api, moderator, "pending") == []
    assert [i["id"] for i in api.get(public).json_body["items"]] == [sid]

    assert _moderate(api, moderator, sid, "hide").json_body["status"] == "hidden"
    assert api.get(public).json_body["items"] == []
    assert api.get(f"{public}?option=a").json_body["items"] == []
    assert _queue(api, moderator, "hidden") == [sid]
    own = api.client.http.get(path, headers={"X-Edit-Token": created["edit_token"]})
    assert own.json_body["status"] == "hidden"

    assert _moderate(api, moderator, sid, "restore").json_body["status"] == "published"
    assert _queue(api, moderator, "hidden") == []
    assert [i["id"] for i in api.get(public).json_body["items"]] == [sid]

    admin = mint(staff_keys, "admin")
    log = call(api, "GET", "/staff/audit?cid=careful", admin).json_body["items"]
    assert [(e["action"], e["subject"]) for e in log[:3]] == [
        ("submission.restore", "mod-1"),
        ("submission.hide", "mod-1"),
        ("submission.approve", "mod-1"),
    ]
    assert log[1]["after"] == {"status": "hidden", "reason": "hide for the test"}


def test_flagged_submissions_wait_in_the_flagged_queue(api, staff_keys):
    moderator = mint(staff_keys, "moderator")
    sid = api.comment(text="Rude words").json_body["id"]
    for n in range(3):  # three residents from three places: flags count once per source
        with from_source(f"198.51.100.{n + 1}"):
            token = api.post("/residents", {}).json_body["token"]
            api.client.http.post(
                f"/consultations/demo/submissions/{sid}/flags",
                headers={"X-Resident-Token": token, "Content-Type": "application/json"},
                body=json.dumps({"reason": "abusive"}),
            )
    assert _queue(api, moderator, "flagged", cid="demo") == [sid]
    assert _queue(api, moderator, "pending", cid="demo") == []
    assert _moderate(api, moderator, sid, "hide", cid="demo").status_code == 200
    assert _queue(api, moderator, "flagged", cid="demo") == []
    assert _queue(api, moderator, "hidden", cid="demo") == [sid]


def test_moderation_input_is_checked(api, staff_keys):
    moderator = mint(staff_keys, "moderator")
    sid = api.comment().json_body["id"]
    url = f"/staff/consultations/demo/submissions/{sid}/moderation"
    assert call(api, "POST", url, moderator, {"action": "delete", "reason": "x"}).status_code == 422
    assert call(api, "POST", url, moderator, {"action": "hide", "reason": ""}).status_code == 422
    missing = "/staff/consultations/demo/submissions/01JAAAAAAAAAAAAAAAAAAAAAAA/moderation"
    assert (
        call(api, "POST", missing, moderator, {"action": "hide", "reason": "x"}).status_code == 404
    )
    bad_queue = call(api, "GET", "/staff/consultations/demo/moderation?queue=all", moderator)
    assert bad_queue.status_code == 422
