"""`make load`: a bounded load test of the local stack, then checks that nothing acknowledged was
lost and every count is exact.

    .venv/bin/python -m bench.load.run [--users 20] [--spawn-rate 10] [--run-time 30]
                                       [--max-requests 4000]

It starts a local stack of its own on free loopback ports (the hourly allowances raised: every
local request comes from 127.0.0.1), so no `make run` is needed and a running one is left alone;
runs Locust headless against it (bench/load/locustfile.py: residents reading, commenting,
endorsing, flagging; one moderator) for the fixed number of users, spawn rate, run time and
request cap, whichever ends first; prints throughput and latency percentiles; then checks every
acknowledged submission is stored (read with its edit token, whatever its moderation state),
every endorsement counted once (the count each submission holds against the answers residents
got), and that the counters reconcile (`verify-counts`). Exit 0 when every check holds, 1 when
one fails, 2 when the run itself could not happen.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from bench.load.checks import Findings, check
from bench.load.ledger import Ledger
from chalicelib.local.launcher import PROJECT_ROOT, Stack, running_stack

UNLIMITED = {
    "SAYSO_SUBMISSIONS_PER_HOUR": "1000000",
    "SAYSO_ENDORSEMENTS_PER_HOUR": "1000000",
    "SAYSO_RESIDENT_TOKENS_PER_HOUR": "1000000",
}
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20, help="simulated clients (one moderator)")
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    parser.add_argument("--run-time", type=int, default=30, help="seconds, at most")
    parser.add_argument("--max-requests", type=int, default=4000, help="requests, at most")
    return parser.parse_args(argv)


def _locust(stack: Stack, args: argparse.Namespace, work: Path) -> int:
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        stack.api,
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{args.run_time}s",
        "--stop-timeout",
        "10",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",  # failed requests are in the figures; the checks decide the exit code
    ]
    env = {
        **stack.cli_environment(),
        "PYTHONPATH": str(PROJECT_ROOT),
        "SAYSO_LOAD_LEDGER": str(work / "ledger.json"),
        "SAYSO_LOAD_MAX_REQUESTS": str(args.max_requests),
    }
    return subprocess.run(
        command, cwd=PROJECT_ROOT, env=env, timeout=args.run_time + 120
    ).returncode


def _report(work: Path) -> None:
    figures = json.loads((work / "figures.json").read_text())
    print(
        f"\n{'request':<22}{'count':>7}{'failed':>7}{'req/s':>7}{'p50':>7}{'p95':>7}{'p99':>7} ms"
    )
    for name, row in figures.items():
        print(
            f"{name:<22}{row['count']:>7}{row['failures']:>7}{row['rps']:>7.1f}"
            f"{row['p50']:>7.0f}{row['p95']:>7.0f}{row['p99']:>7.0f}"
        )


def _stored(stack: Stack, sid: str, edit_token: str) -> int | None:
    request = urllib.request.Request(
        f"{stack.api}/consultations/demo/submissions/{sid}", headers={"X-Edit-Token": edit_token}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(json.loads(response.read())["endorsements"])
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


def _reconcile(stack: Stack) -> tuple[bool, str]:
    done = stack.cli("verify-counts", "demo")
    return done.returncode == 0, done.stdout + done.stderr


def _verdict(findings: Findings, ledger: Ledger) -> None:
    print(
        f"\nchecks: {findings.checked_submissions} acknowledged submissions read back, "
        f"{len(ledger.endorsements)} endorsement answers ({findings.unanswered} unanswered) "
        f"against the counts, {ledger.flags} flags and {ledger.moderated} moderation decisions "
        "acknowledged, counters reconciled by verify-counts"
    )
    for problem in findings.problems:
        print(f"  FAIL {problem}")
    print("all checks hold" if findings.ok else f"{len(findings.problems)} checks failed")


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    with (
        tempfile.TemporaryDirectory(prefix="sayso-load-") as folder,
        running_stack(UNLIMITED) as stack,
    ):
        work = Path(folder)
        print(
            f"local stack at {stack.api}; Locust: {args.users} users, {args.spawn_rate}/s, "
            f"at most {args.run_time} s and {args.max_requests} requests",
            flush=True,
        )
        if _locust(stack, args, work) != 0 or not (work / "ledger.json").exists():
            print("Locust did not finish its run", file=sys.stderr)
            return 2
        _report(work)
        ledger = Ledger.load(work / "ledger.json")
        findings = check(
            ledger, lambda sid, token: _stored(stack, sid, token), lambda: _reconcile(stack)
        )
        _verdict(findings, ledger)
        return 0 if findings.ok else 1


if __name__ == "__main__":
    sys.exit(main())
