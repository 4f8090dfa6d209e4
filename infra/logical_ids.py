"""Logical ids that do not move when the stack's code is regrouped.

CloudFormation knows a resource by its logical id, and CDK makes that id from the resource's
path in the construct tree. Putting a table inside a new construct would give it a new id, and
a deploy would then create a new, empty table and delete (or, retained, orphan) the one that
holds residents' words. The stack's parts are grouped in constructs (infra/data.py,
infra/functions.py, ...) whose ids are left out of the path the ids are made from, so each
resource keeps the id it had when it sat directly in the stack. tests/infra/test_logical_ids.py
holds the ids of everything that keeps data.
"""

from __future__ import annotations

import hashlib
import re

# CDK's own rules (aws-cdk-lib core/lib/private/uniqueid.ts, makeUniqueId).
_HIDDEN = "Default"  # left out entirely
_HIDDEN_FROM_HUMAN = "Resource"  # hashed, but not in the readable part
_HASH_LENGTH = 8
_MAX_HUMAN_LENGTH = 240
_MAX_ID_LENGTH = 255


def _alphanumeric(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", text)


def _without_repeats(path: list[str]) -> list[str]:
    kept: list[str] = []
    for component in path:
        if not kept or not kept[-1].endswith(component):
            kept.append(component)
    return kept


def unique_id(path: list[str]) -> str:
    """The logical id CDK gives a resource at this path below its stack."""
    path = [component for component in path if component != _HIDDEN]
    if not path:
        raise ValueError("A logical id needs at least one path component")
    if len(path) == 1 and len(_alphanumeric(path[0])) <= _MAX_ID_LENGTH:
        return _alphanumeric(path[0])
    digest = hashlib.md5("/".join(path).encode(), usedforsecurity=False).hexdigest()
    human = "".join(_alphanumeric(c) for c in _without_repeats(path) if c != _HIDDEN_FROM_HUMAN)
    return human[:_MAX_HUMAN_LENGTH] + digest[:_HASH_LENGTH].upper()


def without_groups(path: list[str], groups: frozenset[str]) -> list[str]:
    """The path with a leading grouping construct's id taken out."""
    return path[1:] if path and path[0] in groups else path
