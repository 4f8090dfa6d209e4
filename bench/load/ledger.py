"""What the load test's clients were told (the 2xx answers), written by the locustfile and read by
the checks: the submissions acknowledged with their edit tokens, and every endorsement answer in
the order each resident received them."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Ledger:
    submissions: dict[str, str] = field(default_factory=dict)  # id → edit token
    # (submission id, resident, "endorse"|"unendorse"|"unknown"), in the order answered; "unknown"
    # when the request got no answer (its effect may or may not have happened)
    endorsements: list[tuple[str, str, str]] = field(default_factory=list)
    flags: int = 0
    moderated: int = 0

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self)))

    @classmethod
    def load(cls, path: Path) -> Ledger:
        raw = json.loads(path.read_text())
        return cls(
            submissions=dict(raw["submissions"]),
            endorsements=[tuple(entry) for entry in raw["endorsements"]],  # type: ignore[misc]
            flags=raw["flags"],
            moderated=raw["moderated"],
        )
