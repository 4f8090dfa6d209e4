"""The map option in Debian's Chromium against the local stack: the map module
(frontend/js/map/map-option.js) mounted on the demo consultation's option `b`, driven by
keyboard alone and by touch at a phone size; what it hands back is posted to the real API, whose
stored diff must say exactly what was done; axe-core finds nothing in any state, in en and mi.

The page the module is mounted on is a bare test page served from the stack's own origin (with
the stack's security headers), so these tests need nothing of the resident pages but the module,
its strings (frontend/i18n/*.json, "map") and frontend/vendor/leaflet/.
"""

from __future__ import annotations

import base64
import json
import os
import re
import urllib.parse

import pytest

from chalicelib.web_headers import page_headers
from tests.e2e.stack import ROOT, call

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / ".local" / "screenshots"
HARNESS = "/__map-test__/"
TILE_ORIGIN = "http://tiles.invalid"
# A 1×1 grey PNG: every tile the map asks for in the test with a tile server.
TILE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg=="
)
STOPS = ("View Road", "Eden Valley", "Balmoral", "Mt Roskill", "Dominion Junction")

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium")

_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Map option</title></head>
<body><main><h1>Map option</h1><div id="map"></div></main>
<script type="application/json" id="option">{option}</script>
<script type="module" src="{harness}harness.js"></script></body></html>"""

# Mounts the module as the option page does and records what it reports in window.reported.
_SCRIPT = """
import { mountMapOption } from "/js/map/map-option.js";
const query = new URLSearchParams(location.search);
const lang = query.get("lang");
const strings = await (await fetch(`/i18n/${lang}.json`)).json();
const option = JSON.parse(document.getElementById("option").textContent);
function t(key, params = {}) {
  const value = key.split(".").reduce((node, part) => node?.[part], strings);
  if (typeof value !== "string") throw new Error(`no string ${key} in ${lang}`);
  return value.replace(/\\{(\\w+)\\}/g, (_, name) => String(params[name]));
}
window.reported = { selected: [], pins: [], plan: null };
window.view = mountMapOption(document.getElementById("map"), {
  option, t, lang, config: JSON.parse(query.get("config")), mode: query.get("mode"), selected: null,
  onSelect: (id) => window.reported.selected.push(id),
  onPin: (position) => window.reported.pins.push(position),
  onPlanChange: (plan) => { window.reported.plan = plan; },
});
document.body.dataset.ready = "yes";
"""


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


class MapPage:
    """One harness page with the map mounted; collects console errors and foreign requests."""

    def __init__(
        self, context, web: str, api: str, *, lang: str, mode: str, tiles: dict | None = None
    ) -> None:
        self.web, self.api = web, api
        self.tile_origin = "" if tiles is None else TILE_ORIGIN
        self.problems: list[str] = []
        tile_origins = [TILE_ORIGIN] if tiles else []
        headers = {**page_headers(api, tile_origins), "Content-Type": "text/html; charset=utf-8"}
        status, option = call("GET", f"{api}/consultations/demo/options/b")
        assert status == 200, option
        option_json = json.dumps(option).replace("<", "\\u003c")
        context.route(
            lambda url: url.startswith(f"{web}{HARNESS}index.html"),
            lambda route: route.fulfill(
                body=_PAGE.format(lang=lang, harness=HARNESS, option=option_json),
                headers=headers,
            ),
        )
        context.route(
            f"{web}{HARNESS}harness.js",
            lambda route: route.fulfill(
                body=_SCRIPT, headers={**headers, "Content-Type": "text/javascript"}
            ),
        )
        self.page = context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("request", self._request)
        config = urllib.parse.quote(json.dumps({"tiles": tiles}))
        self.page.goto(f"{web}{HARNESS}index.html?lang={lang}&mode={mode}&config={config}")
        try:
            self.page.wait_for_selector(".map-option[data-ready=true] .map-feature", timeout=15_000)
        except Exception as error:
            raise AssertionError(f"the map did not mount: {self.problems}") from error

    def _console(self, message) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text}")

    def _request(self, request) -> None:
        allowed = (self.web, self.api, "data:", *([self.tile_origin] if self.tile_origin else []))
        if not request.url.startswith(allowed):
            self.problems.append(f"request to another origin: {request.url}")

    def feature(self, feature_id: str):
        return self.page.locator(f"[data-focus='feature:{feature_id}']")

    def live(self) -> str:
        return self.page.locator(".map-option__live").inner_text()

    def focused(self) -> str | None:
        return self.page.evaluate("document.activeElement?.dataset?.focus ?? null")

    def reported(self) -> dict:
        return self.page.evaluate("window.reported")

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def tab_to(self, focus_key: str, *, back: bool = False, limit: int = 60) -> None:
        """Tab (Shift+Tab when `back`) until the element with data-focus=focus_key has focus."""
        for _ in range(limit):
            if self.focused() == focus_key:
                return
            self.page.keyboard.press("Shift+Tab" if back else "Tab")
        raise AssertionError(f"Tab never reached {focus_key}; focus is on {self.focused()}")


def _axe_clean(page, state: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    assert not violations, f"axe, {state}: " + json.dumps(
        [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    )


def _no_horizontal_scroll(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _stack(local_stack) -> tuple[str, str]:
    _, ports, _ = local_stack
    return (
        f"http://127.0.0.1:{ports['SAYSO_WEB_PORT']}",
        f"http://127.0.0.1:{ports['SAYSO_API_PORT']}",
    )


def _submit_alternative(api: str, plan: dict) -> dict:
    status, created = call(
        "POST",
        f"{api}/consultations/demo/submissions",
        {"option_id": "b", "kind": "alternative", "text": "Stops closer together.", "plan": plan},
    )
    assert status == 201, created
    status, stored = call("GET", f"{api}/consultations/demo/submissions/{created['id']}")
    assert status == 200, stored
    return stored["diff"]


def _assert_diff(diff: dict, *, moved: str, removed: str, added_name: str) -> None:
    assert [m["id"] for m in diff["moved"]] == [moved]
    assert diff["moved"][0]["distance_m"] > 10
    assert [r["id"] for r in diff["removed"]] == [removed]
    assert [(a["geometry"]["type"], a["properties"]["name"]) for a in diff["added"]] == [
        ("Point", added_name)
    ]
    assert diff["properties"] == [] and diff["order"] is None


def test_map_by_keyboard_alone_in_english_and_maori(local_stack, browser):
    web, api = _stack(local_stack)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang in ("en", "mi"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=lang)
        view = MapPage(context, web, api, lang=lang, mode="view")
        page = view.page
        _axe_clean(page, f"map open ({lang})")

        # A feature chosen from the list, by keyboard, is reported for a comment.
        page.keyboard.press("Tab")
        view.tab_to("feature:stop-balmoral")
        view.press("Enter")
        assert view.feature("stop-balmoral").get_attribute("aria-pressed") == "true"
        assert view.reported()["selected"] == ["stop-balmoral"]

        # A pin by the crosshair: arrows move it, its position is spoken, Enter drops it.
        view.tab_to("tool:pin", back=True)
        view.press("Enter")
        assert page.evaluate("document.activeElement.classList.contains('map-option__crosshair')")
        view.press("ArrowRight", "ArrowRight", "Shift+ArrowDown")
        page.wait_for_timeout(400)  # the position is spoken once the crosshair rests
        spoken = view.live()
        assert "km" in spoken or " m " in spoken, spoken
        assert any(stop in spoken for stop in STOPS), spoken
        _axe_clean(page, f"crosshair active ({lang})")
        page.screenshot(path=str(SHOTS / f"map-crosshair-{lang}.png"))
        view.press("Escape")
        assert view.focused() == "tool:pin" and view.reported()["pins"] == []
        view.press("Enter", "ArrowLeft", "ArrowLeft", "Enter")
        pins = view.reported()["pins"]
        assert len(pins) == 1 and view.focused() == "tool:pin"
        status, created = call(
            "POST",
            f"{api}/consultations/demo/submissions",
            {"option_id": "b", "kind": "comment", "text": "A crossing here.", "point": pins[0]},
        )
        assert status == 201, created
        assert view.problems == []
        context.close()

        # An alternative: move Eden Valley, remove View Road, add a stop, by keys only.
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=lang)
        view = MapPage(context, web, api, lang=lang, mode="edit")
        page = view.page
        page.keyboard.press("Tab")
        view.tab_to("feature:stop-eden-valley")
        view.press("Enter", "Tab")
        assert view.focused() == "move:stop-eden-valley"
        view.press("Enter", "Shift+ArrowLeft", "Enter")
        assert view.focused() == "move:stop-eden-valley"
        view.tab_to("feature:stop-view-road", back=True)  # listed before Eden Valley
        view.press("Enter", "Tab", "Tab")
        assert view.focused() == "remove:stop-view-road"
        view.press("Enter")
        assert "View Road" in view.live()
        view.tab_to("tool:add", back=True)
        view.press("Enter", "Shift+ArrowDown", "Shift+ArrowDown", "Enter")
        assert view.focused() == "naming:input"
        view.press("Enter")  # no name yet: the message is next to the field
        assert page.locator(".map-error").count() == 1
        _axe_clean(page, f"edit mode, a field in error ({lang})")
        page.keyboard.type("Kensington")
        view.press("Enter")
        assert view.focused() == "feature:stop-kensington"
        view.press("Control+z")  # undo the addition, then add it again
        assert view.feature("stop-kensington").count() == 0
        view.tab_to("tool:add", back=True)
        view.press("Enter", "Shift+ArrowDown", "Shift+ArrowDown", "Enter")
        page.keyboard.type("Kensington")
        view.press("Enter")
        _axe_clean(page, f"edit mode ({lang})")
        page.screenshot(path=str(SHOTS / f"map-edit-{lang}.png"), full_page=True)
        diff = _submit_alternative(api, view.reported()["plan"])
        _assert_diff(
            diff, moved="stop-eden-valley", removed="stop-view-road", added_name="Kensington"
        )
        assert view.problems == []
        context.close()


def test_map_by_touch_on_a_phone(local_stack, browser):
    web, api = _stack(local_stack)
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True, locale="en"
    )
    tiles_asked: list[str] = []

    def tile(route) -> None:
        tiles_asked.append(route.request.url)
        route.fulfill(body=TILE_PNG, headers={"Content-Type": "image/png"})

    context.route(f"{TILE_ORIGIN}/**", tile)
    tiles = {"url": f"{TILE_ORIGIN}/{{z}}/{{x}}/{{y}}.png", "attribution": "© Test tiles"}
    view = MapPage(context, web, api, lang="en", mode="view", tiles=tiles)
    page = view.page
    page.wait_for_selector(".leaflet-tile-loaded")
    assert tiles_asked and "Test tiles" in page.locator(".leaflet-control-attribution").inner_text()

    def centre(locator) -> tuple[float, float]:
        box = locator.bounding_box()
        return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    stops = page.locator(".map-stop")
    page.touchscreen.tap(*centre(stops.nth(2)))  # Balmoral, the third stop drawn
    assert view.feature("stop-balmoral").get_attribute("aria-pressed") == "true"
    box = page.locator(".map-option__map").bounding_box()
    page.touchscreen.tap(box["x"] + 60, box["y"] + box["height"] - 90)
    assert len(view.reported()["pins"]) == 1 and page.locator(".map-pin").count() == 1
    assert "of" in view.live()
    page.screenshot(path=str(SHOTS / "map-pin-phone.png"), full_page=True)
    _no_horizontal_scroll(page, 320)
    page.set_viewport_size({"width": 360, "height": 740})
    context.close()

    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True, locale="en"
    )
    view = MapPage(context, web, api, lang="en", mode="edit")
    page = view.page
    touch = context.new_cdp_session(page)
    x, y = centre(page.locator(".map-stop").nth(1))  # Eden Valley, dragged by a finger
    touch.send(
        "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]}
    )
    for step in range(1, 11):
        point = {"x": x - 5 * step, "y": y + 2 * step}
        touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_function("() => window.reported.plan !== null")
    assert "Eden Valley" in view.live()
    page.touchscreen.tap(*centre(page.locator(".map-stop").nth(0)))  # View Road
    page.locator("[data-focus='remove:stop-view-road']").tap()
    page.locator("[data-focus='tool:add']").tap()
    box = page.locator(".map-option__map").bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] - 60, box["y"] + box["height"] - 60)
    page.locator(".map-input").fill("Kensington")
    page.get_by_role("button", name="Add the stop").tap()
    page.screenshot(path=str(SHOTS / "map-edit-phone.png"), full_page=True)
    _axe_clean(page, "edit mode on a phone")
    _no_horizontal_scroll(page, 320)
    diff = _submit_alternative(api, view.reported()["plan"])
    _assert_diff(diff, moved="stop-eden-valley", removed="stop-view-road", added_name="Kensington")
    assert view.problems == []
    context.close()


def test_map_strings_are_complete_in_every_language():
    """Every catalogue has every "map" string of the English one, with the same placeholders."""
    catalogues = {
        path.stem: json.loads(path.read_text())["map"]
        for path in sorted((ROOT / "frontend" / "i18n").glob("*.json"))
    }

    def strings(node: dict, prefix: str = "") -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for key, value in node.items():
            if isinstance(value, dict):
                found |= strings(value, f"{prefix}{key}.")
            else:
                found[prefix + key] = set(re.findall(r"\{(\w+)\}", value))
        return found

    english = strings(catalogues["en"])
    assert len(catalogues) >= 2
    for lang, catalogue in catalogues.items():
        assert strings(catalogue) == english, lang
