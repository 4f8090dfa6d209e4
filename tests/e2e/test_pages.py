"""The resident pages in Debian's Chromium against one local stack: a keyboard-only journey and a
touch journey on a phone, each checked through the API; axe-core in every state and language;
reflow at 320 px; visible focus; no foreign requests and no CSP violation; a lost answer retried
with the same Idempotency-Key stores exactly one. Screenshots go to .local/screenshots/ (ignored).

Option `a` of the demo consultation is the street section; option `b` (the map) is covered by
tests/e2e/test_pages_map.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from chalicelib.web_headers import page_headers
from tests.e2e.stack import call
from tests.support.pages import Page, axe_clean

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

LANGS = ("en", "mi", "x-pseudo")


def _submission(api: str, sid: str) -> dict:
    status, body = call("GET", f"{api}/consultations/demo/submissions/{sid}")
    assert status == 200, body
    return body


def test_resident_by_keyboard_alone(site, browser):
    page = Page(browser, site)
    p = page.page
    page.open("/option.html?o=a")

    # A comment on the inbound cycleway (third segment), by keyboard.
    page.tab_to("#segments [role=option][tabindex='0']")
    p.keyboard.press("ArrowDown")
    p.keyboard.press("ArrowDown")
    assert p.get_attribute("#seg-west-cycleway", "aria-selected") == "true"
    assert "Bike lane" in p.inner_text("#list-heading")
    page.tab_to("#comment-text")
    p.keyboard.type("Keep the cycleway raised, please: it feels safe.")
    page.tab_to("#comment-form button[type=submit]")
    p.keyboard.press("Enter")
    p.wait_for_selector("#comment-sent")
    comment = page.mine()[0]
    stored = _submission(page.api, comment["id"])
    assert (stored["kind"], stored["element_id"]) == ("comment", "west-cycleway")

    # Endorse it and flag it, from the list.
    item = f"[data-submission='{comment['id']}']"
    p.wait_for_selector(item)
    page.tab_to(f"{item} button[aria-pressed]")
    p.keyboard.press("Enter")
    p.wait_for_selector(f"{item} button[aria-pressed='true']")
    assert _submission(page.api, comment["id"])["endorsements"] == 1
    page.tab_to(f"{item} button:not([aria-pressed])")
    p.keyboard.press("Enter")
    p.wait_for_selector("#flag-dialog[open]")
    page.shot("flag-dialog")
    page.tab_to("#flag-dialog input[value=spam]")
    p.keyboard.press("Space")
    page.tab_to("#flag-dialog button[type=submit]")
    p.keyboard.press("Enter")
    p.wait_for_selector("#flag-dialog", state="detached")
    page.heard("moderator")

    # The alternative: widen one, remove one, add one, move one, undo one step.
    page.tab_to(".mode-switch button[aria-pressed='false']")
    p.keyboard.press("Enter")
    p.wait_for_selector(".editor")
    page.tab_to("#segments [role=option][tabindex='0']")
    p.keyboard.press("Home")
    p.keyboard.press("ArrowDown")
    p.keyboard.press("ArrowDown")  # west-cycleway, 1.8 m
    p.keyboard.press("ArrowRight")
    p.keyboard.press("ArrowRight")
    assert "2.0 m" in p.inner_text("#seg-west-cycleway")
    page.heard("0.0 m of the street left")
    p.keyboard.press("ArrowUp")  # west-trees
    p.keyboard.press("Delete")
    assert p.query_selector("#seg-west-trees") is None
    page.heard("Sidewalk tree removed")
    page.tab_to("#palette-type")
    p.select_option("#palette-type", "divider")  # a keyboard-operable native select
    page.tab_to(".palette button[type=submit]")
    p.keyboard.press("Enter")
    p.wait_for_selector("#seg-divider-new-1[aria-selected='true']")
    p.wait_for_function("document.activeElement?.id === 'seg-divider-new-1'")
    p.keyboard.press("Home")  # west-footpath
    for _ in range(3):
        p.keyboard.press("]")
    page.heard("moved to position 4")
    p.keyboard.press("ArrowRight")  # one step too many …
    p.keyboard.press("Control+z")  # … undone
    page.heard("Undone")
    diff_text = p.inner_text("#diff-list")
    changes = ("Added: Buffer", "Removed: Sidewalk tree", "1.8 m → 2.0 m", "from position 1 to 4")
    for words in changes:
        assert words in diff_text
    assert p.inner_text("#problems") == "Your street fits the rules."
    page.shot("editor-keyboard")
    page.tab_to("#alt-text")
    p.keyboard.type("A buffer between the cycleway and the footpath, and no trees on the west.")
    page.tab_to("#alt-form input[value=support]")
    p.keyboard.press("Space")
    page.tab_to("#alt-form button[type=submit]")
    p.keyboard.press("Enter")
    p.wait_for_selector("#alt-sent")
    alternative = _submission(page.api, page.mine()[0]["id"])
    diff = alternative["diff"]
    assert [a["id"] for a in diff["added"]] == ["divider-new-1"]
    assert [r["id"] for r in diff["removed"]] == ["west-trees"]
    assert [(r["id"], r["old_width"], r["new_width"]) for r in diff["resized"]] == [
        ("west-cycleway", 1.8, 2.0)
    ]
    assert [(m["id"], m["old_index"], m["new_index"]) for m in diff["moved"]] == [
        ("west-footpath", 0, 3)
    ]
    assert alternative["stance"] == "support"
    # Submitted: the work in progress is gone.
    assert p.evaluate("() => localStorage.getItem('sayso.wip.demo.a')") is None

    # My submissions: edit the comment, withdraw the alternative.
    page.open("/index.html")
    mine = f".mine[data-submission='{comment['id']}']"
    p.wait_for_selector(mine)
    page.tab_to(f"{mine} [data-action=edit]")
    p.keyboard.press("Enter")
    page.tab_to(f"{mine} textarea")
    p.keyboard.press("Control+a")
    p.keyboard.type("Keep the cycleway raised and wide.")
    page.tab_to(f"{mine} button[type=submit]")
    p.keyboard.press("Enter")
    p.wait_for_selector(f"{mine} .note")
    assert _submission(page.api, comment["id"])["text"] == "Keep the cycleway raised and wide."
    theirs = f".mine[data-submission='{alternative['id']}']"
    page.tab_to(f"{theirs} [data-action=withdraw]")
    p.keyboard.press("Enter")
    page.tab_to(f"{theirs} [data-action=withdraw-yes]")
    p.keyboard.press("Enter")
    p.wait_for_selector(theirs, state="detached")
    status, _ = call("GET", f"{page.api}/consultations/demo/submissions/{alternative['id']}")
    assert status == 404
    page.shot("mine")
    page.close()


def test_a_resident_downloads_and_erases_everything_they_sent(site, browser):
    page = Page(browser, site)
    p = page.page
    page.open("/option.html?o=a")
    p.fill("#comment-text", "Plant more trees on the east side.")
    p.click("#comment-form button[type=submit]")
    p.wait_for_selector("#comment-sent")
    sid = page.mine()[0]["id"]
    token = p.evaluate("() => JSON.parse(localStorage.getItem('sayso.resident'))")
    me = f"{page.api}/consultations/demo/residents/me"

    page.open("/index.html")
    with p.expect_download() as download:
        p.click("[data-action=download-mine]")
    sent = json.loads(Path(download.value.path()).read_text())
    assert [s["id"] for s in sent["submissions"]] == [sid]
    assert download.value.suggested_filename == "sayso-demo-my-data.json"

    p.click("[data-action=erase-mine]")
    p.wait_for_selector("[data-action=erase-yes]")
    assert "cannot be undone" in p.inner_text("#erase-confirm-text")
    axe_clean(page.page, "erase confirmation")
    page.shot("erase-confirmation")
    p.click("[data-action=erase-yes]")
    p.wait_for_selector(".rights .note:has-text('Submissions withdrawn: 1.')")
    p.wait_for_selector(f".mine[data-submission='{sid}']", state="detached")
    assert page.mine() == []
    status, _ = call("GET", f"{page.api}/consultations/demo/submissions/{sid}")
    assert status == 404
    status, document = call("GET", me, headers={"X-Resident-Token": token})
    assert status == 200 and document["submissions"] == []
    page.close()


def _centre(box: dict) -> tuple[float, float]:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_resident_by_touch_on_a_phone(site, browser):
    page = Page(browser, site, viewport=(360, 740), touch=True)
    p = page.page
    page.open("/option.html?o=a")
    # Tap the light-rail track in the drawing: it is chosen and its comments shown.
    p.tap(".section-svg [data-id='lrt-inbound'] rect")
    assert p.get_attribute("#seg-lrt-inbound", "aria-selected") == "true"
    p.tap("#comment-text")
    p.fill("#comment-text", "The platform needs shade.")
    p.tap("#comment-form button[type=submit]")
    p.wait_for_selector("#comment-sent")
    assert _submission(page.api, page.mine()[0]["id"])["element_id"] == "lrt-inbound"
    page.shot("phone-comment")

    p.tap(".mode-switch button[aria-pressed='false']")
    p.wait_for_selector(".editor")
    p.tap(".section-svg [data-id='east-traffic'] rect")
    p.wait_for_selector(".section-svg [data-handle='east-traffic']")
    # Drag the handle to narrow the lane, then drag the footpath to the middle.
    p.locator(".section-svg").scroll_into_view_if_needed()
    # the drawing's scale on screen (1 SVG unit = 1 cm; the buildings widen the view)
    px_per_m = p.evaluate("() => document.querySelector('.section-svg').getScreenCTM().a * 100")
    x, y = _centre(p.locator("[data-handle='east-traffic'] rect").bounding_box())
    p.mouse.move(x, y)
    p.mouse.down()
    p.mouse.move(x - 0.6 * px_per_m, y, steps=6)
    p.mouse.up()
    assert "2.6 m" in p.inner_text("#seg-east-traffic")
    p.locator(".section-svg").scroll_into_view_if_needed()
    x, y = _centre(p.locator(".section-svg [data-id='east-footpath'] rect").first.bounding_box())
    p.mouse.move(x, y)
    p.mouse.down()
    p.mouse.move(x - 4.0 * px_per_m, y, steps=8)
    p.mouse.up()
    page.heard("moved")
    page.shot("phone-editor")
    p.tap("#alt-text")
    p.fill("#alt-text", "A narrower eastern lane; footpath moved inwards.")
    p.tap("#alt-form button[type=submit]")
    p.wait_for_selector("#alt-sent")
    diff = _submission(page.api, page.mine()[0]["id"])["diff"]
    assert [(r["id"], r["new_width"]) for r in diff["resized"]] == [("east-traffic", 2.6)]
    assert [m["id"] for m in diff["moved"]] == ["east-footpath"]
    # Others see it drawn, the two changed parts marked, and its changes listed.
    sid = page.mine()[0]["id"]
    page.open("/option.html?o=a")
    p.tap(f"[data-submission='{sid}'] .alternative button")
    p.wait_for_selector(f"[data-submission='{sid}'] .alternative svg")
    assert p.locator(f"[data-submission='{sid}'] .changed-mark").count() == 2
    assert "2.6 m" in p.inner_text(f"[data-submission='{sid}'] .diff")
    page.shot("phone-others-alternative")
    assert p.evaluate("document.documentElement.scrollWidth") <= 360
    page.close()


def test_every_page_and_state_passes_axe_reflows_and_shows_focus(site, browser):
    for lang in LANGS:
        page = Page(browser, site)
        p = page.page
        for path in ("/index.html", "/option.html?o=a", "/option.html?o=b"):
            page.open(f"{path}{'&' if '?' in path else '?'}lang={lang}")
            assert p.get_attribute("html", "lang") == ("en-XA" if lang == "x-pseudo" else lang)
            assert p.get_attribute("html", "dir") == "ltr"
            axe_clean(page.page, f"{path} {lang}")
        # The editor with a warning shown (a lane added past the street's width: Streetmix
        # saves an overflowing street, so sayso warns, not refuses), an error next to a field.
        page.open(f"/option.html?o=a&mode=edit&lang={lang}")
        p.select_option("#palette-type", "drive-lane")
        p.click(".palette button[type=submit]")
        p.wait_for_selector(".warnings")
        axe_clean(page.page, f"editor with a warning {lang}")
        page.shot(f"editor-warning-{lang}")
        p.click(".mode-switch button[aria-pressed='false']")
        p.click("#comment-form button[type=submit]")
        p.wait_for_selector("#comment-text-error")
        axe_clean(page.page, f"field error {lang}")
        page.shot(f"field-error-{lang}")
        p.evaluate("localStorage.removeItem('sayso.wip.demo.a')")
        page.close()

    # Reflow at 320 CSS px (WCAG 1.4.10) and a visible focus indicator on everything focusable.
    page = Page(browser, site, viewport=(320, 640))
    p = page.page
    paths = ("/index.html", "/option.html?o=a", "/option.html?o=a&mode=edit", "/option.html?o=b")
    for path in paths:
        page.open(path)
        width = p.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} scrolls sideways: {width} px"
        page.shot("reflow-" + re.sub(r"\W+", "-", path).strip("-") or "home")
    page.open("/option.html?o=a&mode=edit")
    unfocused = []
    seen = set()
    for _ in range(80):
        p.keyboard.press("Tab")
        element = p.evaluate(
            """() => { const e = document.activeElement; if (!e || e === document.body) return null;
            const s = getComputedStyle(e);
            return {key: e.id || e.outerHTML.slice(0, 80),
                    visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
                             || s.boxShadow !== 'none'}; }"""
        )
        if element is None or element["key"] in seen:
            continue
        seen.add(element["key"])
        if not element["visible"]:
            unfocused.append(element["key"])
    assert len(seen) > 12
    assert not unfocused, unfocused
    page.close()


def test_headers_and_a_lost_answer_retried_with_the_same_key(site, browser, module_stack):
    page = Page(browser, site)
    p = page.page
    response = p.goto(page.web + "/option.html?o=a")
    reports = module_stack.aws  # frame-src: report.html
    expected = page_headers(report_origins=(reports,))
    names = ("Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options")
    for name in (*names, "Permissions-Policy"):
        assert response.headers[name.lower()] == expected[name]
    p.wait_for_selector("#comment-text")

    # Over the hourly limit: the page says when to try again and keeps the text.
    def too_many(route):
        if route.request.method != "POST":
            return route.continue_()
        return route.fulfill(
            status=429,
            headers={
                "Content-Type": "application/json",
                "Retry-After": "90",
                "Access-Control-Allow-Origin": page.web,
                "Access-Control-Expose-Headers": "Retry-After",
            },
            body=json.dumps({"error": {"code": "rate_limited", "message": "", "field": None}}),
        )

    p.route("**/consultations/demo/submissions", too_many)
    p.fill("#comment-text", "Said too often")
    p.click("#comment-form button[type=submit]")
    p.wait_for_selector("#comment-error")
    assert "try again in 2 min" in p.inner_text("#comment-error")
    assert p.input_value("#comment-text") == "Said too often"
    p.unroute("**/consultations/demo/submissions")

    # The first POST reaches the API (and is stored) but its answer is lost on the way back.
    lost = {"count": 0, "keys": []}

    def lose_answer(route):
        if route.request.method != "POST":
            return route.continue_()
        lost["keys"].append(route.request.headers.get("idempotency-key"))
        if lost["count"] == 0:
            lost["count"] += 1
            route.fetch()
            return route.abort("connectionreset")
        return route.continue_()

    p.route("**/consultations/demo/submissions", lose_answer)
    text = "Lost answers must not make a second copy."
    p.fill("#comment-text", text)
    p.click("#comment-form button[type=submit]")
    p.wait_for_selector("#comment-error")
    assert "connection failed" in p.inner_text("#comment-error")
    assert p.input_value("#comment-text") == text  # nothing typed is lost
    page.shot("network-failure")
    p.click("#comment-form button[type=submit]")  # "Try again"
    p.wait_for_selector("#comment-sent")
    assert len(lost["keys"]) == 2 and lost["keys"][0] == lost["keys"][1]
    status, listing = call("GET", f"{page.api}/consultations/demo/submissions?option=a&limit=100")
    assert status == 200
    assert [item["text"] for item in listing["items"]].count(text) == 1
    page.problems = [
        m for m in page.problems if "Failed to load resource" not in m and not m.startswith("429")
    ]
    page.close()


def test_work_in_progress_survives_a_reload(site, browser):
    page = Page(browser, site)
    p = page.page
    page.open("/option.html?o=a&mode=edit")
    p.click("#seg-west-trees")
    p.click(".toolbar button.danger")
    p.fill("#alt-text", "Half done")
    p.reload()
    p.wait_for_selector(".editor")
    assert p.query_selector("#seg-west-trees") is None
    assert p.input_value("#alt-text") == "Half done"
    p.evaluate("localStorage.removeItem('sayso.wip.demo.a')")
    page.close()


def test_an_overflowing_alternative_is_allowed_with_a_warning_and_the_street_downloads(
    site, browser
):
    page = Page(browser, site)
    p = page.page
    page.open("/option.html?o=a")
    link = p.get_attribute("p.download a", "href")
    assert link.endswith("/consultations/demo/options/a/streetmix")
    document = p.evaluate("async (url) => (await fetch(url)).json()", link)
    assert document["data"]["street"]["schemaVersion"] == 35
    page.open("/option.html?o=a&mode=edit")
    p.click("#seg-west-footpath")
    for _ in range(3):  # 0.2 m is free: the third 0.1 m overflows the street
        p.click(".toolbar button:has-text('Widen by 0.1 m')")
    assert p.inner_text("#problems") == "Your street fits the rules."
    assert "0.1 m more than the street's width of 27.0 m" in p.inner_text(".warnings")
    p.wait_for_selector("svg.section-svg g.overflow")
    p.evaluate("localStorage.removeItem('sayso.wip.demo.a')")
    page.close()


def test_client_validator_agrees_with_the_server(site, browser):
    from chalicelib.domain.errors import InvalidInput
    from chalicelib.domain.section import parse_section, section_warnings

    corpus = json.loads((Path(__file__).parent / "section_corpus.json").read_text())
    page = Page(browser, site)
    page.open("/index.html")
    client = page.page.evaluate(
        """async (corpus) => {
            const { validateSection, sectionWarnings } = await import('/js/section/validate.js');
            const catalogue = await (await fetch('/generated/catalogue.json')).json();
            return corpus.map((plan) => {
                const problems = validateSection(plan, catalogue);
                return [problems, problems.length ? [] : sectionWarnings(plan, catalogue)];
            });
        }""",
        corpus,
    )
    for plan, (found, warned) in zip(corpus, client, strict=True):
        try:
            section = parse_section(plan)
            server, warnings = [], [w.to_dict() for w in section_warnings(section)]
        except InvalidInput as error:
            server = [{"field": p.field, "message": p.message} for p in error.problems]
            warnings = []
        assert found == server, json.dumps(plan)[:200]
        assert warned == warnings, json.dumps(plan)[:200]
    assert sum(1 for found, _ in client if not found) >= 3
    assert sum(1 for found, _ in client if found) >= 15
    assert sum(1 for _, warned in client if warned) >= 3
    page.close()
