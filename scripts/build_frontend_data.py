"""Write the data the pages read from the one source of each fact (run by `make frontend`).

frontend/generated/catalogue.json  the segment catalogue and section limits
                                   (chalicelib/domain/catalogue.py, section.py)
frontend/generated/languages.json  the UI catalogues there are (frontend/i18n/*.json)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chalicelib.domain import catalogue, section  # noqa: E402


def catalogue_document() -> dict[str, object]:
    return {
        "segment_min_width": catalogue.SEGMENT_MIN_WIDTH,
        "segment_max_width": catalogue.SEGMENT_MAX_WIDTH,
        "street_min_width": section.STREET_MIN_WIDTH,
        "street_max_width": section.STREET_MAX_WIDTH,
        "max_segments": section.MAX_SEGMENTS,
        "over_width_tolerance": section.OVER_WIDTH_TOLERANCE,
        "min_elevation": section.MIN_ELEVATION,
        "max_elevation": section.MAX_ELEVATION,
        "max_variant_chars": section.MAX_VARIANT_CHARS,
        "common_types": list(catalogue.COMMON_TYPES),
        "directions": list(catalogue.DIRECTIONS),
        "categories": dict(catalogue.CATEGORY_COLOURS),
        "types": [
            {
                "name": kind.name,
                "label": kind.label,
                "category": kind.category,
                "min_width": kind.min_width,
                "max_width": kind.max_width,
                "default_width": catalogue.default_width(kind),
                "colour": catalogue.CATEGORY_COLOURS[kind.category],
                "directional": kind.name in catalogue.DIRECTIONAL_TYPES,
            }
            for kind in catalogue.CATALOGUE.values()
        ],
    }


def languages_document(i18n: Path) -> list[dict[str, str]]:
    entries = []
    for path in sorted(i18n.glob("*.json"), key=lambda p: (p.stem != "en", p.stem)):
        meta = json.loads(path.read_text(encoding="utf-8")).get("meta", {})
        entries.append({"tag": path.stem, "name": meta.get("name", path.stem)})
    return entries


def main(out: Path = ROOT / "frontend" / "generated") -> None:
    out.mkdir(parents=True, exist_ok=True)
    documents = {
        "catalogue.json": catalogue_document(),
        "languages.json": languages_document(ROOT / "frontend" / "i18n"),
    }
    for name, document in documents.items():
        (out / name).write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "frontend" / "generated")
