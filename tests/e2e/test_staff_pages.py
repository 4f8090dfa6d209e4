"""The staff pages (frontend/staff/, frontend/js/staff/) in Debian's Chromium against ONE local
stack, ONE browser: an admin signs in locally, creates a pre-moderated consultation, uploads every
real Streetmix document the API accepts and a GeoJSON file (each previewed before saving), sees
every problem of a broken file, and opens the consultation; a moderator approves one pending
comment and hides another by keyboard alone, and the resident API reflects both; an analyst sees
the statistics as tables and builds and downloads a report; each role sees only its controls (and
the API refuses the rest); an expired session returns to sign-in and keeps a half-typed form.
axe-core finds nothing in any page or state; no request leaves for another origin.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from tests.e2e.stack import call, local_token
from tests.support.pages import CHROMIUM, SHOTS, axe_clean
from tests.support.real_maps import REAL_MAPS
from tests.support.streetmix import STREETMIX_DOCUMENTS

OWN_STREETS = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "streetmix"

CID = "k-road"

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium")


class Staff:
    """The one page the officer works in; collects page errors and foreign requests."""

    def __init__(self, browser, web: str, api: str, reports: str = "") -> None:
        self.web, self.api, self.reports = web, api, reports
        self.problems: list[str] = []
        self.context = browser.new_context(viewport={"width": 1200, "height": 900})
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("request", self._request)
        SHOTS.mkdir(parents=True, exist_ok=True)

    def _request(self, request) -> None:
        report = self.reports and request.url.startswith(self.reports)
        if report and request.frame != self.page.main_frame:
            return  # report.html in its frame, from the reports bucket (presigned)
        if not request.url.startswith((self.web, self.api, "data:", "blob:")):
            self.problems.append(f"request to another origin: {request.url}")

    def go(self, hash_: str) -> None:
        self.page.goto(f"{self.web}/staff/{hash_}")
        self.page.wait_for_selector("body[data-ready=yes]", timeout=15_000)

    def settle(self) -> None:
        self.page.wait_for_load_state("networkidle")

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(SHOTS / f"staff-{name}.png"), full_page=True)

    def check(self, state: str) -> None:
        self.shot(state)
        axe_clean(self.page, state)
        assert not self.problems, self.problems

    def sign_in_as(self, role: str) -> None:
        self.go("#/")
        if self.page.locator("[data-action=sign-out]").count():
            self.page.click("[data-action=sign-out]")
        self.page.click(f"[data-role={role}]")
        self.page.wait_for_selector("[data-action=sign-out]")
        self.settle()

    def focused(self) -> str:
        return self.page.evaluate(
            "document.activeElement?.dataset?.sid || document.activeElement?.name || "
            "document.activeElement?.tagName"
        )


# Every part of the 6 routes of the real file is a path of its own on the map.
REAL_ROUTE_PARTS = sum(
    len(f["geometry"]["coordinates"])
    for f in json.loads((REAL_MAPS / "santa-monica-routes.geojson").read_text())["features"]
)


def _streetmix_documents() -> list[Path]:
    return sorted(STREETMIX_DOCUMENTS.glob("*.json"))


def _dry_run(api: str, token: str, document: dict) -> int:
    body = {"id": "probe", "title": {"en": "Probe"}, "kind": "section", "streetmix": document}
    status, _ = call(
        "POST",
        f"{api}/staff/consultations/{CID}/options?dry_run=true",
        body,
        {"Authorization": f"Bearer {token}"},
    )
    return status


def _projected(tmp_path: Path) -> Path:
    """The real stops file as if saved in New Zealand's projected CRS (NZTM, metres)."""
    raw = json.loads((REAL_MAPS / "utsunomiya-lrt-stops.geojson").read_text())
    raw["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2193"}}
    path = tmp_path / "projected.geojson"
    path.write_text(json.dumps(raw))
    return path


def _upload(staff: Staff, option_id: str, title: str, path: Path) -> None:
    page = staff.page
    staff.go(f"#/c/{CID}/add-option")
    page.fill("#o-id", option_id)
    page.set_input_files("#o-file", str(path))
    page.fill("#o-title-en", title)
    page.click("[data-action=preview]")


def test_staff_pages_admin_moderator_analyst(local_stack, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        staff = Staff(browser, local_stack.web, local_stack.api, f"{local_stack.aws}/")
        try:
            _scenario(staff, tmp_path)
            _cognito_round_trip(browser, staff.web)
        except BaseException:
            staff.shot("failure")
            raise
        finally:
            browser.close()


COGNITO = {
    "kind": "cognito",
    "domain": "https://sayso-test.auth.ap-southeast-2.amazoncognito.com",
    "client_id": "abc123",
    "redirect_uri": "https://d111.cloudfront.net/staff/",
    "logout_uri": "https://d111.cloudfront.net/staff/",
}

# The S256 challenge is checked against Python's hashlib (an independent implementation).
_PKCE_CHECK = """async (auth) => {
  const pkce = await import("/js/staff/pkce.js");
  const verifier = "dBjftJeZ4CVP-mJ92K9qkd5ZSwxRbNVZBbDBlPNIBsc";
  const challenge = await pkce.challengeFor(verifier);
  const fresh = pkce.newVerifier();
  return {
    challenge,
    fresh: [fresh.length, /^[A-Za-z0-9_-]+$/.test(fresh), fresh !== pkce.newVerifier()],
    authorize: pkce.authorizeUrl(auth, { challenge, state: "s1" }),
    token: pkce.tokenRequest(auth, { code: "c1", verifier }),
    logout: pkce.logoutUrl(auth),
  };
}"""


def _cognito_sign_in(staff: Staff) -> None:
    """In AWS (staff_auth.kind cognito): only the Hosted UI button, and the PKCE pieces right.
    The Hosted UI itself cannot run here; its redirect and token exchange are not exercised."""
    from playwright.sync_api import expect

    page = staff.page

    def cognito_config(route) -> None:
        config = json.loads(route.fetch().text())
        route.fulfill(json={**config, "stage": "prod", "staff_auth": COGNITO})

    page.route("**/config.json", cognito_config)
    staff.go("#/")
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    expect(page.locator("[data-role]")).to_have_count(0)
    expect(page.locator("#token")).to_have_count(0)
    staff.check("sign-in-cognito")
    got = page.evaluate(_PKCE_CHECK, COGNITO)
    page.unroute("**/config.json")
    page.reload()  # back to the stack's own config.json
    digest = hashlib.sha256(b"dBjftJeZ4CVP-mJ92K9qkd5ZSwxRbNVZBbDBlPNIBsc").digest()
    assert got["challenge"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert got["fresh"] == [64, True, True]
    query = parse_qs(urlsplit(got["authorize"]).query)
    assert got["authorize"].startswith(f"{COGNITO['domain']}/oauth2/authorize?")
    assert {k: v[0] for k, v in query.items()} == {
        "response_type": "code",
        "client_id": "abc123",
        "redirect_uri": COGNITO["redirect_uri"],
        "scope": "openid email profile",
        "code_challenge_method": "S256",
        "code_challenge": got["challenge"],
        "state": "s1",
    }
    assert got["token"]["url"] == f"{COGNITO['domain']}/oauth2/token"
    assert parse_qs(got["token"]["body"]) == {
        "grant_type": ["authorization_code"],
        "client_id": ["abc123"],
        "code": ["c1"],
        "redirect_uri": [COGNITO["redirect_uri"]],
        "code_verifier": ["dBjftJeZ4CVP-mJ92K9qkd5ZSwxRbNVZBbDBlPNIBsc"],
    }
    assert got["logout"] == (
        f"{COGNITO['domain']}/logout?client_id=abc123&logout_uri="
        + quote(COGNITO["logout_uri"], safe="")
    )


def _cognito_round_trip(browser, web: str) -> None:
    """The Hosted UI's code flow with PKCE, end to end against a stand-in (fake_cognito.py):
    authorize redirect, token exchange checked against the challenge, the API accepting the ID
    token, sign-out through /logout. The context bypasses the pages' CSP: locally connect-src
    does not name the stand-in's origin (in AWS it names Cognito's, tests/infra)."""
    from playwright.sync_api import expect

    from tests.e2e.fake_cognito import FakeCognito, running

    fake = FakeCognito(client_id="fake-client", redirect_uri=f"{web}/staff/", allowed_origin=web)
    with running(fake):
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        auth = {"kind": "cognito", "domain": fake.origin, "client_id": fake.client_id,
                "redirect_uri": fake.redirect_uri, "logout_uri": fake.redirect_uri}  # fmt: skip

        def cognito_config(route) -> None:
            config = json.loads(route.fetch().text())
            route.fulfill(json={**config, "stage": "prod", "staff_auth": auth})

        context.route("**/config.json", cognito_config)
        try:
            page.goto(f"{web}/staff/")
            page.get_by_role("button", name="Sign in", exact=True).click()
            expect(page.locator(".staff-who")).to_contain_text("analyst@agency.example")
            expect(page.locator("tr[data-cid=demo]")).to_be_visible()  # the API took the token
            assert "code=" not in page.url  # the code is not left in the address
            assert fake.log == ["authorize", "token"], fake.log
            page.click("[data-action=sign-out]")
            expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
            assert fake.log[-1] == "logout"
            assert page.evaluate("sessionStorage.getItem('sayso.staff.token')") is None
        finally:
            context.close()


def _scenario(staff: Staff, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)  # two shared cores: the first call of a route is slow
    web, api, page = staff.web, staff.api, staff.page
    documents = _streetmix_documents()
    _cognito_sign_in(staff)

    # ---- sign-in: the local one-click buttons show in the local stage
    staff.go("#/")
    expect(page.locator("h1")).to_have_text("Sign in to sayso staff")
    staff.check("sign-in")
    page.click("[data-role=admin]")
    expect(page.locator("tr[data-cid=demo]")).to_be_visible()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.includes('staff'))") == []
    staff.check("list-admin")

    # ---- an admin creates a pre-moderated consultation (dates in Auckland time)
    page.click("text=New consultation")
    page.fill("#c-id", CID)
    page.fill("#c-title-en", "Karangahape Road")
    page.fill("#c-title-mi", "Te Ara o Karangahape")
    page.fill("#c-summary-en", "Two ways to rebuild the street.")
    page.check("#c-mod-pre")
    page.fill("#c-closes", "2030-06-30T17:00")
    staff.check("new-consultation")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Add an option")
    status, created = call(
        "GET",
        f"{api}/staff/consultations/{CID}",
        headers={"Authorization": f"Bearer {local_token(web, 'admin')}"},
    )
    assert status == 200 and created["moderation"] == "pre", created
    assert created["closes_at"].startswith("2030-06-30T05:00"), created  # 17:00 NZST = 05:00Z

    # ---- every real Streetmix document the API accepts: previewed, then saved
    admin_token = local_token(web, "admin")
    accepted = [
        d for d in documents if _dry_run(api, admin_token, json.loads(d.read_text())) == 200
    ]
    refused = [d for d in documents if d not in accepted]
    assert accepted, f"the API accepted none of {documents}"
    for index, document in enumerate(accepted):
        _upload(staff, f"street-{index + 1}", f"Street {index + 1}", document)
        expect(page.locator("#preview-heading")).to_be_focused()
        expect(page.locator("#preview svg.section-svg, #preview table")).not_to_have_count(0)
        if index == 0:
            staff.check("option-preview-section")
        page.click("[data-action=save]")
        expect(page.locator(f"[data-option=street-{index + 1}]")).to_be_visible()

    # ---- a real street that overflows, with 1 ft benches: accepted, its warnings listed, drawn
    _upload(staff, "market", "Market Street", OWN_STREETS / "3dstreet-mit-market-street-11th.json")
    expect(page.locator("#preview-heading")).to_be_focused()
    expect(page.locator("#warnings li")).to_have_count(4)
    expect(page.locator("#warnings li[data-kind=overflow]")).to_contain_text("1.6 m more")
    expect(page.locator("#preview svg.section-svg g.overflow")).to_have_count(1)

    # ---- a Streetmix document the API refuses, and a broken GeoJSON: every problem listed
    broken = tmp_path / "broken.geojson"
    broken.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "id": "x",
                        "geometry": {"type": "Point"},
                        "properties": {},
                    }
                ],
            }
        )
    )
    for bad in [broken, *refused[:1]]:
        _upload(staff, "bad", "Bad", bad)
        expect(page.locator("#problems li")).not_to_have_count(0)
        expect(page.locator("#problems")).to_be_focused()
        expect(page.locator("[data-action=save]")).to_be_disabled()
    staff.check("option-problems")

    # ---- a real agency map (GTFS routes, MultiLineString, ids in properties.route_id), sent as
    # the file's text: previewed whole, with how it was read
    _upload(staff, "routes", "Routes", REAL_MAPS / "santa-monica-routes.geojson")
    expect(page.locator("#preview .map-option[data-ready=true]")).to_be_visible()
    expect(page.locator("#import-report")).to_contain_text("'route_id'")
    expect(page.locator("#preview path.map-feature-path")).to_have_count(REAL_ROUTE_PARTS)
    # ...and a projected file: one message naming its system and how to reproject
    _upload(staff, "projected", "Projected", _projected(tmp_path))
    expect(page.locator("#problems li")).to_have_count(1)
    expect(page.locator("#problems li")).to_contain_text("ogr2ogr -t_srs EPSG:4326")

    # ---- a GeoJSON map (the demo's map option's plan)
    _, demo_map = call("GET", f"{api}/consultations/demo/options/b")
    geojson = tmp_path / "stops.geojson"
    geojson.write_text(json.dumps(demo_map["plan"]))
    _upload(staff, "map", "Stops", geojson)
    expect(page.locator("#preview .map-option[data-ready=true]")).to_be_visible()
    staff.check("option-preview-map")
    page.click("[data-action=save]")
    expect(page.locator("[data-option=map]")).to_be_visible()

    # ---- open it, after a confirmation that says what changes
    page.click("[data-action=status]")
    dialog = page.locator("dialog.confirm")
    expect(dialog).to_contain_text("Residents will see")
    staff.check("confirm-open")
    dialog.locator("[data-confirm]").click()
    expect(page.locator(".facts .status")).to_have_text("Open")
    staff.check("consultation-open-admin")

    # ---- residents comment; pre-moderation holds both
    _, resident = call("POST", f"{api}/residents", {}, {"Idempotency-Key": os.urandom(8).hex()})
    said = {}
    _, street = call("GET", f"{api}/consultations/{CID}/options/street-1")
    segment = street["plan"]["segments"][0]["id"]
    for text in ("Please keep the bus lane.", "BUY CHEAP WATCHES at spam.example"):
        about = {"element_id": segment} if text.startswith("Please") else {}
        status, answer = call(
            "POST",
            f"{api}/consultations/{CID}/submissions",
            {"option_id": "street-1", "kind": "comment", "text": text, **about},
            {"X-Resident-Token": resident["token"], "Idempotency-Key": os.urandom(8).hex()},
        )
        assert status == 201 and answer["status"] == "pending", answer
        said[text] = answer["id"]
    letter = (
        "To the council: I am {} and I object to losing the parking outside the shops on "
        "Karangahape Road. Keep the parking and drop the cycle lane plan."
    )
    campaign = []
    for name in ("Ann", "Bob", "Cy"):
        status, answer = call(
            "POST",
            f"{api}/consultations/{CID}/submissions",
            {"option_id": "street-1", "kind": "comment", "text": letter.format(name)},
            {"X-Resident-Token": resident["token"], "Idempotency-Key": os.urandom(8).hex()},
        )
        assert status == 201, answer
        campaign.append(answer["id"])

    # ---- an expired session returns to sign-in and keeps the half-typed form
    staff.go("#/new")
    page.fill("#c-title-en", "Half typed")
    page.evaluate(
        "sessionStorage.setItem('sayso.staff.token', "
        "sessionStorage.getItem('sayso.staff.token').slice(0, -4) + 'AAAA')"
    )
    page.fill("#c-id", "half-typed")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Sign in to sayso staff")
    expect(page.locator(".notice[role=alert]")).to_contain_text("Your session ended")
    page.click("[data-role=admin]")
    expect(page.locator("#c-title-en")).to_have_value("Half typed")
    page.evaluate("sessionStorage.removeItem('sayso.staff.draft.new-consultation')")

    # ---- a moderator: no admin controls; approves one and hides one by keyboard alone
    staff.sign_in_as("moderator")
    expect(page.locator("text=New consultation")).to_have_count(0)
    staff.go(f"#/c/{CID}")
    expect(page.locator("[data-option=street-1]")).to_be_visible()
    for admin_only in (
        "[data-action=status]",
        "text=Add an option",
        "text=Edit details",
        "text=Audit log",
    ):
        expect(page.locator(admin_only)).to_have_count(0)
    staff.check("consultation-moderator")
    staff.go(f"#/c/{CID}/moderation")
    expect(page.locator(".queue-item")).to_have_count(5)
    group = page.locator(".campaign")
    expect(group.locator(".queue-item")).to_have_count(3)
    expect(group.locator("h3")).to_have_text("3 copies of one text (a campaign)")
    staff.check("moderation-pending")
    # the campaign hidden with one reasoned action, by keyboard alone; the first try meets a
    # busy API (503, Retry-After), the second sends the same Idempotency-Key
    keys: list[str] = []

    def busy(route) -> None:
        keys.append(route.request.headers["idempotency-key"])
        route.fulfill(
            status=503,
            headers={
                "Retry-After": "2",
                "Access-Control-Allow-Origin": "*",
                "Access-Control-Expose-Headers": "Retry-After",  # as app.py's CORS
            },
            json={"error": {"code": "unavailable", "message": "Busy."}},
        )

    page.route("**/moderation/batch", busy)
    for attempt in range(2):
        page.evaluate("document.activeElement.blur()")
        for _ in range(40):
            if page.evaluate("document.activeElement.dataset.action === 'hide-all'"):
                break
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(page.locator("#batch-hide-reason-abusive")).to_be_focused()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        dialog = page.locator("dialog.confirm")
        expect(dialog).to_contain_text("Hide all 3 copies?")
        expect(dialog).to_contain_text("The reason recorded: “Spam or advertising”")
        if attempt == 0:
            staff.check("moderation-batch-confirm")
        page.keyboard.press("Enter")
        if attempt == 0:
            expect(page.locator("#problems")).to_contain_text("busy. Try again in 2 s.")
            expect(page.locator(".queue-item")).to_have_count(5)
            page.unroute("**/moderation/batch")
            page.on(
                "request",
                lambda r: (
                    "/moderation/batch" in r.url
                    and keys.append(r.headers.get("idempotency-key", ""))
                ),
            )
    expect(page.locator("#staff-live")).to_have_text("Hidden 3 of 3. 2 left in this queue.")
    assert len(keys) >= 2 and len(set(keys)) == 1, keys
    expect(page.locator(".queue-item")).to_have_count(2)
    for _ in range(40):  # Tab from the heading into the queue: no mouse
        if page.evaluate("!!document.activeElement.dataset.sid"):
            break
        page.keyboard.press("Tab")
    first = staff.focused()
    assert first in said.values(), first
    spam = said["BUY CHEAP WATCHES at spam.example"]
    keep = said["Please keep the bus lane."]
    if first == spam:
        page.keyboard.press("j")
        assert staff.focused() == keep
    # the item's element highlighted in its plan, beside the list
    expect(page.locator("#item-plan-where")).to_contain_text(f"About element {segment}")
    expect(page.locator(f"#item-plan-drawing g.seg.selected[data-id='{segment}']")).to_have_count(1)
    expect(page.locator("#item-plan-segments [aria-selected=true]")).to_have_attribute(
        "data-id", segment
    )
    staff.check("moderation-item-plan")
    page.keyboard.press("a")
    expect(page.locator("#staff-live")).to_have_text("Approved. 1 left in this queue.")
    expect(page.locator(".queue-item")).to_have_count(1)
    assert staff.focused() == spam
    page.keyboard.press("h")
    expect(page.locator("#hide-reason")).to_be_visible()
    expect(page.locator("#hide-reason-abusive")).to_be_focused()
    staff.check("moderation-hide-reason")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # the third reason: spam
    assert page.evaluate("document.activeElement.value") == "spam"
    page.keyboard.press("Enter")
    expect(page.locator("#staff-live")).to_have_text("Hidden. 0 left in this queue.")
    expect(page.locator("#queue-empty")).to_be_focused()
    status, public = call("GET", f"{api}/consultations/{CID}/submissions?option=street-1")
    assert [item["id"] for item in public["items"]] == [keep], public
    page.click(".queue-tabs >> text=Hidden")
    expect(page.locator(f"[data-sid='{spam}']")).to_be_visible()
    expect(page.locator(".campaign [data-action=restore-all]")).to_have_text("Restore all 3")
    staff.check("moderation-hidden")
    moderator = local_token(web, "moderator")
    status, _ = call(
        "POST",
        f"{api}/staff/consultations/{CID}/status",
        {"status": "closed"},
        {"Authorization": f"Bearer {moderator}", "Idempotency-Key": "m1"},
    )
    assert status == 403

    # ---- an analyst: the statistics as tables, a report built and downloaded; no moderation
    staff.sign_in_as("analyst")
    staff.go(f"#/c/{CID}")
    expect(page.locator(".staff-tabs >> text=Moderation")).to_have_count(0)
    expect(page.locator("[data-action=status]")).to_have_count(0)
    staff.go(f"#/c/{CID}/moderation")
    expect(page.locator("[role=alert]")).to_have_text("Your role does not allow this.")
    expect(page.locator("[data-action=approve]")).to_have_count(0)
    staff.go(f"#/c/{CID}/stats")
    states = page.locator("table[data-table=by-state]")
    expect(states.locator("tr", has_text="Published")).to_contain_text("1")
    expect(states.locator("tr", has_text="Hidden")).to_contain_text("4")
    expect(page.locator("table[data-table=per-option] tbody tr")).to_have_count(len(accepted) + 1)
    today = page.locator("table[data-table=by-day] tbody tr td").last
    expect(today).to_have_text("5")  # received today, whatever their state now
    expect(page.locator("svg[data-chart=by-day] rect")).not_to_have_count(0)
    staff.check("stats-analyst")
    staff.go(f"#/c/{CID}/reports")
    page.click("[data-action=build]")
    link = page.locator("a[data-file='report.html']").first
    expect(link).to_be_visible(timeout=60_000)
    staff.check("reports-analyst")
    with urllib.request.urlopen(link.get_attribute("href"), timeout=20) as report:
        assert report.status == 200 and b"<html" in report.read().lower()
    # report.html in the page: a sandboxed frame on the reports bucket's origin (CSP frame-src)
    page.locator("[data-action=show-report]").first.click()
    frame = page.locator(".report-frame iframe")
    expect(frame).to_have_attribute("sandbox", "")
    expect(page.frame_locator(".report-frame iframe").locator("h1")).to_have_text(
        "Karangahape Road"
    )  # styled by its own <style>: the frame's document is not under the pages' CSP
    staff.check("reports-in-page")
    analyst = local_token(web, "analyst")
    status, _ = call(
        "GET",
        f"{api}/staff/consultations/{CID}/moderation?queue=pending",
        headers={"Authorization": f"Bearer {analyst}"},
    )
    assert status == 403

    # ---- the admin's audit log shows the moderation, paged
    staff.sign_in_as("admin")
    staff.go(f"#/c/{CID}/audit")
    expect(page.locator("table.audit tbody tr")).not_to_have_count(0)
    staff.check("audit-admin")
    status, log = call(
        "GET",
        f"{api}/staff/audit?cid={CID}&limit=100",
        headers={"Authorization": f"Bearer {local_token(web, 'admin')}"},
    )
    batched = [e for e in log["items"] if "batch" in (e["after"] or {})]
    assert sorted(e["target"] for e in batched) == sorted(f"{CID}/{sid}" for sid in campaign)
    assert not staff.problems, staff.problems
