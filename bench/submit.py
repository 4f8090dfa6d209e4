"""Submit: a comment POSTed through the app, against a bare pynamodb `save()` of an equal item.

    .venv/bin/python bench/submit.py [--runs 300] [--keep]

A benchmark, not a test: run it on a quiet machine and record the figures in docs/benchmarks.md.
In one process under moto's mock_aws (as tests/api do, demo consultation seeded) it interleaves
(a) POST /consultations/demo/submissions through chalice's test client and (b) a bare
`SubmissionRecord.save()` of the same item, built the way the store builds it. Only `save()` is
timed for (b), so the baseline is as small as it can fairly be.
Target: median(POST) / median(save) <= 2.

Each path's time inside its DynamoDB call (botocore's before-call to after-call: signing, moto's
work, response parsing) is also measured, so the app's own work per POST is the rest. Both items
are deleted (untimed) after each pair: moto's TransactWriteItems deep-copies every table it
touches for rollback, so with a growing table the POST would time moto, not the app, and the
ratio would depend on --runs. `--keep` keeps them, to see that effect.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# The environment tests use (tests/conftest.py), set before anything imports chalicelib: fake
# credentials, no endpoint (moto intercepts botocore), and an hourly allowance this run can't hit.
for _name in [n for n in os.environ if n.startswith(("AWS_", "SAYSO_"))]:
    del os.environ[_name]
os.environ.update(
    {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "SAYSO_STAGE": "test",
        "POWERTOOLS_METRICS_NAMESPACE": "sayso-test",
        "SAYSO_SUBMISSIONS_PER_HOUR": "1000000",
    }
)
sys.path.insert(0, str(ROOT))

WARMUP = 20
PATH = "/consultations/demo/submissions"
TEXT = (
    "The central platform at Balmoral looks too narrow for the crowds we get after school and on "
    "Saturdays at the shops. Please widen it to at least four metres, add shelter along its whole "
    "length and put a signalised crossing at each end, so people with prams and wheelchairs are "
    "not squeezed between the tracks."
)
BODY = {
    "option_id": "a",
    "kind": "comment",
    "element_id": "balmoral-platform",
    "text": TEXT,
    "stance": "support",
}


class DynamoDBCalls:
    """The DynamoDB operations made since `reset()`, and the time spent inside them (botocore
    event hooks, as tests/api/conftest.py counts them)."""

    def __init__(self, clients: list[Any]) -> None:
        self.clients = clients
        self.names: list[str] = []
        self.ms = 0.0
        self._started = 0.0

    def _before(self, model: Any, **_: Any) -> None:
        self.names.append(model.name)
        self._started = time.perf_counter()

    def _after(self, **_: Any) -> None:
        self.ms += (time.perf_counter() - self._started) * 1000

    def reset(self) -> None:
        self.names, self.ms = [], 0.0

    def __enter__(self) -> DynamoDBCalls:
        for client in self.clients:
            client.meta.events.register("before-call.dynamodb.*", self._before)
            client.meta.events.register("after-call.dynamodb.*", self._after)
        return self

    def __exit__(self, *_: Any) -> None:
        for client in self.clients:
            client.meta.events.unregister("before-call.dynamodb.*", self._before)
            client.meta.events.unregister("after-call.dynamodb.*", self._after)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _row(label: str, values: list[float]) -> str:
    return (
        f"{label:<28}median {statistics.median(values):6.2f} ms  "
        f"p90 {_percentile(values, 0.9):6.2f} ms  (min {min(values):.2f})"
    )


def main() -> None:
    import json

    from chalice.test import Client
    from moto import mock_aws

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300, help="timed iterations of each (>= 50)")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep every item written (by default each pair is deleted, untimed, after timing)",
    )
    args = parser.parse_args()
    runs = max(args.runs, 50)

    with mock_aws():
        from chalicelib import config
        from chalicelib.domain.ids import new_ulid
        from chalicelib.domain.submission import Submission
        from chalicelib.domain.tokens import edit_token_for, hash_edit_token
        from chalicelib.local.demo import seed_demo
        from chalicelib.observability import logger
        from chalicelib.services.submissions import now_ms
        from chalicelib.store.connection import dynamodb_clients
        from chalicelib.store.models import SubmissionRecord
        from chalicelib.store.setup import ensure_buckets, ensure_tables
        from chalicelib.store.submissions import _record

        ensure_tables()
        ensure_buckets()
        seed_demo()
        from app import app

        # The request log line is still formatted and written, as in Lambda, but not to the
        # terminal.
        devnull = open(os.devnull, "w")  # noqa: SIM115 - open for the whole run
        logger.registered_handler.setStream(devnull)  # type: ignore[attr-defined]

        shards = config.current().submission_shards
        body = json.dumps(BODY)
        headers = {"Content-Type": "application/json"}
        calls = DynamoDBCalls(dynamodb_clients())

        def post(client: Client) -> tuple[float, float, SubmissionRecord]:
            calls.reset()
            started = time.perf_counter()
            response = client.http.post(PATH, headers=headers, body=body)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 201, (response.status_code, response.body)
            stored = SubmissionRecord(f"demo#{response.json_body['id']}", "submission")
            return elapsed, calls.ms, stored

        def bare_record() -> SubmissionRecord:
            # What the POST stores: same attributes, fresh id, edit hash and time.
            now = now_ms()
            submission_id = new_ulid(int(now.timestamp() * 1000))
            submission = Submission(
                id=submission_id,
                consultation_id="demo",
                option_id=BODY["option_id"],
                kind="comment",
                text=TEXT,
                element_id=BODY["element_id"],
                point=None,
                stance="support",
                status="published",
                created_at=now,
                edit_hash=hash_edit_token(edit_token_for(b"bench", submission_id)),
            )
            return _record(submission, shards)

        def save() -> tuple[float, float, SubmissionRecord]:
            record = bare_record()
            calls.reset()
            started = time.perf_counter()
            record.save()
            elapsed = (time.perf_counter() - started) * 1000
            return elapsed, calls.ms, record

        def delete(*records: SubmissionRecord) -> None:
            if not args.keep:  # untimed: the table stays at its seeded size
                for record in records:
                    record.delete()

        with Client(app) as client, calls:
            for _ in range(WARMUP):
                post_result, save_result = post(client), save()
                delete(post_result[2], save_result[2])

            # Equal items: the attributes the POST stored are the ones the bare save writes.
            *_, posted = post(client)
            post_calls = list(calls.names)
            *_, saved = save()
            save_calls = list(calls.names)
            posted.refresh()
            assert set(posted.serialize()) == set(saved.serialize())
            delete(posted, saved)

            post_ms, post_call_ms, save_ms, save_call_ms = [], [], [], []
            for _ in range(runs):  # interleaved, so machine noise hits both alike
                post_elapsed, post_in_call, posted = post(client)
                save_elapsed, save_in_call, saved = save()
                delete(posted, saved)
                post_ms.append(post_elapsed)
                post_call_ms.append(post_in_call)
                save_ms.append(save_elapsed)
                save_call_ms.append(save_in_call)
        devnull.close()

    app_ms = [total - in_call for total, in_call in zip(post_ms, post_call_ms, strict=True)]
    save_median = statistics.median(save_ms)
    table = "growing with every run" if args.keep else "items deleted after each pair, untimed"
    print(f"runs of each                {runs}  (after {WARMUP} warm-ups each, interleaved)")
    print(f"table                       {table}")
    print(_row("POST comment (app)", post_ms))
    print(_row("  in DynamoDB call", post_call_ms) + f"  {', '.join(post_calls)}")
    print(_row("  app's own work", app_ms))
    print(_row("bare pynamodb save()", save_ms))
    print(_row("  in DynamoDB call", save_call_ms) + f"  {', '.join(save_calls)}")
    print(
        f"ratio POST / save           {statistics.median(post_ms) / save_median:.2f}x"
        "  (target <= 2x)"
    )
    print(f"app's own work / save       {statistics.median(app_ms) / save_median:.2f}x")
    print(
        f"DynamoDB calls              POST {len(post_calls)}, save {len(save_calls)}\n"
        "Both paths go through moto in this process, so the ratio measures the app's own overhead\n"
        "(routing, body validation, the transaction with its rate-limit guard, logging), not\n"
        "network latency; but moto's TransactWriteItems costs more than its\n"
        "PutItem (it deep-copies each table it touches), which the 'in DynamoDB call' rows show."
    )


if __name__ == "__main__":
    main()
