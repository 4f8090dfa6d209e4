"""The load test's checks, from the ledger (what clients were told) and what the stack holds now.

Pure: `stored` and `endorsements` come from whoever reads the stack (bench/load/run.py over
HTTP; the unit test from a dict), so the logic is tested without a stack.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.load.ledger import Ledger


@dataclass
class Expected:
    """Each submission's endorsement count as the answers imply it: exact, or a range where
    some request got no answer."""

    low: int = 0
    high: int = 0


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    checked_submissions: int = 0
    checked_endorsed: int = 0
    unanswered: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def expected_endorsements(ledger: Ledger) -> tuple[dict[str, Expected], int]:
    """Per submission, how many residents stand endorsed after their last answer; and how many
    endorsement requests got no answer."""
    state: dict[tuple[str, str], str] = {}
    for sid, resident, action in ledger.endorsements:
        state[(sid, resident)] = action
    expected: dict[str, Expected] = defaultdict(Expected)
    for (sid, _), action in state.items():
        expected[sid].high += action in ("endorse", "unknown")
        expected[sid].low += action == "endorse"
    unanswered = sum(action == "unknown" for _, _, action in ledger.endorsements)
    return dict(expected), unanswered


def check(
    ledger: Ledger,
    stored: Callable[[str, str], int | None],
    counters_reconcile: Callable[[], tuple[bool, str]],
) -> Findings:
    """`stored(sid, edit_token)`: the submission's endorsement count as the stack holds it, or
    None if the stack does not have it. `counters_reconcile()`: verify-counts' verdict."""
    findings = Findings()
    expected, findings.unanswered = expected_endorsements(ledger)
    for sid, edit_token in sorted(ledger.submissions.items()):
        count = stored(sid, edit_token)
        findings.checked_submissions += 1
        if count is None:
            findings.problems.append(f"submission {sid} was acknowledged (201) but is not stored")
            continue
        want = expected.get(sid, Expected())
        findings.checked_endorsed += want.low
        if not want.low <= count <= want.high:
            told = str(want.low) if want.low == want.high else f"{want.low}–{want.high}"
            findings.problems.append(
                f"submission {sid} counts {count} endorsements; the answers residents got "
                f"say {told}"
            )
    ok, said = counters_reconcile()
    if not ok:
        findings.problems.append(f"the counters do not reconcile: {said.strip()}")
    return findings
