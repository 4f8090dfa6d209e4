"""Alternatives with diffs, resident tokens, endorsements, edit/withdraw, flags, email."""

from __future__ import annotations

import copy
import json
import threading

import pytest

from tests.api.conftest import stored_submission_count
from tests.support.sources import from_source


@pytest.fixture
def option_a(api) -> dict:
    return api.get("/consultations/demo/options/a").json_body["plan"]


def _resident(api) -> str:
    response = api.post("/residents", {})
    assert response.status_code == 201
    return response.json_body["token"]


def _widened_and_removed(plan: dict) -> dict:
    edited = copy.deepcopy(plan)
    edited["segments"][0]["width"] = 2.7  # west-footpath 2.5 → 2.7
    del edited["segments"][1]  # west-trees
    return edited


def test_alternative_gets_its_diff_back(api, option_a):
    response = api.comment(
        kind="alternative",
        text="Wider footpath, no trees.",
        plan=_widened_and_removed(option_a),
        stance="oppose",
    )
    assert response.status_code == 201, response.json_body
    body = api.get(response.headers["Location"]).json_body
    assert body["kind"] == "alternative"
    diff = body["diff"]
    assert diff["resized"] == [{"id": "west-footpath", "old_width": 2.5, "new_width": 2.7}]
    assert [r["id"] for r in diff["removed"]] == ["west-trees"]
    assert diff["moved"] == []
    assert [s["id"] for s in body["plan"]["segments"]][:2] == ["west-footpath", "west-cycleway"]


def test_alternative_map_reports_moved_stop(api):
    plan = api.get("/consultations/demo/options/b").json_body["plan"]
    stop = next(f for f in plan["features"] if f["id"] == "stop-balmoral")
    stop["geometry"]["coordinates"] = [174.7476, -36.8890]  # ~100 m south
    response = api.comment(
        option_id="b", kind="alternative", text="Stop nearer the shops.", plan=plan
    )
    assert response.status_code == 201, response.json_body
    moved = api.get(response.headers["Location"]).json_body["diff"]["moved"]
    assert moved[0]["id"] == "stop-balmoral"
    assert 95 < moved[0]["distance_m"] < 105


def test_identical_alternative_is_refused(api, option_a):
    response = api.comment(kind="alternative", plan=option_a)
    assert response.status_code == 422
    assert response.json_body["error"]["field"] == "plan"
    assert "identical" in response.json_body["error"]["message"]
    assert stored_submission_count() == 0


def test_invalid_alternative_names_the_segment(api, option_a):
    plan = copy.deepcopy(option_a)
    plan["segments"][3]["width"] = 0.1  # under any segment Streetmix draws (0.25 m)
    response = api.comment(kind="alternative", plan=plan)
    assert response.status_code == 422
    assert response.json_body["error"]["field"].startswith("plan.segments[3]")
    assert stored_submission_count() == 0


def test_plan_only_on_alternatives(api, option_a):
    response = api.comment(kind="comment", plan=_widened_and_removed(option_a))
    assert response.status_code == 422
    assert response.json_body["error"]["field"] == "plan"
    assert api.comment(kind="alternative").json_body["error"]["field"] == "plan"


def test_body_limits_64_kb_for_comments_256_kb_for_alternatives(api, option_a):
    padded = _widened_and_removed(option_a)
    padded["notes"] = "x" * 150_000  # unknown fields are ignored by the import
    assert api.comment(kind="alternative", plan=padded).status_code == 201
    padded["notes"] = "x" * 300_000
    assert api.comment(kind="alternative", plan=padded).status_code == 413
    assert (
        api.comment(
            website="", stance=None, text="y" * 4000, element_id=None, extra_padding="z" * 70_000
        ).status_code
        == 413
    )


def test_resident_tokens_are_signed(api):
    token = _resident(api)
    sid = api.comment().json_body["id"]
    path = f"/consultations/demo/submissions/{sid}/endorsements"
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (tampered, "r1.notatoken", ""):
        response = api.client.http.post(path, headers={"X-Resident-Token": bad})
        assert response.status_code == 401
        assert response.json_body["error"]["field"] == "X-Resident-Token"
    assert api.client.http.post(path).status_code == 401


def _endorse(api, sid: str, token: str, method: str = "post"):
    call = getattr(api.client.http, method)
    return call(
        f"/consultations/demo/submissions/{sid}/endorsements", headers={"X-Resident-Token": token}
    )


def test_endorsing_twice_counts_once_and_can_be_taken_back(api):
    sid = api.comment().json_body["id"]
    token = _resident(api)
    assert _endorse(api, sid, token).status_code == 201
    again = _endorse(api, sid, token)
    assert again.status_code == 200
    assert again.json_body == {"endorsed": True, "changed": False}
    assert api.get(f"/consultations/demo/submissions/{sid}").json_body["endorsements"] == 1
    assert _endorse(api, sid, token, "delete").json_body == {"endorsed": False, "changed": True}
    assert api.get(f"/consultations/demo/submissions/{sid}").json_body["endorsements"] == 0
    assert _endorse(api, sid, token, "delete").json_body["changed"] is False


@pytest.fixture
def atomic_moto(monkeypatch):
    """DynamoDB applies each request atomically; moto's in-memory backend does not lock, so
    serialise its request handling as the real service would. What is left to race is our own
    code: a read-modify-write of the count would still lose endorsements here."""
    from moto.dynamodb.models import DynamoDBBackend

    lock = threading.RLock()
    for name in ("transact_write_items", "update_item", "put_item", "get_item"):
        original = getattr(DynamoDBBackend, name)

        def locked(self, *args, _original=original, **kwargs):
            with lock:
                return _original(self, *args, **kwargs)

        monkeypatch.setattr(DynamoDBBackend, name, locked)


def test_concurrent_endorsements_are_counted_exactly(api, atomic_moto):
    from chalicelib.services import reactions, residents

    sid = api.comment().json_body["id"]
    tokens = [residents.issue_token() for _ in range(12)]
    errors: list[BaseException] = []

    def endorse(token: str) -> None:
        try:
            reactions.endorse("demo", sid, resident_token=token)
            reactions.endorse("demo", sid, resident_token=token)  # a double click
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=endorse, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert api.get(f"/consultations/demo/submissions/{sid}").json_body["endorsements"] == 12


def test_top_sort_lists_most_endorsed_first(api):
    first, second, third = (api.comment(text=f"idea {n}").json_body["id"] for n in range(3))
    tokens = [_resident(api) for _ in range(3)]
    for token in tokens:
        _endorse(api, second, token)
    _endorse(api, first, tokens[0])
    items = api.get("/consultations/demo/submissions?sort=top").json_body["items"]
    assert [i["id"] for i in items] == [second, first, third]
    page = api.get("/consultations/demo/submissions?sort=top&option=a&limit=2").json_body
    assert [i["id"] for i in page["items"]] == [second, first]
    rest = api.get(
        f"/consultations/demo/submissions?sort=top&option=a&cursor={page['next_cursor']}"
    )
    assert [i["id"] for i in rest.json_body["items"]] == [third]
    mixed = api.get(f"/consultations/demo/submissions?cursor={page['next_cursor']}")
    assert mixed.status_code == 422


def _patch(api, sid: str, body: dict, token: str | None):
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["X-Edit-Token"] = token
    return api.client.http.patch(
        f"/consultations/demo/submissions/{sid}", headers=headers, body=json.dumps(body)
    )


def test_author_edits_with_the_edit_token_and_nobody_else_can(api):
    mine = api.comment(text="First thought.").json_body
    theirs = api.comment(text="Someone else.").json_body
    response = _patch(
        api, mine["id"], {"text": "Second thought.", "stance": "support"}, mine["edit_token"]
    )
    assert response.status_code == 200
    assert response.json_body["text"] == "Second thought."
    assert response.json_body["updated_at"] is not None
    for token in (None, "wrong-token", theirs["edit_token"]):
        refused = _patch(api, mine["id"], {"text": "Hijacked."}, token)
        assert refused.status_code == 403
    assert _patch(api, theirs["id"], {"text": "Hijacked."}, mine["edit_token"]).status_code == 403
    body = api.get(f"/consultations/demo/submissions/{mine['id']}").json_body
    assert body["text"] == "Second thought."
    assert body["stance"] == "support"


def test_author_edits_an_alternative_plan_and_the_diff_follows(api, option_a):
    created = api.comment(kind="alternative", plan=_widened_and_removed(option_a)).json_body
    replanned = copy.deepcopy(option_a)
    replanned["segments"][0]["width"] = 2.0
    response = _patch(api, created["id"], {"plan": replanned}, created["edit_token"])
    assert response.status_code == 200, response.json_body
    assert response.json_body["diff"]["removed"] == []
    assert response.json_body["diff"]["resized"][0]["new_width"] == 2.0


def test_withdrawn_submissions_leave_listings(api):
    mine = api.comment(text="Never mind.", email="me@example.org").json_body
    other = api.comment(text="Staying.").json_body
    path = f"/consultations/demo/submissions/{mine['id']}"
    assert api.client.http.delete(path).status_code == 403
    assert api.client.http.delete(path, headers={"X-Edit-Token": "nope"}).status_code == 403
    response = api.client.http.delete(path, headers={"X-Edit-Token": mine["edit_token"]})
    assert response.status_code == 204
    assert api.get(path).status_code == 404
    listed = api.get("/consultations/demo/submissions").json_body["items"]
    assert [i["id"] for i in listed] == [other["id"]]
    assert _patch(api, mine["id"], {"text": "Back?"}, mine["edit_token"]).status_code == 404

    from chalicelib.store.models import ContactRecord

    assert ContactRecord.count() == 0


def test_email_is_kept_apart_and_never_returned(api, log_lines):
    created = api.comment(text="Call me.", email="resident@example.org")
    assert created.status_code == 201
    everything = json.dumps(
        [
            created.json_body,
            api.get(created.headers["Location"]).json_body,
            api.get("/consultations/demo/submissions").json_body,
            log_lines,
        ]
    )
    assert "resident@example.org" not in everything

    from chalicelib.domain.sealing import unseal
    from chalicelib.store.models import ContactRecord, SubmissionRecord
    from chalicelib.store.secrets import token_key

    [contact] = ContactRecord.scan()  # kept, sealed: no address in clear at rest
    assert "resident@example.org" not in contact.email
    assert unseal(token_key(), "contact-email", contact.pk, contact.email) == "resident@example.org"
    assert all(
        "resident@example.org" not in json.dumps(r.attribute_values, default=str)
        for r in SubmissionRecord.scan()
    )


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "two@@example.org", "x" * 250 + "@e.org"])
def test_invalid_email_gets_422(api, email):
    response = api.comment(email=email)
    assert response.status_code == 422
    assert response.json_body["error"]["field"] == "email"
    assert stored_submission_count() == 0


def _flag(api, sid: str, token: str, reason: str = "spam"):
    return api.client.http.post(
        f"/consultations/demo/submissions/{sid}/flags",
        headers={"X-Resident-Token": token, "Content-Type": "application/json"},
        body=json.dumps({"reason": reason}),
    )


def test_flags_hold_a_submission_for_moderation_at_three_sources(api):
    sid = api.comment(text="Buy cheap watches").json_body["id"]
    tokens = [_resident(api) for _ in range(3)]
    with from_source("198.51.100.1"):
        assert _flag(api, sid, tokens[0]).status_code == 201
        assert _flag(api, sid, tokens[0]).json_body == {"flagged": True, "changed": False}
    with from_source("198.51.100.2"):
        assert _flag(api, sid, tokens[1], "abusive").status_code == 201
    assert api.get(f"/consultations/demo/submissions/{sid}").status_code == 200
    with from_source("198.51.100.3"):
        assert _flag(api, sid, tokens[2]).status_code == 201
    assert api.get(f"/consultations/demo/submissions/{sid}").status_code == 404
    assert api.get("/consultations/demo/submissions").json_body["items"] == []
    assert _flag(api, sid, _resident(api), "made-up").status_code == 422


def test_under_pre_moderation_an_edit_goes_back_to_the_moderators(api, seed_consultation):
    from chalicelib.store.models import SubmissionRecord

    seed_consultation("careful", moderation="pre")
    created = api.comment(cid="careful", text="Reviewed words.").json_body
    record = SubmissionRecord.get(f"careful#{created['id']}", "submission")
    # as a moderator's approval would (the moderation routes come with the staff work)
    record.update(
        actions=[
            SubmissionRecord.status.set("published"),
            SubmissionRecord.pub_pk.set(f"careful#{record.shard}"),
            SubmissionRecord.opt_pk.set(f"careful#a#{record.shard}"),
        ]
    )
    path = f"/consultations/careful/submissions/{created['id']}"
    assert api.get(path).status_code == 200
    headers = {"Content-Type": "application/json", "X-Edit-Token": created["edit_token"]}
    stance_only = api.client.http.patch(path, headers=headers, body='{"stance": "oppose"}')
    assert stance_only.json_body["status"] == "published"
    edited = api.client.http.patch(path, headers=headers, body='{"text": "Unreviewed words."}')
    assert edited.status_code == 200
    assert edited.json_body["status"] == "pending"
    assert api.get(path).status_code == 404
    assert api.get("/consultations/careful/submissions").json_body["items"] == []
