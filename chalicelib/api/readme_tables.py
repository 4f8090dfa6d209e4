"""The README's API tables, written from the route table so the README cannot drift from it.

    python -m chalicelib.api.readme_tables          # rewrite the tables in README.md
    python -m chalicelib.api.readme_tables --check  # exit 1 if README.md is not up to date

The tables sit between `<!-- api:public -->` / `<!-- api:staff -->` and `<!-- /api -->` markers.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from chalicelib.api.operation import Operation
from chalicelib.api.routes import OPERATIONS

README = Path(__file__).resolve().parents[2] / "README.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _where(op: Operation) -> str:
    return f"`{op.method} {_cell(op.readme_path or op.path)}`"


def public_table() -> str:
    rows = ["| method and path | what |", "|---|---|"]
    rows += [f"| {_where(op)} | {_cell(op.readme)} |" for op in OPERATIONS if not op.is_staff]
    return "\n".join(rows)


def staff_table() -> str:
    rows = ["| method and path | role | what |", "|---|---|---|"]
    rows += [
        f"| {_where(op)} | {' or '.join(op.roles or ())} | {_cell(op.readme)} |"
        for op in OPERATIONS
        if op.is_staff
    ]
    return "\n".join(rows)


def _marked(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- api:{name} -->\n)(.*?)(\n<!-- /api -->)", re.DOTALL)


def rendered(readme: str) -> str:
    for name, table in (("public", public_table()), ("staff", staff_table())):
        pattern = _marked(name)
        if not pattern.search(readme):
            raise SystemExit(f"README.md has no <!-- api:{name} --> … <!-- /api --> block")
        readme = pattern.sub(lambda m, t=table: m.group(1) + t + m.group(3), readme)
    return readme


def main(argv: list[str]) -> int:
    current = README.read_text()
    wanted = rendered(current)
    if "--check" in argv:
        if current != wanted:
            print("README.md's API tables differ from the route table: run "
                  "`python -m chalicelib.api.readme_tables`.", file=sys.stderr)  # fmt: skip
            return 1
        return 0
    README.write_text(wanted)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
