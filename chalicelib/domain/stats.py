"""Submission statistics from counters kept on every write (no scan): each submission counts once
under the key of its option, kind, stance and moderation state, and moves between keys as it is
edited, moderated or withdrawn."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from chalicelib.domain.submission import Submission

KINDS = ("comment", "alternative")
STANCES = ("support", "oppose", "neutral", "none")
STATES = ("published", "pending", "hidden", "withdrawn")
_SEPARATOR = "|"  # never in a slug, kind, stance or state


def counter_key(option_id: str, kind: str, stance: str | None, status: str) -> str:
    return _SEPARATOR.join((option_id, kind, stance or "none", status))


def key_of(submission: Submission) -> str:
    return counter_key(submission.option_id, submission.kind, submission.stance, submission.status)


def deltas(before: Submission | None, after: Submission | None) -> dict[str, int]:
    """What a write does to the counters: -1 under the old key, +1 under the new (nothing when
    the key stays the same)."""
    moved: Counter[str] = Counter()
    if before is not None:
        moved[key_of(before)] -= 1
    if after is not None:
        moved[key_of(after)] += 1
    return {key: value for key, value in sorted(moved.items()) if value}


@dataclass(frozen=True)
class CountRow:
    option_id: str
    kind: str
    stance: str
    state: str
    count: int


def rows(counters: Mapping[str, int]) -> list[CountRow]:
    """The counters as rows, dropping zeros and keys this version does not know."""
    found = []
    for key, count in counters.items():
        parts = key.split(_SEPARATOR)
        if len(parts) != 4 or count <= 0:
            continue
        option_id, kind, stance, state = parts
        if kind in KINDS and stance in STANCES and state in STATES:
            found.append(CountRow(option_id, kind, stance, state, int(count)))
    return sorted(found, key=lambda r: (r.option_id, r.kind, r.stance, r.state))


def _totals(items: Iterable[CountRow], field: str, names: Iterable[str]) -> dict[str, int]:
    totals = dict.fromkeys(names, 0)
    for row in items:
        name = getattr(row, field)
        totals[name] = totals.get(name, 0) + row.count
    return totals


def summary(counters: Mapping[str, int], option_ids: Iterable[str]) -> dict[str, object]:
    """Totals per option, kind, stance and moderation state, plus the full breakdown. Kind and
    stance totals count public (published) submissions only; states count everything."""
    all_rows = rows(counters)
    public = [r for r in all_rows if r.state == "published"]
    options = {}
    for oid in sorted({*option_ids, *(r.option_id for r in all_rows)}):
        mine = [r for r in all_rows if r.option_id == oid]
        mine_public = [r for r in mine if r.state == "published"]
        options[oid] = {
            "published": sum(r.count for r in mine_public),
            "by_kind": _totals(mine_public, "kind", KINDS),
            "by_stance": _totals(mine_public, "stance", STANCES),
            "by_state": _totals(mine, "state", STATES),
        }
    return {
        "published": sum(r.count for r in public),
        "by_kind": _totals(public, "kind", KINDS),
        "by_stance": _totals(public, "stance", STANCES),
        "by_state": _totals(all_rows, "state", STATES),
        "by_option": options,
        "rows": [
            {
                "option_id": r.option_id,
                "kind": r.kind,
                "stance": r.stance,
                "state": r.state,
                "count": r.count,
            }
            for r in all_rows
        ],
    }


def public_counts(counters: Mapping[str, int]) -> dict[str, dict[str, int]]:
    """Per option, the published comments and alternatives: what residents may see."""
    counts: dict[str, dict[str, int]] = {}
    for row in rows(counters):
        if row.state == "published":
            per_kind = counts.setdefault(row.option_id, dict.fromkeys(KINDS, 0))
            per_kind[row.kind] += row.count
    return counts


def submissions_on(counters: Mapping[str, int], option_id: str) -> int:
    """Every submission an option ever had, withdrawn ones included (they answered that plan)."""
    return sum(r.count for r in rows(counters) if r.option_id == option_id)


def per_day(created_millis: Iterable[int]) -> list[dict[str, object]]:
    """Submissions received per UTC day (every state: withdrawn and hidden ones were received
    too), each day from the first to the last, zeros included, oldest first. The same UTC days as
    the report's per-day table, which counts published submissions only."""
    days: Counter[date] = Counter(
        datetime.fromtimestamp(millis / 1000, UTC).date() for millis in created_millis
    )
    if not days:
        return []
    first, last = min(days), max(days)
    span = (last - first).days + 1
    every = (first + timedelta(days=n) for n in range(span))
    return [{"date": day.isoformat(), "submissions": days[day]} for day in every]
