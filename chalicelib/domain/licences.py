"""The licences an agency may publish a consultation's open data under (SPDX identifiers, as a
Frictionless Data Package names them); CC BY 4.0 unless staff choose another."""

from __future__ import annotations

DEFAULT_LICENCE = "CC-BY-4.0"
LICENCES: dict[str, dict[str, str]] = {
    "CC-BY-4.0": {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    },
    "CC-BY-SA-4.0": {
        "name": "CC-BY-SA-4.0",
        "title": "Creative Commons Attribution-ShareAlike 4.0",
        "path": "https://creativecommons.org/licenses/by-sa/4.0/",
    },
    "CC0-1.0": {
        "name": "CC0-1.0",
        "title": "Creative Commons Zero 1.0 (public domain dedication)",
        "path": "https://creativecommons.org/publicdomain/zero/1.0/",
    },
    "ODbL-1.0": {
        "name": "ODbL-1.0",
        "title": "Open Data Commons Open Database License 1.0",
        "path": "https://opendatacommons.org/licenses/odbl/1-0/",
    },
    "PDDL-1.0": {
        "name": "PDDL-1.0",
        "title": "Open Data Commons Public Domain Dedication and License 1.0",
        "path": "https://opendatacommons.org/licenses/pddl/1-0/",
    },
}
