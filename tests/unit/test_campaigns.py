"""Campaign (form-letter) detection: exact and near duplicates, in bounded memory."""

from __future__ import annotations

import json
import operator
import os
import random
import subprocess
import sys
import tracemalloc
from array import array
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from chalicelib.domain.report import campaigns
from chalicelib.domain.report.campaigns import (
    CampaignDetector,
    band_keys,
    estimated_jaccard,
    normalised_words,
    shingle_hashes,
    signature,
)

REPO = Path(__file__).resolve().parents[2]
START = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)

TEMPLATE = (
    "Dear Transport Committee, I am writing as a resident of {town} to ask you to drop the "
    "proposed bus lane on Harbour Road. The lane would remove more than sixty parking spaces "
    "that local shops depend on every single day. Delivery vans already struggle to stop "
    "safely, and the plan offers them nowhere to go. {sentence} Older residents who cannot "
    "walk far rely on being able to park close to the pharmacy and the post office. Please "
    "keep the existing layout, repaint the crossings and add a loading bay instead. The money "
    "saved could fix the potholes on Mill Lane, which are a real danger to cyclists. I urge "
    "the committee to listen to the people who live and work here. Yours sincerely, {name}"
)
REWORDED = [
    "Traffic on the road is not heavy enough to justify a dedicated lane for buses.",
    "The buses on this road are rarely full, so a dedicated lane makes little sense.",
    "There is simply not enough bus traffic here to justify a lane of its own.",
    "Buses are not delayed on Harbour Road today, so a new lane would change nothing.",
    "Nobody I know waits long for a bus here; the lane solves a problem we do not have.",
    "A dedicated bus lane is out of proportion with the few buses that use this road.",
]
SENDERS = [
    ("Mary Jones", "Westport"),
    ("Tom Okafor", "Kilbride"),
    ("Ana Lima", "Easton"),
    ("Peter Novak", "Northfield"),
    ("Sue Chen", "Ashby"),
    ("Raj Patel", "Corran"),
]
CAMPAIGN_LETTERS = [
    TEMPLATE.format(name=name, town=town, sentence=sentence)
    for (name, town), sentence in zip(SENDERS, REWORDED, strict=True)
]

# Five residents writing their own words about the same light-rail platform.
OWN_WORDS = [
    "The new light rail platform at Station Square is far too narrow. At rush hour people "
    "already stand on the yellow line, and with longer trams it will only get worse. Please "
    "widen the platform and add a second staircase at the north end so we are not all "
    "squeezed onto one exit.",
    "I use the light rail every day with a pushchair. The lift at the platform breaks down "
    "every few weeks and there is no ramp, so I have to wait for the next tram or carry the "
    "pushchair down the stairs. Whatever the plan is, a ramp to the platform must be part of it.",
    "Please put a proper roof over the whole platform. The light rail shelter covers maybe a "
    "third of it, so when it rains everyone crowds at one end and the trams load slowly. A "
    "longer canopy and some benches would make waiting at the station far more pleasant.",
    "I support the new platform but the lighting plan worries me. Late in the evening the "
    "station feels empty and dark, especially near the bike racks. Brighter lights, a help "
    "point and cameras along the light rail platform would make me feel safe travelling home.",
    "Why does the plan move the platform away from the bus stops? Changing from the bus to "
    "the light rail already takes five minutes, and the new layout adds a road crossing. Keep "
    "the platform next to the buses and give us a covered walkway between them instead.",
]


def detect(texts, *, start=START, step=timedelta(hours=1), detector=None):
    detector = detector or CampaignDetector()
    for i, text in enumerate(texts):
        detector.add(f"s{i:03d}", text, start + i * step)
    return detector.result()


def test_six_near_identical_letters_are_one_campaign_with_its_first_and_last_times():
    report = detect(CAMPAIGN_LETTERS).to_dict()

    assert report["comments"] == 6
    assert report["unique_comments"] == 0
    assert report["duplicate_comments"] == 6
    [cluster] = report["clusters"]
    assert cluster["size"] == 6
    assert cluster["first_at"] == "2026-11-20T10:00:00Z"
    assert cluster["last_at"] == "2026-11-20T15:00:00Z"
    assert cluster["exact"] is False
    assert cluster["representative_text"] in CAMPAIGN_LETTERS
    assert (
        cluster["representative_id"]
        == f"s{CAMPAIGN_LETTERS.index(cluster['representative_text']):03d}"
    )


def test_different_letters_on_the_same_topic_are_not_merged_and_count_as_unique():
    report = detect(OWN_WORDS).to_dict()

    assert report["clusters"] == []
    assert report["unique_comments"] == 5
    assert report["duplicate_comments"] == 0


def test_a_campaign_is_found_among_other_letters_without_swallowing_them():
    mixed = [
        text for pair in zip(CAMPAIGN_LETTERS, [*OWN_WORDS, None], strict=True) for text in pair
    ]
    report = detect([text for text in mixed if text]).to_dict()

    assert report["comments"] == 11
    assert report["unique_comments"] == 5
    assert [cluster["size"] for cluster in report["clusters"]] == [6]
    assert report["clusters"][0]["first_at"] == "2026-11-20T10:00:00Z"
    assert report["clusters"][0]["last_at"] == "2026-11-20T20:00:00Z"


def test_copies_differing_only_in_case_punctuation_and_spaces_form_an_exact_campaign():
    letter = OWN_WORDS[0]
    copies = [
        letter,
        letter.upper(),
        letter.replace(",", "").replace(".", "!"),
        "  " + letter.replace(" ", "\n  "),
        letter.lower() + " !!!",
    ]
    report = detect(copies).to_dict()

    [cluster] = report["clusters"]
    assert cluster["exact"] is True
    assert cluster["size"] == 5
    assert report["unique_comments"] == 0


def test_exact_copies_of_a_clustered_text_skip_the_minhash_work(monkeypatch):
    detector = CampaignDetector()
    detector.add("a", OWN_WORDS[1], START)
    detector.add("b", OWN_WORDS[1].upper(), START)

    def no_minhash(hashes):
        raise AssertionError("an exact copy of a clustered text went through MinHash")

    monkeypatch.setattr(campaigns, "signature", no_minhash)
    for i in range(3):
        detector.add(f"c{i}", OWN_WORDS[1] + "!" * i, START + timedelta(minutes=i))

    assert [c.size for c in detector.result().clusters] == [5]


def test_a_near_copy_makes_a_campaign_inexact_even_when_exact_copies_follow():
    texts = [CAMPAIGN_LETTERS[0], CAMPAIGN_LETTERS[1], CAMPAIGN_LETTERS[0], CAMPAIGN_LETTERS[0]]
    report = detect(texts, detector=CampaignDetector(min_size=2))
    assert [(c.size, c.exact) for c in report.clusters] == [(4, False)]


def signature_of(text: str):
    return signature(shingle_hashes(normalised_words(text)))


def test_lsh_candidates_below_the_threshold_are_not_merged():
    rng = random.Random(11)
    vocabulary = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=6)) for _ in range(4000)]
    base = rng.choices(vocabulary, k=120)
    # Each variant keeps 55 running words of the base (Jaccard ≈ 0.29 to it) at its own place,
    # so different bins, and bands, can collide.
    variants = []
    for _ in range(60):
        start = rng.randrange(66)
        words = rng.choices(vocabulary, k=start) + base[start : start + 55]
        variants.append(" ".join(words + rng.choices(vocabulary, k=65 - start)))
    base_text = " ".join(base)
    base_bands = set(band_keys(signature_of(base_text)))
    candidates = [v for v in variants if base_bands & set(band_keys(signature_of(v)))]
    assert len(candidates) >= 3, "the test needs LSH candidates to reject"

    report = detect([base_text, base_text, *variants], detector=CampaignDetector(min_size=2))
    assert [c.size for c in report.clusters] == [2]
    assert report.unique_comments == 60


def test_equal_bins_are_counted_all_at_once_as_one_by_one():
    rng = random.Random(5)
    # Differences in the top bit only, the lowest bit only, every bit, all but the top bit.
    edges = [0x8000, 0x0001, 0xFFFF, 0x7FFF, 0x0100]
    for trial in range(300):
        a = array("H", (rng.randrange(1 << 16) for _ in range(campaigns.BINS)))
        b = array("H", a)
        for i in rng.sample(range(campaigns.BINS), rng.randrange(campaigns.BINS + 1)):
            b[i] ^= edges[trial % len(edges)] if trial % 2 else rng.randrange(1, 1 << 16)
        assert estimated_jaccard(a, b) == sum(map(operator.eq, a, b)) / campaigns.BINS


def test_a_group_of_four_is_not_reported_but_its_members_are_not_unique():
    texts = [CAMPAIGN_LETTERS[0]] * 4 + OWN_WORDS[:3]
    report = detect(texts).to_dict()

    assert report["clusters"] == []
    assert report["comments"] == 7
    assert report["unique_comments"] == 3
    assert report["duplicate_comments"] == 4


def test_a_text_that_bridges_two_groups_merges_them():
    first_half, second_half, third_half = (
        " ".join(text.split()[:50]) for text in (OWN_WORDS[1], OWN_WORDS[2], OWN_WORDS[3])
    )
    left = f"{first_half} {second_half}"
    right = f"{second_half} {third_half}"
    bridge = f"{first_half} {second_half} {third_half}"
    sig = {
        name: signature(shingle_hashes(normalised_words(text)))
        for name, text in (("left", left), ("right", right), ("bridge", bridge))
    }
    assert estimated_jaccard(sig["left"], sig["right"]) < 0.5  # not duplicates of each other
    assert estimated_jaccard(sig["left"], sig["bridge"]) >= 0.5
    assert estimated_jaccard(sig["right"], sig["bridge"]) >= 0.5

    detector = CampaignDetector()
    before = detect([left] * 3 + [right] * 3, detector=detector)
    assert before.clusters == ()
    assert before.unique_comments == 0

    detector.add("bridge", bridge, START + timedelta(days=1))
    [cluster] = detector.result().clusters
    assert cluster.size == 7
    assert cluster.exact is False
    assert cluster.first_at == "2026-11-20T10:00:00Z"
    assert cluster.last_at == "2026-11-21T10:00:00Z"


def test_clusters_are_sorted_by_size_then_first_time_then_representative():
    texts = [OWN_WORDS[2]] * 5 + [OWN_WORDS[0]] * 6 + [OWN_WORDS[1]] * 5
    report = detect(texts, step=timedelta(minutes=1))

    assert [(c.size, c.first_at) for c in report.clusters] == [
        (6, "2026-11-20T10:05:00Z"),
        (5, "2026-11-20T10:00:00Z"),
        (5, "2026-11-20T10:11:00Z"),
    ]
    assert [c.representative_text for c in report.clusters] == [
        OWN_WORDS[0],
        OWN_WORDS[2],
        OWN_WORDS[1],
    ]


def test_the_output_has_the_agreed_shape_with_utc_second_times():
    detector = CampaignDetector(threshold=0.6, min_size=2)
    paris = timezone(timedelta(hours=1))
    detector.add("01A", "Save the tram!", datetime(2026, 11, 20, 11, 0, 0, 750_000, tzinfo=paris))
    detector.add("01B", "save the TRAM", datetime(2026, 11, 20, 10, 30, 5, 999_999))  # naive: UTC
    report = detector.result().to_dict()

    assert report == {
        "method": report["method"],
        "threshold": 0.6,
        "min_size": 2,
        "comments": 2,
        "unique_comments": 0,
        "duplicate_comments": 2,
        "clusters": [
            {
                "size": 2,
                "first_at": "2026-11-20T10:00:00Z",
                "last_at": "2026-11-20T10:30:05Z",
                "representative_id": "01B",
                "representative_text": "save the TRAM",
                "exact": True,
            }
        ],
    }
    assert "MinHash" in report["method"] and "0.6" in report["method"]
    assert json.loads(json.dumps(report)) == report


def test_normalisation_folds_compatibility_forms_case_punctuation_and_spaces():
    assert normalised_words("  Ｈéllo,\tWORLD!! the ﬁne   print… ") == [
        "héllo".encode(),
        b"world",
        b"the",
        b"fine",
        b"print",
    ]
    assert normalised_words("Straße") == [b"strasse"]
    # Nothing but punctuation or emoji is kept as it is, so these are not the same text.
    assert normalised_words("👍") != normalised_words("?!")


def test_emoji_only_punctuation_only_and_empty_comments_are_separate_campaigns():
    report = detect(["👍"] * 5 + ["?!"] * 5 + [""] * 5, detector=CampaignDetector())
    assert sorted(c.representative_text for c in report.clusters) == ["", "?!", "👍"]
    assert report.unique_comments == 0


def test_an_exact_copy_is_counted_after_its_first_occurrence_left_the_recent_ring():
    detector = CampaignDetector(recent_texts=4)
    detector.add("first", OWN_WORDS[4], START)
    for i in range(10):
        detector.add(f"other{i}", f"{OWN_WORDS[i % 4]} number {i}", START + timedelta(hours=1))
    for i in range(4):
        detector.add(f"copy{i}", OWN_WORDS[4], START + timedelta(days=1, hours=i))

    [cluster] = detector.result().clusters
    assert cluster.size == 5
    assert cluster.first_at == "2026-11-20T10:00:00Z"  # remembered by its slot
    assert cluster.representative_id == "copy0"  # the first text itself is not kept


def random_text(rng: random.Random, vocabulary: list[str], words: int) -> str:
    return " ".join(rng.choices(vocabulary, k=words))


def test_state_does_not_grow_with_unique_comments():
    rng = random.Random(20261120)
    vocabulary = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=7)) for _ in range(5000)]
    detector = CampaignDetector()
    for i in range(50_000):
        detector.add(f"u{i}", random_text(rng, vocabulary, 12), START + timedelta(seconds=i))

    assert detector.state_size() == 0
    report = detector.result()
    assert report.unique_comments == 50_000
    assert report.clusters == ()


def test_memory_stays_flat_from_one_to_five_thousand_unique_comments():
    rng = random.Random(7)
    vocabulary = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=6)) for _ in range(3000)]
    texts = [random_text(rng, vocabulary, 20) for _ in range(5_000)]
    detector = CampaignDetector(recent_texts=1 << 12, exact_slots=1 << 14, band_slots=1 << 16)
    tracemalloc.start()
    try:
        for i, text in enumerate(texts[:1_000]):
            detector.add(str(i), text, START)
        after_one, _ = tracemalloc.get_traced_memory()
        for i, text in enumerate(texts[1_000:]):
            detector.add(str(i), text, START)
        after_five, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert after_five - after_one < 64 * 1024


DETERMINISM_SCRIPT = """
import json, random, sys
from datetime import UTC, datetime, timedelta
from chalicelib.domain.report.campaigns import CampaignDetector
texts = json.loads(sys.stdin.read())
detector = CampaignDetector(min_size=2, recent_texts=64, exact_slots=256, band_slots=1024)
for i, text in enumerate(texts):
    detector.add(f"id{i:04d}", text, datetime(2026, 11, 20, tzinfo=UTC) + timedelta(minutes=i))
print(json.dumps(detector.result().to_dict(), sort_keys=True, ensure_ascii=False))
"""


def test_the_result_is_identical_in_processes_with_different_hash_seeds():
    rng = random.Random(3)
    texts = [*CAMPAIGN_LETTERS, *OWN_WORDS, *(rng.choice(OWN_WORDS).upper() for _ in range(40))]
    texts += [rng.choice(CAMPAIGN_LETTERS) + f" P.S. {i}" for i in range(20)]
    rng.shuffle(texts)
    outputs = set()
    for seed in ("1", "2", "random"):
        run = subprocess.run(
            [sys.executable, "-c", DETERMINISM_SCRIPT],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)},
        )
        outputs.add(run.stdout)
    assert len(outputs) == 1
    report = json.loads(outputs.pop())
    assert report["comments"] == len(texts)
    assert report["clusters"], "the mix has campaigns"


@pytest.mark.parametrize(
    "options",
    [{"threshold": 0}, {"threshold": 1.5}, {"min_size": 1}, {"recent_texts": 1000}],
)
def test_bad_settings_are_refused(options):
    with pytest.raises(ValueError):
        CampaignDetector(**options)


# --- groups of copies in a moderation queue page --------------------------------------------


def test_a_queue_page_groups_each_campaign_under_its_first_id_and_leaves_own_words_out():
    page = [
        ("q0", OWN_WORDS[0]),
        ("q1", CAMPAIGN_LETTERS[0]),
        ("q2", "Fix the lights!"),
        ("q3", CAMPAIGN_LETTERS[1]),
        ("q4", OWN_WORDS[1]),
        ("q5", "fix the LIGHTS"),
        ("q6", CAMPAIGN_LETTERS[2]),
    ]
    assert campaigns.group_copies(page) == {
        "q1": "q1",
        "q3": "q1",
        "q6": "q1",
        "q2": "q2",
        "q5": "q2",
    }


def test_a_queue_page_without_copies_has_no_groups():
    assert campaigns.group_copies([(f"q{i}", t) for i, t in enumerate(OWN_WORDS)]) == {}
    assert campaigns.group_copies([]) == {}
