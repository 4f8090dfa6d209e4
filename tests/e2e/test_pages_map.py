"""The map option (demo consultation, option `b`) on the real resident page in Debian's Chromium
against one local stack: by keyboard alone, then by touch on a phone (360×740). A feature chosen
and commented on, a pin placed and commented on, an alternative (move a stop, add one, remove
one) sent; each is checked through the API, the alternative by its stored diff. axe-core finds
nothing in the map with the map open, the crosshair active and in edit mode, in en and mi; the
page reflows at 320 px. The map module is frontend/js/map/map-option.js (its jobs in the modules
beside it); re-routing a line is tested in test_pages_map_route.py.
"""

from __future__ import annotations

import json
import os
import re

import pytest

from tests.e2e.stack import ROOT, call
from tests.support.pages import CHROMIUM, MapPage, send_form, stored_map_submission

STOPS = ("View Road", "Eden Valley", "Balmoral", "Mt Roskill", "Dominion Junction")

pytestmark = [
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium"),
    pytest.mark.timeout(300),
]


def _assert_diff(diff: dict) -> None:
    """Exactly what both journeys do: Eden Valley moved, View Road removed, Kensington added."""
    assert [m["id"] for m in diff["moved"]] == ["stop-eden-valley"]
    assert diff["moved"][0]["distance_m"] > 20
    assert [r["id"] for r in diff["removed"]] == ["stop-view-road"]
    assert [(a["id"], a["geometry"]["type"], a["properties"]) for a in diff["added"]] == [
        ("stop-kensington", "Point", {"name": "Kensington", "kind": "stop"})
    ]
    assert diff["properties"] == [] and diff["order"] is None


def test_map_by_keyboard_alone(site, browser):
    """No mouse or touch event at all: every step is Tab, Shift+Tab, arrows, Enter, Escape."""
    _, api = site
    for lang in ("mi", "en"):
        view = MapPage(browser, site, lang=lang)
        view.axe_clean(f"map open, {lang}")
        view.tab_to("[data-focus='tool:pin']")
        view.press("Enter")
        assert view.focus_matches(".map-option__crosshair")
        view.press("ArrowRight", "ArrowRight", "Shift+ArrowDown")
        view.page.wait_for_timeout(400)  # the position is spoken once the crosshair rests
        assert any(stop in view.spoken() for stop in STOPS), view.spoken()
        view.axe_clean(f"crosshair active, {lang}")
        view.shot(f"crosshair-{lang}")
        view.press("Escape")
        assert view.focused() == "tool:pin"
        if lang == "en":
            break  # the journeys below, in English
        view.tab_to(".mode-switch button[aria-pressed=false]", back=True)
        view.press("Enter")
        view.page.wait_for_selector(".map-option [data-focus='tool:add']")
        view.axe_clean("edit mode, mi")
        view.close()

    # A stop chosen from the list and commented on.
    view.tab_to("[data-focus='feature:stop-balmoral']")
    view.press("Enter")
    assert view.control("feature:stop-balmoral").get_attribute("aria-pressed") == "true"
    send_form(view, "comment", "Balmoral needs a shelter.", keyboard=True)
    assert stored_map_submission(api, "Balmoral needs a shelter.")["element_id"] == "stop-balmoral"

    # A pin by the crosshair (the stop chosen again, so the comment is about the pin only).
    view.tab_to("[data-focus='feature:stop-balmoral']", back=True)
    view.press("Enter")
    assert view.control("feature:stop-balmoral").get_attribute("aria-pressed") == "false"
    view.tab_to("[data-focus='tool:pin']", back=True)
    view.press("Enter", "ArrowLeft", "ArrowLeft", "ArrowUp", "Enter")
    assert view.focused() == "tool:pin"
    where = view.spoken()
    assert any(stop in where for stop in STOPS) and re.search(r"\d+(\.\d)? k?m", where), where
    send_form(view, "comment", "A crossing here.", keyboard=True)
    pinned = stored_map_submission(api, "A crossing here.")
    assert pinned["element_id"] is None and len(pinned["point"]) == 2

    # An alternative: move Eden Valley, remove View Road, add Kensington (added, undone, added
    # again), then sent.
    view.tab_to(".mode-switch button[aria-pressed=false]", back=True)
    view.press("Enter")
    view.tab_to("[data-focus='feature:stop-eden-valley']")
    view.press("Enter", "Tab")
    assert view.focused() == "move:stop-eden-valley"
    view.press("Enter", "Shift+ArrowLeft", "Enter")
    assert view.focused() == "move:stop-eden-valley" and "Eden Valley" in view.spoken()
    view.tab_to("[data-focus='feature:stop-view-road']", back=True)
    view.press("Enter")
    view.tab_to("[data-focus='remove:stop-view-road']")
    view.press("Enter")
    assert "View Road" in view.spoken()
    for attempt in range(2):
        view.tab_to("[data-focus='tool:add']", back=True)
        view.press("Enter", "Shift+ArrowDown", "Shift+ArrowDown", "Enter")
        assert view.focused() == "naming:input"
        if attempt == 0:
            view.press("Enter")  # no name: the message is next to the field
            assert view.page.locator(".map-error").count() == 1
            view.axe_clean("edit mode, a field in error, en")
        view.page.keyboard.type("Kensington")
        view.press("Enter")
        assert view.focused() == "feature:stop-kensington"
        if attempt == 0:
            view.press("Control+z")
            assert view.control("feature:stop-kensington").count() == 0
    view.axe_clean("edit mode, en")
    view.shot("edit-en")
    send_form(view, "alt", "Stops closer to the shops.", keyboard=True)
    stored = stored_map_submission(api, "Stops closer to the shops.")
    _assert_diff(stored["diff"])
    # sent as the edit of the option's map (plan_edit), not the whole plan
    (alternative,) = [body for body in view.sent if body["kind"] == "alternative"]
    assert "plan" not in alternative
    assert alternative["plan_edit"]["removed"] == ["stop-view-road"]
    # Others' alternatives are listed with their diff only: the page rebuilds the plan from it.
    _, option = call("GET", f"{api}/consultations/demo/options/b")
    rebuilt = view.page.evaluate(
        "async ([plan, diff]) => (await import('/js/map/plan-edit.js')).planFromDiff(plan, diff)",
        [option["plan"], stored["diff"]],
    )
    assert rebuilt == stored["plan"]
    view.close()


def test_map_by_touch_on_a_phone(site, browser):
    """360×740 with touch, a tile server configured: taps choose and pin, a finger drags a stop."""
    _, api = site
    view = MapPage(browser, site, lang="en", touch=True, tiles=True)
    page = view.page
    page.wait_for_selector(".leaflet-tile-loaded")
    assert view.tiles_asked
    assert "Test tiles" in page.locator(".leaflet-control-attribution").inner_text()

    page.touchscreen.tap(*view.centre(view.stop("stop-balmoral")))
    assert view.control("feature:stop-balmoral").get_attribute("aria-pressed") == "true"
    send_form(view, "comment", "Balmoral by touch.", keyboard=False)
    assert stored_map_submission(api, "Balmoral by touch.")["element_id"] == "stop-balmoral"
    view.control("feature:stop-balmoral").tap()  # chosen again: no longer chosen
    x, y = view.centre(".map-option__map")
    page.touchscreen.tap(x - 100, y + 100)
    assert page.locator(".map-pin").count() == 1 and "Pin dropped" in view.spoken()
    view.shot("pin-phone")
    send_form(view, "comment", "A pin by touch.", keyboard=False)
    assert len(stored_map_submission(api, "A pin by touch.")["point"]) == 2
    page.set_viewport_size({"width": 320, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 360, "height": 740})

    page.locator(".mode-switch button[aria-pressed=false]").tap()
    page.wait_for_selector(".map-option [data-focus='tool:add']")
    finger = view.context.new_cdp_session(page)
    x, y = view.centre(view.stop("stop-eden-valley"))
    touches = [{"x": x, "y": y}] + [{"x": x - 5 * i, "y": y + 2 * i} for i in range(1, 11)]
    finger.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": touches[:1]})
    for point in touches[1:]:
        finger.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    finger.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_function(
        "() => /Eden Valley/.test(document.querySelector('.map-option__live').textContent)"
    )
    page.touchscreen.tap(*view.centre(view.stop("stop-view-road")))
    view.control("remove:stop-view-road").tap()
    view.control("tool:add").tap()
    x, y = view.centre(".map-option__map")
    page.touchscreen.tap(x + 100, y + 120)
    page.locator(".map-input").fill("Kensington")
    view.control("naming:add").tap()
    assert view.control("feature:stop-kensington").count() == 1
    view.axe_clean("edit mode on a phone, en")
    view.shot("edit-phone")
    page.set_viewport_size({"width": 320, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 360, "height": 740})
    send_form(view, "alt", "By touch: stops closer together.", keyboard=False)
    _assert_diff(stored_map_submission(api, "By touch: stops closer together.")["diff"])
    view.close()


def test_another_residents_map_alternative_is_drawn_with_its_changes(site, browser):
    """Another resident's alternative (sent here through the API: the journeys above may run
    on another worker's stack) is listed; opened, it is drawn read-only on its own map, the
    added stop on it, the changes in words beside it."""
    _, api = site
    text = "From another household: a stop at Kensington."
    kensington = {
        "type": "Feature",
        "id": "stop-kensington",
        "geometry": {"type": "Point", "coordinates": [174.7500, -36.8820]},
        "properties": {"name": "Kensington", "kind": "stop"},
    }
    status, sent = call(
        "POST",
        f"{api}/consultations/demo/submissions",
        {
            "option_id": "b",
            "kind": "alternative",
            "text": text,
            "plan_edit": {"added": [kensington]},
        },
        source="127.0.0.3",
    )
    assert status == 201, sent
    view = MapPage(browser, site, lang="en")
    page = view.page
    card = page.locator("li.submission", has_text=text)
    try:
        # The listing is the page's second request after the map: slow on a loaded machine.
        card.locator(".alternative > button").wait_for(timeout=90_000)
    except Exception:
        view.shot("listing-without-the-alternative")
        listed = page.locator("li.submission").all_inner_texts()
        raise AssertionError(f"not listed; the page lists {listed}; {view.problems}") from None
    card.locator(".alternative > button").click()
    page.wait_for_selector(".compare-map .map-option[data-ready=true] .map-feature")
    compare = card.locator(".compare-map")
    assert "Kensington" in compare.inner_text()
    assert "Kensington" in card.locator("ul.diff").inner_text()
    assert page.locator(".compare-map").count() == 1
    view.axe_clean("another resident's map alternative open, en")
    view.shot("compare-map")
    card.locator(".alternative > button").click()  # closed again: its map goes
    page.wait_for_selector(".compare-map", state="detached")
    assert not view.problems, view.problems
    view.close()


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
