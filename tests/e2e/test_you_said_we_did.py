"""You said, we did, on the live local stack: residents send (two from one address, one
withdrawn, one without email), staff close, answer by element and by campaign, publish; the CLI
sends the outcome emails through moto's SES: one per distinct address, each with its answers and
a working forget link, and a rerun sends nothing more; the public page shows the answers in
every language, axe-clean."""

from __future__ import annotations

import email
import json
import os
import re
import subprocess
import sys
import urllib.request
from email import policy

import pytest
from playwright.sync_api import expect

from tests.e2e.stack import ROOT, call, local_token, sent_mail
from tests.support.pages import axe_clean

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

CANOPY = "A canopy is added over the Balmoral platform."


def _mailbox(aws: str) -> list[email.message.EmailMessage]:
    return [email.message_from_string(m["raw_data"], policy=policy.default) for m in sent_mail(aws)]


def _download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as answer:
        assert answer.status == 200, url
        return answer.read()


def _forget_from_the_local_mailbox(browser, web: str, address: str) -> None:
    """The local mailbox page lists what SES sent; the resident follows the forget link of
    their email: the site's page forgets it when its button is pressed (not on opening: a
    scanner may open links) and says so, and says so again, plainly, when pressed twice."""
    context = browser.new_context(locale="en-NZ")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{web}/local/mailbox")
    assert "2 messages sent" in page.inner_text("main")
    to = re.compile(f"^{re.escape(address)}$", re.IGNORECASE)  # as first written: Ana or ANA
    mail = page.locator("article").filter(has=page.locator("dd", has_text=to))
    expect(mail).to_have_count(1)
    mail.locator("pre a[href*='/forget.html?']").click()
    button = page.locator("#forget-button")  # nothing is forgotten by opening the link
    expect(button).to_be_visible()
    axe_clean(page, "forget page")  # axe and HTML_CodeSniffer
    button.click()
    result = page.locator("#forget-result[role=status]")
    expect(result).to_contain_text("your email is deleted")
    axe_clean(page, "forget page, done")
    page.reload()
    page.locator("#forget-button").click()
    expect(result).to_contain_text("no email left to forget")
    assert not problems, problems
    context.close()


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
    axe_clean(page, "staff responses", htmlcs=False)
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


def _send(
    api: str, address: str | None, text: str, element: str | None = None, resident: str = ""
) -> dict:
    body = {"option_id": "a", "kind": "comment", "text": text}
    if address:
        body["email"] = address
    if element:
        body["element_id"] = element
    headers = {"X-Resident-Token": resident} if resident else {}
    status, created = call("POST", f"{api}/consultations/demo/submissions", body, headers)
    assert status == 201, created
    return created


def _returning_resident_sees_the_answer(browser, web: str, token: str, sent: dict) -> None:
    """The browser that sent it (its resident token and its list of what it sent, as the
    option page stores them) comes back after the outcome: "What you have sent" shows the
    agency's answer in the page's language, with a link to every answer, and says until when
    the email is kept."""
    remembered = [
        {"id": sent["id"], "cid": "demo", "option_id": "a", "kind": "comment"}
        | {"edit_token": sent["edit_token"], "created_at": sent["created_at"]}
    ]
    script = (
        f"localStorage.setItem('sayso.resident', {json.dumps(json.dumps(token))});"
        f"localStorage.setItem('sayso.mine', {json.dumps(json.dumps(remembered))});"
    )
    problems: list[str] = []
    kept = {"en": "is kept until", "mi": "Ka puritia tō īmēra mō tēnei tae noa ki te"}
    for lang, answer in (("en", CANOPY), ("mi", "Ka tāpirihia he tuanui")):
        context = browser.new_context(locale="en-NZ")
        context.add_init_script(script)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(str(error)))
        reads: list[str] = []
        page.on("request", lambda r, seen=reads: "/residents/me" in r.url and seen.append(r.url))
        page.goto(f"{web}/?lang={lang}")
        card = page.locator(f".mine[data-submission='{sent['id']}']")
        card.locator(".answers .answer").wait_for(timeout=15_000)
        page.reload()  # back in the same session: no second data request (an hourly limit)
        card.locator(".answers .answer").wait_for(timeout=15_000)
        assert len(reads) == 1, reads
        assert answer in card.locator(".answers").inner_text()
        assert card.locator(".answers a[href*='responses.html?c=']").count() == 1
        note = card.locator(".email-note").inner_text()
        assert kept[lang] in note and "{" not in note, note  # a date (the outcome is out)
        page.wait_for_load_state("networkidle")
        axe_clean(page, f"what you have sent, answered ({lang})", htmlcs=False)
        assert not problems, problems
        context.close()


def test_answers_published_told_once_per_address_and_shown(module_stack, site, browser):
    web, api = site
    _send(api, "ana@example.org", "Shade at the platform, please.", "balmoral-platform")
    _send(api, "ANA@example.org", "And a wider footpath.", "west-footpath")
    _send(api, "ben@example.org", "Same as the others: shade!", "balmoral-platform")
    _send(api, None, "No email from me.", "balmoral-platform")
    status, resident = call("POST", f"{api}/residents", {})
    assert status == 201, resident
    returning = _send(
        api, "ben@example.org", "Shade for my bus, too.", "balmoral-platform", resident["token"]
    )
    gone = _send(api, "gone@example.org", "I take this back.")
    request = urllib.request.Request(
        f"{api}/consultations/demo/submissions/{gone['id']}",
        method="DELETE",
        headers={"X-Edit-Token": gone["edit_token"]},
    )
    assert urllib.request.urlopen(request, timeout=10).status == 204

    admin = {"Authorization": f"Bearer {local_token(web, 'admin')}"}
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

    _forget_from_the_local_mailbox(browser, web, "ana@example.org")

    # The open-data bundle, written at the outcome, downloads from the site without personal data.
    package = json.loads(_download(f"{web}/open-data/demo/datapackage.json"))
    bundle = f"{web}/open-data/demo"
    files = {r["path"]: _download(f"{bundle}/{r['path']}") for r in package["resources"]}
    assert CANOPY.encode() in files["responses.csv"]
    assert b"Shade at the platform, please." in files["submissions.csv"]
    everything = b"".join(files.values())
    for secret in (b"@example.org", b"I take this back.", resident["token"].encode()):
        assert secret not in everything, secret

    # The public page, in every language, and the consultation page's link to it.
    problems: list[str] = []
    for lang in ("en", "mi"):
        context = browser.new_context(locale="en-NZ")
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.goto(f"{web}/?lang={lang}")
        bundle = page.get_attribute(".open-data-link a", "href")
        assert bundle == "/open-data/demo/datapackage.json", bundle
        page.click(".responses-link a")
        page.wait_for_selector(".response-card")
        page.wait_for_load_state("networkidle")
        body = page.inner_text("main")
        assert (CANOPY if lang == "en" else "Ka tāpirihia he tuanui") in body
        assert "I take this back." not in body
        axe_clean(page, f"responses page, answered ({lang})", htmlcs=False)
        assert not problems, problems
        context.close()

    _returning_resident_sees_the_answer(browser, web, resident["token"], returning)
