"""Where the tests find real Streetmix documents: copies in the repository, with their source and
licence (tests/fixtures/streetmix/SOURCES.md), so no test depends on a file outside it."""

from __future__ import annotations

from pathlib import Path

STREETMIX_DOCUMENTS = Path(__file__).resolve().parents[1] / "fixtures" / "streetmix"
