"""report.html: escaping, self-containment, accessibility, drawings to scale, empty input, bytes."""

from __future__ import annotations

import copy
import itertools
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from chalicelib.domain.report.html import render_report
from chalicelib.domain.report.svg import (
    CHART_WIDTH,
    bar_chart,
    family_of,
    section_drawing,
    stacked_bars,
)
from chalicelib.domain.section import parse_section

DEMO_SECTION = Path("chalicelib/local/demo/dominion-road-section.streetmix.json")
ATTACK = "<script>alert(1)</script>"
VOID_ELEMENTS = {"meta", "br", "hr", "img", "input", "col", "wbr", "link", "source", "area"}


def demo_section() -> dict:
    return parse_section(json.loads(DEMO_SECTION.read_text(encoding="utf-8"))).to_dict()


def consensus_section() -> dict:
    """The demo street without its west trees and with a wider west footpath."""
    section = demo_section()
    segments = [s for s in section["segments"] if s["id"] != "west-trees"]
    segments[0] = {**segments[0], "width": 3.5}
    return {**section, "segments": segments, "remainingWidth": 0.0}


def demo_summary() -> dict:
    return {
        "schema": "sayso.report.summary/1",
        "consultation": {
            "id": "demo",
            "title": {"en": "Dominion Road light rail", "mi": "Te huarahi o Dominion"},
            "status": "open",
            "opens_at": "2026-11-01T00:00:00Z",
            "closes_at": "2026-12-15T00:00:00Z",
            "languages": ["en", "mi"],
        },
        "options": [
            {
                "id": "a",
                "title": {"en": "Central platform"},
                "kind": "section",
                "plan": demo_section(),
            },
            {"id": "b", "title": {"en": "Route map"}, "kind": "map", "plan": {"features": []}},
        ],
        "totals": {
            "submissions": 42,
            "comments": 30,
            "alternatives": 12,
            "endorsements": 340,
            "pins": 15,
            "unique_comments": 24,
        },
        "per_day": [
            {"date": "2026-11-20", "submissions": 12},
            {"date": "2026-11-21", "submissions": 0},
            {"date": "2026-11-22", "submissions": 30},
        ],
        "per_option": [
            {"option_id": "a", "kind": "comment", "stance": "support", "count": 10},
            {"option_id": "a", "kind": "comment", "stance": "oppose", "count": 8},
            {"option_id": "a", "kind": "comment", "stance": "none", "count": 2},
            {"option_id": "a", "kind": "alternative", "stance": "neutral", "count": 12},
            {"option_id": "b", "kind": "comment", "stance": "support", "count": 10},
        ],
        "elements": [
            {
                "option_id": "a",
                "element_id": "balmoral-platform",
                "label": "transit-shelter",
                "comments": 12,
                "stance": {"support": 5, "oppose": 4, "neutral": 1, "none": 2},
                "top_endorsed": [
                    {
                        "id": "01JD0000000000000000000001",
                        "text": "The platform needs shelter from the rain.",
                        "endorsements": 9,
                        "stance": "support",
                    }
                ],
            },
            {
                "option_id": "a",
                "element_id": "west-trees",
                "label": "sidewalk-tree",
                "comments": 3,
                "stance": {"support": 0, "oppose": 3, "neutral": 0, "none": 0},
                "top_endorsed": [],
            },
        ],
        "top_endorsed": [
            {
                "id": "01JD0000000000000000000002",
                "option_id": "a",
                "element_id": None,
                "kind": "comment",
                "stance": "oppose",
                "endorsements": 40,
                "text": "Keep the trees.\nThey shade the footpath in summer.",
                "created_at": "2026-11-20T09:15:00Z",
            }
        ],
        "moderation": {"published": 42, "pending": 3, "hidden": 2, "withdrawn": 1},
        "campaigns": {
            "method": "exact normalised-text hash, then MinHash LSH (128 permutations)",
            "threshold": 0.8,
            "min_size": 5,
            "comments": 30,
            "unique_comments": 24,
            "duplicate_comments": 6,
            "clusters": [
                {
                    "size": 6,
                    "first_at": "2026-11-20T08:00:00Z",
                    "last_at": "2026-11-22T17:45:00Z",
                    "representative_id": "01JD0000000000000000000003",
                    "representative_text": "Save Dominion Road's trees: vote no to option A.",
                    "exact": False,
                }
            ],
        },
        "pins": {
            "per_option": [{"option_id": "b", "count": 15}],
            "hot_spots": [
                {
                    "option_id": "b",
                    "west": 174.74,
                    "south": -36.89,
                    "east": 174.741,
                    "north": -36.889,
                    "count": 7,
                }
            ],
        },
        "generated_from": "42 submissions up to 2026-11-22T23:59:59Z",
    }


def demo_alternatives() -> dict:
    return {
        "options": [
            {
                "option_id": "a",
                "kind": "section",
                "alternatives": 12,
                "elements": [
                    {
                        "id": "west-footpath",
                        "type": "sidewalk",
                        "width": 2.5,
                        "kept": 12,
                        "removed": 0,
                        "resized": 7,
                        "median_new_width": 3.5,
                        "moved": 0,
                        "retyped": 0,
                    },
                    {
                        "id": "west-trees",
                        "type": "sidewalk-tree",
                        "width": 1.0,
                        "kept": 4,
                        "removed": 8,
                        "resized": 0,
                        "median_new_width": None,
                        "moved": 0,
                        "retyped": 0,
                    },
                ],
                "added": [
                    {
                        "type": "bike-lane",
                        "count": 7,
                        "share": 0.583,
                        "median_width": 1.8,
                        "median_position": 3.4,
                    }
                ],
                "consensus": {
                    "plan": consensus_section(),
                    "changes": ["west-trees removed", "west-footpath widened to 3.5 m"],
                    "violations": [
                        {"field": "plan.segments[3].width", "message": "too narrow for a bus"}
                    ],
                },
            },
            {"option_id": "b", "kind": "map", "alternatives": 0, "elements": [], "added": []},
        ]
    }


def empty_summary() -> dict:
    return {
        "schema": "sayso.report.summary/1",
        "consultation": {"id": "empty", "title": {"en": "Quiet Street"}, "languages": ["en"]},
        "options": [
            {"id": "a", "title": {"en": "Only option"}, "kind": "section", "plan": demo_section()}
        ],
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


def empty_alternatives() -> dict:
    return {
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


class Document(HTMLParser):
    """Collects what the checks need and fails on a tag that closes out of order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.open_tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID_ELEMENTS:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(document: str) -> Document:
    parser = Document()
    parser.feed(document)
    parser.close()
    assert parser.errors == []
    assert parser.stack == []
    return parser


def elements(document: str, tag: str) -> list[str]:
    """The source of every `<tag …>…</tag>`, not nested (enough for tables and svgs here)."""
    return re.findall(rf"<{tag}\b.*?</{tag}>", document, flags=re.DOTALL)


# --- escaping ---------------------------------------------------------------------------------


def hostile_inputs() -> tuple[dict, dict]:
    summary, alternatives = demo_summary(), demo_alternatives()
    summary["consultation"]["title"]["en"] = f"Road {ATTACK}"
    summary["options"][0]["title"]["en"] = f"Option {ATTACK}"
    summary["options"][0]["plan"]["segments"][0]["id"] = ATTACK
    summary["elements"][0]["element_id"] = ATTACK
    summary["elements"][0]["top_endorsed"][0]["text"] = f'"{ATTACK}" & more'
    summary["top_endorsed"][0]["text"] = f"Comment {ATTACK}"
    summary["top_endorsed"][0]["element_id"] = ATTACK
    summary["campaigns"]["clusters"][0]["representative_text"] = ATTACK
    summary["generated_from"] = ATTACK
    consensus = alternatives["options"][0]["consensus"]
    consensus["changes"].append(f"{ATTACK} removed")
    consensus["violations"][0]["message"] = ATTACK
    consensus["plan"]["segments"][1]["type"] = ATTACK
    alternatives["options"][0]["elements"][0]["id"] = ATTACK
    return summary, alternatives


def test_resident_text_never_appears_unescaped():
    document = render_report(*hostile_inputs())

    assert "<script" not in document.lower()
    assert "alert(1)" in document  # it is shown, as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    # The element id sits in attributes too (tooltips, lists): escaped there with quotes.
    assert "&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; &amp; more" in document
    text = "".join(parse(document).text)
    assert text.count(ATTACK) >= 10  # every planted copy comes back as the text it was


def test_a_quote_cannot_break_out_of_an_attribute():
    summary = demo_summary()
    summary["options"][0]["title"]["en"] = 'x" onmouseover="alert(1)'

    document = render_report(summary, demo_alternatives())

    for _, attributes in parse(document).tags:
        assert not any(name.startswith("on") for name in attributes)
    assert "x&quot; onmouseover=&quot;alert(1)" in document


def test_control_characters_and_lone_surrogates_do_not_break_the_document():
    summary = demo_summary()
    summary["top_endorsed"][0]["text"] = "bell\x07 nul\x00 surrogate\ud800 end"

    document = render_report(summary, demo_alternatives())

    assert "bell nul surrogate? end" in document
    document.encode("utf-8")  # would raise on a lone surrogate


# --- self-contained and well formed -----------------------------------------------------------


@pytest.mark.parametrize(
    "inputs",
    [(demo_summary, demo_alternatives), (empty_summary, empty_alternatives)],
    ids=["demo", "empty"],
)
def test_document_is_balanced_and_makes_no_requests(inputs):
    summary, alternatives = (make() for make in inputs)
    document = render_report(summary, alternatives)
    parsed = parse(document)

    assert document.startswith('<!DOCTYPE html>\n<html lang="en">')
    empty_icon = {"rel": "icon", "href": "data:,"}  # stops the browser asking for /favicon.ico
    for tag, attributes in parsed.tags:
        if tag == "link" and attributes == empty_icon:
            continue
        assert tag not in {"script", "link", "img", "iframe", "object", "embed", "base"}
        for name in ("src", "href", "xlink:href", "srcset", "action", "poster", "data"):
            value = attributes.get(name)
            assert value is None or value.startswith("#"), (tag, name, value)
    assert "http" not in document  # no URL at all, not even an SVG namespace
    assert "url(" not in document and "@import" not in document and "@font-face" not in document
    assert "//" not in re.sub(r"<style>.*?</style>", "", document, flags=re.DOTALL)
    assert '<meta charset="utf-8">' in document
    assert len(elements(document, "title")) >= 1


def test_links_point_at_sections_that_exist():
    document = render_report(demo_summary(), demo_alternatives())
    parsed = parse(document)

    ids = {attributes["id"] for _, attributes in parsed.tags if attributes.get("id")}
    targets = [attributes["href"][1:] for tag, attributes in parsed.tags if tag == "a"]
    assert targets and set(targets) <= ids
    all_ids = [attributes["id"] for _, attributes in parsed.tags if attributes.get("id")]
    assert len(all_ids) == len(set(all_ids))  # aria-labelledby needs unique ids


# --- accessible -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "inputs",
    [(demo_summary, demo_alternatives), (empty_summary, empty_alternatives)],
    ids=["demo", "empty"],
)
def test_headings_tables_and_charts_are_accessible(inputs):
    document = render_report(*(make() for make in inputs))
    parsed = parse(document)

    levels = [int(tag[1]) for tag, _ in parsed.tags if re.fullmatch(r"h[1-6]", tag)]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    tables = elements(document, "table")
    for table in tables:
        assert re.search(r"<table[^>]*>\s*<caption>[^<]+</caption>", table)
        headers = re.findall(r"<th\b[^>]*>", table)
        assert headers and all('scope="' in header for header in headers)
    ids = {attributes.get("id") for _, attributes in parsed.tags}
    for tag, attributes in parsed.tags:
        if tag != "svg":
            continue
        assert attributes.get("role") == "img"
        labelled_by = (attributes.get("aria-labelledby") or "").split()
        assert len(labelled_by) == 2 and set(labelled_by) <= ids
    for svg in elements(document, "svg"):
        assert re.search(r"^<svg[^>]*><title id=\"[^\"]+\">[^<]+</title><desc id=", svg)


def test_every_chart_has_its_numbers_in_a_table_or_list():
    document = render_report(demo_summary(), demo_alternatives())

    tables = elements(document, "table")
    per_day = next(t for t in tables if "submissions per day" in t)
    assert '2026-11-22</th><td class="num">30</td>' in per_day
    stance = next(t for t in tables if "<caption>Stance per option and kind" in t)
    row = re.search(r"Central platform</th><td>comments</td>(.*?)</tr>", stance).group(1)
    assert re.findall(r">(\d+)<", row) == ["10", "8", "0", "2", "20"]
    lists = elements(document, "ol")
    proposed = next(item for item in lists if "section as proposed: segments" in item)
    assert "<li>west-footpath: Sidewalk, 2.5 m, raised</li>" in proposed
    assert proposed.count("<li>") == 11


def test_page_is_printable_and_readable():
    document = render_report(demo_summary(), demo_alternatives())

    assert "@media print" in document and "size:A4" in document
    assert "section.major{break-before:page}" in document
    majors = re.findall(r'<section id="([a-z-]+)"[^>]*class="major"', document)
    assert majors == ["sections", "elements", "top-endorsed", "campaigns", "coverage", "pins"]


# --- content ----------------------------------------------------------------------------------


def test_sections_come_in_the_order_asked_for():
    document = render_report(demo_summary(), demo_alternatives())

    order = re.findall(r'<section id="([a-z-]+)"', document)
    assert order == [
        "headline",
        "per-day",
        "stance",
        "sections",
        "routes",
        "elements",
        "top-endorsed",
        "campaigns",
        "coverage",  # what the agency's responses answer (issue 22)
        "pins",
    ]


def test_headline_numbers_campaigns_and_pins():
    document = render_report(demo_summary(), demo_alternatives())

    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", document))
    assert figures == {
        "Submissions": "42",
        "Comments": "30",
        "Alternatives": "12",
        "Endorsements": "340",
        "Pins": "15",
        "Unique comments": "24",
    }
    assert "24 of 30 comments are unique." in document
    assert "6 comments</strong>, near-identical texts, from 2026-11-20 08:00 UTC to " in document
    assert "2026-11-22 17:45 UTC" in document
    assert "Save Dominion Road&#x27;s trees: vote no to option A." in document
    assert 'Route map</th><td class="num">15</td>' in document
    assert '<td class="num">174.74000</td><td class="num">-36.89000</td>' in document
    assert "Generated from 42 submissions up to 2026-11-22T23:59:59Z" in document


def test_dates_are_shown_as_days():
    document = render_report(demo_summary(), demo_alternatives())

    assert "open from 2026-11-01 to 2026-12-15" in document
    assert "40 endorsements · Oppose · Central platform · 2026-11-20</p>" in document
    visible = re.sub(r"<desc.*?</desc>", "", document, flags=re.DOTALL)
    assert "T09:15" not in visible and "T00:00" not in visible


def test_most_discussed_elements_table():
    document = render_report(demo_summary(), demo_alternatives())

    table = next(t for t in elements(document, "table") if "most comments" in t)
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", table)
    assert rows[0].startswith(
        '<code>balmoral-platform</code><br><span class="meta">Transit shelter</span></th>'
    )
    assert "5 support, 4 oppose, 1 neutral, 2 no stance" in rows[0]
    assert "<q>The platform needs shelter from the rain.</q>" in rows[0]
    assert "(9 endorsements)" in rows[0]
    assert rows[1].startswith("<code>west-trees</code>") and rows[1].endswith("<td>—</td>")


def test_option_section_beside_consensus_with_changes_and_violations():
    document = render_report(demo_summary(), demo_alternatives())

    drawings = [s for s in elements(document, "svg") if "section-drawing" in s]
    assert len(drawings) == 2
    assert "Central platform: section as proposed" in drawings[0]
    assert "Central platform: consensus of 12 alternatives" in drawings[1]
    assert "<li>west-trees removed</li>" in document
    assert "<code>plan.segments[3].width</code> too narrow for a bus" in document
    assert 'Bike lane</th><td class="num">7</td><td class="num">58%</td>' in document
    for family in ("sidewalk", "planting", "bike", "transit", "car", "other"):
        assert f'class="swatch fam-{family}"' in document
    # One scale for both: a 2.5 m footpath is as wide in each drawing (x: the 12-unit padding
    # and the 54 units of the buildings at the edge).
    west = [re.search(r'data-width="2.5" x="66" y="[\d.]+" width="([\d.]+)"', d) for d in drawings]
    assert west[0] is not None and west[1] is None  # the consensus widened it to 3.5 m
    assert re.search(r'data-width="3.5" x="66" y="[\d.]+" width="([\d.]+)"', drawings[1])
    for drawing in drawings:  # the buildings of the plan at its edges
        assert drawing.count('<use class="building"') == 2


def test_empty_inputs_say_so():
    document = render_report(empty_summary(), empty_alternatives())

    for sentence in (
        "No published submissions yet.",
        "No submissions yet.",
        "No comments or alternatives yet.",
        "No alternatives yet, so there is no consensus section.",
        "No comment is about a plan element yet.",
        "No comment has been endorsed yet.",
        "0 of 0 comments are unique.",
        "No campaigns found",
        "No pins dropped yet.",
        "Generated by sayso's nightly consolidation.",
    ):
        assert sentence in document, sentence
    assert "<h1>Quiet Street</h1>" in document
    assert len([s for s in elements(document, "svg") if "section-drawing" in s]) == 1


def test_nothing_at_all_still_renders_a_report():
    document = render_report({}, {})
    parse(document)

    assert "<h1>Consultation</h1>" in document
    assert "No option of this consultation is a street section." in document


def test_wrong_types_in_the_documents_are_tolerated():
    summary = demo_summary()
    summary["per_day"] = None
    summary["totals"] = {"submissions": "many", "pins": None}
    summary["elements"] = [None, {"option_id": None, "comments": 1.5, "stance": None}]
    summary["options"][0]["plan"]["segments"].append({"type": "sidewalk", "width": "wide"})
    alternatives = {"options": [{"option_id": "a", "consensus": {"plan": None}, "alternatives": 3}]}

    parse(render_report(summary, alternatives))


def test_titles_fall_back_to_the_first_language_then_the_id():
    summary = demo_summary()
    summary["consultation"]["languages"] = ["mi", "en"]
    summary["options"][0]["title"] = {}

    document = render_report(summary, demo_alternatives())

    assert document.startswith('<!DOCTYPE html>\n<html lang="mi">')
    assert "<h1>Te huarahi o Dominion</h1>" in document
    assert "a: section as proposed" in document


def test_a_bad_language_tag_is_not_written():
    summary = demo_summary()
    summary["consultation"]["languages"] = ['en" onload="x']

    assert '<html lang="en">' in render_report(summary, demo_alternatives())


def test_rendering_is_deterministic():
    first = render_report(demo_summary(), demo_alternatives())
    shuffled = demo_summary()
    shuffled["per_option"].reverse()
    shuffled["elements"].reverse()
    summary_keys_reversed = dict(reversed(list(demo_summary().items())))

    assert render_report(demo_summary(), demo_alternatives()) == first
    assert render_report(shuffled, demo_alternatives()) == first
    assert render_report(summary_keys_reversed, demo_alternatives()) == first


def test_inputs_are_not_changed():
    summary, alternatives = demo_summary(), demo_alternatives()
    before = copy.deepcopy((summary, alternatives))

    render_report(summary, alternatives)

    assert (summary, alternatives) == before


# --- svg helpers ------------------------------------------------------------------------------


def rect_widths(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'<rect class="segment"[^>]* width="([\d.]+)"', svg)]


def test_section_drawing_is_to_scale():
    section = {
        "width": 10,
        "units": 0,
        "remainingWidth": 0,
        "segments": [
            {"id": "left", "type": "sidewalk", "variantString": "", "width": 2, "elevation": 0.15},
            {"id": "mid", "type": "drive-lane", "variantString": "", "width": 3, "elevation": 0},
            {"id": "right", "type": "light-rail", "variantString": "", "width": 5, "elevation": 0},
        ],
    }

    svg = section_drawing(section, title="Three", ident="t")

    # 696 viewBox units across 10 m: 69.6 per metre.
    assert rect_widths(svg) == [139.2, 208.8, 348]
    assert re.findall(r'<rect class="segment"[^>]* x="([\d.]+)"', svg) == ["12", "151.2", "360"]
    assert re.findall(r'data-family="(\w+)"', svg) == ["sidewalk", "car", "transit"]
    assert ">Sidewalk 2 m<" in svg and ">Light rail 5 m<" in svg
    raised, road = re.findall(r'<rect class="segment"[^>]* height="([\d.]+)"', svg)[:2]
    assert float(raised) > float(road)  # the footpath stands on a kerb

    shared = section_drawing(section, title="Three", ident="t", span=20)
    assert rect_widths(shared) == [69.6, 104.4, 174]


def test_section_drawing_shows_unallocated_width_and_tolerates_nonsense():
    section = {
        "width": 12,
        "segments": [
            {"id": "a", "type": "sidewalk", "width": 3},
            {"id": "b", "type": "no-such-type", "width": 3},
            "junk",
            {"id": "c", "type": "bike-lane", "width": None},
        ],
    }

    svg = section_drawing(section, title="Half empty", ident="h")

    assert rect_widths(svg) == [174, 174]
    assert re.search(r'<rect class="unallocated" x="360" y="[\d.]+" width="348"', svg)
    assert ">unallocated 6 m<" in svg
    assert re.findall(r'data-family="(\w+)"', svg) == ["sidewalk", "other"]
    empty = section_drawing({}, title="Nothing", ident="n")
    assert 'role="img"' in empty and "No segments to draw." in empty


@pytest.mark.parametrize(
    ("segment_type", "family"),
    [
        ("sidewalk", "sidewalk"),
        ("sidewalk-bench", "sidewalk"),
        ("sidewalk-tree", "planting"),
        ("bioswale", "planting"),
        ("bike-lane", "bike"),
        ("scooter", "bike"),
        ("bus-lane", "transit"),
        ("light-rail", "transit"),
        ("transit-shelter", "transit"),
        ("drive-lane", "car"),
        ("parking-lane", "car"),
        ("divider", "other"),
        ("made-up", "other"),
    ],
)
def test_segment_families(segment_type, family):
    assert family_of(segment_type).key == family


def test_bar_chart_scales_bars_to_a_nice_ceiling():
    svg = bar_chart(
        [("2026-11-20", 10), ("2026-11-21", 0), ("2026-11-22", 20)],
        title="Per day",
        description="Three days.",
        ident="b",
    )

    heights = [float(h) for h in re.findall(r'<rect class="bar"[^>]* height="([\d.]+)"', svg)]
    assert heights == [94, 0, 188]  # ceiling 20 over a 188-unit plot
    assert svg.count(">2026-11-2") == 3
    assert f'viewBox="0 0 {CHART_WIDTH} 240"' in svg


def test_stacked_bars_share_one_scale():
    svg = stacked_bars(
        [("A", [10, 10, 0, 0]), ("B", [5, 0, 0, 0])],
        series=[
            ("Support", "#009e73"),
            ("Oppose", "#d55e00"),
            ("Neutral", "#56b4e9"),
            ("None", "#bbbbbb"),
        ],
        title=ATTACK,
        description=ATTACK,
        ident="s",
    )

    widths = [float(w) for w in re.findall(r'<rect class="part"[^>]* width="([\d.]+)"', svg)]
    assert widths == [328, 328, 164]
    assert "<script" not in svg


def test_an_option_streetmix_saved_overflowing_is_reported_with_its_warnings_counted():
    summary = demo_summary()
    plan = summary["options"][0]["plan"]
    summary["options"][0]["plan"] = {**plan, "width": plan["width"] - 1}  # now overflowing

    document = render_report(summary, demo_alternatives())

    assert 'id="option-1-option-warnings">Warnings on the option as proposed (1)</h4>' in document
    assert "more than the street&#x27;s width" in document
    untouched = render_report(demo_summary(), demo_alternatives())
    assert "Warnings on the option as proposed" not in untouched
