"""The pre-rendered pages (/c/<cid>/…, docs/pages.md) on the real local stack: readable whole
without JavaScript, re-rendered by a staff change, axe-clean as rendered, hydrated with
JavaScript through the same-origin API, and a resident's new comment shown to them at once."""

from __future__ import annotations

import time

import pytest

from tests.e2e.stack import call, local_token
from tests.support.pages import axe_clean

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]
COMMENT = "Shade on the platform <b>please</b>, it faces north."


def test_the_pages_read_without_javascript_and_follow_a_staff_change(site, browser):
    web, _ = site
    # Through the same-origin path, as the pages call it.
    status, created = call(
        "POST",
        f"{web}/api/consultations/demo/submissions",
        {"option_id": "a", "kind": "comment", "text": COMMENT, "stance": "support"},
    )
    assert status == 201, created
    # A staff change re-renders (the comment is then in the option page's snapshot).
    summary = {"en": "Light rail along Dominion Road; the Balmoral layout is open for comment."}
    status, answer = call(
        "PUT",
        f"{web}/api/staff/consultations/demo",
        {"summary": summary},
        {"Authorization": f"Bearer {local_token(web, 'admin')}"},
    )
    assert status == 200, answer

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    started = time.monotonic()
    response = page.goto(f"{web}/c/demo/index.html")
    assert response.status == 200
    assert "max-age=15" in response.headers["cache-control"]
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert page.locator("h1").inner_text() == "Dominion Road light rail"
    assert summary["en"] in page.locator("main").inner_text()  # the change is in the page
    assert page.locator(".option-card h3").all_inner_texts() == [
        "Option A: street layout at Balmoral, central platform",
        "Option B: route and stops",
    ]
    description = page.locator('meta[name="description"]').get_attribute("content")
    assert description.startswith("Light rail along Dominion Road")
    # The site's root is the stack's consultation, rendered (the plain page only until then).
    root = page.goto(f"{web}/")
    assert "max-age=15" in root.headers["cache-control"]
    assert summary["en"] in page.locator("main").inner_text()
    assert page.locator("#app.prerendered").count() == 1

    page.locator(".option-card a").first.click()
    page.wait_for_url("**/c/demo/en/o/a.html")
    assert page.locator("h1").inner_text().startswith("Option A")
    assert "Light rail, " in page.locator(".plan-list").inner_text()  # the section's parts
    comments = page.locator(".comments-static").inner_text()
    assert COMMENT in comments  # escaped as text, shown as typed
    assert page.locator(".comments-static b").count() == 0
    assert page.locator(".snapshot time").get_attribute("datetime")

    page.goto(f"{web}/c/demo/mi/o/b.html")
    assert page.locator("html").get_attribute("lang") == "mi"
    assert "Balmoral" in page.locator(".plan-list").inner_text()  # the map's features
    assert time.monotonic() - started < 60
    context.close()


def test_the_rendered_pages_pass_axe(site, browser):
    web, _ = site
    context = browser.new_context()
    # The rendered HTML as it arrives: the page's own scripts are kept out (axe still runs).
    context.route("**/assets/*.js", lambda route: route.abort())
    page = context.new_page()
    for path in ("/c/demo/index.html", "/c/demo/en/o/a.html", "/c/demo/mi/o/b.html"):
        page.goto(web + path)
        assert page.locator("#app.prerendered").count() == 1
        axe_clean(page, path, htmlcs=False)
    context.close()


def test_with_javascript_the_page_hydrates_and_shows_a_new_comment_at_once(site, browser):
    web, _ = site
    context = browser.new_context()
    page = context.new_page()
    origins = set()
    page.on("request", lambda request: origins.add(request.url.split("/")[2]))
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{web}/c/demo/en/o/a.html")
    page.wait_for_selector("#segments [role=option]")
    config_fetched = []
    page.on("request", lambda r: config_fetched.append(r.url) if "config.json" in r.url else None)
    text = "A new comment, shown to its author at once."
    page.fill("#comment-text", text)
    page.get_by_role("button", name="Send the comment").click()
    page.get_by_text(text).first.wait_for()
    assert origins == {web.split("/")[2]}, origins  # the API is same-origin: one connection
    assert not config_fetched
    assert not problems, problems
    # The pre-rendered consultation page hydrates with the live counts.
    page.goto(f"{web}/c/demo/en/index.html")
    page.wait_for_selector(".option-card a[href='/c/demo/en/o/a.html']")
    # Hydrated, a page stays in the language of its address.
    page.goto(f"{web}/c/demo/mi/index.html")
    page.wait_for_selector("#language-switch")
    assert page.locator("html").get_attribute("lang") == "mi"
    assert page.locator(".option-card a").first.get_attribute("href") == "/c/demo/mi/o/a.html"
    assert not problems, problems
    context.close()
