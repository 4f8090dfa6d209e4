"""summary.json: the consultation's numbers, folded from the stream of submissions in one pass.

State is per day, per option × kind × stance, per plan element and a few bounded heaps of the
most endorsed items: nothing grows with the number of submissions.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from chalicelib.domain.consultation import Consultation, Option
from chalicelib.domain.geo import MapPlan
from chalicelib.domain.section import Section
from chalicelib.domain.stats import STANCES, STATES
from chalicelib.domain.submission import Submission

SCHEMA = "sayso.report.summary/1"
TOP_ENDORSED = 10
TOP_PER_ELEMENT = 3


def iso(moment: datetime) -> str:
    """UTC, to the second, with Z: the report's one time format."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def element_label(option: Option, element_id: str) -> str:
    """A segment's type, or a map feature's name (else its id)."""
    plan = option.plan
    if isinstance(plan, Section):
        segment = plan.segment(element_id)
        return segment.type if segment else element_id
    assert isinstance(plan, MapPlan)
    feature = plan.feature(element_id)
    name = feature.properties.get("name") if feature else None
    return name if isinstance(name, str) else element_id


class _TopEndorsed:
    """The `size` most endorsed submissions (ties: the newer first), in a bounded min-heap."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._heap: list[tuple[int, str, dict[str, Any]]] = []

    def add(self, submission: Submission, entry: Any) -> None:
        if submission.endorsements <= 0:
            return
        item = (submission.endorsements, submission.id, entry)
        if len(self._heap) < self._size:
            heapq.heappush(self._heap, item)
        elif item[:2] > self._heap[0][:2]:
            heapq.heapreplace(self._heap, item)

    def items(self) -> list[Any]:
        return [entry for _, _, entry in sorted(self._heap, key=lambda i: i[:2], reverse=True)]


@dataclass
class _ElementTally:
    comments: int = 0
    stance: Counter[str] = field(default_factory=Counter)
    top: _TopEndorsed = field(default_factory=lambda: _TopEndorsed(TOP_PER_ELEMENT))


class SummaryFold:
    """Fold published submissions (in any order) into summary.json's numbers; count the other
    states for the moderation table unless the caller gives those counts."""

    def __init__(self, consultation: Consultation, options: list[Option]) -> None:
        self.consultation = consultation
        self.options = {o.id: o for o in options}
        self._option_order = [o.id for o in options]
        self.per_day: Counter[date] = Counter()
        self.per_option: Counter[tuple[str, str, str]] = Counter()
        self.elements: dict[tuple[str, str], _ElementTally] = {}
        self.top = _TopEndorsed(TOP_ENDORSED)
        self.states: Counter[str] = Counter()
        self.endorsements = 0
        self.earlier_endorsements = 0
        self.edited = 0
        self.pins = 0
        self.kinds: Counter[str] = Counter()
        self.latest: datetime | None = None

    def add(self, submission: Submission) -> bool:
        """Count one submission; True if it is published (and so belongs in the report)."""
        self.states[submission.status] += 1
        if submission.status != "published":
            return False
        stance = submission.stance or "none"
        self.kinds[submission.kind] += 1
        self.per_day[submission.created_at.astimezone(UTC).date()] += 1
        self.per_option[(submission.option_id, submission.kind, stance)] += 1
        self.endorsements += submission.endorsements  # of the final version only
        self.earlier_endorsements += submission.earlier_endorsements
        self.edited += submission.version > 1
        if isinstance(submission.point, tuple):
            self.pins += 1
        changed = submission.updated_at or submission.created_at
        if self.latest is None or changed > self.latest:
            self.latest = changed
        if submission.element_id is not None:
            key = (submission.option_id, submission.element_id)
            tally = self.elements.get(key)
            if tally is None:
                tally = self.elements[key] = _ElementTally()
            tally.comments += 1
            tally.stance[stance] += 1
            tally.top.add(submission, _excerpt_entry(submission))
        self.top.add(submission, _top_entry(submission))
        return True

    def result(
        self,
        *,
        campaigns: Mapping[str, Any],
        pins: Mapping[str, Any],
        moderation: Mapping[str, int] | None = None,
        counts_check: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        c = self.consultation
        published = sum(self.kinds.values())
        states = moderation if moderation is not None else self.states
        return {
            "schema": SCHEMA,
            "consultation": {
                "id": c.id,
                "title": c.title,
                "status": c.status,
                "opens_at": iso(c.opens_at),
                "closes_at": iso(c.closes_at),
                "languages": list(c.languages),
            },
            "options": [self._option(self.options[oid]) for oid in self._option_order],
            "totals": {
                "submissions": published,
                "comments": self.kinds["comment"],
                "alternatives": self.kinds["alternative"],
                "endorsements": self.endorsements,
                # endorsements given before an edit of the words, stance or plan: not counted
                # above (they endorsed what it said then), said apart
                "endorsements_earlier_versions": self.earlier_endorsements,
                "edited": self.edited,
                "pins": self.pins,
                "unique_comments": campaigns.get("unique_comments", self.kinds["comment"]),
            },
            "per_day": self._per_day(),
            "per_option": [
                {"option_id": oid, "kind": kind, "stance": stance, "count": count}
                for (oid, kind, stance), count in sorted(
                    self.per_option.items(), key=lambda item: self._option_key(item[0])
                )
            ],
            "elements": self._elements(),
            "top_endorsed": self.top.items(),
            "moderation": {state: int(states.get(state, 0)) for state in STATES},
            "campaigns": dict(campaigns),
            "pins": dict(pins),
            "generated_from": self.generated_from(),
            # the job's check of the counters against the items (services/counts.py)
            **({} if counts_check is None else {"counts_check": dict(counts_check)}),
        }

    def generated_from(self) -> str:
        published = sum(self.kinds.values())
        if self.latest is None:
            return "no published submissions yet"
        return f"{published} published submissions, the latest change at {iso(self.latest)}"

    def _option(self, option: Option) -> dict[str, Any]:
        entry: dict[str, Any] = {"id": option.id, "title": option.title, "kind": option.kind}
        # Sections are drawn in the report; map plans can be large and stay in the option itself.
        entry["plan"] = option.plan.to_dict() if isinstance(option.plan, Section) else None
        if option.superseded_by is not None:
            entry["superseded_by"] = option.superseded_by
        return entry

    def _option_key(self, key: tuple[str, str, str]) -> tuple[int, str, int, int]:
        oid, kind, stance = key
        position = self._option_order.index(oid) if oid in self.options else len(self.options)
        kind_rank = 0 if kind == "comment" else 1
        return (position, oid, kind_rank, STANCES.index(stance) if stance in STANCES else 9)

    def _per_day(self) -> list[dict[str, Any]]:
        if not self.per_day:
            return []
        day, last = min(self.per_day), max(self.per_day)
        days = []
        while day <= last:
            days.append({"date": day.isoformat(), "submissions": self.per_day.get(day, 0)})
            day += timedelta(days=1)
        return days

    def _elements(self) -> list[dict[str, Any]]:
        rows = []
        for (oid, eid), tally in self.elements.items():
            option = self.options.get(oid)
            rows.append(
                {
                    "option_id": oid,
                    "element_id": eid,
                    "label": element_label(option, eid) if option else eid,
                    "comments": tally.comments,
                    "stance": {stance: tally.stance.get(stance, 0) for stance in STANCES},
                    "top_endorsed": tally.top.items(),
                }
            )
        return sorted(rows, key=lambda r: (-r["comments"], r["option_id"], r["element_id"]))


def _excerpt_entry(submission: Submission) -> dict[str, Any]:
    return {
        "id": submission.id,
        "text": submission.text,
        "endorsements": submission.endorsements,
        "stance": submission.stance,
    }


def _top_entry(submission: Submission) -> dict[str, Any]:
    return {
        "id": submission.id,
        "option_id": submission.option_id,
        "element_id": submission.element_id,
        "kind": submission.kind,
        "stance": submission.stance,
        "endorsements": submission.endorsements,
        "endorsements_earlier_versions": submission.earlier_endorsements,
        "edited_at": None if submission.edited_at is None else iso(submission.edited_at),
        "text": submission.text,
        "created_at": iso(submission.created_at),
    }
