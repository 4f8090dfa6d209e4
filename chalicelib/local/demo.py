"""The demo consultation the local runtime seeds: Dominion Road light rail (id `demo`)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from chalicelib.domain.consultation import Consultation, Option
from chalicelib.domain.plans import parse_plan
from chalicelib.store import consultations as consultation_store

DEMO_ID = "demo"
_DATA = Path(__file__).parent / "demo"


def demo_consultation(now: datetime) -> tuple[Consultation, list[Option]]:
    consultation = Consultation(
        id=DEMO_ID,
        title={
            "en": "Dominion Road light rail",
            "mi": "Te rerewē māmā o te huarahi o Dominion",
        },
        summary={
            "en": "Light rail along Dominion Road from View Road to Dominion Junction. Tell us "
            "what you think of the street layout at Balmoral and of the route and its stops.",
        },
        languages=("en", "mi"),
        status="open",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=60),
        moderation="post",
    )
    section = json.loads((_DATA / "dominion-road-section.streetmix.json").read_text())
    route = json.loads((_DATA / "dominion-road-route.geojson").read_text())
    options = [
        Option(
            id="a",
            title={"en": "Option A: street layout at Balmoral, central platform"},
            summary={
                "en": "Two light-rail tracks in the middle with a central platform, one traffic "
                "lane each way, raised cycleways and tree-lined footpaths."
            },
            kind="section",
            plan=parse_plan("section", section),
            position=1,
        ),
        Option(
            id="b",
            title={"en": "Option B: route and stops"},
            summary={"en": "The line from View Road to Dominion Junction with five stops."},
            kind="map",
            plan=parse_plan("map", route),
            position=2,
        ),
    ]
    return consultation, options


def seed_demo(now: datetime | None = None) -> Consultation:
    """Write the demo consultation and its options (idempotent: it overwrites them)."""
    consultation, options = demo_consultation(now or datetime.now(UTC))
    consultation_store.save(consultation)
    for option in options:
        consultation_store.save_option(consultation.id, option)
    return consultation
