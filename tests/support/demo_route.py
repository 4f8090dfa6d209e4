"""The demo's light-rail line (option b, chalicelib/local/demo/dominion-road-route.geojson) and
the re-routing the route-diff tests draw on it: a detour west between Balmoral and Mt Roskill."""

from __future__ import annotations

import json
from pathlib import Path

DEMO_MAP = Path(__file__).resolve().parents[2] / "chalicelib/local/demo/dominion-road-route.geojson"

# The demo route's vertices, View Road to Dominion Junction (each one a stop).
VIEW_ROAD, EDEN_VALLEY, BALMORAL, MT_ROSKILL, JUNCTION = (
    [174.7558, -36.8668],
    [174.7528, -36.8762],
    [174.7476, -36.8881],
    [174.7441, -36.9041],
    [174.7419, -36.9118],
)
# A detour west of Dominion Road between Balmoral and Mt Roskill (as along Mt Eden Road would be
# east): two new vertices, the first nearer Balmoral, the second nearer Mt Roskill.
DETOUR = [[174.7425, -36.8915], [174.7405, -36.9005]]
# The whole line with that detour.
REROUTED = [VIEW_ROAD, EDEN_VALLEY, BALMORAL, *DETOUR, MT_ROSKILL, JUNCTION]


def demo_map() -> dict:
    return json.loads(DEMO_MAP.read_text())
