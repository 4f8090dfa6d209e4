"""One reasoned decision on a campaign's copies: the queue groups them, the batch route applies
the action item by item, audits each, and a retry after a failure midway completes the rest."""

from __future__ import annotations

import json
import uuid

from tests.support.staff_api import call, mint

LETTER = (
    "Dear council, I live on this street and I ask you to drop the bus lane. It removes the "
    "parking that the shops depend on and the delivery vans will have nowhere to stop. Please "
    "keep the layout as it is and fix the crossings instead. Yours, {name}"
)


def _batch(api, token: str, ids: list[str], action: str = "hide", key: str | None = None):
    body = {"ids": ids, "action": action, "reason": "Form letter, posted by a bot."}
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    return api.client.http.post(
        "/staff/consultations/careful/moderation/batch", headers=headers, body=json.dumps(body)
    )


def _seed_campaign(api, seed_consultation) -> tuple[list[str], str]:
    seed_consultation("careful", moderation="pre")
    copies = [
        api.comment(cid="careful", text=LETTER.format(name=name)).json_body["id"]
        for name in ("Ann", "Bob", "Cy")
    ]
    own = api.comment(cid="careful", text="The trees on the corner need water.").json_body["id"]
    return copies, own


def test_the_queue_groups_copies_and_one_batch_hides_them_with_an_audit_entry_each(
    api, staff_keys, seed_consultation
):
    copies, own = _seed_campaign(api, seed_consultation)
    moderator = mint(staff_keys, "moderator", subject="mod-1")
    queue = call(api, "GET", "/staff/consultations/careful/moderation?queue=pending", moderator)
    groups = {item["id"]: item["campaign"] for item in queue.json_body["items"]}
    assert groups[own] is None
    assert len({groups[sid] for sid in copies}) == 1 and groups[copies[0]] in copies

    answer = _batch(api, moderator, copies)
    assert answer.status_code == 200, answer.json_body
    assert [(i["id"], i["outcome"], i["status"]) for i in answer.json_body["items"]] == [
        (sid, "changed", "hidden") for sid in copies
    ]
    admin = mint(staff_keys, "admin")
    log = call(api, "GET", "/staff/audit?cid=careful", admin).json_body["items"]
    hidden = [e for e in log if e["action"] == "submission.hide"]
    assert sorted(e["target"] for e in hidden) == sorted(f"careful/{sid}" for sid in copies)
    batches = {e["after"]["batch"]["id"] for e in hidden}
    assert len(batches) == 1
    assert all(e["after"]["batch"]["size"] == 3 and e["subject"] == "mod-1" for e in hidden)
    assert all(e["after"]["reason"] == "Form letter, posted by a bot." for e in hidden)
    pending = call(api, "GET", "/staff/consultations/careful/moderation", moderator)
    assert [item["id"] for item in pending.json_body["items"]] == [own]


def test_items_already_done_are_unchanged_and_those_that_do_not_apply_are_refused_alone(
    api, staff_keys, seed_consultation
):
    copies, own = _seed_campaign(api, seed_consultation)
    moderator = mint(staff_keys, "moderator")
    assert _batch(api, moderator, copies[:1], "approve").status_code == 200
    missing = "01JAAAAAAAAAAAAAAAAAAAAAAA"
    answer = _batch(api, moderator, [*copies, missing], "approve")
    outcomes = [(i["outcome"], i["status"]) for i in answer.json_body["items"]]
    assert outcomes == [
        ("unchanged", "published"),
        ("changed", "published"),
        ("changed", "published"),
        ("refused", None),
    ]
    restore = _batch(api, moderator, [own], "restore").json_body["items"][0]
    assert (restore["outcome"], restore["status"]) == ("refused", "pending")
    assert "applies to hidden" in restore["message"]


def test_batch_input_is_checked_in_words(api, staff_keys, seed_consultation):
    seed_consultation("careful", moderation="pre")
    moderator = mint(staff_keys, "moderator")
    sid = api.comment(cid="careful").json_body["id"]
    for ids, words in (
        ([], "at least 1 item."),
        ([sid, sid], "only once"),
        ([str(uuid.uuid4())], "26 letters and digits"),
        ([sid] * 101, "at most 100 items"),
    ):
        answer = _batch(api, moderator, ids)
        assert answer.status_code == 422, ids
        assert words in answer.json_body["error"]["message"], answer.json_body
