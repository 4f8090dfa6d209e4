"""Consolidation: the report bundle over N submissions read from JSONL, against DuckDB computing
the same counting group-bys over the same file.

    .venv/bin/python bench/consolidate.py [--n 100000] [--seed 6] [--keep] [--profile]
    .venv/bin/python bench/consolidate.py --n 1000000          # the issue's figure, minutes

A benchmark, not a test: run it on a quiet machine and record the figures in docs/benchmarks.md.
Needs `duckdb` (requirements-bench.txt; `make bench` installs it), never needed by CI.

1. Generate (seeded, deterministic) a realistic mix as JSONL, one submission a line in creation
   order, for the demo consultation: ~40% campaign letters from 6 templates (exact copies and
   personalised ones: name, suburb, a sentence reworded or dropped, a personal line), ~47%
   individual comments, ~8% map pins on option `b` around Dominion Road's stops, ~5% section
   alternatives of option `a` from 20 edit recipes (the edited plan and its diff are stored),
   endorsements with a Pareto tail, ~4% pending/hidden/withdrawn. The file is cached by
   (n, seed) while --keep.
2. sayso (own process, for a clean peak RSS): stream the file (read line, json.loads, build the
   `Submission`; an alternative's stored diff through `diff_from_dict`, as the job reads it) into
   `build_bundle`: every file, XLSX included. Timed un-instrumented; then again with each stage's
   methods wrapped in timers for the split (a second run, so the timers don't touch the headline).
3. Like-for-like (own process): the same parsing plus `SummaryFold` only, i.e. the counting part.
4. DuckDB (own process, median of 3 runs): `read_ndjson` of the same file into a table of the
   counted columns, then the group-bys of summary.json (totals, per day, per option x kind x
   stance, per element with the stance split, moderation, top endorsed overall and per element);
   checked against sayso's summary.json. Also, informative: exact-duplicate counting by
   normalised-text hash.

Targets (issue 6): sayso wall <= 3 x DuckDB wall, sayso peak RSS <= 1 GiB.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GENERATOR_VERSION = 3  # bump when the generated data changes: it names the cached file
NOW = datetime(2026, 9, 2, tzinfo=UTC)  # demo_consultation(NOW) opens on 2026-09-01T00:00Z
DAYS = 42
NZ_OFFSET_H = 12  # NZST; the hour-of-day shape below is local time
MIB = 1 << 20
GIB = 1 << 30
TARGET_RATIO = 3.0

# --- generator --------------------------------------------------------------------------------

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_PAIRS = [a + b for a in _CROCKFORD for b in _CROCKFORD]  # 10 bits -> 2 characters


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Aroha Ben Chloe Daniel Emma Finn Grace Hemi Isla James Kiri Liam Mere Noah Olivia Pita "
    "Ruby Sam Tama Wiremu Ana Jack Mia Oliver Priya Raj Wei Min Sione Losa Hana Tom Lucy Ella "
    "Hugo Zoe Arjun Mei Tevita Moana"
)
LAST_NAMES = _words(
    "Smith Wilson Ngata Brown Taylor Patel Singh Chen Wang Walker Harris Young Tuhiwai Parata "
    "Clark Lee Martin Thompson Kaur Fonoti Tupou Nguyen King Robinson White Scott Green Mason"
)
SUBURBS = (
    "Mt Eden",
    "Balmoral",
    "Sandringham",
    "Epsom",
    "Kingsland",
    "Three Kings",
    "Mt Roskill",
    "Ōwairaka",
    "Eden Terrace",
    "Grey Lynn",
    "Mt Albert",
    "Onehunga",
    "Māngere Bridge",
    "Royal Oak",
    "Hillsborough",
    "Waikōwhai",
)

# Each template: (option, element, stance, launch day, sentences); a sentence is a tuple of
# phrasings, the first canonical. Personalised copies may reword one, drop one, add a line.
TEMPLATES: tuple[tuple[str, str | None, str, int, tuple[tuple[str, ...], ...]], ...] = (
    (
        "a",
        "west-trees",
        "oppose",
        0,
        (
            (
                "I am writing to oppose the removal of the street trees on Dominion Road.",
                "I strongly object to cutting down the street trees along Dominion Road.",
            ),
            (
                "The trees give shade to people waiting for the tram, they calm traffic and they "
                "are home to birds.",
                "These trees shade the people waiting at the stops, slow the traffic down and "
                "shelter the birds.",
            ),
            (
                "Please redesign the platform so that the trees can stay where they are today.",
                "The platform can surely be designed around the trees that are there today.",
            ),
            (
                "Losing them would make the street hotter and less pleasant for everyone who "
                "walks here.",
                "Without them the street will be hotter and harsher for everyone on foot.",
            ),
            (
                "Mature trees take decades to replace and the new saplings in the plan will not "
                "give real shade until the 2050s.",
            ),
        ),
    ),
    (
        "a",
        None,
        "support",
        2,
        (
            (
                "I fully support light rail on Dominion Road and I want it built as soon as "
                "possible.",
                "Please build light rail on Dominion Road, and please build it soon.",
            ),
            (
                "Buses on this corridor are full at peak times and stuck in the same traffic as "
                "everyone else.",
                "At peak times the buses are packed and crawl along with the cars.",
            ),
            (
                "A tram every few minutes would let thousands of people leave the car at home "
                "and would cut the emissions of the whole isthmus.",
            ),
            (
                "The central platform at Balmoral is the right design because one platform "
                "serves both directions.",
                "One central platform at Balmoral serving both directions is the right call.",
            ),
            (
                "Do not let this project be delayed again by another round of reviews.",
                "Please do not let another review delay this project yet again.",
            ),
            ("Our city needs rapid transit that is not stuck in traffic.",),
        ),
    ),
    (
        "a",
        "west-traffic",
        "oppose",
        6,
        (
            (
                "As a business owner on Dominion Road I oppose the loss of the kerbside parking "
                "and loading zones.",
                "I run a shop on Dominion Road and I object to losing the parking and loading "
                "zones outside it.",
            ),
            (
                "Our customers come by car from across Auckland and they will simply go "
                "elsewhere if they cannot stop.",
            ),
            (
                "Deliveries already struggle to find space and this plan leaves nowhere for a "
                "truck to unload.",
                "Delivery drivers already struggle and this design leaves them no place at all.",
            ),
            (
                "Years of construction will close many of the small shops that make this road "
                "what it is.",
            ),
            ("Please keep at least one loading zone on each block near the Balmoral shops.",),
        ),
    ),
    (
        "a",
        "west-cycleway",
        "support",
        13,
        (
            (
                "I support the raised cycleways in option A and ask that they are kept in the "
                "final design.",
                "Please keep the raised cycleways of option A in the final design.",
            ),
            (
                "My children cycle to school along Dominion Road and today it is far too "
                "dangerous.",
                "Today my kids cannot safely ride to school along Dominion Road.",
            ),
            (
                "A kerb between the cycleway and the traffic lane is essential, paint alone does "
                "not protect anyone.",
            ),
            (
                "Please make sure the cycleways continue through the intersections and past the "
                "stops instead of ending suddenly.",
                "The cycleways must carry on through every intersection and past every stop.",
            ),
            ("Safe cycling is cheap to build and good for the whole neighbourhood.",),
        ),
    ),
    (
        "b",
        "stop-mt-roskill",
        "oppose",
        20,
        (
            (
                "I object to the proposed location of the Mt Roskill stop.",
                "The Mt Roskill stop is in the wrong place.",
            ),
            (
                "It is too far from the shops, the library and the schools that people actually "
                "travel to.",
                "It sits too far from the shops, the library and the schools people go to.",
            ),
            (
                "Please move the stop two hundred metres north, next to the existing bus "
                "interchange, so that people can transfer without crossing the road.",
            ),
            ("Older residents cannot walk an extra ten minutes to catch the tram.",),
        ),
    ),
    (
        "a",
        "balmoral-platform",
        "neutral",
        30,
        (
            (
                "Before the design is finalised please consider the noise and vibration for "
                "the homes along the route.",
                "Please think about noise and vibration for the homes along the route before "
                "the design is final.",
            ),
            (
                "The platform at Balmoral needs a full canopy, seating and real-time displays at "
                "both ends.",
            ),
            (
                "Pedestrian crossings at each end of the platform must be signalised and wide "
                "enough for prams and wheelchairs.",
                "Each end of the platform needs a wide signalised crossing for prams and "
                "wheelchairs.",
            ),
            ("Please publish the expected noise levels for each block before construction.",),
        ),
    ),
)
TEMPLATE_DECAY_DAYS = 5.0

OPENERS = (
    "I think",
    "Honestly,",
    "In my view",
    "As a local resident I feel",
    "I reckon",
    "It seems to me",
    "Frankly,",
    "My family thinks",
    "Having lived here for years, I believe",
    "From what I can see",
    "I worry that",
    "I am glad that",
    "Please note that",
    "To be fair,",
    "Overall",
)
SUBJECTS = (
    "the light rail",
    "this design",
    "the new layout",
    "the Balmoral stop",
    "the traffic lanes",
    "the cycleway",
    "the footpath",
    "the central platform",
    "the bus connections",
    "the construction plan",
    "the loss of parking",
    "the street trees",
    "the tram frequency",
    "the crossings",
    "the route south of Mt Roskill",
    "the plan for the shops",
    "the night-time service",
    "the budget",
    "the noise from the trams",
    "the stop spacing",
)
PREDICATES = (
    "is a big improvement",
    "will not work for older people",
    "looks expensive for what we get",
    "needs more thought",
    "makes the road much safer",
    "is long overdue",
    "will hurt local businesses",
    "will help students get to university",
    "ignores people with disabilities",
    "could be simpler",
    "is exactly what this area needs",
    "feels rushed",
    "should be built in stages",
    "must not be watered down",
    "is too narrow",
    "will bring more people to the shops",
    "leaves no room for deliveries",
    "is great for families",
    "needs better lighting",
    "will cut my commute in half",
)
REASONS = (
    "because the buses are always full",
    "since I walk this way every day",
    "given how many children cross here",
    "when you look at what Sydney did",
    "after the mess on Queen Street",
    "especially at rush hour",
    "if the trams come every five minutes",
    "as long as the trees are replaced",
    "unless the lanes are separated",
    "because my mother uses a wheelchair",
    "on match days at Eden Park",
    "for anyone without a car",
    "even in the rain",
    "with so many new flats being built",
    "while the shops are trying to recover",
    "at least on weekdays",
    "in the long run",
    "compared with the current buses",
    "before anything else is built",
    "for the next fifty years",
)
EXTRAS = (
    "Thanks for asking us.",
    "Please keep us informed.",
    "Good luck with it!",
    "Can you share the cost figures?",
    "When will construction start?",
    "What happens to the number 25 bus?",
    "Please reply to this.",
    "Just build it.",
    "Not convinced.",
    "Kia ora and thanks.",
)
# Free words spliced into individual comments, so that two residents rarely share word triples.
WORDS = _words(
    "really quite very actually probably definitely maybe simply also still already just "
    "again often never always sometimes usually nearly mostly clearly obviously surely "
    "morning evening weekend school work shops cafe library park church market station kids "
    "parents grandparents neighbours students workers visitors drivers cyclists walkers buses "
    "cars trucks vans scooters bikes prams wheelchairs dogs trams trains ferries safe unsafe "
    "busy quiet noisy green wide narrow dark bright crowded empty slow fast cheap costly fair "
    "unfair simple messy tidy modern old new local whole entire road street corner crossing "
    "lane kerb footpath verge driveway intersection roundabout shelter bench sign light pole "
    "tree garden hedge fence wall gate traffic parking noise dust shade rain wind sun heat "
    "flooding potholes litter graffiti council government mayor contractors engineers "
    "planners build fix widen narrow move keep remove replace plant light paint signal raise "
    "lower slow stop cross park wait walk ride drive deliver load unload commute honestly "
    "sadly luckily hopefully frankly personally basically generally Monday Tuesday Friday "
    "Saturday Sunday summer winter holidays night daytime Ponsonby Newmarket Britomart "
    "Onehunga Penrose Avondale Herne Bay Eden Park Queen Street five ten twenty fifty hundred "
    "minutes hours years decades metres blocks stops"
)
PIN_SENTENCES = (
    "A pedestrian crossing here please.",
    "This corner is dangerous for cyclists.",
    "Put the stop here, next to the shops.",
    "The footpath floods here when it rains.",
    "Cars speed through this section every night.",
    "Bike parking needed here.",
    "The bus stop here should stay.",
    "There is no shade at this spot.",
    "Trucks unload here every morning.",
    "Kids cross here to get to school.",
    "Needs better lighting at night.",
    "Great spot for a tram stop.",
)
ELEMENTS_A = (
    "west-footpath",
    "west-trees",
    "west-cycleway",
    "west-traffic",
    "lrt-inbound",
    "balmoral-platform",
    "lrt-outbound",
    "east-traffic",
    "east-cycleway",
    "east-trees",
    "east-footpath",
)
ELEMENT_PHRASES = {
    "west-footpath": "the west footpath",
    "west-trees": "the trees on the west side",
    "west-cycleway": "the west cycleway",
    "west-traffic": "the inbound traffic lane",
    "lrt-inbound": "the inbound track",
    "balmoral-platform": "the Balmoral platform",
    "lrt-outbound": "the outbound track",
    "east-traffic": "the outbound traffic lane",
    "east-cycleway": "the east cycleway",
    "east-trees": "the trees on the east side",
    "east-footpath": "the east footpath",
    "route": "the route",
    "stop-view-road": "the View Road stop",
    "stop-eden-valley": "the Eden Valley stop",
    "stop-balmoral": "the Balmoral stop",
    "stop-mt-roskill": "the Mt Roskill stop",
    "stop-dominion-junction": "the Dominion Junction stop",
    "balmoral-precinct": "the Balmoral shops upgrade",
}
ELEMENTS_B = tuple(e for e in ELEMENT_PHRASES if e not in ELEMENTS_A)
# Pins cluster around the stops (lon, lat, weight), plus a uniform share over the corridor box.
HOT_SPOTS = (
    (174.7558, -36.8668, 3.0),
    (174.7528, -36.8762, 2.0),
    (174.7476, -36.8881, 5.0),
    (174.7441, -36.8990, 1.5),  # the stop is just south of the box; residents pin near it
    (174.7500, -36.8820, 1.0),
)
BOX = (174.74, -36.90, 174.76, -36.86)

# Alternatives of option a: 20 recipes, each (removed ids, {id: new width}, added segments).
_ADD = dict[str, Any]
RECIPES: tuple[tuple[tuple[str, ...], dict[str, float], tuple[tuple[int, _ADD], ...]], ...] = (
    (("west-trees",), {}, ()),
    (("east-trees",), {}, ()),
    (("west-trees", "east-trees"), {}, ()),
    (("west-trees",), {"west-footpath": 3.5}, ()),
    (("east-trees",), {"east-footpath": 3.5}, ()),
    (("west-trees", "east-trees"), {"west-footpath": 3.5, "east-footpath": 3.5}, ()),
    (("west-trees", "east-trees"), {"west-footpath": 3.0, "east-footpath": 3.0}, ()),
    (("west-traffic",), {"west-cycleway": 2.5, "west-footpath": 3.5}, ()),
    (("east-traffic",), {"east-cycleway": 2.5, "east-footpath": 3.5}, ()),
    (("west-trees", "east-trees"), {"west-cycleway": 2.5, "east-cycleway": 2.5}, ()),
    ((), {"balmoral-platform": 2.4, "west-footpath": 2.9}, ()),
    (("west-trees",), {"balmoral-platform": 4.0}, ()),
    (("west-trees", "east-trees"), {"balmoral-platform": 4.0}, ()),
    (
        ("west-traffic", "east-traffic"),
        {"west-cycleway": 2.4, "east-cycleway": 2.4, "west-footpath": 4.0, "east-footpath": 4.0},
        (),
    ),
    (
        ("west-traffic",),
        {},
        ((3, {"id": "new-bike-lane", "type": "bike-lane", "width": 2.0, "elevation": 0.15}),),
    ),
    (
        ("east-trees", "east-cycleway"),
        {},
        ((8, {"id": "new-flex-zone", "type": "flex-zone", "width": 2.4, "elevation": 0.0}),),
    ),
    ((), {"west-footpath": 2.7}, ()),
    ((), {"west-footpath": 2.6, "east-footpath": 2.6}, ()),
    (("balmoral-platform",), {"west-footpath": 4.0, "east-footpath": 4.0}, ()),
    (
        ("west-trees", "east-trees"),
        {},
        ((9, {"id": "new-bike-lane", "type": "bike-lane", "width": 2.0, "elevation": 0.15}),),
    ),
)
RECIPE_WEIGHTS = (20, 8, 14, 6, 3, 5, 4, 3, 2, 4, 2, 3, 2, 1, 3, 1, 2, 3, 1, 2)
ALTERNATIVE_TEXTS = (
    "My version of the street.",
    "Keep the trees, lose a traffic lane.",
    "Wider footpaths please, this is a shopping street.",
    "Here is how I would lay it out.",
    "More room for people walking.",
    "A proper bike lane instead.",
    "This works better for the shops.",
    "",
)


def _ulid(ms: int, rand: int) -> str:
    value = (ms << 80) | rand
    return "".join(_PAIRS[(value >> shift) & 1023] for shift in range(120, -10, -10))[-26:]


def _pareto_endorsements(rng: random.Random, nonzero: float) -> int:
    if rng.random() >= nonzero:
        return 0
    return min(int(rng.paretovariate(1.1)), 25_000)


def _recipe_plans(option: Any) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each recipe's edited plan and its diff as the store keeps them (`to_dict()` after
    validation): the job reads the stored diff, it never re-diffs."""
    from chalicelib.domain.submission import alternative_of

    plans = []
    for removed, widths, added in RECIPES:
        raw = option.plan.to_dict()
        segments = [dict(s) for s in raw["segments"] if s["id"] not in removed]
        for segment in segments:
            segment["width"] = widths.get(segment["id"], segment["width"])
        for index, segment in added:
            segments.insert(index, {"variantString": "", **segment})
        raw["segments"] = segments
        plan, diff = alternative_of(option, raw)
        plans.append((plan.to_dict(), diff.to_dict()))
    return plans


def _timestamps(rng: random.Random, n: int, opens_ms: int) -> list[int]:
    """n creation times (ms) over DAYS days: a launch peak, a media bump, a closing rush; within a
    day, a morning, lunch and evening shape in NZ time. Sorted."""
    day_weights = [
        1.0
        + 3.0 * math.exp(-d / 3.0)
        + 1.5 * math.exp(-((d - 20) ** 2) / 4.0)
        + 4.0 * math.exp(-(DAYS - 1 - d) / 2.0)
        for d in range(DAYS)
    ]
    hour_weights = [
        0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 0.8, 1.6, 2.0, 1.4, 1.2, 1.3,
        2.0, 1.8, 1.1, 1.0, 1.1, 1.4, 1.8, 2.4, 2.8, 2.6, 1.6, 0.7,
    ]  # fmt: skip
    days = rng.choices(range(DAYS), day_weights, k=n)
    hours = rng.choices(range(24), hour_weights, k=n)
    day_ms, hour_ms = 86_400_000, 3_600_000
    rand = rng.random
    out = [
        opens_ms + d * day_ms + ((h - NZ_OFFSET_H) % 24) * hour_ms + int(rand() * hour_ms)
        for d, h in zip(days, hours, strict=True)
    ]
    out.sort()
    return out


class _Generator:
    def __init__(self, seed: int, option_a: Any) -> None:
        self.rng = random.Random(seed)
        self.plans = _recipe_plans(option_a)
        self.recipe_cum = _cumulative(RECIPE_WEIGHTS)
        self.spot_cum = _cumulative([w for *_, w in HOT_SPOTS])

    def comment_text(self, sentences: int, element: str | None) -> str:
        rng = self.rng
        parts = []
        for i in range(sentences):
            if i == 0 and element is not None:
                subject = ELEMENT_PHRASES[element]
            else:
                subject = rng.choice(SUBJECTS)
            if rng.random() < 0.08:
                parts.append(rng.choice(EXTRAS))
                continue
            opener = rng.choice(OPENERS)
            words = rng.choices(WORDS, k=rng.randint(2, 9))
            cut = rng.randint(0, len(words))
            sentence = (
                f"{opener} {subject} {' '.join(words[:cut])} {rng.choice(PREDICATES)} "
                f"{rng.choice(REASONS)} {' '.join(words[cut:])}"
            )
            sentence = " ".join(sentence.split()) + "."
            parts.append(sentence[0].upper() + sentence[1:])
        return " ".join(parts)

    def letter(self, template: int) -> tuple[str, str | None, str, str]:
        rng = self.rng
        option, element, stance, _, sentences = TEMPLATES[template]
        if rng.random() < 0.3:  # sent unchanged through the campaign's form
            return option, element, stance, " ".join(s[0] for s in sentences)
        chosen = [s[0] for s in sentences]
        if rng.random() < 0.3:
            i = rng.randrange(len(sentences))
            chosen[i] = rng.choice(sentences[i])
        if rng.random() < 0.15:
            del chosen[rng.randrange(1, len(chosen))]
        if rng.random() < 0.2:
            chosen.insert(0, self.comment_text(1, None))
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        chosen.append(f"Yours sincerely, {name} of {rng.choice(SUBURBS)}.")
        return option, element, stance, " ".join(chosen)

    def pin(self) -> tuple[float, float]:
        rng = self.rng
        if rng.random() < 0.2:
            return rng.uniform(BOX[0], BOX[2]), rng.uniform(BOX[1], BOX[3])
        lon, lat, _ = HOT_SPOTS[_pick(self.spot_cum, rng.random())]
        return lon + rng.gauss(0, 0.0012), lat + rng.gauss(0, 0.0009)


def _cumulative(weights: Any) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return [c / total for c in out]


def _pick(cumulative: list[float], x: float) -> int:
    for i, c in enumerate(cumulative):
        if x < c:
            return i
    return len(cumulative) - 1


def _template_cumulative(day: int) -> list[float] | None:
    weights = [
        math.exp(-(day - launch) / TEMPLATE_DECAY_DAYS) if day >= launch else 0.0
        for _, _, _, launch, _ in TEMPLATES
    ]
    return _cumulative(weights) if sum(weights) else None


def generate(path: Path, n: int, seed: int) -> dict[str, int]:
    """Write n submissions as JSONL in creation order; returns the mix actually generated."""
    from chalicelib.local.demo import demo_consultation

    consultation, options = demo_consultation(NOW)
    gen = _Generator(seed, options[0])
    rng = gen.rng
    opens_ms = int(consultation.opens_at.timestamp() * 1000)
    times = _timestamps(rng, n, opens_ms)
    per_day = [_template_cumulative(d) for d in range(DAYS)]
    mix: dict[str, int] = {}
    prev_ms, prev_rand = -1, 0
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    part = path.with_suffix(".part")
    with part.open("w", encoding="utf-8", buffering=1 << 20) as out:
        for ms in times:
            rand = prev_rand + 1 if ms == prev_ms else rng.getrandbits(80)
            prev_ms, prev_rand = ms, rand
            created = datetime.fromtimestamp(ms / 1000, UTC)
            record: dict[str, Any] = {
                "id": _ulid(ms, rand),
                "consultation_id": consultation.id,
                "option_id": "a",
                "kind": "comment",
                "text": "",
                "element_id": None,
                "lonlat": None,
                "offset_m": None,
                "stance": None,
                "status": "published",
                "created_at": created.isoformat(timespec="milliseconds")[:-6] + "Z",
                "updated_at": None,
                "endorsements": 0,
                "flags": 0,
                "plan": None,
                "diff": None,
            }
            x = rng.random()
            if x < 0.40:
                day = (ms - opens_ms) // 86_400_000
                cum = per_day[day] or per_day[DAYS - 1]
                assert cum is not None
                option, element, stance, text = gen.letter(_pick(cum, rng.random()))
                record.update(option_id=option, element_id=element, stance=stance, text=text)
                record["endorsements"] = _pareto_endorsements(rng, 0.05)
                kind = "letter"
            elif x < 0.87:
                on_b = rng.random() < 0.3
                element = None
                if rng.random() < 0.4:
                    element = rng.choice(ELEMENTS_B if on_b else ELEMENTS_A)
                if not on_b and element is not None and rng.random() < 0.25:
                    record["offset_m"] = round(rng.uniform(0.0, 27.0), 1)
                sentences = min(1 + int(rng.expovariate(0.6)), 6)
                record.update(
                    option_id="b" if on_b else "a",
                    element_id=element,
                    text=gen.comment_text(sentences, element),
                    stance=rng.choices(("support", "oppose", "neutral", None), (35, 35, 10, 20))[0],
                    endorsements=_pareto_endorsements(rng, 0.3),
                )
                kind = "comment"
            elif x < 0.95:
                lon, lat = gen.pin()
                text = rng.choice(PIN_SENTENCES)
                if rng.random() < 0.4:
                    text += " " + gen.comment_text(1, None)
                record.update(
                    option_id="b",
                    element_id=rng.choice(ELEMENTS_B) if rng.random() < 0.3 else None,
                    lonlat=[round(lon, 6), round(lat, 6)],
                    text=text,
                    stance=rng.choices(("support", "oppose", "neutral", None), (30, 40, 10, 20))[0],
                    endorsements=_pareto_endorsements(rng, 0.3),
                )
                kind = "pin"
            else:
                recipe = _pick(gen.recipe_cum, rng.random())
                record.update(
                    kind="alternative",
                    text=rng.choice(ALTERNATIVE_TEXTS) or gen.comment_text(2, None),
                    plan=gen.plans[recipe][0],
                    diff=gen.plans[recipe][1],
                    endorsements=_pareto_endorsements(rng, 0.4),
                )
                kind = "alternative"
            s = rng.random()
            if s < 0.02:
                record["status"] = "pending"
            elif s < 0.032:
                record["status"], record["flags"] = "hidden", rng.randint(1, 12)
            elif s < 0.035:  # withdrawn: words and plan gone
                record.update(
                    status="withdrawn", text="", plan=None, diff=None, lonlat=None, offset_m=None
                )
            elif s < 0.065:
                edited = created + timedelta(minutes=rng.randint(5, 4 * 24 * 60))
                record["updated_at"] = edited.isoformat(timespec="milliseconds")[:-6] + "Z"
            mix[kind] = mix.get(kind, 0) + 1
            out.write(dumps(record))
            out.write("\n")
    part.replace(path)
    return mix


# --- children: each runs in its own process for a clean peak RSS -------------------------------


def _peak_rss() -> int:
    """Bytes: VmHWM (the process's own high-water mark), else ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _rss_now() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def read_submissions(path: Path, timers: dict[str, float] | None = None) -> Iterator[Any]:
    """The job's read side, from JSONL: one `Submission` per line; an alternative's stored diff
    read with `diff_from_dict` and its plan left out, as `store.submissions.stream_published`
    does (the alternatives tally needs only the diff)."""
    from chalicelib.domain.diff import diff_from_dict
    from chalicelib.domain.submission import Submission

    loads, fromiso = json.loads, datetime.fromisoformat
    clock = time.perf_counter
    t_json = t_plan = t_build = 0.0
    with path.open("rb", buffering=1 << 20) as stream:
        for line in stream:
            t0 = clock()
            r = loads(line)
            t1 = clock()
            stored_diff = r.get("diff")
            diff = None if stored_diff is None else diff_from_dict(stored_diff)
            t2 = clock()
            lonlat, offset = r["lonlat"], r["offset_m"]
            updated = r["updated_at"]
            submission = Submission(
                id=r["id"],
                consultation_id=r["consultation_id"],
                option_id=r["option_id"],
                kind=r["kind"],
                text=r["text"],
                element_id=r["element_id"],
                point=(
                    (float(lonlat[0]), float(lonlat[1]))
                    if lonlat is not None
                    else None
                    if offset is None
                    else float(offset)
                ),
                stance=r["stance"],
                status=r["status"],
                created_at=fromiso(r["created_at"]),
                updated_at=None if updated is None else fromiso(updated),
                diff=diff,
                endorsements=r["endorsements"],
                flags=r["flags"],
            )
            if timers is not None:
                t3 = clock()
                t_json += t1 - t0
                t_plan += t2 - t1
                t_build += t3 - t2
            yield submission
    if timers is not None:
        timers["json.loads"] = t_json
        timers["diff_from_dict (alternatives)"] = t_plan
        timers["Submission + datetimes"] = t_build


def _consultation() -> tuple[Any, list[Any]]:
    from chalicelib.local.demo import demo_consultation

    return demo_consultation(NOW)


def child_bundle(data: Path, out: Path) -> dict[str, Any]:
    from chalicelib.domain.report.bundle import build_bundle

    consultation, options = _consultation()
    rss_before = _rss_now()
    started = time.perf_counter()
    bundle = build_bundle(consultation, options, read_submissions(data), out)
    wall = time.perf_counter() - started
    return {
        "wall": wall,
        "peak_rss": _peak_rss(),
        "rss_before": rss_before,
        "files": {f.name: f.size for f in bundle.files},
        "counts": bundle.counts,
    }


def child_parse(data: Path) -> dict[str, Any]:
    """Reading and parsing alone, then the same plus `SummaryFold` (the counting part)."""
    from chalicelib.domain.report.summary import SummaryFold

    consultation, options = _consultation()
    timers: dict[str, float] = {}
    started = time.perf_counter()
    rows = 0
    for _ in read_submissions(data, timers):
        rows += 1
    parse_wall = time.perf_counter() - started

    fold = SummaryFold(consultation, options)
    started = time.perf_counter()
    for submission in read_submissions(data):
        fold.add(submission)
    fold.result(campaigns={}, pins={})
    fold_wall = time.perf_counter() - started
    return {
        "rows": rows,
        "parse_wall": parse_wall,
        "timers": timers,
        "fold_wall": fold_wall,
        "peak_rss": _peak_rss(),
    }


def _timed_class(cls: type, methods: dict[str, str], timers: dict[str, float]) -> type:
    """A subclass whose named methods add their time to timers[label]."""
    clock = time.perf_counter

    def wrap(name: str, label: str) -> Callable[..., Any]:
        original = getattr(cls, name)

        def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
            t0 = clock()
            try:
                return original(self, *args, **kwargs)
            finally:
                timers[label] = timers.get(label, 0.0) + clock() - t0

        return timed

    return type(f"Timed{cls.__name__}", (cls,), {n: wrap(n, lb) for n, lb in methods.items()})


def _timed_function(function: Callable[..., Any], label: str, timers: dict[str, float]) -> Any:
    clock = time.perf_counter

    def timed(*args: Any, **kwargs: Any) -> Any:
        t0 = clock()
        try:
            return function(*args, **kwargs)
        finally:
            timers[label] = timers.get(label, 0.0) + clock() - t0

    return timed


def child_split(data: Path, out: Path) -> dict[str, Any]:
    """build_bundle with each stage's methods wrapped in timers (patched in this process only)."""
    from chalicelib.domain.report import bundle as module

    t: dict[str, float] = {}
    module.SummaryFold = _timed_class(  # type: ignore[misc]
        module.SummaryFold, {"add": "summary fold", "result": "summary fold"}, t
    )
    module.CampaignDetector = _timed_class(  # type: ignore[misc]
        module.CampaignDetector, {"add": "campaigns", "result": "campaigns"}, t
    )
    module.AlternativesTally = _timed_class(  # type: ignore[misc]
        module.AlternativesTally, {"add": "alternatives", "result": "alternatives"}, t
    )
    module.CsvReport = _timed_class(  # type: ignore[misc]
        module.CsvReport, {"__init__": "csv", "add": "csv", "close": "csv"}, t
    )
    module.PinsReport = _timed_class(  # type: ignore[misc]
        module.PinsReport,
        {"__init__": "pins", "add": "pins", "close": "pins", "hot_spots": "pins"},
        t,
    )
    module.XlsxReport = _timed_class(  # type: ignore[misc]
        module.XlsxReport, {"__init__": "xlsx", "add": "xlsx", "close": "xlsx"}, t
    )
    module.render_report = _timed_function(module.render_report, "html render", t)
    module._json_bytes = _timed_function(module._json_bytes, "json files", t)
    module._described = _timed_function(module._described, "sha256 of files", t)

    reading: dict[str, float] = {}

    def timed_read() -> Iterator[Any]:
        clock = time.perf_counter
        source = read_submissions(data, reading)
        while True:
            t0 = clock()
            try:
                item = next(source)
            except StopIteration:
                t["read + parse"] = t.get("read + parse", 0.0) + clock() - t0
                return
            t["read + parse"] = t.get("read + parse", 0.0) + clock() - t0
            yield item

    consultation, options = _consultation()
    started = time.perf_counter()
    module.build_bundle(consultation, options, timed_read(), out)
    wall = time.perf_counter() - started
    t["loop, writes of json/html files, other"] = wall - sum(t.values())
    return {"wall": wall, "stages": t, "reading": reading, "peak_rss": _peak_rss()}


def child_profile(data: Path, out: Path, top: int) -> dict[str, Any]:
    import cProfile
    import io
    import pstats

    from chalicelib.domain.report.bundle import build_bundle

    consultation, options = _consultation()
    profiler = cProfile.Profile()
    profiler.enable()
    build_bundle(consultation, options, read_submissions(data), out)
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats(top + 15)
    text.write("\n--- by own time ---\n")
    stats.sort_stats("tottime").print_stats(top)
    return {"profile": text.getvalue()}


_COLUMNS = (
    "{'id': 'VARCHAR', 'option_id': 'VARCHAR', 'kind': 'VARCHAR', 'element_id': 'VARCHAR', "
    "'stance': 'VARCHAR', 'status': 'VARCHAR', 'created_at': 'TIMESTAMP', "
    "'endorsements': 'BIGINT', 'lonlat': 'DOUBLE[]'}"
)
_QUERIES = {
    "totals": """
        SELECT count(*), count(*) FILTER (kind = 'comment'), count(*) FILTER (kind = 'alternative'),
               coalesce(sum(endorsements), 0), count(*) FILTER (pin)
        FROM s WHERE status = 'published'""",
    "per_day": """
        SELECT strftime(CAST(created_at AS DATE), '%Y-%m-%d') AS day, count(*)
        FROM s WHERE status = 'published' GROUP BY day ORDER BY day""",
    "per_option": """
        SELECT option_id, kind, stance, count(*) FROM s WHERE status = 'published'
        GROUP BY ALL ORDER BY ALL""",
    "elements": """
        SELECT option_id, element_id, count(*),
               count(*) FILTER (stance = 'support'), count(*) FILTER (stance = 'oppose'),
               count(*) FILTER (stance = 'neutral'), count(*) FILTER (stance = 'none')
        FROM s WHERE status = 'published' AND element_id IS NOT NULL
        GROUP BY ALL ORDER BY ALL""",
    "element_top": """
        SELECT option_id, element_id, id FROM s
        WHERE status = 'published' AND element_id IS NOT NULL AND endorsements > 0
        QUALIFY row_number() OVER (
            PARTITION BY option_id, element_id ORDER BY endorsements DESC, id DESC) <= 3
        ORDER BY ALL""",
    "top_endorsed": """
        SELECT id FROM s WHERE status = 'published' AND endorsements > 0
        ORDER BY endorsements DESC, id DESC LIMIT 10""",
    "pins": """
        SELECT option_id, count(*) FROM s WHERE status = 'published' AND pin
        GROUP BY ALL ORDER BY ALL""",
    "moderation": "SELECT status, count(*) FROM s GROUP BY ALL ORDER BY ALL",
}
_DUPLICATES = """
    WITH texts AS (
        SELECT hash(trim(regexp_replace(regexp_replace(lower(text), '[[:punct:]]', '', 'g'),
                                        '\\s+', ' ', 'g'))) AS h
        FROM read_ndjson('{path}', columns={{'kind': 'VARCHAR', 'status': 'VARCHAR',
                                             'text': 'VARCHAR'}})
        WHERE status = 'published' AND kind = 'comment'
    ), groups AS (SELECT h, count(*) AS c FROM texts GROUP BY h)
    SELECT sum(c), count(*), coalesce(sum(c) FILTER (c >= 2), 0), count(*) FILTER (c >= 5),
           coalesce(sum(c) FILTER (c >= 5), 0)
    FROM groups"""


def child_duckdb(data: Path, threads: int | None, duplicates: bool) -> dict[str, Any]:
    import duckdb

    path = str(data).replace("'", "''")
    started = time.perf_counter()
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute(
        "CREATE TEMP TABLE s AS SELECT id, option_id, kind, element_id, "
        "coalesce(stance, 'none') AS stance, status, created_at, endorsements, "
        f"lonlat IS NOT NULL AS pin FROM read_ndjson('{path}', columns={_COLUMNS})"
    )
    loaded = time.perf_counter()
    results = {name: con.execute(sql).fetchall() for name, sql in _QUERIES.items()}
    wall = time.perf_counter() - started
    used_threads = con.execute("SELECT current_setting('threads')").fetchone()
    found: Any = None
    dup_wall = 0.0
    if duplicates:
        dup_started = time.perf_counter()
        found = con.execute(_DUPLICATES.format(path=path)).fetchone()
        dup_wall = time.perf_counter() - dup_started
    return {
        "wall": wall,
        "load": loaded - started,
        "queries": wall - (loaded - started),
        "threads": used_threads[0] if used_threads else None,
        "results": json.loads(json.dumps(results, default=str)),
        "duplicates": list(found or ()),
        "duplicates_wall": dup_wall,
        "peak_rss": _peak_rss(),
    }


def run_child(mode: str, data: Path, out: Path | None = None, **extra: Any) -> dict[str, Any]:
    argv = [sys.executable, __file__, "--child", mode, "--data", str(data)]
    if out is not None:
        argv += ["--out", str(out)]
    for key, value in extra.items():
        argv += [f"--{key}", str(value)]
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, check=True, capture_output=True, text=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_wall"] = time.perf_counter() - started
    return result


DUCKDB_RUNS = 3


def _median_run(data: Path, threads: int) -> dict[str, Any]:
    runs = sorted(
        (run_child("duckdb", data, threads=threads) for _ in range(DUCKDB_RUNS)),
        key=lambda r: r["wall"],
    )
    median = runs[len(runs) // 2]
    median["walls"] = [r["wall"] for r in runs]
    return median


# --- the comparison ---------------------------------------------------------------------------


def cross_check(summary: dict[str, Any], duck: dict[str, Any]) -> list[str]:
    """Where sayso's summary.json and DuckDB's group-bys disagree (empty if they agree)."""
    r = duck["results"]
    problems = []
    t = summary["totals"]
    mine = [t["submissions"], t["comments"], t["alternatives"], t["endorsements"], t["pins"]]
    if mine != r["totals"][0]:
        problems.append(f"totals {mine} != {r['totals'][0]}")
    days = [[d["date"], d["submissions"]] for d in summary["per_day"] if d["submissions"]]
    if days != r["per_day"]:
        problems.append("per_day")
    per_option = sorted(
        [p["option_id"], p["kind"], p["stance"], p["count"]] for p in summary["per_option"]
    )
    if per_option != r["per_option"]:
        problems.append("per_option")
    elements = sorted(
        [e["option_id"], e["element_id"], e["comments"], *e["stance"].values()]
        for e in summary["elements"]
    )
    if elements != r["elements"]:
        problems.append("elements")
    element_top = sorted(
        [e["option_id"], e["element_id"], t["id"]]
        for e in summary["elements"]
        for t in e["top_endorsed"]
    )
    if element_top != r["element_top"]:
        problems.append("elements' top endorsed")
    if [e["id"] for e in summary["top_endorsed"]] != [row[0] for row in r["top_endorsed"]]:
        problems.append("top_endorsed")
    pins = [[p["option_id"], p["count"]] for p in summary["pins"]["per_option"] if p["count"]]
    if pins != r["pins"]:
        problems.append("pins per option")
    moderation = sorted([k, v] for k, v in summary["moderation"].items() if v)
    if moderation != r["moderation"]:
        problems.append("moderation")
    return problems


def _mib(size: float) -> str:
    return f"{size / MIB:8.1f} MiB"


def _row(label: str, wall: float, rss: float | None = None, note: str = "") -> str:
    rss_text = _mib(rss) if rss is not None else " " * 12
    return f"  {label:<44}{wall:9.2f} s  {rss_text}  {note}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="submissions to generate")
    parser.add_argument("--seed", type=int, default=6, help="the generator's seed")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the JSONL (reused by later runs with the same --n/--seed) and the bundle",
    )
    parser.add_argument("--data", type=Path, help="the JSONL path (default: a cache by n, seed)")
    parser.add_argument("--no-split", action="store_true", help="skip the per-stage timing run")
    parser.add_argument("--profile", action="store_true", help="also cProfile build_bundle")
    parser.add_argument("--top", type=int, default=10, help="functions the profile lists")
    parser.add_argument(
        "--duckdb-threads", type=int, default=0, help="DuckDB threads (0: its default, all cores)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--duplicates", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        result = {
            "bundle": lambda: child_bundle(args.data, args.out),
            "split": lambda: child_split(args.data, args.out),
            "parse": lambda: child_parse(args.data),
            "profile": lambda: child_profile(args.data, args.out, args.top),
            "duckdb": lambda: child_duckdb(args.data, args.threads, args.duplicates),
        }[args.child]()
        print(json.dumps(result))
        return

    cache = Path(tempfile.gettempdir()) / "sayso-bench"
    cache.mkdir(exist_ok=True)
    data = args.data or cache / f"consolidate-v{GENERATOR_VERSION}-n{args.n}-s{args.seed}.jsonl"
    reused = data.exists()
    if reused:
        print(f"data        {data} (reused, {data.stat().st_size / MIB:.0f} MiB)")
    else:
        started = time.perf_counter()
        mix = generate(data, args.n, args.seed)
        print(
            f"data        {data} ({data.stat().st_size / MIB:.0f} MiB, generated in "
            f"{time.perf_counter() - started:.1f} s)\n"
            f"mix         {', '.join(f'{k} {v / args.n:.1%}' for k, v in sorted(mix.items()))}"
        )
    work = Path(tempfile.mkdtemp(prefix="sayso-consolidate-"))
    bundle_dir = work / "bundle"
    try:
        print(f"machine     {os.cpu_count()} cores, Python {sys.version.split()[0]}")
        # DuckDB takes seconds: the median of DUCKDB_RUNS runs each, so one noisy run on a shared
        # machine does not make the ratio. sayso runs once (minutes, and less sensitive).
        duck = _median_run(data, args.duckdb_threads)
        duck1 = _median_run(data, 1)
        dup = run_child("duckdb", data, threads=args.duckdb_threads, duplicates=1)
        parse = run_child("parse", data)
        sayso = run_child("bundle", data, bundle_dir)
        split = None if args.no_split else run_child("split", data, work / "split")
        profile = run_child("profile", data, work / "profile") if args.profile else None

        summary = json.loads((bundle_dir / "summary.json").read_text())
        problems = cross_check(summary, duck)
        ratio = sayso["wall"] / duck["wall"]
        rows = parse["rows"]
        print(f"\nsubmissions {rows:,} read; bundle counts {sayso['counts']}")
        print(f"\n  {'':<44}{'wall':>11}  {'peak RSS':>12}")
        print(
            _row(
                "sayso build_bundle (all 6 files)",
                sayso["wall"],
                sayso["peak_rss"],
                f"{rows / sayso['wall']:,.0f}/s; RSS before the run {sayso['rss_before'] / MIB:.0f}"
                " MiB",
            )
        )
        print(
            _row(
                f"DuckDB group-bys ({duck['threads']} threads)",
                duck["wall"],
                duck["peak_rss"],
                f"load {duck['load']:.2f} s + queries {duck['queries']:.2f} s; median of "
                f"{', '.join(f'{w:.2f}' for w in duck['walls'])}",
            )
        )
        print(
            _row(
                "DuckDB group-bys (1 thread)",
                duck1["wall"],
                duck1["peak_rss"],
                f"median of {', '.join(f'{w:.2f}' for w in duck1['walls'])}",
            )
        )
        print(
            _row(
                "sayso read + parse only",
                parse["parse_wall"],
                None,
                "; ".join(f"{k} {v:.2f} s" for k, v in parse["timers"].items()),
            )
        )
        print(
            _row(
                "sayso read + parse + SummaryFold (counting)",
                parse["fold_wall"],
                parse["peak_rss"],
                f"{parse['fold_wall'] / duck['wall']:.1f}x DuckDB, "
                f"{parse['fold_wall'] / duck1['wall']:.1f}x DuckDB 1 thread",
            )
        )
        found = dup["duplicates"]
        print(
            _row(
                "DuckDB exact duplicates by text hash",
                dup["duplicates_wall"],
                None,
                f"(informative; re-reads the texts) {found[0]:,} comments, {found[1]:,} "
                f"distinct, {found[3]} groups >= 5 holding {found[4]:,}",
            )
        )
        campaigns = summary["campaigns"]
        print(
            f"  sayso campaigns: {len(campaigns['clusters'])} clusters >= 5, "
            f"{campaigns['duplicate_comments']:,} duplicate comments of {campaigns['comments']:,}"
        )
        print(
            f"\nratio sayso / DuckDB        {ratio:.1f}x  (target <= {TARGET_RATIO:g}x: "
            f"{'met' if ratio <= TARGET_RATIO else 'MISSED'}); "
            f"vs DuckDB on 1 thread {sayso['wall'] / duck1['wall']:.1f}x"
        )
        print(
            f"peak RSS sayso              {sayso['peak_rss'] / MIB:.0f} MiB  (target <= 1024 MiB: "
            f"{'met' if sayso['peak_rss'] <= GIB else 'MISSED'})"
        )
        print(f"cross-check summary.json vs DuckDB: {problems or 'agree'}")

        print("\nfiles")
        for name, size in sayso["files"].items():
            print(f"  {name:<20}{size / MIB:10.2f} MiB")
        if split is not None:
            print(f"\nper stage (timed run, {split['wall']:.2f} s; wrappers add a little)")
            for label, seconds in sorted(split["stages"].items(), key=lambda i: -i[1]):
                print(
                    f"  {label:<40}{seconds:8.2f} s  {seconds / split['wall']:6.1%}  "
                    f"{seconds / rows * 1e6:7.1f} us/row"
                )
            for label, seconds in split["reading"].items():
                print(f"    of which {label:<31}{seconds:8.2f} s")
        if profile is not None:
            print("\ncProfile of build_bundle\n" + profile["profile"])
    finally:
        if args.keep:
            print(f"\nkept: {data} and {bundle_dir}")
        else:
            shutil.rmtree(work, ignore_errors=True)
            if not reused and args.data is None:
                data.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
