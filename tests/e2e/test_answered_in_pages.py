"""The resident's side of "you said, we did" on the live local stack: a resident leaves an email
with a comment on the street's platform (a wrong address is caught before sending, and a failed
send keeps everything typed); staff answer the platform and a map stop and publish; then the
comment's card says "the agency answered this" with a working link to the answer, the drawing,
the segment list and the map's feature list mark the answered elements, the pre-rendered page
says the same before any script, and every page stays axe- and HTML_CodeSniffer-clean."""

from __future__ import annotations

import json
import urllib.request

import pytest

from tests.e2e.stack import call, local_token
from tests.support.pages import Page, axe_clean

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

PLATFORM = "balmoral-platform"
STOP = "stop-balmoral"
PRECINCT = "balmoral-precinct"
SHADE = "Shade at the Balmoral platform, please."


def _comment_with_an_email(page: Page) -> dict:
    """By keyboard: the platform chosen, the comment typed, an email with a typo corrected, a
    send that fails on the network retried; returns what the browser remembers of it."""
    p = page.page
    page.open("/option.html?o=a")
    p.click(f"#seg-{PLATFORM}")
    p.wait_for_selector(f"#seg-{PLATFORM}[aria-selected=true]")
    email = p.locator("#comment-email")
    assert email.get_attribute("type") == "email"
    assert email.get_attribute("autocomplete") == "email"
    hint = p.inner_text("#comment-email-hint")
    assert "never shown" in hint and "days after the outcome" in hint, hint
    assert "{" not in hint
    assert p.locator("#alt-email").count() == 0  # the alternative's form is in the editor

    page.tab_to("#comment-text")
    p.keyboard.type(SHADE)
    page.tab_to("#comment-email")
    p.keyboard.type("ana@")
    page.tab_to("#comment-form button[type=submit]")
    p.keyboard.press("Enter")
    p.wait_for_selector("#comment-email-error")
    assert email.get_attribute("aria-invalid") == "true"
    described = email.get_attribute("aria-describedby").split()
    assert "comment-email-error" in described and "comment-email-hint" in described
    assert page.focused() == "comment-email"
    assert p.input_value("#comment-text") == SHADE
    axe_clean(page.page, "email error")
    page.shot("email-error")

    p.keyboard.press("Control+a")
    p.keyboard.type("ana@example.org")
    p.route("**/consultations/demo/submissions", lambda route: route.abort())
    page.tab_to("#comment-form button[type=submit]")
    p.keyboard.press("Enter")
    p.wait_for_selector("#comment-error")
    assert p.input_value("#comment-text") == SHADE  # nothing typed is lost
    assert p.input_value("#comment-email") == "ana@example.org"
    p.unroute("**/consultations/demo/submissions")
    page.problems.clear()  # the aborted request's console error was the point
    posted = "/consultations/demo/submissions"
    with p.expect_request(lambda r: r.method == "POST" and r.url.endswith(posted)) as sent:
        p.click("#comment-form button[type=submit]")
    body = json.loads(sent.value.post_data)
    assert (body["email"], body["language"]) == ("ana@example.org", "en")
    p.wait_for_selector("#comment-sent")
    assert p.input_value("#comment-email") == ""  # sent: the form starts empty again

    # The alternative's form (in the editor) offers the same field.
    p.click(".mode-switch button[aria-pressed=false]")
    p.wait_for_selector("#alt-email")
    assert p.get_attribute("label[for=alt-email]", "for") == "alt-email"
    assert p.get_attribute("#alt-email", "autocomplete") == "email"
    p.click(".mode-switch button[aria-pressed=false]")
    p.wait_for_selector("#comment-email")
    (sent,) = page.mine()
    token = p.evaluate("() => JSON.parse(localStorage.getItem('sayso.resident'))")

    # In the pseudo-locale (not a language tag the API takes) the email goes without `language`.
    page.open("/option.html?o=a&lang=x-pseudo")
    p.fill("#comment-text", "Pseudo-locale check.")
    p.fill("#comment-email", "ana@example.org")
    with p.expect_request(lambda r: r.method == "POST" and r.url.endswith(posted)) as pseudo:
        p.click("#comment-form button[type=submit]")
    p.wait_for_selector("#comment-sent")
    assert "language" not in json.loads(pseudo.value.post_data)
    return {**sent, "resident": token}


def test_an_email_left_then_the_answer_shown_on_the_card_and_the_drawing(site, browser):
    web, api = site
    resident = Page(browser, site)
    sent = _comment_with_an_email(resident)
    resident.close()
    me = {"X-Resident-Token": sent["resident"]}
    status, mine = call("GET", f"{api}/consultations/demo/residents/me", headers=me)
    assert status == 200, mine
    (stored,) = [s for s in mine["submissions"] if s["id"] == sent["id"]]
    assert stored["email_on_file"] and stored["element_id"] == PLATFORM
    assert stored["text"] == SHADE

    admin = {"Authorization": f"Bearer {local_token(web, 'admin')}"}
    staff = f"{api}/staff/consultations/demo"
    assert call("POST", f"{staff}/status", {"status": "closed"}, admin)[0] == 200
    answers = {}
    for oid, eids, words in (
        ("a", [PLATFORM], "A canopy is added."),
        ("b", [STOP, PRECINCT], "A shelter, and shade in the shops' street."),
    ):
        body = {
            "status": "adopted",
            "text": {"en": words},
            "links": {"elements": [{"option_id": oid, "element_id": eid} for eid in eids]},
        }
        status, created = call("POST", f"{staff}/responses", body, admin)
        assert status == 201, created
        answers[oid] = created["id"]
    outcome = {"decision": "adopted-with-changes", "text": {"en": "Built, with shade."}}
    for oid in ("a", "b"):
        assert call("PUT", f"{staff}/options/{oid}/outcome", outcome, admin)[0] == 200
    assert call("POST", f"{staff}/status", {"status": "outcome"}, admin)[0] == 200

    # The pre-rendered page, as a reader without script gets it.
    with urllib.request.urlopen(f"{web}/c/demo/en/o/a.html", timeout=10) as answer:
        static = answer.read().decode()
    link = f"/responses.html?c=demo&amp;lang=en#response-{answers['a']}"
    assert "The agency answered this:" in static and static.count(link) == 2  # card and plan

    page = Page(browser, site)
    p = page.page
    page.open("/c/demo/en/o/a.html")
    card = p.locator(f"[data-submission='{sent['id']}']")
    card.locator(".answered a").wait_for()
    assert "The agency answered this: Adopted" in card.locator(".answered").inner_text()
    segment = p.locator(f"#seg-{PLATFORM} .seg-answered")
    assert segment.inner_text().strip() == "✓ Answered: Adopted"
    assert p.locator(f".section-svg .seg[data-id='{PLATFORM}'] .answered-mark").count() == 1
    assert p.locator(".section-svg .answered-mark").count() == 1
    listed = p.locator(f".answered-elements li[data-element='{PLATFORM}']")
    assert "Adopted" in listed.inner_text()
    # Closed: no form to type into that the API would refuse; a note says why.
    assert p.locator("#comment-form").count() == 0
    assert "not taking comments" in p.inner_text("#comment-closed")
    axe_clean(page.page, "option page, answered")
    page.shot("answered-section")

    page.tab_to(f"[data-submission='{sent['id']}'] .answered a")
    p.keyboard.press("Enter")
    p.wait_for_url(f"**/responses.html?c=demo&lang=en#response-{answers['a']}")
    p.wait_for_function("(id) => document.activeElement?.id === id", arg=f"response-{answers['a']}")
    assert "A canopy is added." in p.inner_text(f"#response-{answers['a']}")
    p.wait_for_load_state("networkidle")
    axe_clean(page.page, "responses page, at one answer")

    # In te reo Māori too.
    page.open("/c/demo/mi/o/a.html")
    card.locator(".answered a").wait_for()
    assert "Kua whakautua tēnei e te tari: Kua whakaaetia" in card.inner_text()
    assert "Kua whakautua: Kua whakaaetia" in p.inner_text(f"#seg-{PLATFORM}")
    axe_clean(page.page, "option page, answered (mi)")

    # The map: the answered stop says so in the feature list and on its label.
    page.open("/c/demo/en/o/b.html")
    p.wait_for_selector(".map-option[data-ready=true] .map-feature")
    feature = p.locator(f"[data-focus='feature:{STOP}'] .map-feature__answered")
    assert feature.inner_text().strip() == "✓ Answered: Adopted"
    assert p.locator(".map-feature__answered").count() == 2  # the stop and the precinct
    assert p.locator(".map-stop.is-answered").count() == 1
    assert p.locator(".map-answered-badge").count() == 1  # the precinct's mark on the map
    assert (
        p.locator(f".answered-elements li[data-element='{STOP}'] a")
        .get_attribute("href")
        .endswith(f"#response-{answers['b']}")
    )
    axe_clean(page.page, "map page, answered")
    page.shot("answered-map")
    page.close()
