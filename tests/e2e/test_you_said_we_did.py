"""You said, we did, on the live local stack: residents send (two from one address, one
withdrawn, one without email), staff close, answer by element and by campaign, publish; the CLI
sends the outcome emails through moto's SES: one per distinct address, each with its answers and
a working forget link, and a rerun sends nothing more; the public page shows the answers in
every language, axe-clean."""

from __future__ import annotations

import email
import json
import os
import subprocess
import sys
import urllib.request
from email import policy
from urllib.parse import urlsplit

import pytest

from tests.e2e.stack import ROOT, call

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

CANOPY = "A canopy is added over the Balmoral platform."


def _token(web: str, role: str) -> str:
    with urllib.request.urlopen(f"{web}/staff/local-token?role={role}", timeout=10) as answer:
        return json.loads(answer.read())["token"]


def _mailbox(aws: str) -> list[email.message.EmailMessage]:
    with urllib.request.urlopen(f"{aws}/moto-api/data.json", timeout=10) as answer:
        raw = json.load(answer)["ses"]["RawMessage"]
    return [email.message_from_string(m["raw_data"], policy=policy.default) for m in raw]


def _axe_clean(page, state: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    found = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert not violations, (state, found)


def _answer_in_the_staff_page(browser, web: str, answer: dict) -> None:
    """The officer ticks the Balmoral platform among the unanswered elements, picks the status,
    writes the answer in both languages and saves it."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{web}/staff/#/")
    page.wait_for_selector("body[data-ready=yes]", timeout=15_000)
    page.click("[data-role=admin]")
    page.wait_for_selector("[data-action=sign-out]")
    page.goto(f"{web}/staff/#/c/demo/responses")
    page.wait_for_selector("#response-form")
    page.wait_for_load_state("networkidle")
    _axe_clean(page, "staff responses")
    page.check("input[name=element][value='a/balmoral-platform']")
    page.select_option("#response-status", answer["status"])
    page.fill("#response-en", answer["text"]["en"])
    page.fill("#response-mi", answer["text"]["mi"])
    page.click("#response-form button[type=submit]")
    page.wait_for_selector(".cards .card")
    assert not problems, problems
    context.close()


def _notify(stack) -> str:
    env = {**os.environ, **{k: str(v) for k, v in stack.ports.items()}}
    done = subprocess.run(
        [sys.executable, "-m", "chalicelib.cli", "--local", "notify", "demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _send(api: str, address: str | None, text: str, element: str | None = None) -> dict:
    body = {"option_id": "a", "kind": "comment", "text": text}
    if address:
        body["email"] = address
    if element:
        body["element_id"] = element
    status, created = call("POST", f"{api}/consultations/demo/submissions", body)
    assert status == 201, created
    return created


def test_answers_published_told_once_per_address_and_shown(module_stack, site, browser):
    web, api = site
    _send(api, "ana@example.org", "Shade at the platform, please.", "balmoral-platform")
    _send(api, "ANA@example.org", "And a wider footpath.", "west-footpath")
    _send(api, "ben@example.org", "Same as the others: shade!", "balmoral-platform")
    _send(api, None, "No email from me.", "balmoral-platform")
    gone = _send(api, "gone@example.org", "I take this back.")
    request = urllib.request.Request(
        f"{api}/consultations/demo/submissions/{gone['id']}",
        method="DELETE",
        headers={"X-Edit-Token": gone["edit_token"]},
    )
    assert urllib.request.urlopen(request, timeout=10).status == 204

    admin = {"Authorization": f"Bearer {_token(web, 'admin')}"}
    staff = f"{api}/staff/consultations/demo"
    assert call("POST", f"{staff}/status", {"status": "closed"}, admin)[0] == 200
    by_element = {
        "status": "planned",  # not final: the emails are kept for its later changes
        "text": {"en": CANOPY, "mi": "Ka tāpirihia he tuanui ki te papa o Balmoral."},
        "links": {"elements": [{"option_id": "a", "element_id": "balmoral-platform"}]},
    }
    by_campaign = {
        "status": "under-study",
        "text": {"en": "The shade campaign is being studied with the council."},
        "links": {"campaigns": ["shade-letter"]},
    }
    _answer_in_the_staff_page(browser, web, by_element)
    status, created = call("POST", f"{staff}/responses", by_campaign, admin)
    assert status == 201, created
    status, listed = call("GET", f"{staff}/responses", headers=admin)
    assert [r["links"]["elements"] for r in listed["items"]] == [
        by_element["links"]["elements"],
        [],
    ]
    outcome = {"decision": "adopted-with-changes", "text": {"en": "Built, with shade."}}
    for oid in ("a", "b"):
        assert call("PUT", f"{staff}/options/{oid}/outcome", outcome, admin)[0] == 200
    assert call("POST", f"{staff}/status", {"status": "outcome"}, admin)[0] == 200

    # Publishing sent them (no CLI step); `notify` run by hand after it tells nobody twice.
    aws = f"http://127.0.0.1:{module_stack.ports['SAYSO_AWS_PORT']}"
    messages = {str(m["To"]).lower(): m for m in _mailbox(aws)}
    assert set(messages) == {"ana@example.org", "ben@example.org"}
    assert len(_mailbox(aws)) == 2
    ana = messages["ana@example.org"].get_content()
    assert CANOPY in ana and "no individual answer" in ana
    assert "0 sent, 2 already sent" in _notify(module_stack)  # a rerun tells nobody twice
    assert len(_mailbox(aws)) == 2

    forget = urlsplit(messages["ana@example.org"]["List-Unsubscribe"].strip("<>"))
    link = f"{api}{forget.path}?{forget.query}"
    assert call("GET", link) == (200, {"forgotten": 2})

    # The public page, in every language, and the consultation page's link to it.
    problems: list[str] = []
    for lang in ("en", "mi"):
        context = browser.new_context(locale="en-NZ")
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.goto(f"{web}/?lang={lang}")
        page.click(".responses-link a")
        page.wait_for_selector(".response-card")
        page.wait_for_load_state("networkidle")
        body = page.inner_text("main")
        assert (CANOPY if lang == "en" else "Ka tāpirihia he tuanui") in body
        assert "I take this back." not in body
        from axe_playwright_python.sync_playwright import Axe

        violations = Axe().run(page).response["violations"]
        assert not violations, [
            (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations
        ]
        assert not problems, problems
        context.close()
