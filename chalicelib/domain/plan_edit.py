"""Map edits: an alternative sent as what it changes in the option's map, not the whole map.

A map option may take up to 300 KB stored (several MB of GeoJSON), far more than a submission
body may carry, so a resident can send `plan_edit` instead of `plan`: the features removed,
moved or re-routed (their new geometry), with new properties, and added, and optionally the new
order. The server applies it to the option's current plan and reads the result with the very
rules a whole plan meets (`parse_map`), so an edit is never refused for something the option
itself does, and what is stored (the plan and its diff) is the same as for a whole plan.

`map_edit_between` is the inverse: the edit that turns one map into another (what the map page
sends; see frontend/js/map/plan-edit.js `planEdit`).
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from chalicelib.domain.errors import InvalidInput, Problem
from chalicelib.domain.geo import MapPlan, parse_map
from chalicelib.domain.validation import describe, quote

EDIT_KEYS = ("removed", "moved", "properties", "added", "order")
_RESULT = "@alternative"  # the path the applied plan is read under; never shown to anyone
_RESULT_FIELD = re.compile(r"^@alternative\.features\[(\d+)\](.*)$")
_RELOAD = "reload the option's plan and make the edit again"


def apply_map_edit(option: MapPlan, raw: object, *, path: str = "plan_edit") -> MapPlan:
    """The alternative `raw` describes, read like a whole plan; raises InvalidInput naming the
    edit's field (e.g. `plan_edit.moved[2].id`) for an edit that does not fit the option or a
    resulting plan that breaks a rule."""
    collection, origins = _applied(option, raw, path)
    try:
        return parse_map(collection, path=_RESULT)
    except InvalidInput as error:
        raise InvalidInput(
            [
                Problem(_edit_field(p.field, origins, path), p.message.replace(_RESULT, path))
                for p in error.problems
            ]
        ) from None


def map_edit_between(option: MapPlan, alternative: MapPlan) -> dict[str, Any]:
    """The smallest edit (by feature) that `apply_map_edit` turns `option` into `alternative`."""
    new_ids = alternative.element_ids
    edit: dict[str, Any] = {
        "removed": [f.id for f in option.features if f.id not in new_ids],
        "moved": [],
        "properties": [],
        "added": [],
    }
    for feature in alternative.features:
        old = option.feature(feature.id)
        data = feature.to_dict()
        if old is None:
            edit["added"].append(data)
            continue
        if old.to_dict()["geometry"] != data["geometry"]:
            edit["moved"].append({"id": feature.id, "geometry": data["geometry"]})
        if _json(old.properties) != _json(feature.properties):
            edit["properties"].append({"id": feature.id, "properties": data["properties"]})
    expected = [f.id for f in option.features if f.id in new_ids]
    expected += [f["id"] for f in edit["added"]]
    order = [f.id for f in alternative.features]
    if order != expected:
        edit["order"] = order
    return edit


def _json(value: object) -> str:
    """As JSON text: 1, 1.0 and true differ, as they do in a diff."""
    return json.dumps(value, sort_keys=True)


# --- applying -----------------------------------------------------------------------------------


def _applied(
    option: MapPlan, raw: object, path: str
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The alternative as GeoJSON, and for each of its features where its parts came from in
    the edit (a field suffix such as `.geometry`, or "" for the whole feature, to an edit path)."""
    if not isinstance(raw, dict):
        raise InvalidInput.one(
            path,
            f"plan_edit must be an object with any of {', '.join(EDIT_KEYS)}, not {describe(raw)}.",
        )
    problems: list[Problem] = []
    unknown = sorted(set(raw) - set(EDIT_KEYS))
    if unknown:
        problems.append(
            Problem(
                f"{path}.{unknown[0]}",
                f"{quote(unknown[0])} is not part of an edit; use {', '.join(EDIT_KEYS)}.",
            )
        )
    features: dict[str, dict[str, Any]] = {f.id: f.to_dict() for f in option.features}
    origins: dict[str, dict[str, str]] = {}

    def entries(key: str) -> list[tuple[str, Any]]:
        items = raw.get(key)
        if items is None:
            return []
        if not isinstance(items, list):
            problems.append(
                Problem(f"{path}.{key}", f"{key} must be a list, not {describe(items)}.")
            )
            return []
        return [(f"{path}.{key}[{index}]", item) for index, item in enumerate(items)]

    def existing(field: str, feature_id: object, doing: str) -> str | None:
        if not isinstance(feature_id, str | int) or isinstance(feature_id, bool):
            problems.append(
                Problem(field, f"must be a feature id (text), not {describe(feature_id)}.")
            )
            return None
        key = str(feature_id)
        if key not in features:
            gone = " (this edit removes it)" if key in removed_ids else ""
            problems.append(
                Problem(
                    field,
                    f"the option's map has no feature {quote(key)} to {doing}{gone}: name a "
                    f"feature of the option's current plan, or {_RELOAD}.",
                )
            )
            return None
        return key

    removed_ids: set[str] = set()
    for field, feature_id in entries("removed"):
        key = existing(field, feature_id, "remove")
        if key is not None:
            del features[key]
            removed_ids.add(key)

    for key_name, suffix, doing in (
        ("moved", "geometry", "move"),
        ("properties", "properties", "change"),
    ):
        for field, item in entries(key_name):
            if not isinstance(item, dict) or set(item) != {"id", suffix}:
                problems.append(
                    Problem(
                        field,
                        f"each of {key_name} must be an object with exactly `id` and `{suffix}`"
                        f", not {describe(item)}.",
                    )
                )
                continue
            key = existing(f"{field}.id", item["id"], doing)
            if key is None:
                continue
            origin = origins.setdefault(key, {})
            if f".{suffix}" in origin:
                problems.append(
                    Problem(field, f"feature {quote(key)} is in {key_name} twice; keep one.")
                )
                continue
            features[key][suffix] = copy.deepcopy(item[suffix])
            origin[f".{suffix}"] = f"{field}.{suffix}"

    for field, item in entries("added"):
        feature_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(feature_id, str | int) or isinstance(feature_id, bool):
            problems.append(
                Problem(
                    f"{field}.id",
                    "an added feature needs an `id` (text) that the option's map does not use.",
                )
            )
            continue
        key = str(feature_id)
        if key in features:
            problems.append(
                Problem(
                    f"{field}.id",
                    f"the map already has a feature {quote(key)} (the option's, or one added "
                    "earlier in this edit): give the added feature another id, or list an "
                    "option's feature under `moved`/`properties` to change it.",
                )
            )
            continue
        features[key] = copy.deepcopy(item)
        origins[key] = {"": field}

    order = raw.get("order")
    if order is not None:
        if not isinstance(order, list) or sorted(map(str, order)) != sorted(features):
            problems.append(
                Problem(
                    f"{path}.order",
                    "order must list every feature of the edited map once (the option's kept "
                    "features and the added ones), or be left out to keep the option's order.",
                )
            )
        else:
            features = {str(feature_id): features[str(feature_id)] for feature_id in order}
    if problems:
        raise InvalidInput(problems)
    collection = {"type": "FeatureCollection", "features": list(features.values())}
    return collection, [origins.get(feature_id, {}) for feature_id in features]


def _edit_field(field: str | None, origins: list[dict[str, str]], path: str) -> str:
    """A field of the applied plan as the edit's field that made it, else the edit itself."""
    match = _RESULT_FIELD.match(field or "")
    if match is None:
        return path if field is None else field.replace(_RESULT, path, 1)
    origin, rest = origins[int(match.group(1))], match.group(2)
    for suffix, edit_field in origin.items():
        if rest.startswith(suffix):
            return edit_field + rest[len(suffix) :]
    return path
