"""What the API tests share to act as staff: a signed token for given roles, a call with it, and
request bodies that work (a new consultation, a section option, a map option, an outcome)."""

from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "unit" / "fixtures"


def mint(directory: Path, *roles: str, **changes) -> str:
    from chalicelib.local.staff_keys import mint as mint_token

    return mint_token(list(roles), directory=directory, **changes)


def call(api, method: str, path: str, token: str | None, body=None):
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body)
    return getattr(api.client.http, method.lower())(path, headers=headers, body=data)


NEW_CONSULTATION = {
    "id": "queen-street",
    "title": {"en": "Queen Street bus lanes"},
    "summary": {"en": "Bus lanes both ways."},
    "moderation": "pre",
}
STREETMIX = json.loads((FIXTURES / "streetmix-schema17-feet.json").read_text())
NEW_OPTION = {"id": "c", "title": {"en": "Option C"}, "kind": "section", "streetmix": STREETMIX}
ROUTE_B = {
    "id": "b",
    "title": {"en": "Route B, shorter"},
    "kind": "map",
    "geojson": {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "stop-1",
                "geometry": {"type": "Point", "coordinates": [174.75, -36.87]},
                "properties": {"name": "Stop 1"},
            }
        ],
    },
}
OUTCOME = {"decision": "adopted-with-changes", "text": {"en": "Built, with wider footpaths."}}
