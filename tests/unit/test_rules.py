"""Consultation dates, comment rules, ids and cursors: pure domain, no AWS."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain import pagination
from chalicelib.domain.consultation import Consultation
from chalicelib.domain.errors import InvalidInput, NotOpen
from chalicelib.domain.ids import is_element_id, is_slug, is_ulid, new_ulid
from chalicelib.domain.submission import clean_text

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def _consultation(**changes) -> Consultation:
    base = {
        "id": "demo",
        "title": {"en": "Demo"},
        "summary": {},
        "languages": ("en",),
        "status": "open",
        "opens_at": NOW - timedelta(days=1),
        "closes_at": NOW + timedelta(days=1),
        "moderation": "post",
    }
    return Consultation(**{**base, **changes})


def test_open_consultation_accepts_between_its_dates():
    consultation = _consultation()
    consultation.ensure_accepting(NOW)
    assert consultation.accepts_at(NOW)
    assert not consultation.accepts_at(NOW + timedelta(days=1))


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"status": "draft"}, "not been published"),
        ({"status": "closed"}, "closed on"),
        ({"closes_at": NOW}, "closed on"),
        ({"opens_at": NOW + timedelta(hours=1)}, "opens on"),
    ],
)
def test_consultation_refuses_outside_its_window(changes, words):
    with pytest.raises(NotOpen, match=words):
        _consultation(**changes).ensure_accepting(NOW)


def test_text_is_trimmed_and_line_endings_normalised():
    assert clean_text("  one\r\ntwo\rthree\t ") == "one\ntwo\nthree"


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "a\x07b", "x" * 5001])
def test_bad_text_is_refused(text):
    with pytest.raises(InvalidInput) as caught:
        clean_text(text)
    assert caught.value.field == "text"


def test_ulids_sort_by_time_and_have_the_right_shape():
    earlier, later = new_ulid(1_700_000_000_000), new_ulid(1_700_000_000_001)
    assert is_ulid(earlier) and is_ulid(later)
    assert earlier < later
    assert len({new_ulid(1) for _ in range(1000)}) == 1000


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("demo", True),
        ("a", True),
        ("dominion-road-2", True),
        ("-x", False),
        ("x-", False),
        ("Demo", False),
        ("a b", False),
        ("", False),
        ("x" * 65, False),
    ],
)
def test_slugs(value, ok):
    assert is_slug(value) is ok


def test_element_ids_accept_streetmix_nanoids():
    assert is_element_id("4VHYS597H_ZDBm1YGkW6I")
    assert not is_element_id("has space")


def test_cursor_round_trips_and_rejects_tampering():
    sid = new_ulid()
    token = pagination.encode_cursor(order="newest", before=sid)
    assert pagination.decode_cursor(token, order="newest") == sid
    for bad in ("", "!!!", token[:-2], token + "AAAA", "e30"):
        with pytest.raises(InvalidInput):
            pagination.decode_cursor(bad, order="newest")
    with pytest.raises(InvalidInput):
        pagination.decode_cursor(token, order="top")


def test_ids_with_a_trailing_newline_are_refused():
    assert not is_slug("demo\n")
    assert not is_element_id("west-trees\n")
    assert not is_ulid(new_ulid() + "\n")


def test_a_ulid_gives_back_the_millisecond_it_was_made():
    from chalicelib.domain.ids import ulid_millis

    for millis in (0, 1, 1_764_633_600_123, (1 << 48) - 1):
        assert ulid_millis(new_ulid(millis)) == millis


def test_submissions_per_utc_day_fill_the_days_between_with_zeros():
    from chalicelib.domain.stats import per_day

    def at(text: str) -> int:
        return int(datetime.fromisoformat(text).timestamp() * 1000)

    received = [at("2026-11-30T23:59:59.999+00:00"), at("2026-12-01T12:00:00+13:00")]
    received += [at("2026-12-03T00:00:00+00:00")] * 2
    assert per_day(received) == [
        {"date": "2026-11-30", "submissions": 2},  # noon in Auckland is 23:00 UTC the day before
        {"date": "2026-12-01", "submissions": 0},
        {"date": "2026-12-02", "submissions": 0},
        {"date": "2026-12-03", "submissions": 2},
    ]
    assert per_day([]) == []
