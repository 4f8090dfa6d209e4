"""Command line for developers and agency staff. It calls the same services as the API.

    python -m chalicelib.cli staff-token --role admin
    python -m chalicelib.cli [--local] create-consultation consultation.json
    python -m chalicelib.cli [--local] add-option CID OPTION_ID --title "Option C" street.json
    python -m chalicelib.cli [--local] status CID open
    python -m chalicelib.cli [--local] consolidate CID

With --local it talks to the running local stack (`make run`); without, to AWS with the usual
AWS environment variables and the stack's SAYSO_* table names. Actions are audited as
"cli:<user>" with the admin role: whoever holds the AWS credentials is trusted as an admin.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from chalicelib.domain.staff import ADMIN, ROLES, StaffIdentity


def _staff_token(args: argparse.Namespace) -> int:
    from chalicelib.local.staff_keys import mint

    print(mint(args.role, subject=args.subject, email=args.email))
    return 0


def _operator() -> StaffIdentity:
    return StaffIdentity(subject=f"cli:{getpass.getuser()}", email=None, roles=frozenset({ADMIN}))


def _read_json(path: str) -> Any:
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError) as error:
        raise SystemExit(f"Cannot read {path} as JSON: {error}") from None


def _create_consultation(args: argparse.Namespace) -> int:
    from datetime import datetime

    from chalicelib.services import staff

    data = _read_json(args.file)
    dates = {
        k: datetime.fromisoformat(data[k]) if data.get(k) else None
        for k in ("opens_at", "closes_at")
    }
    created = staff.create_consultation(
        _operator(),
        cid=data.get("id", ""),
        title=data.get("title", {}),
        summary=data.get("summary", {}),
        moderation=data.get("moderation", "post"),
        **dates,
    )
    print(f"created consultation '{created.id}' ({created.status})")
    return 0


def _add_option(args: argparse.Namespace) -> int:
    from chalicelib.services import staff

    document = _read_json(args.file)
    is_map = isinstance(document, dict) and document.get("type") == "FeatureCollection"
    is_streetmix = args.streetmix or (
        isinstance(document, dict) and ("schemaVersion" in document or "data" in document)
    )
    source = "geojson" if is_map else ("streetmix" if is_streetmix else "plan")
    option = staff.add_option(
        _operator(),
        args.cid,
        oid=args.option_id,
        title={args.language: args.title},
        summary={args.language: args.summary} if args.summary else {},
        kind="map" if is_map else "section",
        plans={source: document},
    )
    print(f"added option '{option.id}' ({option.kind}) to '{args.cid}'")
    return 0


def _status(args: argparse.Namespace) -> int:
    from chalicelib.services import staff

    changed = staff.change_status(_operator(), args.cid, args.status)
    print(f"consultation '{changed.id}' is now {changed.status}")
    return 0


class _ProgressBar:
    """A one-line progress bar on stderr (the total is the consultation's submission count)."""

    def __init__(self, total: int) -> None:
        self.total = max(total, 1)

    def __call__(self, records: int) -> None:
        done = min(records / self.total, 1.0)
        bar = "#" * int(done * 30)
        print(f"\r  [{bar:<30}] {records:,} / {self.total:,} submissions", end="", file=sys.stderr)


def _consolidate(args: argparse.Namespace) -> int:
    from chalicelib import config
    from chalicelib.domain.stats import rows
    from chalicelib.observability import logger
    from chalicelib.services import reports
    from chalicelib.store import counters
    from chalicelib.store import reports as report_store

    logger.setLevel("WARNING")  # the progress bar says it; JSON log lines would break it up
    counted = counters.read(args.cid, config.current().submission_shards)
    total = sum(r.count for r in rows(counted) if r.state == "published")
    bar = _ProgressBar(total)
    print(f"consolidating '{args.cid}'...", file=sys.stderr)
    manifest = reports.consolidate(args.cid, progress=bar, progress_every=max(1, total // 100))
    print(file=sys.stderr)
    bucket = config.current().reports_bucket
    run_id = manifest["run_id"]
    print(f"report bundle: s3://{bucket}/{report_store.run_prefix(args.cid, run_id)}")
    for entry in manifest["files"]:
        url = report_store.download_url(args.cid, run_id, entry["name"], seconds=3600)
        print(f"  {entry['name']:<18} {entry['size']:>10,} bytes  {url}")
    counts = manifest["counts"]
    print(
        f"{counts['published']} published submissions; campaigns found: {counts['campaigns']}; "
        f"unique comments: {counts['unique_comments']}. The links are valid for an hour."
    )
    return 0


def _use_local_stack() -> None:
    from chalicelib.local.runtime import Ports, local_environment

    os.environ.update(local_environment(Ports.from_env()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m chalicelib.cli",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--local", action="store_true", help="talk to the local stack (make run)")
    commands = parser.add_subparsers(dest="command", required=True)

    token = commands.add_parser("staff-token", help="a staff token signed with the local key")
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

    create = commands.add_parser("create-consultation", help="a draft from a JSON file")
    create.add_argument("file", help='{"id", "title": {lang: text}, "summary", "moderation", ...}')
    create.set_defaults(run=_create_consultation)

    option = commands.add_parser("add-option", help="an option from a Streetmix or GeoJSON file")
    option.add_argument("cid")
    option.add_argument("option_id")
    option.add_argument("file", help="a Streetmix street, a sayso section or a FeatureCollection")
    option.add_argument("--title", required=True)
    option.add_argument("--summary", default="")
    option.add_argument("--language", default="en")
    option.add_argument("--streetmix", action="store_true", help="the file is a Streetmix street")
    option.set_defaults(run=_add_option)

    status = commands.add_parser("status", help="open or close a consultation")
    status.add_argument("cid")
    status.add_argument("status", choices=["open", "closed", "outcome"])
    status.set_defaults(run=_status)

    consolidate = commands.add_parser("consolidate", help="build and publish a report now")
    consolidate.add_argument("cid")
    consolidate.set_defaults(run=_consolidate)

    args = parser.parse_args(argv)
    if args.local:
        _use_local_stack()
    from chalicelib.domain.errors import DomainError

    try:
        return args.run(args)
    except DomainError as error:
        where = f" ({error.field})" if error.field else ""
        print(f"error{where}: {error.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
