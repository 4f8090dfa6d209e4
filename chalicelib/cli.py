"""Command line for developers and agency staff.

python -m chalicelib.cli staff-token --role admin     # a local staff token (see README)
"""

from __future__ import annotations

import argparse
import sys

from chalicelib.domain.staff import ROLES


def _staff_token(args: argparse.Namespace) -> int:
    from chalicelib.local.staff_keys import mint

    print(mint(args.role, subject=args.subject, email=args.email))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chalicelib.cli", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    token = commands.add_parser(
        "staff-token", help="print a staff token signed with the local runtime's key"
    )
    token.add_argument(
        "--role",
        action="append",
        choices=ROLES,
        required=True,
        help="a role to grant (repeat for several)",
    )
    token.add_argument("--subject", default="local-staff")
    token.add_argument("--email", default="staff@example.org")
    token.set_defaults(run=_staff_token)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
