"""One message per kind of problem: the first place in full, then how many more and where.

A projected file has thousands of positions outside longitude and latitude; a person needs one
message that says so, how often and where it starts, not fifty copies of the same sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chalicelib.domain.errors import InvalidInput, Problem

MAX_KINDS = 50
PLACES_SHOWN = 3


@dataclass
class _Kind:
    field: str | None
    message: str
    places: list[str] = field(default_factory=list)
    count: int = 0


class Tally:
    """Problems (or warnings) grouped by kind, in the order each kind first appeared."""

    def __init__(self) -> None:
        self._kinds: dict[str, _Kind] = {}

    def add(self, kind: str, field_path: str | None, message: str, place: str = "") -> None:
        entry = self._kinds.get(kind)
        if entry is None:
            if len(self._kinds) >= MAX_KINDS:
                return
            entry = self._kinds[kind] = _Kind(field_path, message)
        entry.count += 1
        if place and len(entry.places) <= PLACES_SHOWN:
            entry.places.append(place)

    def __bool__(self) -> bool:
        return bool(self._kinds)

    def __contains__(self, kind: str) -> bool:
        return kind in self._kinds

    def problems(self) -> list[Problem]:
        return [Problem(entry.field, _worded(entry)) for entry in self._kinds.values()]

    def raise_if_any(self) -> None:
        if self._kinds:
            raise InvalidInput(self.problems())


def _worded(entry: _Kind) -> str:
    if entry.count == 1:
        return entry.message
    more = entry.count - 1
    others = entry.places[1 : 1 + PLACES_SHOWN]
    where = f": {', '.join(others)}{', …' if more > len(others) else ''}" if others else ""
    return f"{entry.message} The same in {more:,} more place{'s' if more != 1 else ''}{where}."
