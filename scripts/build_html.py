"""Write the static pages from their templates (run by `make frontend`, after scripts/bundle.mjs).

frontend/templates/<path>.html  ->  frontend/<path>.html (git-ignored), each
`<!-- assets: <page> ... -->` line replaced by that page's stylesheets, module and preloads under
their hashed names (frontend/generated/assets.json; chalicelib/domain/pages.py asset_links, the
same function the pre-rendered pages use).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chalicelib.domain.pages import ASSETS_KEY, asset_links  # noqa: E402

FRONTEND = ROOT / "frontend"
TEMPLATES = FRONTEND / "templates"
MARKER = re.compile(r"^([ \t]*)<!-- assets: ([\w-]+)[^>]*-->[ \t]*$", re.M)


def render(template: str, assets: dict) -> str:
    def replace(match: re.Match[str]) -> str:
        indent, page = match.groups()
        return "\n".join(indent + line for line in asset_links(assets, page).splitlines())

    html, count = MARKER.subn(replace, template)
    if count != 1:
        raise SystemExit(f"a template needs exactly one <!-- assets: page --> line, found {count}")
    return html


def main(frontend: Path = FRONTEND) -> list[Path]:
    assets = json.loads((frontend / ASSETS_KEY).read_text())
    written = []
    for template in sorted((frontend / "templates").rglob("*.html")):
        target = frontend / template.relative_to(frontend / "templates")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(template.read_text(), assets))
        written.append(target)
    return written


if __name__ == "__main__":
    main()
