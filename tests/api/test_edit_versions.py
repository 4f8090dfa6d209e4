"""Edits after support (issue 20): endorsements belong to the version of the item they were
given to. After an edit of its words, stance or plan the item says when it was edited, counts
and sort=top use the current version's endorsements, the earlier ones are shown apart, the
endorser sees that what they endorsed changed and may endorse again, and a moderator of a
pre-moderated edit sees the version it replaced."""

from __future__ import annotations

import json

from tests.support.staff_api import call, mint

APPROVE = {"action": "approve", "reason": "ok"}


def _resident(api) -> str:
    return api.post("/residents", {}).json_body["token"]


def _endorse(api, sid: str, token: str, method: str = "POST", cid: str = "demo"):
    return getattr(api.client.http, method.lower())(
        f"/consultations/{cid}/submissions/{sid}/endorsements",
        headers={"X-Resident-Token": token},
    )


def _edit(api, sid: str, edit_token: str, cid: str = "demo", **changes):
    return api.client.http.patch(
        f"/consultations/{cid}/submissions/{sid}",
        headers={"Content-Type": "application/json", "X-Edit-Token": edit_token},
        body=json.dumps(changes),
    )


def _me(api, token: str) -> dict:
    answer = api.client.http.get(
        "/consultations/demo/residents/me", headers={"X-Resident-Token": token}
    )
    assert answer.status_code == 200, answer.json_body
    return answer.json_body


def test_an_edit_that_reverses_the_meaning_leaves_its_endorsements_with_the_earlier_version(api):
    created = api.comment(text="Keep the protected cycleway.", stance="support").json_body
    sid = created["id"]
    other = api.comment(text="Plant more trees.").json_body["id"]
    endorsers = [_resident(api) for _ in range(2)]
    for token in endorsers:
        assert _endorse(api, sid, token).status_code == 201
    assert _endorse(api, other, endorsers[0]).status_code == 201
    top = api.get("/consultations/demo/submissions?sort=top").json_body["items"]
    assert [item["id"] for item in top][:2] == [sid, other]

    edited = _edit(api, sid, created["edit_token"], text="Remove the cycleway.", stance="oppose")
    assert edited.status_code == 200, edited.json_body
    now = api.get(f"/consultations/demo/submissions/{sid}").json_body
    assert (now["endorsements"], now["endorsements_earlier_versions"], now["version"]) == (0, 2, 2)
    assert now["edited_at"] is not None and now["edited_at"] == now["updated_at"]
    top = api.get("/consultations/demo/submissions?sort=top").json_body["items"]
    assert top[0]["id"] == other

    mine = _me(api, endorsers[1])["endorsements"]
    assert [(e["submission_id"], e["version"], e["changed_since"]) for e in mine] == [
        (sid, 1, True)
    ]
    assert _endorse(api, sid, endorsers[1]).status_code == 201  # endorse what it says now
    assert _endorse(api, sid, endorsers[1]).status_code == 200  # once per version
    now = api.get(f"/consultations/demo/submissions/{sid}").json_body
    assert (now["endorsements"], now["endorsements_earlier_versions"]) == (1, 1)
    mine = _me(api, endorsers[1])["endorsements"]
    assert [(e["version"], e["changed_since"]) for e in mine] == [(2, False)]

    # taking back an endorsement of the earlier version moves the earlier count, not the current
    assert _endorse(api, sid, endorsers[0], "DELETE").json_body["changed"] is True
    now = api.get(f"/consultations/demo/submissions/{sid}").json_body
    assert (now["endorsements"], now["endorsements_earlier_versions"]) == (1, 0)


def test_an_unchanged_edit_is_not_a_new_version(api):
    created = api.comment(text="Same words.", stance="support").json_body
    token = _resident(api)
    _endorse(api, created["id"], token)
    assert _edit(api, created["id"], created["edit_token"], text="Same words.").status_code == 200
    now = api.get(f"/consultations/demo/submissions/{created['id']}").json_body
    assert (now["version"], now["endorsements"], now["edited_at"]) == (1, 1, None)


def test_the_edit_and_the_version_bump_are_one_write(api, dynamodb_calls):
    created = api.comment(text="Before.").json_body
    _endorse(api, created["id"], _resident(api))
    dynamodb_calls.clear()
    assert _edit(api, created["id"], created["edit_token"], text="After.").status_code == 200
    writes = [c for c in dynamodb_calls if c in ("UpdateItem", "TransactWriteItems", "PutItem")]
    assert writes == ["UpdateItem"]
    from chalicelib.store.models import SubmissionRecord

    stored = SubmissionRecord.get(f"demo#{created['id']}", "submission")
    assert (stored.version, stored.endorsements, stored.earlier_endorsements) == (2, 0, 1)
    assert stored.rank == int(stored.created_at.timestamp())


def test_a_moderator_of_a_pre_moderated_edit_sees_the_previous_version(
    api, staff_keys, seed_consultation
):
    seed_consultation("careful", moderation="pre")
    created = api.comment(cid="careful", text="Reviewed words.", stance="support").json_body
    sid = created["id"]
    moderator = mint(staff_keys, "moderator")
    path = f"/staff/consultations/careful/submissions/{sid}/moderation"
    assert (
        call(api, "POST", path, moderator, {"action": "approve", "reason": "ok"}).status_code == 200
    )
    edited = _edit(api, sid, created["edit_token"], cid="careful", text="Unreviewed words.")
    assert edited.json_body["status"] == "pending"
    queue = call(api, "GET", "/staff/consultations/careful/moderation?queue=pending", moderator)
    (item,) = [i for i in queue.json_body["items"] if i["id"] == sid]
    assert item["text"] == "Unreviewed words."
    assert item["previous"] == {
        "version": 1,
        "text": "Reviewed words.",
        "stance": "support",
        "diff": None,
    }
    assert (
        call(api, "POST", path, moderator, {"action": "approve", "reason": "ok"}).status_code == 200
    )
    from chalicelib.store.models import SubmissionRecord

    assert SubmissionRecord.get(f"careful#{sid}", "submission").previous is None


def test_withdrawal_deletes_the_previous_version_too(api, seed_consultation):
    from chalicelib.store.models import SubmissionRecord

    seed_consultation("careful", moderation="pre")
    created = api.comment(cid="careful", text="First words.").json_body
    _edit(api, created["id"], created["edit_token"], cid="careful", text="Second words.")
    assert SubmissionRecord.get(f"careful#{created['id']}", "submission").previous is not None
    gone = api.client.http.delete(
        f"/consultations/careful/submissions/{created['id']}",
        headers={"X-Edit-Token": created["edit_token"]},
    )
    assert gone.status_code in (200, 204)
    assert SubmissionRecord.get(f"careful#{created['id']}", "submission").previous is None
