"""The report end to end: residents post through the local stack's HTTP API, `make consolidate`'s
command builds the bundle, staff list it, every presigned link downloads, and report.html opens
in headless Chromium (Debian's, driven by Playwright) with its charts and the consensus section,
making no request but its own."""

from __future__ import annotations

import copy
import hashlib
import os
import urllib.request

import pytest

from chalicelib.local.launcher import Stack
from tests.e2e.stack import ROOT, call

CHROMIUM = "/usr/bin/chromium"
LETTER = (
    "Please keep the street trees on Dominion Road. They shade the tram platform, calm the "
    "traffic and shelter birds, and the street would be hotter without them. From {name}."
)


def _cli(stack: Stack, *args: str) -> str:
    done = stack.cli(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _post_submissions(api: str) -> None:
    def post(body: dict) -> None:
        status, answer = call("POST", f"{api}/consultations/demo/submissions", body)
        assert status == 201, answer

    for name in ("Ana", "Bo", "Cy", "Di", "Ed", "Flo"):
        post(
            {
                "option_id": "a",
                "kind": "comment",
                "text": LETTER.format(name=name),
                "stance": "oppose",
                "element_id": "west-trees",
            }
        )
    post(
        {"option_id": "b", "kind": "comment", "text": "A stop here.", "point": [174.7467, -36.8792]}
    )
    _, option = call("GET", f"{api}/consultations/demo/options/a")
    for _ in range(3):
        plan = copy.deepcopy(option["plan"])
        plan["segments"] = [s for s in plan["segments"] if s["id"] != "west-trees"]
        post({"option_id": "a", "kind": "alternative", "text": "No trees here.", "plan": plan})


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium")
def test_the_report_opens_in_a_browser_with_charts_and_the_consensus(local_stack):
    from playwright.sync_api import sync_playwright

    api = local_stack.api
    _post_submissions(api)

    printed = _cli(local_stack, "consolidate", "demo")
    assert "report bundle: s3://" in printed
    assert "campaigns found: 1" in printed

    token = _cli(local_stack, "staff-token", "--role", "analyst").strip()
    status, listed = call(
        "GET",
        f"{api}/staff/consultations/demo/reports",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert status == 200, listed
    [run] = listed["items"]
    links = {}
    for entry in run["files"]:
        with urllib.request.urlopen(entry["url"], timeout=20) as response:
            content = response.read()
        assert hashlib.sha256(content).hexdigest() == entry["sha256"], entry["name"]
        links[entry["name"]] = entry["url"]

    requested: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        page = browser.new_page()
        page.on("request", lambda request: requested.append(request.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(links["report.html"])
        assert page.locator("h1").inner_text() == "Dominion Road light rail"
        charts = page.locator("svg[role=img]")
        assert charts.count() >= 4  # per day, stance, the option's section and the consensus
        for index in range(charts.count()):
            assert charts.nth(index).get_attribute("aria-labelledby")
        drawings = page.locator("svg.section-drawing")
        assert drawings.count() == 2
        assert "west-trees removed" in page.locator("#sections").inner_text()
        assert "6" in page.locator("#campaigns").inner_text()
        assert page.locator("table caption").count() >= 4
        page.screenshot(path=str(ROOT / ".local" / "report-e2e.png"), full_page=True)
        browser.close()
    assert requested == [links["report.html"]], requested  # self-contained
    assert errors == []
