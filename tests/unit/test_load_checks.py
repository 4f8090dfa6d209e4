"""The load test's checks (bench/load/checks.py) on ledgers made by hand: they must catch a lost
submission, a count off by one either way, and counters that do not reconcile."""

from __future__ import annotations

from pathlib import Path

from bench.load.checks import check, expected_endorsements
from bench.load.ledger import Ledger


def _ledger() -> Ledger:
    return Ledger(
        submissions={"s1": "edit-1", "s2": "edit-2", "s3": "edit-3"},
        endorsements=[
            ("s1", "r1", "endorse"),
            ("s1", "r2", "endorse"),
            ("s1", "r1", "endorse"),  # again: still one
            ("s2", "r1", "endorse"),
            ("s2", "r1", "unendorse"),
            ("s3", "r2", "unknown"),  # no answer: 0 or 1
        ],
    )


def _reconciled() -> tuple[bool, str]:
    return True, "counts of 'demo' match its submissions"


def test_the_answers_imply_each_count():
    expected, unanswered = expected_endorsements(_ledger())
    assert {sid: (e.low, e.high) for sid, e in expected.items()} == {
        "s1": (2, 2),
        "s2": (0, 0),
        "s3": (0, 1),
    }
    assert unanswered == 1


def test_exact_counts_and_stored_submissions_pass():
    counts = {"s1": 2, "s2": 0, "s3": 1}
    findings = check(_ledger(), lambda sid, _: counts[sid], _reconciled)
    assert findings.ok, findings.problems
    assert findings.checked_submissions == 3


def test_a_lost_submission_a_wrong_count_and_drifted_counters_each_fail():
    counts = {"s1": 3, "s2": None, "s3": 0}
    findings = check(
        _ledger(),
        lambda sid, token: counts[sid] if token.startswith("edit-") else 0,
        lambda: (False, "1 counts of 'demo' differ from its submissions"),
    )
    assert findings.problems == [
        "submission s1 counts 3 endorsements; the answers residents got say 2",
        "submission s2 was acknowledged (201) but is not stored",
        "the counters do not reconcile: 1 counts of 'demo' differ from its submissions",
    ]


def test_the_ledger_survives_its_file(tmp_path: Path):
    path = tmp_path / "ledger.json"
    _ledger().save(path)
    assert Ledger.load(path) == _ledger()
