"""The Streetmix illustrations the segment catalogue names (chalicelib/domain/catalogue.py), copied
from the pinned npm package (package-lock.json) by `make frontend`:

frontend/vendor/illustrations/<name>.<hash>.svg  each sprite the pages draw, under an immutable
                                                 (content-hashed) name
frontend/generated/catalogue.json "illustrations"  name -> {url, w, h} (read by the pages)
chalicelib/domain/report/sprites.json            name -> {w, h, style, body}: what report.html
                                                 inlines (committed: the report job runs in
                                                 Lambda, without node_modules; a test checks it
                                                 matches the package)
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "node_modules" / "@streetmix" / "illustrations"
IMAGES = PACKAGE / "images"
REPORT_SPRITES = ROOT / "chalicelib" / "domain" / "report" / "sprites.json"

_PROLOGUE = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>", re.S)
_BETWEEN_TAGS = re.compile(r">\s+<")
_OPEN = re.compile(r"<svg\b([^>]*)>", re.S)


def minified(text: str) -> str:
    return _BETWEEN_TAGS.sub("><", _PROLOGUE.sub("", text)).strip()


def parts(text: str) -> dict[str, object]:
    """{w, h, style, body} of one sprite: its viewBox size (cm) and what is inside <svg>."""
    svg = minified(text)
    opening = _OPEN.search(svg)
    if opening is None:
        raise ValueError("not an SVG")
    attributes = opening.group(1)
    box = re.search(r'viewBox="([^"]*)"', attributes)
    style = re.search(r'style="([^"]*)"', attributes)
    _, _, w, h = (float(v) for v in box.group(1).split()) if box else (0, 0, 100, 100)
    body = svg[opening.end() : svg.rindex("</svg>")]
    body = re.sub(r'\s(?:serif:id|xml:space)="[^"]*"', "", body)
    return {"w": w, "h": h, "style": style.group(1) if style else "", "body": body}


def read_all(names: list[str]) -> dict[str, str]:
    if not IMAGES.is_dir():
        raise SystemExit(f"{PACKAGE} is missing: run `npm ci` (make frontend does) first.")
    return {name: (IMAGES / f"{name}.svg").read_text(encoding="utf-8") for name in names}


def report_sprites(names: list[str]) -> dict[str, object]:
    return {name: parts(text) for name, text in read_all(names).items()}


def copy(names: list[str], vendor: Path) -> dict[str, dict[str, object]]:
    """Copy each sprite (minified) under a content-hashed name; name -> {url, w, h}."""
    target = vendor / "illustrations"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copy(PACKAGE / "LICENSE", target / "LICENSE")
    manifest: dict[str, dict[str, object]] = {}
    for name, text in read_all(names).items():
        svg = minified(text)
        digest = hashlib.sha256(svg.encode()).hexdigest()[:10]
        file = f"{name.replace('/', '--')}.{digest}.svg"
        (target / file).write_text(svg, encoding="utf-8")
        sizes = parts(text)
        manifest[name] = {"url": f"vendor/illustrations/{file}", "w": sizes["w"], "h": sizes["h"]}
    return manifest


def write_report_sprites(names: list[str], target: Path = REPORT_SPRITES) -> None:
    document = json.dumps(report_sprites(names), ensure_ascii=False, sort_keys=True, indent=0)
    target.write_text(document + "\n", encoding="utf-8")
