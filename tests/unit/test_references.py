"""Every repository path that the code's comments and the docs name exists: a reader who follows
`see docs/deploy.md` or `tests/infra/test_functions.py holds them together` finds the file.

Scanned: chalicelib/, infra/, frontend/js/, docs/ and README.md. A path is a word starting with
one of the repository's folders (chalicelib/..., tests/..., docs/..., ...) or chalicelib's
layers (store/..., services/..., read under chalicelib/); `<slug>` and `*` in one are
placeholders and must match at least one file. In Markdown, relative links (and backticked
`../` paths) are followed from the document's own folder too. Files that `make frontend`,
`make synth` and the local runtime write (git-ignored) count as present under the folders that
hold them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCANNED = {
    "chalicelib": {".py", ".md", ".html", ".css", ".js"},
    "infra": {".py", ".md"},
    "frontend/js": {".js"},
    "docs": {".md"},
}
SCANNED_FILES = ("README.md",)
SKIPPED_FOLDERS = {"__pycache__", "cdk.out"}
FOLDERS = ("bench", "chalicelib", "docs", "examples", "frontend", "infra", "scripts", "tests")
# Comments name chalicelib's layers short (`store/faults.py`): those are read under chalicelib/.
LAYERS = ("api", "domain", "local", "services", "store")
# Written by make frontend / make synth / the local runtime, git-ignored (.gitignore).
GENERATED = (
    "frontend/vendor/",
    "frontend/generated/",
    "frontend/assets/",
    "infra/cdk.out/",
    "bench/results/",
    # the plain pages, from frontend/templates/ (scripts/build_html.py)
    "frontend/index.html",
    "frontend/option.html",
    "frontend/responses.html",
    "frontend/staff/index.html",
)

# A folder name, then path characters; not inside a URL or a longer path (`a/docs/x`), and not
# ending on punctuation (`see docs/deploy.md.`). <slug>, {cid} and * are placeholders.
_PATH = re.compile(
    r"(?<![\w./@:-])"
    rf"((?:app\.py\b)|(?:{'|'.join(FOLDERS + LAYERS)})/(?:[\w.*<>{{}}/-]*[\w*>}}/])?)"
)
# In Markdown: links, and backticked paths relative to the document (`../README.md`).
_MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|`(\.\.?/[^`\s]+)`")


def _scanned_files() -> list[Path]:
    files = [ROOT / name for name in SCANNED_FILES]
    for folder, suffixes in SCANNED.items():
        for path in sorted((ROOT / folder).rglob("*")):
            relative = path.relative_to(ROOT)
            if (
                path.is_file()
                and path.suffix in suffixes
                and not set(relative.parts) & SKIPPED_FOLDERS
                and not str(relative).startswith(GENERATED)
            ):
                files.append(path)
    return files


def _exists(named: str) -> bool:
    if named.startswith(GENERATED) or any(g.startswith(named.rstrip("/") + "/") for g in GENERATED):
        return True
    pattern = re.sub(r"<[^>]*>|\{[^}]*\}", "*", named.rstrip("/"))
    if "*" in pattern:
        return any(ROOT.glob(pattern))
    return (ROOT / pattern).exists()


def _link_target(document: Path, link: str) -> str | None:
    """The repository path a Markdown link points to, or None for URLs and anchors."""
    target = link.split("#", 1)[0]
    if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target):
        return None
    resolved = (document.parent / target).resolve()
    try:
        return str(resolved.relative_to(ROOT))
    except ValueError:
        return f"{target} (outside the repository)"


def named_paths(path: Path) -> list[tuple[int, str]]:
    """(line number, path) for each repository path the file names."""
    named = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for match in _PATH.finditer(line):
            found = match.group(1)
            named.append((number, f"chalicelib/{found}" if found.startswith(LAYERS) else found))
        if path.suffix == ".md":
            for match in _MARKDOWN_LINK.finditer(line):
                target = _link_target(path, match.group(1) or match.group(2))
                if target is not None:
                    named.append((number, target))
    return named


def test_every_named_path_exists():
    missing = [
        f"{source.relative_to(ROOT)}:{number}: {named}"
        for source in _scanned_files()
        for number, named in named_paths(source)
        if not _exists(named)
    ]
    assert not missing, (
        f"{len(missing)} path(s) named in comments or docs do not exist; point each at the file "
        "as it is now (or drop the reference):\n" + "\n".join(missing)
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("see docs/deploy.md.", ["docs/deploy.md"]),
        ("(`infra/site.py::reports_origin_patterns`)", ["infra/site.py"]),
        ("under tests/api/, and app.py's routes", ["tests/api/", "app.py"]),
        ("https://example.org/docs/guide.md and a/docs/x.md", []),
        ("infra/cdk.out/sayso-<slug>.template.json", ["infra/cdk.out/sayso-<slug>.template.json"]),
        ("frontend/js/*.js", ["frontend/js/*.js"]),
        (
            "models: store/faults.py, chalicelib/store/x.py",
            ["chalicelib/store/faults.py", "chalicelib/store/x.py"],
        ),
    ],
)
def test_what_counts_as_a_path(tmp_path, line, expected):
    source = tmp_path / "x.py"
    source.write_text(line)
    assert [named for _, named in named_paths(source)] == expected


def test_a_missing_path_is_reported(tmp_path):
    assert not _exists("docs/no-such-page.md")
    assert not _exists("tests/api/test_no_such_*.py")
    assert _exists("docs/")
    assert _exists("tests/unit/test_*.py")
    assert _exists("frontend/vendor/leaflet/leaflet.js")  # made by make frontend


def test_markdown_links_are_followed_from_the_document(tmp_path):
    document = ROOT / "docs" / "x.md"
    assert _link_target(document, "deploy.md#settings") == "docs/deploy.md"
    assert _link_target(document, "../README.md") == "README.md"
    assert _link_target(document, "https://example.org/") is None
    assert _link_target(document, "#top") is None
    assert _link_target(document, "../../shared/DESIGN.md").endswith("(outside the repository)")


def test_backticked_relative_paths_in_markdown_count(tmp_path):
    document = ROOT / "docs" / "x.md"
    document_text = "Grown from (`../shared/DESIGN.md`); see [the deploy](deploy.md)."
    found = []
    for match in _MARKDOWN_LINK.finditer(document_text):
        found.append(_link_target(document, match.group(1) or match.group(2)))
    assert found == ["shared/DESIGN.md", "docs/deploy.md"]
