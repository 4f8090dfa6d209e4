"""Responses ("you said, we did"): staff answer submissions, elements, campaigns and options
once the consultation has closed; residents read them once the outcome is published, a
withdrawn submission shown as withdrawn and never its words."""

from __future__ import annotations

import pytest

from tests.support.staff_api import OUTCOME, call, mint

RESPONSES = "/staff/consultations/demo/responses"
PLATFORM = "balmoral-platform"
SHADE = {"en": "A canopy is added over the Balmoral platform."}


def _status(api, token, status):
    return call(api, "POST", "/staff/consultations/demo/status", token, {"status": status})


def _withdraw(api, created):
    return api.client.http.delete(
        f"/consultations/demo/submissions/{created['id']}",
        headers={"X-Edit-Token": created["edit_token"]},
    )


def _answer(api, token, links, status="adopted", text=SHADE):
    return call(api, "POST", RESPONSES, token, {"status": status, "text": text, "links": links})


def _publish(api, admin):
    for oid in ("a", "b"):
        path = f"/staff/consultations/demo/options/{oid}/outcome"
        assert call(api, "PUT", path, admin, OUTCOME).status_code == 200
    assert _status(api, admin, "outcome").status_code == 200


def test_responses_answer_submissions_and_elements_and_show_once_published(api, staff_keys):
    admin = mint(staff_keys, "admin")
    shade = [
        api.comment(text=f"Shade at the platform ({i}).", element_id=PLATFORM).json_body
        for i in range(3)
    ]
    gone = api.comment(text="My private words, withdrawn later.").json_body
    other = api.comment(text="Keep the trees.", element_id="west-footpath").json_body

    assert _withdraw(api, gone).status_code == 204  # staff may still hold its id
    early = _answer(api, admin, {"submissions": [shade[0]["id"]]})
    assert early.status_code == 409
    assert "once it has closed" in early.json_body["error"]["message"]

    assert _status(api, admin, "closed").status_code == 200
    by_element = _answer(api, admin, {"elements": [{"option_id": "a", "element_id": PLATFORM}]})
    assert by_element.status_code == 201, by_element.json_body
    assert by_element.json_body["answered"] == 3
    assert by_element.json_body["version"] == 1
    direct = _answer(
        api,
        admin,
        {"submissions": [gone["id"]], "campaigns": ["c1"]},
        "under-study",
        {"en": "We are looking at it."},
    )
    assert direct.status_code == 201
    assert direct.json_body["answered"] == 0  # withdrawn: not counted

    left = call(api, "GET", "/staff/consultations/demo/unanswered", admin).json_body
    assert left["total_published"] == 4 and left["answered"] == 3
    assert left["groups"] == [
        {"option_id": "a", "element_id": "west-footpath", "submissions": 1, "endorsements": 0}
    ]
    assert [s["id"] for s in left["most_endorsed"]] == [other["id"]]

    # Not public before the outcome.
    assert api.get("/consultations/demo/responses").status_code == 404
    _publish(api, admin)

    public = api.get("/consultations/demo/responses")
    assert public.status_code == 200
    items = {i["id"]: i for i in public.json_body["items"]}
    answer = items[by_element.json_body["id"]]
    assert answer["status"] == "adopted"
    assert answer["text"] == SHADE
    assert answer["elements"] == [{"option_id": "a", "element_id": "balmoral-platform"}]
    assert answer["answered"] == 3
    withdrawn = items[direct.json_body["id"]]
    assert withdrawn["submissions"] == [{"id": gone["id"], "state": "withdrawn", "option_id": None}]
    assert b"private words" not in public.body


def test_responses_are_edited_with_their_history_in_the_audit_log(api, staff_keys):
    admin = mint(staff_keys, "admin")
    first = api.comment(text="Shade please.", element_id="balmoral-platform").json_body
    assert _status(api, admin, "closed").status_code == 200
    created = _answer(api, admin, {"submissions": [first["id"]]}, "planned").json_body
    _publish(api, admin)  # still editable after publication
    path = f"{RESPONSES}/{created['id']}"
    body = {"status": "done", "text": {"en": "Built."}, "links": created["links"], "version": 1}
    changed = call(api, "PUT", path, admin, body)
    assert changed.status_code == 200, changed.json_body
    assert changed.json_body["version"] == 2
    stale = call(api, "PUT", path, admin, body)
    assert stale.status_code == 409
    assert stale.json_body["error"]["field"] == "version"

    listed = call(api, "GET", RESPONSES, mint(staff_keys, "analyst")).json_body["items"]
    assert [(r["status"], r["version"]) for r in listed] == [("done", 2)]
    audit = call(api, "GET", "/staff/audit?cid=demo", admin).json_body["items"]
    updates = [e for e in audit if e["action"] == "response.update"]
    assert updates[0]["before"]["status"] == "planned"
    assert updates[0]["after"]["status"] == "done"
    assert any(e["action"] == "response.create" for e in audit)


@pytest.mark.parametrize(
    ("links", "field"),
    [
        ({}, "links"),
        ({"options": ["zz"]}, "links.options[0]"),
        (
            {"elements": [{"option_id": "nope", "element_id": "balmoral-platform"}]},
            "links.elements[0].option_id",
        ),
        ({"submissions": ["not-a-ulid"]}, "links.submissions[0]"),
    ],
)
def test_response_links_are_checked(api, staff_keys, links, field):
    admin = mint(staff_keys, "admin")
    assert _status(api, admin, "closed").status_code == 200
    refused = _answer(api, admin, links)
    assert refused.status_code == 422, refused.json_body
    assert refused.json_body["error"]["field"] == field


def test_only_admins_write_responses_and_residents_cannot_list_staff_ones(api, staff_keys):
    admin = mint(staff_keys, "admin")
    assert _status(api, admin, "closed").status_code == 200
    moderator = mint(staff_keys, "moderator")
    assert _answer(api, moderator, {"options": ["a"]}).status_code == 403
    assert call(api, "GET", RESPONSES, None).status_code == 401
    assert call(api, "GET", "/staff/consultations/demo/unanswered", moderator).status_code == 403
    missing = call(
        api,
        "PUT",
        f"{RESPONSES}/01J0000000000000000000000A",
        admin,
        {"status": "done", "text": {"en": "x"}, "links": {"options": ["a"]}, "version": 1},
    )
    assert missing.status_code == 404


def test_a_put_that_changes_nothing_is_a_no_op_without_a_history_entry(api, staff_keys):
    admin = mint(staff_keys, "admin")
    first = api.comment(text="Shade please.", element_id=PLATFORM).json_body
    assert _status(api, admin, "closed").status_code == 200
    created = _answer(api, admin, {"submissions": [first["id"]]}, "planned").json_body
    _publish(api, admin)
    path = f"{RESPONSES}/{created['id']}"
    same = {k: created[k] for k in ("status", "text", "links", "version")}
    for _ in range(2):  # a resent form: each answer is the response as it is
        again = call(api, "PUT", path, admin, same)
        assert again.status_code == 200, again.json_body
        assert again.json_body["version"] == 1
        assert again.json_body["updated_at"] == created["updated_at"]
    audit = call(api, "GET", "/staff/audit?cid=demo", admin).json_body["items"]
    assert not [e for e in audit if e["action"] == "response.update"]
    stale = call(api, "PUT", path, admin, {**same, "version": 7})
    assert stale.status_code == 409  # a stale version is still told, change or not


def test_a_response_changed_after_publication_refreshes_the_open_data(api, staff_keys):
    import csv
    import io

    from chalicelib.store.open_data import read

    admin = mint(staff_keys, "admin")
    first = api.comment(text="Shade please.", element_id=PLATFORM).json_body
    assert _status(api, admin, "closed").status_code == 200
    created = _answer(api, admin, {"submissions": [first["id"]]}, "planned").json_body
    _publish(api, admin)  # the outcome writes the bundle at once, not only at night

    def published() -> list[tuple[str, str]]:
        rows = csv.DictReader(io.StringIO(read("demo", "responses.csv").decode()))
        return [(r["status"], r["text"]) for r in rows if r["language"] == "en"]

    assert published() == [("planned", SHADE["en"])]
    body = {"status": "done", "text": {"en": "Built."}, "links": created["links"], "version": 1}
    assert call(api, "PUT", f"{RESPONSES}/{created['id']}", admin, body).status_code == 200
    assert published() == [("done", "Built.")]
    later = _answer(api, admin, {"options": ["b"]}, "under-way", {"en": "Started."})
    assert later.status_code == 201
    assert sorted(published()) == [("done", "Built."), ("under-way", "Started.")]


def test_a_resident_reads_the_answers_to_what_they_sent_with_their_token(api, staff_keys):
    """GET …/residents/me carries, per submission, the responses that answer it once the outcome
    is published (none before, none for a withdrawn one), and until when an email is kept;
    answers that depend on the token are never cacheable."""
    import json as json_module
    from datetime import datetime, timedelta

    from chalicelib import config

    token = api.post("/residents", {}).json_body["token"]
    me = {"X-Resident-Token": token}

    def send(**fields):
        return api.client.http.post(
            "/consultations/demo/submissions",
            headers={"Content-Type": "application/json", **me},
            body=json_module.dumps({"option_id": "a", "kind": "comment", **fields}),
        ).json_body

    shade = send(text="Shade, please.", element_id=PLATFORM, email="me@example.org")
    other = send(text="Keep the trees.", element_id="west-footpath")
    gone = send(text="Taken back.", element_id=PLATFORM)
    assert _withdraw(api, gone).status_code == 204

    def mine():
        answer = api.get("/consultations/demo/residents/me", **me)
        assert answer.status_code == 200, answer.json_body
        assert answer.headers["Cache-Control"] == "no-store"
        return answer.json_body, {s["id"]: s for s in answer.json_body["submissions"]}

    document, by_id = mine()
    assert document["email_kept_until"] is None  # before the outcome: counted from it
    assert document["email_kept_days"] == config.current().contact_retention_days
    assert by_id[shade["id"]]["email_on_file"] and not by_id[other["id"]]["email_on_file"]

    admin = mint(staff_keys, "admin")
    assert _status(api, admin, "closed").status_code == 200
    answer = _answer(api, admin, {"elements": [{"option_id": "a", "element_id": PLATFORM}]})
    assert answer.status_code == 201
    _, by_id = mine()
    assert all(s["answered_by"] == [] for s in by_id.values())  # not published yet

    _publish(api, admin)
    document, by_id = mine()
    expected = [{"id": answer.json_body["id"], "status": "adopted", "text": SHADE}]
    got = [{k: a[k] for k in ("id", "status", "text")} for a in by_id[shade["id"]]["answered_by"]]
    assert got == expected
    assert by_id[other["id"]]["answered_by"] == []
    assert by_id[gone["id"]]["status"] == "withdrawn"
    assert by_id[gone["id"]]["answered_by"] == []  # its own card says withdrawn, nothing more
    kept_until = datetime.fromisoformat(document["email_kept_until"].replace("Z", "+00:00"))
    from chalicelib.store import consultations

    published_at = consultations.get("demo").outcome_at
    days = config.current().contact_retention_days
    assert abs(kept_until - published_at - timedelta(days=days)) < timedelta(seconds=1)


def test_public_cards_and_plans_show_what_the_agency_answered(api, staff_keys):
    """Once the outcome is published, each listed submission carries the responses that answer
    it (by its id, its element or its whole option; a campaign key no report found answers
    nobody) and
    the option the elements responses link to; the pre-rendered page shows both with links to
    the responses, and follows a response changed later. A withdrawn submission a response
    links to is never listed, nor its words."""
    from chalicelib.services import pages

    def listed(oid):
        page = api.get(f"/consultations/demo/submissions?option={oid}")
        assert page.status_code == 200, page.json_body
        return page, {i["id"]: i["answered_by"] for i in page.json_body["items"]}

    def rendered(oid):
        return site.get(f"c/demo/en/o/{oid}.html")[0].decode()

    from pathlib import Path

    from chalicelib.store import site

    english = Path(__file__).parents[2] / "frontend" / "i18n" / "en.json"
    site.put_file("i18n/en.json", english.read_bytes(), "application/json")  # as deployed
    admin = mint(staff_keys, "admin")
    shade = api.comment(text="Shade at the platform.", element_id=PLATFORM).json_body
    plain = api.comment(text="Run it all night.").json_body
    trees = api.comment(text="Keep the trees.", element_id="west-footpath").json_body
    gone = api.comment(text="My private words, withdrawn later.").json_body
    on_b = api.comment(option_id="b", text="Option b is better.").json_body
    assert _withdraw(api, gone).status_code == 204

    assert _status(api, admin, "closed").status_code == 200
    by_element = _answer(api, admin, {"elements": [{"option_id": "a", "element_id": PLATFORM}]})
    direct = _answer(
        api,
        admin,
        {"submissions": [plain["id"], gone["id"]]},
        "under-study",
        {"en": "We are looking at it."},
    )
    campaign = _answer(api, admin, {"campaigns": ["c1"]}, "not-adopted", {"en": "No."})
    assert {by_element.status_code, direct.status_code, campaign.status_code} == {201}
    element_ref = {"id": by_element.json_body["id"], "status": "adopted"}
    direct_ref = {"id": direct.json_body["id"], "status": "under-study"}

    # Before the outcome: nothing is answered in public.
    _, before = listed("a")
    assert before == {shade["id"]: [], plain["id"]: [], trees["id"]: []}
    assert api.get("/consultations/demo/options/a").json_body["answered_elements"] == []

    _publish(api, admin)
    page, answers = listed("a")
    assert answers == {shade["id"]: [element_ref], plain["id"]: [direct_ref], trees["id"]: []}
    assert gone["id"] not in answers and b"private words" not in page.body
    assert api.get(f"/consultations/demo/submissions/{gone['id']}").status_code == 404
    one = api.get(f"/consultations/demo/submissions/{shade['id']}").json_body
    assert one["answered_by"] is None  # looked up in listings only
    option = api.get("/consultations/demo/options/a").json_body
    assert option["answered_elements"] == [{"element_id": PLATFORM, "answered_by": [element_ref]}]
    assert api.get("/consultations/demo/options/b").json_body["answered_elements"] == []

    # The outcome re-rendered the pages: the cards and the plan link to the responses.
    html = rendered("a")
    assert html.count("The agency answered this:") == 2
    assert f"#response-{element_ref['id']}" in html and f"#response-{direct_ref['id']}" in html
    assert "/responses.html?c=demo&amp;lang=en#response-" in html
    assert html.count('class="answered-mark"') == 1  # the platform, in the plan's list
    assert "private words" not in html
    assert "The agency answered this:" not in rendered("b")

    # A whole-option response written after the outcome answers option b's cards at once.
    later = _answer(api, admin, {"options": ["b"]}, "planned", {"en": "Planned."})
    assert later.status_code == 201
    _, on_b_answers = listed("b")
    assert on_b_answers == {on_b["id"]: [{"id": later.json_body["id"], "status": "planned"}]}
    assert "The agency answered this:" in rendered("b")
    body = {
        "status": "done",
        "text": {"en": "Built."},
        "links": by_element.json_body["links"],
        "version": 1,
    }
    path = f"{RESPONSES}/{element_ref['id']}"
    assert call(api, "PUT", path, admin, body).status_code == 200
    assert listed("a")[1][shade["id"]] == [{"id": element_ref["id"], "status": "done"}]
    assert 'class="answered-mark"><span aria-hidden="true">✓</span> Answered: <a' in rendered("a")
    assert ">Done</a>" in rendered("a")
    pages.publish("demo")  # the nightly run writes the same
    assert ">Done</a>" in rendered("a")


LETTER = "Please put a shade canopy over the Balmoral platform before next summer, {who}."


def test_unanswered_groups_the_reports_campaigns_and_a_campaign_link_answers_them(api, staff_keys):
    """The unanswered view groups a form letter as the report does (same detector, same key);
    linking that key answers every copy, and the campaign leaves the list."""
    admin = mint(staff_keys, "admin")
    copies = [
        api.comment(text=LETTER.format(who=who), element_id=PLATFORM).json_body
        for who in ("Ana", "Ben", "Cy", "Di", "Ed", "Flo")
    ]
    other = api.comment(text="Keep the old trees along the footpath.").json_body
    assert _status(api, admin, "closed").status_code == 200

    left = call(api, "GET", "/staff/consultations/demo/unanswered", admin).json_body
    assert left["answered"] == 0 and left["total_published"] == 7
    [campaign] = left["campaigns"]
    assert campaign["size"] == 6 and campaign["submissions"] == 6
    assert campaign["option_ids"] == ["a"] and campaign["endorsements"] == 0
    assert campaign["key"] in {c["id"] for c in copies}
    assert campaign["text"].startswith("Please put a shade canopy")
    marked = {s["id"]: s["campaign"] for s in left["most_endorsed"]}
    assert marked[other["id"]] is None
    assert {marked[c["id"]] for c in copies} == {campaign["key"]}

    answered = _answer(api, admin, {"campaigns": [campaign["key"]]}, "under-study")
    assert answered.status_code == 201, answered.json_body
    assert answered.json_body["answered"] == 6  # every copy, as the report counts them
    assert campaign["linked"] is False
    after = call(api, "GET", "/staff/consultations/demo/unanswered", admin).json_body
    assert after["answered"] == 6
    assert after["campaigns"] == [campaign | {"submissions": 0, "option_ids": [], "linked": True}]
    assert [s["id"] for s in after["most_endorsed"]] == [other["id"]]
    assert after["groups"] == [
        {"option_id": "a", "element_id": None, "submissions": 1, "endorsements": 0}
    ]

    # Published, the copies' cards say the campaign's answer answers them (as their emails and
    # "What you have sent" do: one rule, domain/response.py), the other comment's does not.
    _publish(api, admin)
    listed = api.get("/consultations/demo/submissions?option=a").json_body["items"]
    refs = {item["id"]: item["answered_by"] for item in listed}
    ref = {"id": answered.json_body["id"], "status": "under-study"}
    assert all(refs[c["id"]] == [ref] for c in copies), refs
    assert refs[other["id"]] == []


def test_the_audit_log_filtered_on_one_response_is_its_history(api, staff_keys):
    admin = mint(staff_keys, "admin")
    first = api.comment(text="Shade please.", element_id=PLATFORM).json_body
    assert _status(api, admin, "closed").status_code == 200
    created = _answer(api, admin, {"submissions": [first["id"]]}, "planned").json_body
    assert _answer(api, admin, {"options": ["b"]}).status_code == 201  # another response
    _publish(api, admin)
    path = f"{RESPONSES}/{created['id']}"
    version = 1
    for status in ("under-way", "done"):
        body = {"status": status, "text": SHADE, "links": created["links"], "version": version}
        changed = call(api, "PUT", path, admin, body)
        assert changed.status_code == 200, changed.json_body
        version = changed.json_body["version"]

    target = f"demo/responses/{created['id']}"
    history = call(api, "GET", f"/staff/audit?cid=demo&target={target}", admin).json_body
    assert [(e["action"], e["after"]["status"]) for e in history["items"]] == [
        ("response.update", "done"),
        ("response.update", "under-way"),
        ("response.create", "planned"),
    ]
    assert {e["target"] for e in history["items"]} == {target}
    assert history["next_cursor"] is None

    # paged as the whole log is: one entry a page, the cursor goes on
    seen, cursor = [], None
    for _ in range(4):
        query = f"/staff/audit?cid=demo&target={target}&limit=1"
        page = call(api, "GET", query + (f"&cursor={cursor}" if cursor else ""), admin).json_body
        seen += [e["after"]["status"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["done", "under-way", "planned"]
    analyst = mint(staff_keys, "analyst")
    assert call(api, "GET", f"/staff/audit?cid=demo&target={target}", analyst).status_code == 403
