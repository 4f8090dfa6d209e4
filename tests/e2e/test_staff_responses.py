"""The staff side of "you said, we did" on the live local stack, in Debian's Chromium: from the
moderation queue "Answer these" opens the answer form with the group's copies (or the element)
selected; an admin opens the responses view, answers the report's campaign group in one step
("Answer these", by keyboard) together with a plan element, publishes, then edits the published
response's status while someone else changed it meanwhile (the 409 keeps what was typed), saves
again (its follower gets one update email) and reads its history from the audit log. A
selection in the address arrives ticked with the focus on the form. axe-core and
HTML_CodeSniffer find nothing in any state."""

from __future__ import annotations

import json
import time

import pytest

from tests.e2e.stack import call, local_token, sent_mail
from tests.support.pages import axe_clean

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

LETTER = "Please put a shade canopy over the Balmoral platform before next summer, {who}."
HELD = "Widen the west footpath so two prams can pass each other, says {who}."
THEIRS = "The canopy is being designed with the council."
MINE = "The canopy is being built: work started this week."


def _mails(aws: str, expected: int) -> int:
    """The messages in moto's SES once `expected` are there (or after a few seconds)."""
    for _ in range(50):
        found = len(sent_mail(aws))
        if found >= expected:
            return found
        time.sleep(0.1)
    return len(sent_mail(aws))


def _clean(page, state: str) -> None:
    page.wait_for_load_state("networkidle")
    axe_clean(page, state)


def _send(api: str, text: str, element: str | None = None, address: str | None = None) -> dict:
    body = {"option_id": "a", "kind": "comment", "text": text}
    if element:
        body["element_id"] = element
    if address:
        body["email"] = address
    status, created = call("POST", f"{api}/consultations/demo/submissions", body)
    assert status == 201, created
    return created


def _focused_id(page) -> str:
    return page.evaluate("document.activeElement?.id || document.activeElement?.tagName")


def _answer_from_the_moderation_queue(browser, web: str, held: list[dict]) -> None:
    """An officer who both moderates and answers (two Cognito groups; here a local token with
    both roles) opens the answer form from the queue: "Answer these 3" on the group of copies,
    and "Answer the comments on west-footpath" beside the drawn plan."""
    from chalicelib.local.staff_keys import mint

    token = mint(["admin", "moderator"], subject="local-both", email="both@example.org")
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.add_init_script(f"sessionStorage.setItem('sayso.staff.token', {json.dumps(token)})")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{web}/staff/#/c/demo/moderation")
    page.wait_for_selector("body[data-ready=yes]", timeout=15_000)
    group = page.locator(".campaign [data-action=answer-all]")
    group.wait_for()
    _clean(page, "moderation queue with answer buttons")
    group.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#response-chosen input:checked")
    assert _focused_id(page) == "response-form-heading"
    chosen = page.locator("#response-chosen input:checked")
    assert sorted(chosen.evaluate_all("(boxes) => boxes.map((b) => b.value)")) == sorted(
        h["id"] for h in held
    )
    page.go_back()
    element = page.locator("[data-action=answer-element]")
    element.wait_for()
    element.click()
    page.wait_for_selector("#response-chosen input[value='a/west-footpath']:checked")
    assert _focused_id(page) == "response-form-heading"
    assert not problems, problems
    context.close()


def test_answer_a_campaign_in_one_step_then_edit_the_published_status(module_stack, site, browser):
    web, api = site
    aws = f"http://127.0.0.1:{module_stack.ports['SAYSO_AWS_PORT']}"
    copies = [_send(api, LETTER.format(who=who)) for who in ("Ana", "Ben", "Cy", "Di", "Ed")]
    follower = _send(api, "Shade at the platform, please.", "balmoral-platform", "fi@example.org")
    admin = {"Authorization": f"Bearer {local_token(web, 'admin')}"}
    staff = f"{api}/staff/consultations/demo"
    # three copies of another letter wait in pre-moderation (the moderation queue's group)
    assert call("PUT", staff, {"moderation": "pre"}, admin)[0] == 200
    held = [_send(api, HELD.format(who=who), "west-footpath") for who in ("Gus", "Hal", "Ivy")]
    assert call("POST", f"{staff}/status", {"status": "closed"}, admin)[0] == 200
    _answer_from_the_moderation_queue(browser, web, held)

    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{web}/staff/#/")
    page.wait_for_selector("body[data-ready=yes]", timeout=15_000)
    page.click("[data-role=admin]")
    page.wait_for_selector("[data-action=sign-out]")

    # A selection in the address (as the moderation list links it) arrives ticked, focused.
    page.goto(f"{web}/staff/#/c/demo/responses?submissions={follower['id']}")
    page.wait_for_selector("#response-chosen input:checked")
    assert _focused_id(page) == "response-form-heading"
    assert page.locator("#response-chosen input:checked").get_attribute("value") == follower["id"]

    page.goto(f"{web}/staff/#/c/demo/responses")
    row = page.locator("#unanswered-campaigns tbody tr")
    row.wait_for()
    assert row.count() == 1
    key = row.get_attribute("data-campaign")
    assert key in {c["id"] for c in copies}
    cells = row.locator("td.num").all_inner_texts()
    assert cells[:2] == ["5", "5"], cells  # comments, unanswered
    _clean(page, "unanswered by campaign")

    # "Answer these" on the campaign, by keyboard: the form opens with it selected.
    row.locator("[data-action=answer-these]").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#response-chosen input[value='{key}']:checked")
    assert _focused_id(page) == "response-form-heading"
    assert page.locator("#response-chosen input:checked").count() == 1
    # and the shaded element with it (one more row ticked)
    page.check("#unanswered-elements input[value='a/balmoral-platform']")
    assert page.locator("#response-chosen input:checked").count() == 2
    page.select_option("#response-status", "planned")
    page.fill("#response-en", "A canopy is planned over the platform.")
    page.fill("#response-mi", "Ka whakatūria he tuanui.")
    page.click("#response-form button[type=submit]")
    card = page.locator(".cards .card").first
    card.wait_for()
    page.wait_for_selector("#unanswered-campaigns", state="detached")
    assert card.get_attribute("data-status") == "planned"
    assert "answers 6 submissions" in card.inner_text()  # the 5 copies and the element's one
    rid = card.get_attribute("data-response")
    status, listed = call("GET", f"{staff}/responses", headers=admin)
    [created] = listed["items"]
    assert created["links"]["campaigns"] == [key]
    assert created["links"]["elements"] == [{"option_id": "a", "element_id": "balmoral-platform"}]

    outcome = {"decision": "adopted-with-changes", "text": {"en": "Built, with shade."}}
    for oid in ("a", "b"):
        assert call("PUT", f"{staff}/options/{oid}/outcome", outcome, admin)[0] == 200
    assert call("POST", f"{staff}/status", {"status": "outcome"}, admin)[0] == 200
    assert _mails(aws, 1) == 1  # the follower, told at publication

    # Edit after publication: the note says a status change emails the followers.
    page.reload()
    page.wait_for_selector("body[data-ready=yes]")
    card = page.locator(f"[data-response='{rid}']")
    card.locator("[data-action=edit]").click()
    assert _focused_id(page) == f"edit-heading-{rid}"
    assert "one short update email" in page.inner_text(f"#edit-note-{rid}")
    _clean(page, "editing a published response")

    # Meanwhile someone else changes its text (same status: nobody is emailed).
    change = {**{k: created[k] for k in ("links", "version")}, "status": "planned"}
    status, _ = call("PUT", f"{staff}/responses/{rid}", {**change, "text": {"en": THEIRS}}, admin)
    assert status == 200

    page.select_option(f"#edit-status-{rid}", "under-way")
    page.fill(f"#edit-{rid}-en", MINE)
    page.click(f"#edit-{rid} button[type=submit]")
    warning = page.locator(f"#edit-conflict-{rid}")
    warning.wait_for()
    assert warning.get_attribute("data-conflict") == "2"
    assert THEIRS in warning.inner_text()
    assert _focused_id(page) == f"edit-conflict-{rid}"
    assert page.input_value(f"#edit-{rid}-en") == MINE  # what was typed is kept
    assert page.input_value(f"#edit-status-{rid}") == "under-way"
    _clean(page, "an edit refused: someone changed it meanwhile")

    page.click(f"#edit-{rid} button[type=submit]")  # save again: mine replaces theirs
    page.wait_for_selector(f"[data-response='{rid}'][data-version='3']")
    card = page.locator(f"[data-response='{rid}']")
    assert card.get_attribute("data-status") == "under-way"
    assert _mails(aws, 2) == 2  # one update email for the one status change

    card.locator("[data-action=history]").click()
    entries = page.locator(f"#history-{rid} li")
    entries.first.wait_for()
    assert [e.get_attribute("data-version") for e in entries.all()] == ["3", "2", "1"]
    texts = entries.all_inner_texts()
    assert "→" in texts[0] and "admin@example.org" in texts[0], texts
    assert "text or links changed" in texts[1], texts
    assert card.locator("[data-action=history]").get_attribute("aria-expanded") == "true"
    _clean(page, "a response's history")
    assert not problems, problems
    context.close()

    # An analyst reads the same view: what is answered, no control to write or read the history.
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{web}/staff/#/")
    page.wait_for_selector("body[data-ready=yes]", timeout=15_000)
    page.click("[data-role=analyst]")
    page.wait_for_selector("[data-action=sign-out]")
    page.goto(f"{web}/staff/#/c/demo/responses")
    page.wait_for_selector(f"[data-response='{rid}'][data-status='under-way']")
    assert page.locator("#response-form, [data-action=edit], [data-action=history]").count() == 0
    _clean(page, "responses, read by an analyst")
    assert not problems, problems
    context.close()
