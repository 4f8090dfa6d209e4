"""What the browser tests share: Debian's Chromium, the screenshot folder, the page-weight budget,
the drivers of a resident page (Page) and of the map option page (MapPage), and the accessibility
check (axe, and HTML_CodeSniffer beside it)."""

from __future__ import annotations

import base64
import json

from tests.e2e.stack import ROOT, call
from tests.support.htmlcs import htmlcs_errors

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / ".local" / "screenshots"
OWN_BUDGET = 150_000  # bytes of sayso's own HTML, JS and CSS per page (docs/benchmarks.md)
TILES = "/__test-tiles__"
# A 1×1 PNG: every tile the map asks for in the test with a tile server.
TILE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg=="
)

# [does the focused element match the selector, [it] if it is part of the map and shows no
# outline]: one round trip a Tab.
_FOCUS_CHECK = """(selector) => {
  const e = document.activeElement;
  const reached = !!e?.matches(selector);
  if (!e || !e.closest('.map-option')) return [reached, []];
  const style = getComputedStyle(e);
  const shown = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  return [reached, shown ? [] : [e.dataset.focus || e.className || e.tagName]];
}"""


def axe_clean(page, state: str, *, htmlcs: bool = True) -> None:
    """No axe violation on the Playwright page and, when `htmlcs`, no HTML_CodeSniffer error (the
    second engine, beside axe); `state` names what is on screen in the failure."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    assert not violations, f"axe, {state}: " + json.dumps(
        [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations],
        indent=1,
    )
    if htmlcs:
        errors = htmlcs_errors(page)
        assert not errors, f"HTML_CodeSniffer, {state}: " + json.dumps(errors[:5], indent=1)


class Page:
    """A page of the site with what went wrong collected: console errors, CSP reports, requests
    to other origins."""

    def __init__(self, browser, site, *, viewport=(1280, 900), touch=False) -> None:
        self.web, self.api = site
        self.context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]},
            has_touch=touch,
            is_mobile=touch,
            locale="en-NZ",
        )
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"pageerror: {error}"))
        self.page.on("request", self._request)
        self.page.on(
            "response",
            lambda r: (
                r.status >= 400 and self.problems.append(f"{r.status} {r.request.method} {r.url}")
            ),
        )

    def _console(self, message) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            self.problems.append(message.text)

    def _request(self, request) -> None:
        if not request.url.startswith((self.web + "/", self.api + "/", "data:")):
            self.foreign.append(request.url)

    def open(self, path: str) -> None:
        self.page.goto(self.web + path)
        self.page.wait_for_selector("main h1:not(:has-text('sayso'))")
        self.page.wait_for_load_state("networkidle")

    def focused(self) -> str:
        return self.page.evaluate(
            "() => { const e = document.activeElement;"
            " return e ? (e.id || e.textContent.trim().slice(0, 60)) : ''; }"
        )

    def tab_to(self, selector: str, *, limit: int = 120) -> None:
        """Tab (never click) until the element matching selector has the focus."""
        for _ in range(limit):
            if self.page.evaluate(f"() => document.activeElement?.matches({json.dumps(selector)})"):
                return
            self.page.keyboard.press("Tab")
        raise AssertionError(f"Tab never reached {selector}; last focus {self.focused()!r}")

    def live(self) -> str:
        return self.page.inner_text("#live")

    def heard(self, words: str) -> None:
        """The live region says `words` (it is set a frame after a change, so wait for it)."""
        self.page.wait_for_function(
            "(words) => document.getElementById('live')?.textContent.includes(words)",
            arg=words,
            timeout=5000,
        )

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"pages-{name}.png"), full_page=True)

    def mine(self) -> list[dict]:
        return self.page.evaluate("() => JSON.parse(localStorage.getItem('sayso.mine') || '[]')")

    def close(self) -> None:
        assert not self.foreign, self.foreign
        assert not self.problems, self.problems
        self.context.close()


class MapPage:
    """The option page of the map, with console errors and requests to other origins collected."""

    def __init__(self, browser, site, *, lang: str, touch: bool = False, tiles=False) -> None:
        self.web, self.api = site
        size = {"width": 360, "height": 740} if touch else {"width": 1280, "height": 900}
        self.context = browser.new_context(
            viewport=size, has_touch=touch, is_mobile=touch, locale="en-NZ"
        )
        self.problems: list[str] = []
        self.unfocused: list[str] = []  # map elements Tab reached with no visible focus
        self.tiles_asked: list[str] = []
        self.sent: list[dict] = []  # bodies of the submissions posted
        if tiles:
            self._serve_tiles()
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("request", self._request)
        self.page.on(
            "response",
            lambda r: r.status >= 400 and self.problems.append(f"{r.status} {r.url}"),
        )
        self.page.goto(f"{self.web}/option.html?o=b&lang={lang}")
        try:
            self.page.wait_for_selector(".map-option[data-ready=true] .map-feature")
        except Exception as error:
            raise AssertionError(f"the map did not show: {self.problems}") from error

    def _serve_tiles(self) -> None:
        """config.json naming a tile server, and a stand-in one. It is on the page's own origin:
        the CSP then allows it as is, and a page fulfilled by the test instead of the stack
        would lose Chromium's loopback permission to call the API."""

        def config(route) -> None:
            route.fulfill(json={**route.fetch().json(), "tiles": self.tile_config})

        def tile(route) -> None:
            self.tiles_asked.append(route.request.url)
            route.fulfill(body=TILE_PNG, headers={"Content-Type": "image/png"})

        self.tile_config = {
            "url": f"{self.web}{TILES}/{{z}}/{{x}}/{{y}}.png",
            "attribution": "© Test tiles",
        }
        self.context.route(f"{self.web}/config.json", config)
        self.context.route(f"{self.web}{TILES}/**", tile)

    def _console(self, message) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            self.problems.append(f"console: {message.text}")

    def _request(self, request) -> None:
        allowed = (self.web + "/", self.api + "/", "data:")
        if not request.url.startswith(allowed):
            self.problems.append(f"request to another origin: {request.url}")
        if request.method == "POST" and request.url.endswith("/submissions"):
            self.sent.append(request.post_data_json)

    # --- the map -----------------------------------------------------------------------------

    def control(self, key: str):
        """A button of the map by its stable data-focus key (feature:<id>, tool:pin, ...)."""
        return self.page.locator(f"[data-focus='{key}']")

    def focused(self) -> str | None:
        return self.page.evaluate("() => document.activeElement?.dataset?.focus ?? null")

    def focus_matches(self, selector: str) -> bool:
        return self.page.evaluate(
            f"() => !!document.activeElement?.matches({json.dumps(selector)})"
        )

    def tab_to(self, selector: str, *, back: bool = False, limit: int = 80) -> None:
        """Tab (Shift+Tab when `back`), never click, until `selector` has the focus."""
        for _ in range(limit):
            reached, unfocused = self.page.evaluate(_FOCUS_CHECK, selector)
            self.unfocused.extend(unfocused)
            if reached:
                return
            self.page.keyboard.press("Shift+Tab" if back else "Tab")
        raise AssertionError(f"Tab never reached {selector}; focus is on {self.focused()}")

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def spoken(self) -> str:
        return self.page.locator(".map-option__live").inner_text()

    def centre(self, selector: str) -> tuple[float, float]:
        self.page.locator(".map-option__map").scroll_into_view_if_needed()
        box = self.page.locator(selector).bounding_box()
        return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    def stop(self, feature_id: str) -> str:
        """The marker of a stop: markers are drawn in plan order, after the list is known."""
        ids = self.page.evaluate(
            "() => [...document.querySelectorAll('.map-feature--point')]"
            ".map((b) => b.dataset.focus.slice('feature:'.length))"
        )
        return f".map-stop >> nth={ids.index(feature_id)}"

    def axe_clean(self, state: str) -> None:
        from axe_playwright_python.sync_playwright import Axe

        violations = Axe().run(self.page, context=".map-option").response["violations"]
        assert not violations, f"axe, {state}: " + json.dumps(
            [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        )

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"map-{name}.png"), full_page=True)

    def close(self) -> None:
        assert self.problems == [], self.problems
        assert self.unfocused == [], f"no visible focus on {sorted(set(self.unfocused))}"
        self.context.close()


def stored_map_submission(api: str, text: str) -> dict:
    """The submission of option b with this text, read back whole through GET …/{sid}."""
    status, listed = call("GET", f"{api}/consultations/demo/submissions?option=b&limit=50")
    assert status == 200, listed
    ids = [item["id"] for item in listed["items"] if item["text"] == text]
    assert len(ids) == 1, f"{len(ids)} submissions with the text {text!r}"
    status, stored = call("GET", f"{api}/consultations/demo/submissions/{ids[0]}")
    assert status == 200, stored
    return stored


def send_form(view: MapPage, form: str, text: str, *, keyboard: bool) -> None:
    """Fill and send the page's form ("comment" or "alt"), by keys or by taps."""
    if keyboard:
        view.tab_to(f"#{form}-text")
        view.page.keyboard.type(text)
        view.tab_to(f"#{form}-form button[type=submit]")
        view.press("Enter")
    else:
        view.page.locator(f"#{form}-text").tap()
        view.page.keyboard.type(text)
        view.page.locator(f"#{form}-form button[type=submit]").tap()
    try:
        view.page.wait_for_selector(f"#{form}-sent", timeout=15_000)
    except Exception:
        view.shot(f"{form}-not-sent")
        raise AssertionError(f"{form} not sent: {view.problems}") from None
