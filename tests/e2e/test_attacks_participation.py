"""Attacks on participation over the live local stack (issue 20): what a motivated campaign or a
bored troll would try first against flags and endorsements. Each test is the attack; its
assertions are what must hold.

Distinct sources: every address of 127.0.0.0/8 reaches the local API, and the local server
passes the connection's address on as API Gateway's `sourceIp`, so a client bound to
127.0.0.2 is another source, as another household would be.
"""

from __future__ import annotations

import json
import os
import urllib.request

from chalicelib.local import launcher
from tests.e2e.stack import call

CID = "demo"


def _call(
    api: str,
    method: str,
    path: str,
    body: object | None = None,
    headers: dict[str, str] | None = None,
    source: str = "127.0.0.1",
) -> tuple[int, dict]:
    """One JSON request from the given loopback address (tests/e2e/stack.py)."""
    return call(method, f"{api}{path}", body, headers, source)


def _resident(api: str, source: str = "127.0.0.1") -> str:
    status, body = _call(api, "POST", "/residents", source=source)
    assert status == 201, body
    return body["token"]


def _comment(api: str, text: str, stance: str | None = None) -> tuple[str, str]:
    body = {"option_id": "a", "kind": "comment", "text": text}
    if stance:
        body["stance"] = stance
    status, created = _call(api, "POST", f"/consultations/{CID}/submissions", body)
    assert status == 201, created
    return created["id"], created["edit_token"]


def _flag(api: str, sid: str, token: str, source: str = "127.0.0.1") -> int:
    status, body = _call(
        api,
        "POST",
        f"/consultations/{CID}/submissions/{sid}/flags",
        {"reason": "spam"},
        {"X-Resident-Token": token, "Idempotency-Key": os.urandom(8).hex()},
        source,
    )
    assert status in (200, 201), body
    return status


def _endorse(api: str, sid: str, token: str, source: str = "127.0.0.1") -> tuple[int, dict]:
    return _call(
        api,
        "POST",
        f"/consultations/{CID}/submissions/{sid}/endorsements",
        None,
        {"X-Resident-Token": token, "Idempotency-Key": os.urandom(8).hex()},
        source,
    )


def _public(api: str, sid: str) -> tuple[int, dict]:
    return _call(api, "GET", f"/consultations/{CID}/submissions/{sid}")


def _staff(web: str, role: str) -> dict[str, str]:
    with urllib.request.urlopen(f"{web}/staff/local-token?role={role}", timeout=10) as answer:
        return {"Authorization": f"Bearer {json.loads(answer.read())['token']}"}


def _queue(api: str, web: str, name: str) -> list[dict]:
    status, page = _call(
        api,
        "GET",
        f"/staff/consultations/{CID}/moderation?queue={name}&limit=100",
        headers=_staff(web, "moderator"),
    )
    assert status == 200, page
    return page["items"]


def test_one_source_with_many_tokens_cannot_hide_a_comment(module_stack):
    """Three tokens minted from one connection, one flag each: the comment stays public, and the
    moderators see one flag (one source) with its reason."""
    api, web = module_stack.api, module_stack.web
    comments = [_comment(api, f"Comment number {n} about the platform.")[0] for n in range(3)]
    tokens = [_resident(api) for _ in range(3)]
    for sid in comments:
        for token in tokens:
            _flag(api, sid, token)
    for sid in comments:
        status, _ = _public(api, sid)
        assert status == 200, f"{sid} was hidden by one source's flags"
    queued = {item["id"]: item for item in _queue(api, web, "flagged")}
    for sid in comments:
        assert sid not in queued  # one source is one flag: below SAYSO_FLAGS_TO_HOLD


def test_one_source_has_an_hourly_flag_limit(tmp_path):
    """Past the hourly per-source flag limit, the next flag is refused with 429, whatever the
    token."""
    stack = launcher.start(settings={"SAYSO_FLAGS_PER_HOUR": "2"}, stack_file=tmp_path / "s.json")
    try:
        api = stack.api
        sids = [_comment(api, f"Limit test comment {n}.")[0] for n in range(3)]
        assert _flag(api, sids[0], _resident(api)) == 201
        assert _flag(api, sids[1], _resident(api)) == 201
        status, body = _call(
            api,
            "POST",
            f"/consultations/{CID}/submissions/{sids[2]}/flags",
            {"reason": "spam"},
            {"X-Resident-Token": _resident(api)},
        )
        assert status == 429, body
        assert "flags" in body["error"]["message"]
    finally:
        launcher.stop(stack)


def test_an_approved_comment_is_not_hidden_again_by_flags(module_stack):
    """Three sources hold a comment; a moderator approves it; a fourth source's flag (and a
    fifth, sixth…) only queue it for review: it stays public."""
    api, web = module_stack.api, module_stack.web
    sid, _ = _comment(api, "Approved comment that trolls dislike.")
    for n in range(2, 5):
        source = f"127.0.0.{n}"
        _flag(api, sid, _resident(api, source), source)
    assert _public(api, sid)[0] == 404  # three sources: held for a moderator
    held = {item["id"]: item for item in _queue(api, web, "flagged")}
    status, moderated = _call(
        api,
        "POST",
        f"/staff/consultations/{CID}/submissions/{sid}/moderation",
        {"action": "approve", "reason": "Fair comment."},
        _staff(web, "moderator"),
    )
    assert status == 200, moderated
    for n in range(5, 9):
        source = f"127.0.0.{n}"
        _flag(api, sid, _resident(api, source), source)
    status, _ = _public(api, sid)
    assert status == 200, "an approved comment was hidden again by flags"
    assert held[sid]["flags"] == 3  # the queue shows the count (sources) and reasons
    assert held[sid]["flag_reasons"] == {"spam": 3}
    review = {item["id"]: item for item in _queue(api, web, "flagged")}
    assert sid in review  # queued for a moderator's review, still public
    assert review[sid]["status"] == "published"
    assert review[sid]["flags"] == 7


def test_flags_on_a_closed_consultation_never_change_the_public_record(local_stack):
    """Once the consultation is closed, flags from three sources queue a comment for a moderator
    but it stays public: the final record cannot be erased by anyone with three connections."""
    api, web = local_stack.api, local_stack.web
    sid, _ = _comment(api, "The final record must keep this comment.")
    status, body = _call(
        api,
        "POST",
        f"/staff/consultations/{CID}/status",
        {"status": "closed"},
        _staff(web, "admin"),
    )
    assert status == 200, body
    for n in range(2, 6):
        source = f"127.0.0.{n}"
        _flag(api, sid, _resident(api, source), source)
    status, _ = _public(api, sid)
    assert status == 200, "flags hid a comment of a closed consultation"
    assert sid in {item["id"] for item in _queue(api, web, "flagged")}


def test_endorsements_do_not_follow_an_edit_that_reverses_the_meaning(module_stack):
    """Two residents endorse "keep the cycleway"; the author turns it into "remove it". Its
    endorsements stay with the earlier version: counts and sort=top use the current one, the
    item says it was edited, and each endorser sees that what they endorsed changed."""
    api = module_stack.api
    sid, edit_token = _comment(api, "Keep the protected cycleway.", "support")
    other, _ = _comment(api, "Plant more trees along the road.", "support")
    endorsers = [_resident(api, f"127.0.1.{n}") for n in (1, 2)]
    for n, token in enumerate(endorsers, 1):
        assert _endorse(api, sid, token, f"127.0.1.{n}")[0] == 201
    assert _endorse(api, other, endorsers[0], "127.0.1.1")[0] == 201
    status, edited = _call(
        api,
        "PATCH",
        f"/consultations/{CID}/submissions/{sid}",
        {"text": "Remove the cycleway entirely.", "stance": "oppose"},
        {"X-Edit-Token": edit_token},
    )
    assert status == 200, edited
    status, now = _public(api, sid)
    assert status == 200
    assert now["endorsements"] == 0, "endorsements followed an edit that reversed the meaning"
    assert now["endorsements_earlier_versions"] == 2
    assert now["edited_at"] is not None
    assert now["version"] == 2
    status, top = _call(api, "GET", f"/consultations/{CID}/submissions?sort=top&limit=100")
    ranked = [item["id"] for item in top["items"]]
    assert ranked.index(other) < ranked.index(sid)
    status, mine = _call(
        api, "GET", f"/consultations/{CID}/residents/me", headers={"X-Resident-Token": endorsers[1]}
    )
    assert status == 200, mine
    (endorsed,) = [e for e in mine["endorsements"] if e["submission_id"] == sid]
    assert endorsed["changed_since"] is True
    assert endorsed["version"] == 1
    status, again = _endorse(api, sid, endorsers[1], "127.0.1.2")
    assert status == 201, again
    status, now = _public(api, sid)
    assert (now["endorsements"], now["endorsements_earlier_versions"]) == (1, 1)


def test_the_pages_show_an_edit_and_let_an_endorser_endorse_the_new_version(module_stack, browser):
    """In the pages: the endorser's browser endorses; the author reverses the comment; on
    reload the item says "edited", that 1 endorsed an earlier version, and that it changed since
    this browser endorsed it, whose button now says "Endorse again" and endorses the new one."""
    api, web = module_stack.api, module_stack.web
    sid, edit_token = _comment(api, "Keep the bus stop where it is.", "support")
    context = browser.new_context(locale="en-NZ")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        page.goto(f"{web}/option.html?o=a")
        item = page.locator(f"[data-submission='{sid}']")
        item.wait_for()
        item.get_by_role("button", name="Endorse (0)").click()
        item.get_by_role("button", name="Endorsed (1)").wait_for()
        status, _ = _call(
            api,
            "PATCH",
            f"/consultations/{CID}/submissions/{sid}",
            {"text": "Move the bus stop away.", "stance": "oppose"},
            {"X-Edit-Token": edit_token},
        )
        assert status == 200
        page.reload()
        item = page.locator(f"[data-submission='{sid}']")
        item.wait_for()
        assert "edited" in item.locator("time.edited").inner_text()
        assert item.locator(".earlier-endorsements").inner_text() == (
            "Endorsements of an earlier version: 1"
        )
        assert "Changed since you endorsed it" in item.locator(".changed-since").inner_text()
        item.get_by_role("button", name="Endorse again (0)").click()
        item.get_by_role("button", name="Endorsed (1)").wait_for()
        assert item.locator(".changed-since").count() == 0
        assert _public(api, sid)[1]["endorsements"] == 1
        assert problems == []
    finally:
        context.close()
