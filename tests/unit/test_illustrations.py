"""The catalogue's sprite mapping (chalicelib/domain/catalogue.py) and the copies made of it."""

from __future__ import annotations

import importlib.util
import json
import os

import pytest

from chalicelib.domain import catalogue
from tests.e2e.stack import ROOT

pytestmark = pytest.mark.unit

_spec = importlib.util.spec_from_file_location(
    "illustrations", ROOT / "scripts" / "illustrations.py"
)
illustrations = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(illustrations)


def _package_or_skip() -> None:
    if not illustrations.IMAGES.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{illustrations.PACKAGE} is missing: CI runs `npm ci` first")
        pytest.skip(f"{illustrations.PACKAGE} is missing: run `make frontend` (npm ci)")


def test_every_drawn_type_is_a_catalogue_type():
    assert set(catalogue.DRAWINGS) <= set(catalogue.CATALOGUE)
    assert set(catalogue.VARIANT_CHOICES) <= set(catalogue.CATALOGUE)


def test_variants_choose_sprites_and_ground():
    ground, sprites = catalogue.illustration("bike-lane", "inbound|green|sidewalk")
    assert (ground, sprites) == (catalogue.GROUNDS["green"], ("bikes/biker-01-inbound",))
    assert catalogue.illustration("bike-lane", "outbound|regular")[1] == (
        "bikes/biker-01-outbound",
    )
    assert catalogue.illustration("drive-lane", "outbound|truck")[1] == ("vehicles/truck-outbound",)
    assert catalogue.illustration("transit-shelter", "right|light-rail")[1] == (
        "transit/transit-shelter-02-right",
    )
    assert catalogue.illustration("no-such-type", "inbound") == (None, ())


def test_every_named_sprite_is_in_the_pinned_package():
    _package_or_skip()
    missing = [
        n for n in catalogue.sprite_names() if not (illustrations.IMAGES / f"{n}.svg").is_file()
    ]
    assert missing == []


def test_report_sprites_match_the_package():
    """chalicelib/domain/report/sprites.json is what `make frontend` writes from the package."""
    _package_or_skip()
    stored = json.loads(illustrations.REPORT_SPRITES.read_text(encoding="utf-8"))
    assert stored == illustrations.report_sprites(catalogue.drawing_sprite_names())


def test_copies_have_immutable_names(tmp_path):
    _package_or_skip()
    manifest = illustrations.copy(["trees/tree", "vehicles/car-inbound"], tmp_path)
    for name, entry in manifest.items():
        file = tmp_path / entry["url"].removeprefix("vendor/")
        assert file.is_file() and file.name.startswith(name.replace("/", "--") + ".")
        assert entry["w"] > 0 and entry["h"] > 0
    assert (tmp_path / "illustrations" / "LICENSE").is_file()
