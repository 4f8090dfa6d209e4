"""Another resident's re-routed line, listed on the option page of the demo's map (option b) in
Debian's Chromium: the change reads as the route sentence (the line's name, the stops around
the changed stretch, how much longer), in English and in Māori, from the stored diff's fields."""

from __future__ import annotations

import os

import pytest

from tests.e2e.stack import call
from tests.support.demo_route import REROUTED
from tests.support.pages import MapPage

pytestmark = [
    pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="needs Debian's chromium"),
    pytest.mark.timeout(300),
]

TEXT = "From a household on the west side: run the line round Balmoral."


def test_a_rerouted_line_is_listed_as_a_route_change_in_both_languages(site, browser):
    _, api = site
    edit = {"moved": [{"id": "route", "geometry": {"type": "LineString", "coordinates": REROUTED}}]}
    body = {"option_id": "b", "kind": "alternative", "text": TEXT, "plan_edit": edit}
    status, sent = call("POST", f"{api}/consultations/demo/submissions", body, source="127.0.0.4")
    assert status == 201, sent
    status, stored = call("GET", f"{api}/consultations/demo/submissions/{sent['id']}")
    assert status == 200, stored
    [route] = stored["diff"]["moved"][0]["routes"]
    metres = round(route["length_change_m"])
    assert metres > 0

    expected = {
        "en": f"Dominion Road light rail: route changed between Balmoral and Mt Roskill, "
        f"{metres} m longer",
        "mi": "Dominion Road light rail: kua panonitia te ara i waenga i Balmoral me Mt Roskill, "
        f"kua roa ake ki te {metres}",
    }
    for lang, sentence in expected.items():
        view = MapPage(browser, site, lang=lang)
        card = view.page.locator("li.submission", has_text=TEXT)
        card.locator("ul.diff").wait_for(timeout=90_000)
        listed = card.locator("ul.diff li").all_inner_texts()
        assert any(item.startswith(sentence) for item in listed), (lang, listed)
        view.close()
