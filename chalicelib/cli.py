"""Command line for developers and agency staff. It calls the same services as the API.

    python -m chalicelib.cli staff-token --role admin
    python -m chalicelib.cli [--local] create-consultation consultation.json
    python -m chalicelib.cli [--local] add-option CID OPTION_ID --title "Option C" [--dry-run] FILE
    python -m chalicelib.cli [--local] status CID open
    python -m chalicelib.cli [--local] consolidate CID [--link-seconds 600]
    python -m chalicelib.cli [--local] verify-counts CID [--repair]
    python -m chalicelib.cli [--local] notify CID [--sender A --site-url URL --api-url URL]
    python -m chalicelib.cli [--local] mailbox
    python -m chalicelib.cli [--local] open-data CID

With --local it talks to the running local stack (`make run`), on the ports that stack recorded
in .local/stack.json (SAYSO_API_PORT, SAYSO_WEB_PORT, SAYSO_AWS_PORT override them); without, to
AWS with the usual AWS environment variables and the stack's SAYSO_* table names. Actions are
audited as "cli:<user>" with the admin role: whoever holds the AWS credentials is trusted as an
admin. Files in examples/ show the formats (examples/README.md); add-option tells a GeoJSON map,
a Streetmix street and a sayso section apart by content. Errors are one line each on stderr;
the exit code is 2 for bad input or no stack to talk to, 1 for anything else.
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
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise CliError(f"cannot read {path} as JSON: {reason}") from None


def _date(data: dict[str, Any], name: str) -> Any:
    from datetime import datetime

    from chalicelib.domain.errors import InvalidInput

    value = data.get(name)
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise InvalidInput.one(
            name, f"{name} must be a date and time with its zone, e.g. 2027-06-30T12:00:00Z."
        )
    return parsed


def _create_consultation(args: argparse.Namespace) -> int:
    from chalicelib.services import staff

    data = _read_json(args.file)
    if not isinstance(data, dict):
        raise CliError(f"{args.file} must hold a JSON object; see examples/consultation.json")
    created = staff.create_consultation(
        _operator(),
        cid=data.get("id", ""),
        title=data.get("title", {}),
        summary=data.get("summary", {}),
        moderation=data.get("moderation", "post"),
        opens_at=_date(data, "opens_at"),
        closes_at=_date(data, "closes_at"),
    )
    print(f"created consultation '{created.id}' ({created.status})")
    return 0


def _add_option(args: argparse.Namespace) -> int:
    """The file goes through the one reader (`domain/documents.py`), as the API's `document`."""
    from chalicelib.domain import documents
    from chalicelib.domain.section import Section, section_warnings
    from chalicelib.services import staff

    try:
        raw = Path(args.file).read_bytes()
    except OSError as error:
        raise CliError(f"cannot read {args.file}: {error.strerror or error}") from None
    if args.streetmix:
        plans: dict[str, object] = {"streetmix": documents.load_json(raw, field="document")}
    else:
        plans = {"document": raw}
    option = staff.add_option(
        _operator(),
        args.cid,
        oid=args.option_id,
        title={args.language: args.title},
        summary={args.language: args.summary} if args.summary else {},
        kind="section" if args.streetmix else None,
        plans=plans,
        dry_run=args.dry_run,
    )
    done = "would add" if args.dry_run else "added"
    print(f"{done} option '{option.id}' ({option.kind}) to '{args.cid}'")
    report = getattr(option.plan, "report", None)
    if report is not None:
        print(f"  read as {report.read_as}: {len(option.plan.features):,} features")
        print(f"  ids: {report.ids_from}")
        for warning in report.warnings:
            print(f"  warning: {_one_line(warning.message)}")
    if isinstance(option.plan, Section):
        for warning in section_warnings(option.plan):
            print(f"  warning: {warning.field}: {warning.message}")
    return 0


def _status(args: argparse.Namespace) -> int:
    from chalicelib.services import staff

    changed = staff.change_status(_operator(), args.cid, args.status)
    print(f"consultation '{changed.id}' is now {changed.status}")
    return 0


def _notify(args: argparse.Namespace) -> int:
    """The outcome emails of a consultation, by hand: publishing the outcome sends them already
    (services/background.py); this resumes a run that failed (each address once)."""
    from chalicelib.services import notifications
    from chalicelib.store import mail

    site, api, sender = args.site_url, args.api_url, args.sender
    if args.local:
        from chalicelib.local import stack_file

        ports = stack_file.resolve()
        site = site or f"http://{HOST}:{ports['web']}"
        api = api or f"http://{HOST}:{ports['api']}"
        sender = sender or mail.LOCAL_SENDER
        mail.ensure_sender(sender)  # moto's SES sends only from a verified identity
    if not (site and api and sender):
        raise CliError("give --sender, --site-url and --api-url (or use --local)")
    run = notifications.send_outcome_emails(
        args.cid,
        sender=sender,
        site_url=site,
        api_url=api,
        configuration_set=args.configuration_set,
    )
    print(
        f"'{args.cid}': {run.sent} sent, {run.already} already sent, of {run.addresses} addresses"
    )
    if run.unconfirmed:
        print(
            f"{len(run.unconfirmed)} address(es) claimed by an earlier run that stopped before "
            "SES answered: not sent again (check SES's sending statistics)",
            file=sys.stderr,
        )
    return 0


def _open_data(args: argparse.Namespace) -> int:
    from chalicelib.services import open_data

    names = open_data.publish(args.cid)
    print(f"'{args.cid}': open-data/{args.cid}/ written ({', '.join(names)})")
    return 0


def _mailbox(args: argparse.Namespace) -> int:
    """What moto's SES has sent (the local stack only): recipient, subject, then the text."""
    import email
    from email import policy

    from chalicelib.store import mail

    messages = mail.local_sent_messages()
    for sent in messages:
        parsed = email.message_from_string(sent["raw"] or "", policy=policy.default)
        print(f"--- to {parsed['To']}: {parsed['Subject']}")
        print(f"List-Unsubscribe: {parsed['List-Unsubscribe']}")
        if args.full:
            print(parsed.get_content())
    print(f"{len(messages)} message(s)")
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
    seconds = args.link_seconds or config.current().report_link_seconds
    print(f"report bundle: s3://{bucket}/{report_store.run_prefix(args.cid, run_id)}")
    for entry in manifest["files"]:
        url = report_store.download_url(args.cid, run_id, entry["name"], seconds=seconds)
        print(f"  {entry['name']:<18} {entry['size']:>10,} bytes  {url}")
    counts = manifest["counts"]
    print(
        f"{counts['published']} published submissions; campaigns found: {counts['campaigns']}; "
        f"unique comments: {counts['unique_comments']}. The links are valid for "
        f"{_duration(seconds)}."
    )
    return 0


def _verify_counts(args: argparse.Namespace) -> int:
    """Exit 0 when the counters match the items (or were repaired), 1 when they do not."""
    from chalicelib.services import counts

    if args.repair:
        found, now = counts.repair(_operator(), args.cid)
    else:
        found = now = counts.verify(args.cid)
    for mismatch in found.mismatches:
        print(f"  {mismatch.key}: counters {mismatch.counters}, items {mismatch.items}")
    if found.ok:
        print(f"counts of '{args.cid}' match its submissions")
        return 0
    if args.repair and now.ok:
        print(f"repaired {len(found.mismatches)} counts of '{args.cid}' (audited)")
        return 0
    print(
        f"{len(now.mismatches)} counts of '{args.cid}' differ from its submissions"
        + ("" if args.repair else "; --repair fixes them"),
    )
    return 1


def _duration(seconds: int) -> str:
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} hour{'s' if hours != 1 else ''}"
    if seconds % 60 == 0:
        minutes = seconds // 60
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds} seconds"


def _link_seconds(raw: str) -> int:
    try:
        seconds = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of seconds, got {raw!r}"
        ) from None
    if not LINK_SECONDS_MIN <= seconds <= LINK_SECONDS_MAX:
        raise argparse.ArgumentTypeError(
            f"must be from {LINK_SECONDS_MIN} to {LINK_SECONDS_MAX:,} seconds (7 days), "
            f"got {seconds}"
        )
    return seconds


class CliError(Exception):
    """A problem the CLI reports in one line (exit code 2)."""


class NoLocalStack(CliError):
    def __init__(self, port: int) -> None:
        super().__init__(f"no local stack on {HOST}:{port}: start it with make run")


LINK_SECONDS_MIN, LINK_SECONDS_MAX = 30, 7 * 86400  # S3 presigned links last 7 days at most
HOST = "127.0.0.1"


def _use_local_stack() -> int:
    """Point AWS calls at the running local stack; its AWS port."""
    from chalicelib.local import stack_file
    from chalicelib.local.runtime import Ports, local_environment

    try:
        ports = Ports(**stack_file.resolve())
    except stack_file.StackFileError as error:
        raise CliError(str(error)) from None
    if not stack_file.answers(ports.aws):
        raise NoLocalStack(ports.aws)
    os.environ.update(local_environment(ports))
    return ports.aws


def _one_line(text: object, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _causes(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = getattr(current, "cause", None) or current.__cause__ or current.__context__
    return chain


def _unreachable(error: BaseException) -> bool:
    from botocore.exceptions import EndpointConnectionError

    return any(isinstance(e, EndpointConnectionError | ConnectionError) for e in _causes(error))


def _report(error: Exception, local_port: int | None) -> int:
    """One line on stderr for any error; the exit code."""
    from chalicelib.domain.errors import DomainError, InvalidInput

    if isinstance(error, InvalidInput):
        for problem in error.problems:  # one line each
            where = f" ({problem.field})" if problem.field else ""
            print(f"error{where}: {_one_line(problem.message)}", file=sys.stderr)
        return 2
    if isinstance(error, DomainError):
        where = f" ({error.field})" if error.field else ""
        print(f"error{where}: {_one_line(error.message)}", file=sys.stderr)
        return 2
    if isinstance(error, CliError):
        print(f"error: {_one_line(error)}", file=sys.stderr)
        return 2
    if _unreachable(error):
        if local_port is not None:
            print(f"error: {NoLocalStack(local_port)}", file=sys.stderr)
            return 2
        endpoint = os.environ.get("AWS_ENDPOINT_URL") or "AWS"
        print(f"error: cannot reach {endpoint}: check the network and region", file=sys.stderr)
        return 1
    print(f"error: {type(error).__name__}: {_one_line(error)}", file=sys.stderr)
    return 1


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
    option.add_argument(
        "--dry-run", action="store_true", help="check and describe the option; store nothing"
    )
    option.set_defaults(run=_add_option)

    status = commands.add_parser("status", help="open or close a consultation")
    status.add_argument("cid")
    status.add_argument("status", choices=["open", "closed", "outcome"])
    status.set_defaults(run=_status)

    consolidate = commands.add_parser("consolidate", help="build and publish a report now")
    consolidate.add_argument("cid")
    consolidate.add_argument(
        "--link-seconds",
        type=_link_seconds,
        default=None,
        help="how long the download links stay valid (default: SAYSO_REPORT_LINK_SECONDS, 300)",
    )
    consolidate.set_defaults(run=_consolidate)

    verify = commands.add_parser(
        "verify-counts", help="recount a consultation's submissions and compare the counters"
    )
    verify.add_argument("cid")
    verify.add_argument("--repair", action="store_true", help="fix what differs (audited)")
    verify.set_defaults(run=_verify_counts)

    notify = commands.add_parser(
        "notify", help="send the outcome emails again (publishing sends them; each address once)"
    )
    notify.add_argument("cid")
    notify.add_argument("--sender", help="the verified SES sender (--local: a local one)")
    notify.add_argument("--site-url", help="the public pages' address (for the answers' page)")
    notify.add_argument("--api-url", help="the public API's address (for the forget link)")
    notify.add_argument(
        "--configuration-set", help="the stack's MailConfigurationSet output (bounces, complaints)"
    )
    notify.set_defaults(run=_notify)

    mailbox = commands.add_parser("mailbox", help="the messages the local SES has sent")
    mailbox.add_argument("--full", action="store_true", help="with each message's text")
    mailbox.set_defaults(run=_mailbox)

    bundle = commands.add_parser("open-data", help="write the open-data bundle to the site bucket")
    bundle.add_argument("cid")
    bundle.set_defaults(run=_open_data)

    args = parser.parse_args(argv)
    local_port = None
    try:
        if args.local and args.run is not _staff_token:
            local_port = _use_local_stack()
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # every error is one line, never a traceback
        return _report(error, local_port)


if __name__ == "__main__":
    sys.exit(main())
