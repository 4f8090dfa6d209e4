"""Plans: what an option shows residents, a street section or a map, read by one entry point."""

from __future__ import annotations

from typing import Literal, get_args

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.geo import MapPlan, parse_map
from chalicelib.domain.section import Section, describe, parse_section

PlanKind = Literal["section", "map"]
Plan = Section | MapPlan

PLAN_KINDS: tuple[PlanKind, ...] = get_args(PlanKind)


def parse_plan(kind: str, raw: object, *, path: str = "plan") -> Plan:
    """Read and check a plan of the given kind; raises InvalidInput listing every problem."""
    if kind == "section":
        return parse_section(raw, path=path)
    if kind == "map":
        return parse_map(raw, path=path)
    raise InvalidInput.one(
        _sibling(path, "kind"),
        f"a plan's kind must be 'section' or 'map', not {describe(kind)}.",
    )


def _sibling(path: str, name: str) -> str:
    """`options[2].plan` -> `options[2].kind`: the kind sits next to the plan it describes."""
    parent, dot, _ = path.rpartition(".")
    return f"{parent}{dot}{name}"
