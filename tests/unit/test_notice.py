"""NOTICE lists every third-party package sayso ships, at the version it ships and under the
licence the package itself declares: the pages' npm libraries (package.json) and the Lambda
package's Python distributions (requirements.txt, plus Chalice's runtime module)."""

from __future__ import annotations

import importlib.metadata
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTICE = (ROOT / "NOTICE").read_text()
# What `chalice package` adds to the Lambda package besides requirements.txt.
CHALICE_RUNTIME = "chalice"


def _listed() -> dict[str, tuple[str, str]]:
    """name -> (version, licence) from NOTICE's package lines (two spaces between columns)."""
    rows = {}
    for line in NOTICE.splitlines():
        columns = re.split(r"\s{2,}", line.strip())
        if len(columns) >= 3 and re.match(r"^\d[\w.]*$", columns[1]):
            rows[columns[0]] = (columns[1], columns[2])
    return rows


def _shipped_python() -> dict[str, str]:
    pins = dict(
        line.split("#")[0].strip().split("==")
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if "==" in line.split("#")[0]
    )
    pins[CHALICE_RUNTIME] = importlib.metadata.version(CHALICE_RUNTIME)
    return pins


def test_licence_files():
    licence = (ROOT / "LICENSE").read_text()
    assert licence.lstrip().startswith("Apache License\n                           Version 2.0")
    assert "END OF TERMS AND CONDITIONS" in licence and "APPENDIX" in licence
    assert json.loads((ROOT / "package.json").read_text())["license"] == "Apache-2.0"
    assert re.search(r'^license = "Apache-2.0"$', (ROOT / "pyproject.toml").read_text(), re.M)


def test_every_shipped_npm_library_is_listed_with_its_licence():
    listed = _listed()
    for name, version in json.loads((ROOT / "package.json").read_text())["dependencies"].items():
        declared = json.loads((ROOT / "node_modules" / name / "package.json").read_text())
        assert listed.get(name) == (version, declared["license"]), name


def test_every_shipped_python_package_is_listed_at_its_pinned_version():
    listed = _listed()
    for name, version in _shipped_python().items():
        assert name in listed, f"{name} ships in the Lambda package: add it to NOTICE"
        assert listed[name][0] == version, f"NOTICE lists {name} {listed[name][0]}, {version} ships"
    npm = set(json.loads((ROOT / "package.json").read_text())["dependencies"])
    assert set(listed) - npm == set(_shipped_python()), "NOTICE lists a package that does not ship"


def test_a_declared_licence_expression_is_the_one_listed():
    """Packages that declare an SPDX expression (License-Expression) are held to it; the others'
    licences were read from their licence files when they were listed."""
    listed = _listed()
    for name in _shipped_python():
        expression = importlib.metadata.metadata(name).get("License-Expression")
        if expression:
            assert listed[name][1] == expression, name
