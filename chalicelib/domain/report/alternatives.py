"""Residents' alternative plans for one option, tallied element by element, and their consensus.

`AlternativesTally` reads each alternative's stored diff (`Submission.diff`, see domain/diff.py)
rather than the plan, so "removed", "resized", "retyped" and "moved" mean exactly what the diff
says: segments and features are matched by id, and a segment has moved only when it falls outside
the longest common subsequence of kept ids. Its state is per element and per added type, never
per submission: every width, position and distance is counted in a `Counter` of whole
millimetres, so medians are exact and memory stays bounded however many alternatives arrive.

Medians: of an even count, the mean of the two middle values, rounded to the millimetre (halves
to even); of none, null. Shares are rounded to 3 decimals.

The consensus of a street section: each original segment is kept unless strictly more than half
of the alternatives removed it, at the median width of the alternatives that kept it (one that
left it as it was counts its original width; a retyped segment is kept, as in the diff), with
its own type, variant, elevation and place in the option's order (retypes and moves are
reported, not applied: the issue's rule does not include them and each alternative moves
segments among different neighbours). A segment type added by at least half of the alternatives
(an alternative adding it twice counts once) is included once, as `consensus-{type}`, with no
variant and the median width and elevation of the segments of that type added. Its *position*
is the distance in metres from the street's left edge to the centre of the added segment in the
alternative that added it; the consensus puts it in the gap between segments (or at either end)
where its centre lands closest to the median position, leftmost on a tie, adding types in order
of median position. The street keeps the option's width and fields.

The consensus of a map keeps each feature, with its option geometry and properties, unless
strictly more than half of the alternatives removed it. Moves, property edits and added features
are reported but not merged: geometries of different shapes have no exact median that fits in
bounded memory, and features added by different residents share no id to match them by.

Either consensus is then validated like any plan (`parse_plan`); its problems are reported as
violations next to the unvalidated plan, never hidden, and `changes` is the diff summary of the
consensus against the option.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from itertools import accumulate

from chalicelib.domain.consultation import Option
from chalicelib.domain.diff import (
    DiffError,
    MapDiff,
    PlanDiff,
    SectionDiff,
    apply_diff,
    diff_plans,
)
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.geo import MapPlan
from chalicelib.domain.plans import Plan, parse_plan
from chalicelib.domain.section import Section, Segment, section_warnings
from chalicelib.domain.submission import Submission

MM_PER_METRE = 1000
CONSENSUS_ID_PREFIX = "consensus-"


def _mm(metres: float) -> int:
    return round(metres * MM_PER_METRE)


def _metres(mm: int | None) -> float | None:
    return None if mm is None else mm / MM_PER_METRE


def _median_mm(counts: Counter[int]) -> int | None:
    """The median of counted millimetres; of an even count, the mean of the two middle values
    rounded to the millimetre, halves to even (exact: the sum of two ints halved is exact)."""
    total = counts.total()
    if total == 0:
        return None
    lower_rank, upper_rank = (total - 1) // 2, total // 2
    seen = 0
    lower: int | None = None
    for value in sorted(counts):
        seen += counts[value]
        if lower is None and seen > lower_rank:
            lower = value
        if seen > upper_rank:
            assert lower is not None
            return round((lower + value) / 2)
    raise AssertionError("unreachable: the ranks are below the total")


def _share(count: int, total: int) -> float:
    return round(count / total, 3) if total else 0.0


def _most_removed(removed: int, alternatives: int) -> bool:
    return removed * 2 > alternatives


def _validated(option: Option, plan: Plan) -> dict[str, object]:
    """The consensus plan checked like any plan: violations reported beside the plan as built."""
    raw = plan.to_dict()
    changes = diff_plans(option.plan, plan).summary
    try:
        checked = parse_plan(option.kind, raw)
    except InvalidInput as error:
        violations = [
            {"field": problem.field, "message": problem.message} for problem in error.problems
        ]
        return {"plan": raw, "valid": False, "changes": changes, "violations": violations}
    warnings = (
        [warning.to_dict() for warning in section_warnings(checked)]
        if isinstance(checked, Section)
        else []
    )
    result = {"plan": checked.to_dict(), "valid": True, "changes": changes, "violations": []}
    return {**result, "warnings": warnings} if warnings else result


# --- sections ---------------------------------------------------------------------------------


class _SegmentCounts:
    __slots__ = ("moved", "new_widths", "removed", "resized", "retyped")

    def __init__(self) -> None:
        self.removed = 0
        self.resized = 0
        self.retyped = 0
        self.moved = 0
        self.new_widths: Counter[int] = Counter()  # mm, of the alternatives that resized it

    def kept_widths(self, original: Segment, alternatives: int) -> Counter[int]:
        """Widths of every alternative that kept it: those that did not resize it count the
        option's width."""
        widths = Counter(self.new_widths)
        widths[_mm(original.width)] += alternatives - self.removed - self.resized
        return widths


class _AddedTypeCounts:
    __slots__ = ("alternatives", "elevations", "positions", "segments", "widths")

    def __init__(self) -> None:
        self.alternatives = 0  # that added at least one segment of the type
        self.segments = 0
        self.widths: Counter[int] = Counter()  # mm
        self.positions: Counter[int] = Counter()  # mm from the left edge to the centre
        self.elevations: Counter[int] = Counter()  # mm


class _SectionTally:
    def __init__(self, option: Option, section: Section) -> None:
        self.option = option
        self.section = section
        self.alternatives = 0
        self.street_resized = 0
        self.street_widths: Counter[int] = Counter()
        self.segments = {segment.id: _SegmentCounts() for segment in section.segments}
        self.added: dict[str, _AddedTypeCounts] = {}

    def add(self, plan: Plan | None, diff: PlanDiff) -> None:
        if not isinstance(diff, SectionDiff):
            raise DiffError(
                f"option {self.option.id!r} is a street section; got a {diff.kind} diff"
            )
        self.alternatives += 1
        segments = self.segments
        # Ids the option no longer has (a diff made before staff edited the option) are skipped.
        for removed in diff.removed:
            if (counts := segments.get(removed.id)) is not None:
                counts.removed += 1
        for change in diff.resized:
            if (counts := segments.get(change.id)) is not None:
                counts.resized += 1
                counts.new_widths[_mm(change.new)] += 1  # type: ignore[arg-type]
        for change in diff.retyped:
            if (counts := segments.get(change.id)) is not None:
                counts.retyped += 1
        for moved in diff.moved:
            if (counts := segments.get(moved.id)) is not None:
                counts.moved += 1
        if diff.width is not None:
            self.street_resized += 1
            self.street_widths[_mm(diff.width.new)] += 1  # type: ignore[arg-type]
        if diff.added:
            self._add_segments(plan, diff)

    def _add_segments(self, plan: Plan | None, diff: SectionDiff) -> None:
        if not isinstance(plan, Section):
            plan = apply_diff(self.section, diff)
            assert isinstance(plan, Section)
        lefts = list(accumulate((_mm(segment.width) for segment in plan.segments), initial=0))
        types_added: set[str] = set()
        for added in diff.added:
            segment = added.segment
            counts = self.added.get(segment.type)
            if counts is None:
                counts = self.added[segment.type] = _AddedTypeCounts()
            if segment.type not in types_added:
                types_added.add(segment.type)
                counts.alternatives += 1
            width = _mm(segment.width)
            counts.segments += 1
            counts.widths[width] += 1
            counts.positions[round(lefts[added.index] + width / 2)] += 1
            counts.elevations[_mm(segment.elevation)] += 1

    def _is_included(self, counts: _AddedTypeCounts) -> bool:
        return counts.alternatives * 2 >= self.alternatives > 0

    def elements(self) -> list[dict[str, object]]:
        rows = []
        for segment in self.section.segments:
            counts = self.segments[segment.id]
            kept = self.alternatives - counts.removed
            rows.append(
                {
                    "id": segment.id,
                    "type": segment.type,
                    "width": segment.width,
                    "kept": kept,
                    "removed": counts.removed,
                    "resized": counts.resized,
                    "median_new_width": _metres(_median_mm(counts.new_widths)),
                    "median_kept_width": _metres(
                        _median_mm(counts.kept_widths(segment, self.alternatives))
                    ),
                    "moved": counts.moved,
                    "retyped": counts.retyped,
                    "in_consensus": self.alternatives > 0
                    and not _most_removed(counts.removed, self.alternatives),
                }
            )
        return rows

    def added_types(self) -> list[dict[str, object]]:
        ranked = sorted(self.added.items(), key=lambda item: (-item[1].alternatives, item[0]))
        return [
            {
                "type": segment_type,
                "count": counts.alternatives,
                "share": _share(counts.alternatives, self.alternatives),
                "segments": counts.segments,
                "median_width": _metres(_median_mm(counts.widths)),
                "median_position": _metres(_median_mm(counts.positions)),
                "in_consensus": self._is_included(counts),
            }
            for segment_type, counts in ranked
        ]

    def street(self) -> dict[str, object]:
        return {
            "width": self.section.width,
            "resized": self.street_resized,
            "median_new_width": _metres(_median_mm(self.street_widths)),
        }

    def consensus(self) -> dict[str, object] | None:
        if self.alternatives == 0:
            return None
        alternatives = self.alternatives
        layout = []
        for segment in self.section.segments:
            counts = self.segments[segment.id]
            if not _most_removed(counts.removed, alternatives):
                width = _known_median_mm(counts.kept_widths(segment, alternatives))
                layout.append(replace(segment, width=width / MM_PER_METRE))
        taken = {segment.id for segment in self.section.segments}
        included = sorted(  # types are unique, so the counts are never compared
            (_known_median_mm(added.positions), segment_type, added)
            for segment_type, added in self.added.items()
            if self._is_included(added)
        )
        for position, segment_type, added in included:
            segment = Segment(
                id=_fresh_id(f"{CONSENSUS_ID_PREFIX}{segment_type}", taken),
                type=segment_type,
                variant="",
                width=_known_median_mm(added.widths) / MM_PER_METRE,
                elevation=_known_median_mm(added.elevations) / MM_PER_METRE,
            )
            layout.insert(_closest_gap(layout, segment, position), segment)
        return _validated(self.option, replace(self.section, segments=tuple(layout)))


def _known_median_mm(counts: Counter[int]) -> int:
    """The median of a count known not to be empty (a segment kept, a type added at least once)."""
    median = _median_mm(counts)
    assert median is not None
    return median


def _fresh_id(base: str, taken: set[str]) -> str:
    candidate, suffix = base, 2
    while candidate in taken:
        candidate, suffix = f"{base}-{suffix}", suffix + 1
    taken.add(candidate)
    return candidate


def _closest_gap(layout: list[Segment], segment: Segment, centre_mm: int) -> int:
    """The index at which the segment's centre lands closest to `centre_mm`; leftmost on a tie.

    Compared in doubled millimetres, so a centre half a millimetre off stays exact."""
    width = _mm(segment.width)
    best_index, best_gap = 0, None
    left = 0
    for index in range(len(layout) + 1):
        gap = abs(2 * left + width - 2 * centre_mm)
        if best_gap is None or gap < best_gap:
            best_index, best_gap = index, gap
        if index < len(layout):
            left += _mm(layout[index].width)
    return best_index


# --- maps -------------------------------------------------------------------------------------


class _FeatureCounts:
    __slots__ = (
        "distances",
        "length_changes",
        "moved",
        "properties_changed",
        "removed",
        "stretches",
    )

    def __init__(self) -> None:
        self.removed = 0
        self.moved = 0
        self.properties_changed = 0
        self.distances: Counter[int] = Counter()  # mm (the diff rounds them to 0.1 m)
        # Lines: per re-routing alternative, its total length change (mm); per stretch told
        # (start stop, end stop), the alternatives that changed it.
        self.length_changes: Counter[int] = Counter()
        self.stretches: Counter[tuple[str | None, str | None]] = Counter()


class _MapTally:
    def __init__(self, option: Option, plan: MapPlan) -> None:
        self.option = option
        self.plan = plan
        self.alternatives = 0
        self.features = {feature.id: _FeatureCounts() for feature in plan.features}
        self.added_alternatives: Counter[str] = Counter()  # geometry type -> alternatives
        self.added_features: Counter[str] = Counter()  # geometry type -> features

    def add(self, plan: Plan | None, diff: PlanDiff) -> None:
        if not isinstance(diff, MapDiff):
            raise DiffError(f"option {self.option.id!r} is a map; got a {diff.kind} diff")
        self.alternatives += 1
        features = self.features
        for removed in diff.removed:
            if (counts := features.get(removed.id)) is not None:
                counts.removed += 1
        for moved in diff.moved:
            if (counts := features.get(moved.id)) is not None:
                counts.moved += 1
                counts.distances[_mm(moved.distance_m)] += 1
                if moved.routes:
                    total = sum(route.length_change_m for route in moved.routes)
                    counts.length_changes[_mm(total)] += 1
                    counts.stretches.update({(r.start, r.end) for r in moved.routes})
        for changes in diff.properties:
            if (counts := features.get(changes.id)) is not None:
                counts.properties_changed += 1
        if diff.added:
            geometry_types = [feature.geometry_type for feature in diff.added]
            self.added_features.update(geometry_types)
            self.added_alternatives.update(set(geometry_types))

    def elements(self) -> list[dict[str, object]]:
        rows = []
        for feature in self.plan.features:
            counts = self.features[feature.id]
            name = feature.properties.get("name")
            rows.append(
                {
                    "id": feature.id,
                    "geometry_type": feature.geometry_type,
                    "name": name if isinstance(name, str) else None,
                    "kept": self.alternatives - counts.removed,
                    "removed": counts.removed,
                    "moved": counts.moved,
                    "median_move_m": _metres(_median_mm(counts.distances)),
                    "properties_changed": counts.properties_changed,
                    "in_consensus": self.alternatives > 0
                    and not _most_removed(counts.removed, self.alternatives),
                    **(_route_counts(counts) if feature.geometry_type in LINE_TYPES else {}),
                }
            )
        return rows

    def added_types(self) -> list[dict[str, object]]:
        ranked = sorted(self.added_alternatives.items(), key=lambda item: (-item[1], item[0]))
        return [
            {
                "geometry_type": geometry_type,
                "count": count,
                "share": _share(count, self.alternatives),
                "features": self.added_features[geometry_type],
            }
            for geometry_type, count in ranked
        ]

    def consensus(self) -> dict[str, object] | None:
        if self.alternatives == 0:
            return None
        kept = tuple(
            feature
            for feature in self.plan.features
            if not _most_removed(self.features[feature.id].removed, self.alternatives)
        )
        return _validated(self.option, MapPlan(kept))


LINE_TYPES = ("LineString", "MultiLineString")
MAX_STRETCHES = 5


def _route_counts(counts: _FeatureCounts) -> dict[str, object]:
    """A line's re-routings: how many alternatives re-routed it, their median length change,
    and the stretches they changed most (a stretch is named by the stops nearest its ends, as
    the diff names it; an alternative changing two stretches counts in both)."""
    ranked = sorted(
        counts.stretches.items(), key=lambda item: (-item[1], item[0][0] or "", item[0][1] or "")
    )
    return {
        "rerouted": counts.length_changes.total(),
        "median_length_change_m": _metres(_median_mm(counts.length_changes)),
        "stretches": [
            {"start": start, "end": end, "count": count}
            for (start, end), count in ranked[:MAX_STRETCHES]
        ],
    }


# --- the tally --------------------------------------------------------------------------------


class AlternativesTally:
    """Alternatives for one option, added one submission at a time; `result()` is JSON-ready.

    Comments are ignored, so the job may hand it every published submission of the option; the
    caller decides which submissions are visible. An alternative of another option, or one whose
    diff is of the other plan kind, raises ValueError (DiffError): it means the caller or the
    stored data is wrong.
    """

    def __init__(self, option: Option) -> None:
        self.option = option
        plan = option.plan
        self._tally: _SectionTally | _MapTally = (
            _SectionTally(option, plan) if isinstance(plan, Section) else _MapTally(option, plan)
        )

    @property
    def alternatives(self) -> int:
        return self._tally.alternatives

    def add(self, submission: Submission) -> None:
        if submission.kind != "alternative":
            return
        if submission.option_id != self.option.id:
            raise ValueError(
                f"submission {submission.id!r} is for option {submission.option_id!r}, "
                f"not {self.option.id!r}"
            )
        diff = submission.diff
        if diff is None:
            if submission.plan is None:
                raise ValueError(f"alternative {submission.id!r} has neither a plan nor a diff")
            diff = diff_plans(self.option.plan, submission.plan)
        self._tally.add(submission.plan, diff)

    def result(self) -> dict[str, object]:
        tally = self._tally
        result: dict[str, object] = {
            "option_id": self.option.id,
            "kind": self.option.kind,
            "alternatives": tally.alternatives,
        }
        if isinstance(tally, _SectionTally):
            result["street"] = tally.street()
        result["elements"] = tally.elements()
        result["added"] = tally.added_types()
        result["consensus"] = tally.consensus()
        return result
