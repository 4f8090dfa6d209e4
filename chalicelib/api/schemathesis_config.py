"""`schemathesis.toml`, written from the route table: how `st run` should judge this API.

A request the document allows must not be refused (positive_data_acceptance), except by the
rules JSON Schema cannot say, which the table lists per operation (`fields_beyond_schema`) and
each operation's description states. For exactly those operations the config lets 422 count as
an expected answer to valid-looking data; the in-process fuzz test (tests/api/test_fuzz.py) is
stricter and also checks that such a 422 names one of those fields.

    python -m chalicelib.api.schemathesis_config          # rewrite schemathesis.toml
    python -m chalicelib.api.schemathesis_config --check  # exit 1 if it is not up to date
"""

from __future__ import annotations

import sys
from pathlib import Path

from chalicelib.api.routes import OPERATIONS

CONFIG = Path(__file__).resolve().parents[2] / "schemathesis.toml"
# schemathesis' own defaults for positive_data_acceptance, plus 422
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx", "422"]


def render() -> str:
    lines = [
        "# Written by `python -m chalicelib.api.schemathesis_config` from the route table; do not",
        "# edit. Operations whose rules go beyond JSON Schema may answer 422 to schema-valid data.",
        "",
    ]
    statuses = ", ".join(f'"{s}"' for s in ACCEPTED)
    for op in OPERATIONS:
        if op.fields_beyond_schema:
            fields = ", ".join(op.fields_beyond_schema)
            lines += [
                "[[operations]]",
                f'include-operation-id = "{op.operation_id}"  # {fields}',
                "[operations.checks.positive_data_acceptance]",
                f"expected-statuses = [{statuses}]",
                "",
            ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    wanted = render()
    if "--check" in argv:
        if not CONFIG.exists() or CONFIG.read_text() != wanted:
            print("schemathesis.toml differs from the route table: run "
                  "`python -m chalicelib.api.schemathesis_config`.", file=sys.stderr)  # fmt: skip
            return 1
        return 0
    CONFIG.write_text(wanted)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
