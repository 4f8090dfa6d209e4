"""Re-routing the demo line ("route", a LineString of five vertices, option `b`) in a map
alternative on the real resident page in Debian's Chromium: by keyboard alone (the route editor:
choose, move, insert, delete a vertex, undo), by touch on a phone (a finger drags a vertex
handle) and by mouse (the line clicked on the map, a vertex dragged, a half-way handle dragged to
add one, one removed, undo and redo). Each alternative is sent and read back through the API: its
stored diff lists the line as moved (re-routed), with the geometry the resident made. axe-core
(and HTML_CodeSniffer) find nothing with the route editor active. Also: a MultiLineString
re-routed part by part (the map module mounted on its own), plan-edit.js's line edits and
History run in the page, and the page's own weight. The modules are frontend/js/map/
route-edit.js and plan-edit.js.
"""

from __future__ import annotations

import contextlib
import json
import os

import pytest

from chalicelib.domain.diff import diff_plans
from chalicelib.domain.plans import parse_plan
from tests.e2e.stack import ROOT, call
from tests.support.htmlcs import htmlcs_errors
from tests.support.pages import (
    CHROMIUM,
    OWN_BUDGET,
    MapPage,
    send_form,
    stored_map_submission,
)

pytestmark = [
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium"),
    pytest.mark.timeout(300),
]

LINE = "route"


def _option_line(api: str) -> list[list[float]]:
    """The option's line, as stored."""
    status, option = call("GET", f"{api}/consultations/demo/options/b")
    assert status == 200, option
    (line,) = [f for f in option["plan"]["features"] if f["id"] == LINE]
    assert line["geometry"]["type"] == "LineString"
    return line["geometry"]["coordinates"]


def _rerouted(api: str, text: str) -> dict:
    """The stored alternative's diff says the line, and only the line, was re-routed."""
    diff = stored_map_submission(api, text)["diff"]
    assert [m["id"] for m in diff["moved"]] == [LINE], diff["moved"]
    assert diff["added"] == [] and diff["removed"] == [] and diff["properties"] == []
    (moved,) = diff["moved"]
    assert moved["geometry"]["type"] == "LineString" and moved["distance_m"] > 0
    return moved


def _handles(view: MapPage) -> int:
    return view.page.locator(".map-vertex").count()


def test_reroute_by_keyboard_alone(site, browser):
    """Tab, Enter and the route editor's keys only: vertex 2 moved west, a vertex inserted after
    it, vertex 4 deleted, that deletion undone; the alternative sent."""
    _, api = site
    before = _option_line(api)
    view = MapPage(browser, site, lang="en")
    view.tab_to(".mode-switch button[aria-pressed=false]")
    view.press("Enter")
    view.page.wait_for_selector(".map-option [data-focus='tool:add']")
    view.tab_to(f"[data-focus='feature:{LINE}']")
    view.press("Enter", "Tab")
    assert view.focused() == f"route:{LINE}"
    assert _handles(view) == 5
    view.press("Enter")
    assert view.focus_matches(".map-option__route-keys")
    assert "5 points" in view.spoken() and "Point 1 of 5" in view.spoken(), view.spoken()
    view.press("]")
    assert view.spoken().startswith("Point 2 of 5:"), view.spoken()
    view.press("Shift+ArrowLeft", "ArrowLeft")
    spoken = view.spoken()
    assert "Point 2 of 5 of Dominion Road light rail moved" in spoken and "west" in spoken, spoken
    assert any(stop in spoken for stop in ("View Road", "Eden Valley", "Balmoral")), spoken
    view.press("i")
    assert view.spoken().startswith("Point 3 of 6 of Dominion Road light rail added"), view.spoken()
    assert _handles(view) == 6
    view.press("]", "Delete")
    assert "5 points left" in view.spoken(), view.spoken()
    assert _handles(view) == 5
    view.press("Control+z")
    assert view.spoken().startswith("Undone: Point 4 of 6"), view.spoken()
    assert _handles(view) == 6 and view.focus_matches(".map-option__route-keys")
    assert view.page.locator(".map-option__hint").is_visible()
    view.axe_clean("route editor active, en")
    assert htmlcs_errors(view.page) == []  # the second engine, beside axe
    view.shot("route-keys-en")
    view.press("Escape")
    assert view.focused() == f"route:{LINE}"
    assert "Finished editing the route" in view.spoken()
    badge = view.control(f"feature:{LINE}").locator(".map-feature__change")
    assert badge.inner_text() == "route changed"
    view.axe_clean("edit mode, a line re-routed, en")
    send_form(view, "alt", "Along Mt Eden Road instead, by keys.", keyboard=True)
    (alternative,) = [body for body in view.sent if body["kind"] == "alternative"]
    assert [m["id"] for m in alternative["plan_edit"]["moved"]] == [LINE]
    after = _rerouted(api, "Along Mt Eden Road instead, by keys.")["geometry"]["coordinates"]
    assert len(after) == 6
    assert after[0] == before[0] and after[3:] == before[2:]  # only vertex 2 moved, one added
    assert after[1][0] < before[1][0] and after[1][1] == pytest.approx(before[1][1], abs=1e-6)
    assert min(after[1][0], before[2][0]) < after[2][0] < max(after[1][0], before[2][0])
    view.close()


def test_reroute_by_touch_on_a_phone(site, browser):
    """360×740 with touch: the line tapped in the list, a finger drags its third vertex."""
    _, api = site
    before = _option_line(api)
    view = MapPage(browser, site, lang="en", touch=True)
    page = view.page
    page.locator(".mode-switch button[aria-pressed=false]").tap()
    page.wait_for_selector(".map-option [data-focus='tool:add']")
    view.control(f"feature:{LINE}").tap()
    page.wait_for_selector(".map-vertex")
    assert _handles(view) == 5
    finger = view.context.new_cdp_session(page)
    x, y = view.centre(".map-vertex >> nth=2")
    touches = [{"x": x, "y": y}] + [{"x": x + 6 * i, "y": y + 3 * i} for i in range(1, 11)]
    finger.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": touches[:1]})
    for point in touches[1:]:
        finger.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    finger.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_function(
        "() => /Point 3 of 5 of Dominion Road light rail moved/"
        ".test(document.querySelector('.map-option__live').textContent)"
    )
    assert view.control(f"route-remove:{LINE}").is_visible()  # the dragged vertex is chosen
    view.axe_clean("a line re-routed on a phone, en")
    view.shot("route-phone")
    page.set_viewport_size({"width": 320, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 360, "height": 740})
    send_form(view, "alt", "Along Mt Eden Road, by touch.", keyboard=False)
    moved = _rerouted(api, "Along Mt Eden Road, by touch.")
    after = moved["geometry"]["coordinates"]
    assert moved["measure"] == "max-vertex" and moved["distance_m"] > 20
    assert len(after) == 5 and [p for i, p in enumerate(after) if p != before[i]] == [after[2]]
    assert after[2][0] > before[2][0]  # dragged east
    view.close()


# The screen position of a point `share` of the way along the drawn line (its SVG path).
_ON_THE_LINE = """(share) => {
  const lines = '.map-option path.map-feature-path:not(.map-feature-path--area)';
  const path = document.querySelector(lines);
  const point = path.getPointAtLength(path.getTotalLength() * share);
  const m = path.getScreenCTM();
  return [point.x * m.a + point.y * m.c + m.e, point.x * m.b + point.y * m.d + m.f];
}"""


def test_reroute_by_mouse(site, browser):
    """A mouse: the line clicked on the map, vertex 2 dragged, a half-way handle dragged to add
    a vertex, the last vertex chosen and removed by its button, that removal undone and redone."""
    _, api = site
    before = _option_line(api)
    view = MapPage(browser, site, lang="en")
    page = view.page
    page.locator(".mode-switch button[aria-pressed=false]").click()
    page.wait_for_selector(".map-option [data-focus='tool:add']")
    # the line chosen on the map: a click on its path, between two of its vertices
    x, y = page.evaluate(_ON_THE_LINE, 0.62)
    page.mouse.click(x, y)
    page.wait_for_selector(".map-vertex")
    assert view.control(f"feature:{LINE}").get_attribute("aria-pressed") == "true"

    def drag(selector: str, dx: float, dy: float) -> None:
        x, y = view.centre(selector)
        page.mouse.move(x, y)
        page.mouse.down()
        for i in range(1, 11):
            page.mouse.move(x + dx * i / 10, y + dy * i / 10)
        page.mouse.up()

    drag(".map-vertex >> nth=1", -60, 0)
    assert "Point 2 of 5 of Dominion Road light rail moved" in view.spoken(), view.spoken()
    drag(".map-midpoint >> nth=3", 40, 20)  # between vertices 4 and 5: a new vertex 5
    assert view.spoken().startswith("Point 5 of 6 of Dominion Road light rail added"), view.spoken()
    assert _handles(view) == 6
    page.locator(".map-vertex >> nth=5").click()
    assert view.spoken().startswith("Point 6 of 6:"), view.spoken()
    view.control(f"route-remove:{LINE}").click()
    assert "5 points left" in view.spoken() and _handles(view) == 5
    view.control("tool:undo").click()
    assert _handles(view) == 6
    view.control("tool:redo").click()
    assert view.spoken().startswith("Redone: Point 6 of 6"), view.spoken()
    assert _handles(view) == 5
    view.axe_clean("a line re-routed by mouse, en")
    page.locator("#alt-text").click()
    page.keyboard.type("Along Mt Eden Road, by mouse.")
    page.locator("#alt-form button[type=submit]").click()
    page.wait_for_selector("#alt-sent", timeout=15_000)
    after = _rerouted(api, "Along Mt Eden Road, by mouse.")["geometry"]["coordinates"]
    assert len(after) == 5 and after[0] == before[0] and after[2:4] == before[2:4]
    assert after[1][0] < before[1][0]  # dragged west
    assert after[4] not in before  # the new vertex; the option's last one removed
    view.close()


# Two parts, as an OSM route relation imports: the first of two vertices, the second of three.
TRACKS = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "id": "tracks",
            "geometry": {
                "type": "MultiLineString",
                "coordinates": [
                    [[174.7500, -36.8700], [174.7500, -36.8800]],
                    [[174.7600, -36.8700], [174.7600, -36.8800], [174.7650, -36.8900]],
                ],
            },
            "properties": {"name": "Tracks", "kind": "route"},
        },
        {
            "type": "Feature",
            "id": "stop-a",
            "geometry": {"type": "Point", "coordinates": [174.7550, -36.8750]},
            "properties": {"name": "Kingsland", "kind": "stop"},
        },
    ],
}

# The map module mounted on its own in the page (edit mode, the line chosen), with the English
# catalogue; every plan it reports kept in window.reported.
_MOUNT = """async (plan) => {
  const { mountMapOption } = await import('/js/map/map-option.js');
  const catalogue = await (await fetch('/i18n/en.json')).json();
  const lookup = (key) => key.split('.').reduce((node, part) => node?.[part], catalogue);
  const t = (key, params = {}) =>
    String(lookup(key) ?? key).replace(/\\{(\\w+)\\}/g, (_, name) => params[name] ?? `{${name}}`);
  const host = document.createElement('div');
  host.id = 'tracks-map';
  document.querySelector('main, #app, body').prepend(host);
  window.reported = [];
  mountMapOption(host, {
    option: { id: 'x', kind: 'map', plan }, t, lang: 'en', mode: 'edit', selected: 'tracks',
    label: 'Map of the tracks', // the page's own map is there too: landmarks named apart
    onPlanChange: (edited) => window.reported.push(edited),
  });
}"""


def test_reroute_each_part_of_a_multilinestring(site, browser):
    """The route editor on a MultiLineString: vertices numbered within their part, [ and ] and
    Home/End crossing parts, a part never below two vertices, Insert past a part's last vertex,
    undo and redo by keys; the plan reported is what the server's diff calls re-routed parts."""
    view = MapPage(browser, site, lang="en")
    page = view.page
    page.evaluate(_MOUNT, TRACKS)
    page.wait_for_selector("#tracks-map .map-option[data-ready=true] .map-vertex")
    live = page.locator("#tracks-map .map-option__live")
    assert page.locator("#tracks-map .map-vertex").count() == 5
    page.locator("#tracks-map [data-focus='route:tracks']").focus()
    view.press("Enter", "End")
    assert live.inner_text().startswith("Point 3 of 3 in part 2:"), live.inner_text()
    view.press("Delete")
    assert "2 points left" in live.inner_text(), live.inner_text()
    view.press("Delete")
    assert live.inner_text() == "A line needs at least 2 points: this point cannot be removed."
    view.press("[", "[")
    assert live.inner_text().startswith("Point 2 of 2 in part 1:"), live.inner_text()
    view.press("Shift+ArrowRight")
    assert "Point 2 of 2 in part 1 of Tracks moved" in live.inner_text(), live.inner_text()
    assert "Kingsland" in live.inner_text()
    view.press("i")
    assert live.inner_text().startswith("Point 3 of 3 in part 1 of Tracks added")
    view.press("Control+z")
    assert live.inner_text().startswith("Undone: Point 3 of 3 in part 1")
    view.press("Control+Shift+z")
    assert live.inner_text().startswith("Redone: Point 3 of 3 in part 1")
    view.axe_clean("route editor on a line of two parts, en")
    view.press("Escape")
    assert view.focused() == "route:tracks"
    edited = page.evaluate("() => window.reported.at(-1)")
    before, after = TRACKS["features"][0]["geometry"], edited["features"][0]["geometry"]
    first, second = after["coordinates"]
    assert len(first) == 3 and first[0] == before["coordinates"][0][0]
    assert first[1][0] > before["coordinates"][0][1][0]  # moved east
    assert second == before["coordinates"][1][:2]  # its last vertex removed
    diff = diff_plans(parse_plan("map", TRACKS), parse_plan("map", edited)).to_dict()
    (moved,) = diff["moved"]
    assert moved["id"] == "tracks" and moved["parts"]["moved"] == [0, 1]
    view.close()


# plan-edit.js's line edits and History, run in the page (the project has no JS test runner).
_LINE_EDITS = """async () => {
  const e = await import('/js/map/plan-edit.js');
  const plan = { type: 'FeatureCollection', features: [
    { type: 'Feature', id: 'l', geometry: { type: 'LineString',
      coordinates: [[1, 1, 30], [2, 2, 40], [3, 3, 50]] }, properties: {} },
    { type: 'Feature', id: 'p', geometry: { type: 'Point', coordinates: [0, 0] }, properties: {} },
  ] };
  const kept = JSON.stringify(plan);
  const moved = e.moveVertex(plan, 'l', 0, 1, [2.123456789, 2.5]);
  const inserted = e.insertVertex(moved, 'l', 0, 3, [4, 4]);
  const removed = e.removeVertex(inserted, 'l', 0, 0);
  const refused = (f) => { try { f(); return false; } catch { return true; } };
  const two = e.removeVertex(plan, 'l', 0, 0);
  const history = new e.History();
  history.push(plan, 'first');
  history.push(moved, 'second');
  const undone = history.undo(inserted);
  const canRedo = history.canRedo;
  const redone = history.redo(undone.plan);
  history.undo(inserted);
  history.push(plan, 'third');  // a new change: nothing left to redo
  return {
    untouched: JSON.stringify(plan) === kept,
    moved: moved.features[0].geometry.coordinates[1],
    inserted: inserted.features[0].geometry.coordinates[3],
    removed: removed.features[0].geometry.coordinates.length,
    belowTwo: refused(() => e.removeVertex(two, 'l', 0, 0)),
    notALine: refused(() => e.moveVertex(plan, 'p', 0, 0, [1, 1])),
    noSuchVertex: refused(() => e.moveVertex(plan, 'l', 0, 7, [1, 1])),
    isLine: [e.isLine(plan.features[0]), e.isLine(plan.features[1])],
    undone: [undone.description, JSON.stringify(undone.plan) === JSON.stringify(moved), canRedo],
    redone: [redone.description, JSON.stringify(redone.plan) === JSON.stringify(inserted)],
    afterNewChange: history.canRedo,
  };
}"""


def test_line_edits_are_pure_and_undoable(site, browser):
    """moveVertex, insertVertex and removeVertex return new plans (the old one untouched,
    positions rounded to 7 decimals, an altitude kept and given to a new vertex), refuse a
    line below two vertices and what is not a line; History undoes and redoes. A distance just
    under a kilometre is said in kilometres."""
    view = MapPage(browser, site, lang="en")
    result = view.page.evaluate(_LINE_EDITS)
    assert result == {
        "untouched": True,
        "moved": [2.1234568, 2.5, 40],
        "inserted": [4, 4, 50],
        "removed": 3,
        "belowTwo": True,
        "notALine": True,
        "noSuchVertex": True,
        "isLine": [True, False],
        "undone": ["second", True, True],
        "redone": ["second", True],
        "afterNewChange": False,
    }
    distances = view.page.evaluate(
        "async () => { const g = await import('/js/map/geo.js');"
        " return [996, 994, 42.4].map((m) => g.formatDistance(m, 'en')); }"
    )
    assert distances == ["1 km", "990 m", "42 m"]  # never "1,000 m"
    view.close()


def test_the_map_page_with_the_route_editor_stays_in_budget(site, browser):
    """The map modules (route editing among them) keep the page's own HTML, JS and CSS within
    the budget of docs/benchmarks.md."""
    web, _ = site
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # an empty cache
    page = context.new_page()
    sizes: dict[str, int] = {}

    def record(response) -> None:
        if response.url.startswith(web + "/") and response.ok:
            with contextlib.suppress(Exception):  # a redirect has no body
                sizes[response.url] = len(response.body())

    page.on("response", record)
    page.goto(f"{web}/option.html?o=b&lang=en")
    page.wait_for_selector(".map-option[data-ready=true] .map-feature")
    page.wait_for_load_state("networkidle")
    own = sum(
        n
        for url, n in sizes.items()
        if "/vendor/" not in url and url.split("?")[0].endswith((".html", ".js", ".css"))
    )
    # The map code, route editing among it, is bundled into the map kind's chunk (make frontend,
    # frontend/generated/assets.json); Leaflet is bundled into it too, and its dist files (already
    # minified, what esbuild takes in) are the map library's weight, not sayso's own.
    manifest = json.loads((ROOT / "frontend" / "generated" / "assets.json").read_text())
    map_chunk = manifest["kinds"]["map"]["script"]
    assert any(url.split("?")[0].endswith(map_chunk) for url in sizes), sorted(sizes)
    leaflet = ROOT / "node_modules" / "leaflet" / "dist"
    library = (leaflet / "leaflet.js").stat().st_size + (leaflet / "leaflet.css").stat().st_size
    own -= library
    assert 0 < own <= OWN_BUDGET, own
    print(f"map page, own {own} B")
    context.close()


def test_another_residents_rerouted_line_is_drawn_with_its_old_route(site, browser):
    """Another resident's alternative that re-routes the line (sent through the API): opened,
    the line is marked "route changed" in its list and the option's route drawn faint beneath."""
    _, api = site
    before = _option_line(api)
    text = "From another household: the line by Mt Eden Road."
    rerouted = [before[0], [before[1][0] - 0.01, before[1][1]], *before[2:]]
    status, sent = call(
        "POST",
        f"{api}/consultations/demo/submissions",
        {
            "option_id": "b",
            "kind": "alternative",
            "text": text,
            "plan_edit": {
                "moved": [{"id": LINE, "geometry": {"type": "LineString", "coordinates": rerouted}}]
            },
        },
        source="127.0.0.4",
    )
    assert status == 201, sent
    view = MapPage(browser, site, lang="en")
    page = view.page
    card = page.locator("li.submission", has_text=text)
    card.locator(".alternative > button").wait_for(timeout=90_000)
    card.locator(".alternative > button").click()
    page.wait_for_selector(".compare-map .map-option[data-ready=true] .map-feature")
    compare = card.locator(".compare-map")
    badge = compare.locator(f"[data-focus='feature:{LINE}'] .map-feature__change")
    assert badge.inner_text() == "route changed"
    assert compare.locator("path.map-ghost--route").count() == 1
    compare.locator(f"[data-focus='feature:{LINE}']").click()  # chosen, but read-only:
    assert compare.locator(f"[data-focus='route:{LINE}']").count() == 0
    assert compare.locator(".map-vertex").count() == 0  # no route editor, no handles
    view.axe_clean("another resident's re-routed line open, en")
    view.close()
