"""The illustrated street (frontend/js/section/drawing.js) in Debian's Chromium against one local
stack: the demo street drawn with the catalogue's illustration for each segment (checked in the
DOM), buildings at the edges, screenshots at 390 and 1280 px in both languages (in
.local/screenshots/), the page and illustration weights, a keyboard-only alternative with a
variant change (checked through the API), a drag by pointer, axe and HTML_CodeSniffer on each
state, reflow at 320 px, and report.html drawing the street offline."""

from __future__ import annotations

import contextlib
import json

import pytest

from chalicelib.domain import catalogue
from tests.e2e.stack import ROOT, call
from tests.support.pages import OWN_BUDGET, SHOTS, axe_clean

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

ART_BUDGET = 200_000  # bytes of illustrations for the demo street


class Visit:
    def __init__(self, browser, site, *, width=1280, touch=False, lang="en") -> None:
        self.web, self.api = site
        self.context = browser.new_context(
            viewport={"width": width, "height": 900},
            has_touch=touch,
            is_mobile=touch,
            locale="en-NZ",
        )
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.sizes: dict[str, int] = {}
        self.lang = lang
        self.page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        self.page.on(
            "console",
            lambda m: (
                (m.type == "error" or "Content Security Policy" in m.text)
                and self.problems.append(m.text)
            ),
        )
        self.page.on("response", self._response)

    def _response(self, response) -> None:
        if response.status >= 400:
            self.problems.append(f"{response.status} {response.url}")
        elif response.url.startswith(self.web + "/"):
            with contextlib.suppress(Exception):  # a redirect or aborted request has no body
                self.sizes[response.url] = len(response.body())

    def open(self, path: str) -> None:
        separator = "&" if "?" in path else "?"
        self.page.goto(f"{self.web}{path}{separator}lang={self.lang}")
        self.page.wait_for_selector(".section-svg")
        self.page.wait_for_load_state("networkidle")

    def tab_to(self, selector: str, limit: int = 150) -> None:
        for _ in range(limit):
            if self.page.evaluate(f"() => document.activeElement?.matches({json.dumps(selector)})"):
                return
            self.page.keyboard.press("Tab")
        raise AssertionError(f"Tab never reached {selector}")

    def heard(self, words: str) -> None:
        self.page.wait_for_function(
            "(w) => document.getElementById('live')?.textContent.includes(w)", arg=words
        )

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"illustrated-{name}.png"), full_page=True)

    def clean(self, state: str) -> None:
        axe_clean(self.page, state)

    def close(self) -> None:
        assert not self.problems, self.problems
        self.context.close()


def _demo_option(api: str) -> dict:
    status, option = call("GET", f"{api}/consultations/demo/options/a")
    assert status == 200, option
    return option


def _drawn(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll('.section-svg g.seg')].map((g) => ({
             id: g.dataset.id,
             sprites: [...g.querySelectorAll('image.sprite')].map((i) => i.dataset.sprite),
           }))"""
    )


@pytest.mark.parametrize("lang", ["en", "mi"])
def test_the_demo_street_is_drawn_one_illustration_per_segment(site, browser, lang):
    option = _demo_option(site[1])
    for width in (1280, 390):
        visit = Visit(browser, site, width=width, lang=lang)
        visit.open("/option.html?o=a")
        drawn = _drawn(visit.page)
        segments = option["plan"]["segments"]
        assert [d["id"] for d in drawn] == [s["id"] for s in segments]
        for segment, seen in zip(segments, drawn, strict=True):
            expected = catalogue.illustration(segment["type"], segment["variantString"])[1]
            assert seen["sprites"] == list(expected) and len(expected) >= 1, segment["id"]
        buildings = visit.page.eval_on_selector_all(
            ".section-svg image.building", "els => els.map((e) => e.dataset.sprite)"
        )
        assert buildings == [catalogue.BUILDINGS["left"], catalogue.BUILDINGS["right"]]
        # decorative for assistive tech; the list is the accessible model
        assert visit.page.get_attribute(".section-svg", "aria-hidden") == "true"
        assert visit.page.locator("#segments [role=option]").count() == len(segments)
        # fitted to the viewport: the drawing never widens the page
        overflow = visit.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        assert "Streetmix" in visit.page.inner_text("footer")
        visit.shot(f"view-{lang}-{width}")
        art = sum(n for url, n in visit.sizes.items() if "/vendor/illustrations/" in url)
        own = sum(
            n
            for url, n in visit.sizes.items()
            if "/vendor/" not in url and url.split("?")[0].endswith((".html", ".js", ".css"))
        )
        assert 0 < art <= ART_BUDGET, art
        assert 0 < own <= OWN_BUDGET, own
        print(f"weights {lang} {width}px: own {own} B, illustrations {art} B")
        visit.close()


def test_an_unknown_type_is_a_labelled_generic_part(site, browser):
    """Any type string draws: one the catalogue does not know is a dashed box with its name."""
    visit = Visit(browser, site)
    visit.open("/option.html?o=a")
    drawn = visit.page.evaluate(
        """async () => {
          const { render } = await import('/vendor/lit-html/lit-html.js');
          const { sectionDrawing } = await import('/js/section/drawing.js');
          // the unbundled modules are their own instances: their i18n loads its own strings
          await (await import('/js/i18n.js')).loadLanguage('en');
          const catalogue = await (await fetch('/generated/catalogue.json')).json();
          const plan = { width: 6, segments: [
            { id: 'a', type: 'sidewalk', variantString: '', width: 2, elevation: 0.15 },
            { id: 'b', type: 'hover-lane', variantString: 'inbound', width: 3, elevation: 0 },
            { id: 'c', type: 'drive-lane', variantString: 'inbound|car', width: 3, elevation: 0 },
          ] };
          const host = document.createElement('div');
          document.body.append(host);
          render(sectionDrawing({ plan, catalogue, selectedId: null, mode: 'view', point: null,
                                  onPointerDown: () => {} }), host);
          const out = {
            generic: [...host.querySelectorAll('.generic')].map((g) => g.textContent.trim()),
            over: host.querySelector('.overflow')?.textContent.trim(),
            sprites: host.querySelectorAll('image.sprite').length,
          };
          host.remove();
          return out;
        }"""
    )
    assert drawn["generic"] == ["hover-lane"]
    assert drawn["over"] == "2.0 m too wide"
    assert drawn["sprites"] == 2
    visit.close()


def test_map_overlay_hidden_and_no_empty_list(site, browser):
    """Leaflet's vector overlay <svg> is hidden from assistive tech; "Nothing yet" is not
    followed by an empty list."""
    visit = Visit(browser, site)
    visit.page.goto(f"{visit.web}/option.html?o=b")
    visit.page.wait_for_selector(".leaflet-overlay-pane svg")
    visit.page.wait_for_load_state("networkidle")
    hidden = visit.page.eval_on_selector_all(
        ".leaflet-overlay-pane svg", "els => els.map((e) => e.getAttribute('aria-hidden'))"
    )
    assert hidden and set(hidden) == {"true"}
    assert visit.page.locator("text=Nothing yet").count() == 1
    empty_lists = "() => [...document.querySelectorAll('ul')].filter((u) => !u.querySelector('li'))"
    assert visit.page.evaluate(empty_lists + ".length") == 0
    visit.clean("map option, nothing yet")
    visit.close()


def test_keyboard_alternative_with_a_variant_change(site, browser):
    visit = Visit(browser, site)
    p = visit.page
    visit.open("/option.html?o=a&mode=edit")
    visit.clean("editor")
    visit.tab_to("#segments [role=option][tabindex='0']")
    p.keyboard.press("Home")
    p.keyboard.press("ArrowDown")
    p.keyboard.press("ArrowDown")  # west-cycleway, green
    assert p.get_attribute("#seg-west-cycleway", "aria-selected") == "true"
    visit.tab_to("#variant-part-0")
    p.keyboard.press("ArrowDown")  # green -> red, a native select by keys
    visit.heard("Bike lane: red.")
    ground = p.get_attribute(".section-svg rect.ground[data-id='west-cycleway']", "fill")
    assert ground == catalogue.GROUNDS["red"]
    visit.tab_to("#segments [role=option][tabindex='0']")
    p.keyboard.press("Control+z")
    visit.heard("Undone")
    assert "green" in p.evaluate("() => localStorage.getItem('sayso.wip.demo.a')")
    p.keyboard.press("Control+Shift+z")
    visit.heard("Redone")
    assert "red" in p.inner_text("#remaining-line") or p.inner_text("#remaining-line")
    # a part added from the illustrated palette, by keyboard
    assert not any("/thumbnails--" in url for url in visit.sizes)  # not loaded until opened
    visit.tab_to(".thumb-palette summary")
    p.keyboard.press("Enter")
    visit.tab_to(".thumb[data-type='sidewalk-bench']")
    p.keyboard.press("Enter")
    p.wait_for_selector("#seg-sidewalk-bench-new-1[aria-selected='true']")
    visit.heard("Added Bench")
    p.keyboard.press("Delete")  # too wide now: take it out again
    visit.clean("editor after changes")
    visit.shot("editor-variant")
    visit.tab_to("#alt-text")
    p.keyboard.type("A red cycleway on the west side so drivers see it.")
    visit.tab_to("#alt-form button[type=submit]")
    p.keyboard.press("Enter")
    p.wait_for_selector("#alt-sent")
    mine = p.evaluate("() => JSON.parse(localStorage.getItem('sayso.mine') || '[]')")
    status, stored = call("GET", f"{site[1]}/consultations/demo/submissions/{mine[0]['id']}")
    assert status == 200, stored
    [change] = stored["diff"]["revarianted"]
    assert change["id"] == "west-cycleway"
    assert "red" in change["new_variant"] and "green" in change["old_variant"]
    visit.close()


def test_drag_resizes_by_pointer_and_reflows_at_320(site, browser):
    visit = Visit(browser, site, width=1280)
    p = visit.page
    visit.open("/option.html?o=a&mode=edit")
    p.click("#seg-east-footpath")  # the last part: room to its right (0.2 m left)
    p.evaluate("() => window.scrollTo(0, 0)")
    handle = p.locator(".section-svg .handle rect").bounding_box()
    ctm = p.evaluate(
        "() => document.querySelector('.section-svg').getScreenCTM().a"
    )  # screen px per cm
    x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    p.mouse.move(x, y)
    p.mouse.down()
    p.mouse.move(x - 50 * ctm, y, steps=5)  # 50 cm narrower
    p.mouse.up()
    visit.heard("Sidewalk, 2.0 m")
    assert "0.7 m" in p.inner_text("#remaining-line")
    visit.close()

    phone = Visit(browser, site, width=320, touch=True)
    phone.open("/option.html?o=a&mode=edit")
    overflow = phone.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow}px of horizontal scrolling at 320 px"
    box = phone.page.locator(".section-svg").bounding_box()
    assert box["width"] <= 320
    phone.shot("editor-320")
    phone.close()


def _quiet_report() -> tuple[str, dict]:
    """report.html for a consultation with the demo street and nothing sent yet."""
    from chalicelib.domain.report.html import render_report
    from chalicelib.domain.section import parse_section

    street = ROOT / "chalicelib" / "local" / "demo" / "dominion-road-section.streetmix.json"
    plan = parse_section(json.loads(street.read_text(encoding="utf-8"))).to_dict()
    summary = {
        "schema": "sayso.report.summary/1",
        "consultation": {"id": "quiet", "title": {"en": "Quiet Street"}, "languages": ["en"]},
        "options": [{"id": "a", "title": {"en": "Only option"}, "kind": "section", "plan": plan}],
        "totals": {},
        "per_day": [],
        "per_option": [],
        "elements": [],
        "top_endorsed": [],
        "moderation": None,
        "campaigns": None,
        "pins": None,
        "generated_from": None,
    }
    alternatives = {
        "options": [
            {
                "option_id": "a",
                "kind": "section",
                "alternatives": 0,
                "elements": [],
                "added": [],
                "consensus": None,
            }
        ]
    }
    return render_report(summary, alternatives), plan


def test_the_report_draws_the_street_offline(browser):
    document, plan = _quiet_report()
    context = browser.new_context(offline=True, viewport={"width": 1000, "height": 800})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.set_content(document)
    drawing = page.locator("svg.section-drawing")
    assert drawing.count() == 1
    uses = page.locator("svg.section-drawing use.sprite")
    expected = [
        name
        for s in plan["segments"]
        for name in catalogue.illustration(s["type"], s["variantString"])[1]
    ]
    assert uses.count() == len(expected) >= len(plan["segments"])
    for index in range(uses.count()):
        box = uses.nth(index).bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0, expected[index]
    SHOTS.mkdir(parents=True, exist_ok=True)
    drawing.screenshot(path=str(SHOTS / "illustrated-report.png"))
    assert requested == []
    context.close()
