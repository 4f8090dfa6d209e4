"""Write the data the pages read from the one source of each fact (run by `make frontend`).

frontend/generated/catalogue.json  the segment catalogue and section limits
                                   (chalicelib/domain/catalogue.py, section.py)
frontend/generated/languages.json  the UI catalogues there are (frontend/i18n/*.json)
frontend/vendor/illustrations/     the Streetmix sprites the catalogue names
                                   (scripts/illustrations.py)
frontend/generated/values.js       the allowed values the pages offer: flag reasons, stances,
                                   decisions, roles, response statuses, language tags
                                   (chalicelib/domain/submission.py, consultation.py,
                                   staff.py, stats.py, response.py, ids.py), an ES module
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import illustrations  # noqa: E402  (scripts/illustrations.py)

from chalicelib.domain import (  # noqa: E402
    catalogue,
    consultation,
    ids,
    licences,
    response,
    section,
    staff,
    stats,
    submission,
    validation,
)


def illustrations_document(sprites: dict[str, object]) -> dict[str, object]:
    """How the pages draw each type (catalogue.DRAWINGS) and where each sprite is."""
    return {
        "licence": catalogue.ILLUSTRATIONS_LICENCE,
        "grounds": dict(catalogue.GROUNDS),
        "drawings": {
            name: {
                "ground": [list(rule) for rule in drawing.ground],
                "sprites": [[key, list(names)] for key, names in drawing.sprites],
            }
            for name, drawing in catalogue.DRAWINGS.items()
        },
        "buildings": dict(catalogue.BUILDINGS),
        "thumbnails": dict(catalogue.THUMBNAILS),
        "variant_choices": {k: [list(g) for g in v] for k, v in catalogue.VARIANT_CHOICES.items()},
        "sprites": sprites,
    }


def catalogue_document(sprites: dict[str, object] | None = None) -> dict[str, object]:
    return {
        "illustrations": illustrations_document(sprites or {}),
        "segment_min_width": catalogue.SEGMENT_MIN_WIDTH,
        "segment_max_width": catalogue.SEGMENT_MAX_WIDTH,
        "street_min_width": section.STREET_MIN_WIDTH,
        "street_max_width": section.STREET_MAX_WIDTH,
        "max_segments": section.MAX_SEGMENTS,
        "over_width_tolerance": section.OVER_WIDTH_TOLERANCE,
        "min_elevation": section.MIN_ELEVATION,
        "max_elevation": section.MAX_ELEVATION,
        "max_variant_chars": section.MAX_VARIANT_CHARS,
        "max_name_chars": section.MAX_NAME_CHARS,
        "max_building_floors": section.MAX_BUILDING_FLOORS,
        "street_max_width_imperial": section.STREET_MAX_WIDTH_IMPERIAL,
        "max_type_chars": section.MAX_TYPE_CHARS,
        "metres_per_foot": section.METRES_PER_FOOT,
        "max_problems": validation.MAX_PROBLEMS,
        "id_pattern": ids.ELEMENT_ID_PATTERN,
        "id_rule": validation.ID_RULE,
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


def allowed_values() -> dict[str, object]:
    """Each exported name and its value, straight from the domain."""
    return {
        "FLAG_REASONS": list(submission.FLAG_REASONS),
        "STANCES": list(submission.STANCES),
        "STATISTICS_STANCES": list(stats.STANCES),  # the stances plus "none" (no stance given)
        "STATISTICS_KINDS": list(stats.KINDS),
        "STATISTICS_STATES": list(stats.STATES),
        "DECISIONS": list(consultation.DECISIONS),
        "ROLES": list(staff.ROLES),
        "ADMIN": staff.ADMIN,
        "MODERATOR": staff.MODERATOR,
        "ANALYST": staff.ANALYST,
        "RESPONSE_STATUSES": list(response.RESPONSE_STATUSES),
        "OPEN_DATA_LICENCES": list(licences.LICENCES),
        # the `language` a submission may carry (the page's, unless it is the pseudo-locale)
        "LANGUAGE_TAG_PATTERN": ids.LANGUAGE_TAG_PATTERN,
    }


def values_module() -> str:
    lines = ["// Generated by scripts/build_frontend_data.py from chalicelib/domain: do not edit."]
    for name, value in allowed_values().items():
        lines.append(f"export const {name} = {json.dumps(value, ensure_ascii=False)};")
    return "\n".join(lines) + "\n"


def main(
    out: Path = ROOT / "frontend" / "generated",
    vendor: Path = ROOT / "frontend" / "vendor",
    report_sprites: Path = illustrations.REPORT_SPRITES,
) -> None:
    """Write everything; tests pass their own directories so parallel workers never share files."""
    out.mkdir(parents=True, exist_ok=True)
    vendor.mkdir(parents=True, exist_ok=True)
    names = catalogue.sprite_names()
    sprites = illustrations.copy(names, vendor)
    illustrations.write_report_sprites(catalogue.drawing_sprite_names(), report_sprites)
    documents = {
        "catalogue.json": catalogue_document(sprites),
        "languages.json": languages_document(ROOT / "frontend" / "i18n"),
    }
    for name, document in documents.items():
        (out / name).write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n")
    (out / "values.js").write_text(values_module())


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "frontend" / "generated")
