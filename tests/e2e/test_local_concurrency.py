"""The live local stack under concurrent requests counts exactly as DynamoDB would
(chalicelib/local/atomic_dynamodb.py), and takes a burst of 200 clients at once.

One stack of its own on free ports, with hourly allowances this test cannot reach (every local
request comes from 127.0.0.1).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from typing import Any

import pytest

from chalicelib.local.launcher import Stack, running_stack
from chalicelib.local.staff_keys import mint
from tests.e2e.stack import call

UNLIMITED = {
    "SAYSO_SUBMISSIONS_PER_HOUR": "1000000",
    "SAYSO_ENDORSEMENTS_PER_HOUR": "1000000",
    "SAYSO_RESIDENT_TOKENS_PER_HOUR": "1000000",
    "SAYSO_ENDORSEMENTS_PER_ITEM_PER_HOUR": "1000000",
    "SAYSO_FLAGS_PER_HOUR": "1000000",
}


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    with running_stack(UNLIMITED) as started:
        yield started


def _at_once(work: Callable[[Any], Any], inputs: list[Any]) -> list[Any]:
    """Run work(input) for every input on its own thread, all released together."""
    start = threading.Barrier(len(inputs))

    def run(value: Any) -> Any:
        start.wait()
        return work(value)

    with ThreadPoolExecutor(len(inputs)) as pool:
        return list(pool.map(run, inputs))


def _comment(api: str, text: str) -> str:
    status, created = call(
        "POST",
        f"{api}/consultations/demo/submissions",
        {"option_id": "a", "kind": "comment", "text": text},
    )
    assert status == 201, created
    return created["id"]


def _residents(api: str, n: int) -> list[str]:
    return [call("POST", f"{api}/residents")[1]["token"] for _ in range(n)]


def _endorsements(api: str, sid: str) -> int:
    status, submission = call("GET", f"{api}/consultations/demo/submissions/{sid}")
    assert status == 200, submission
    return submission["endorsements"]


def test_concurrent_requests_each_get_their_own_headers_and_path(stack):
    """chalice keeps the current request on the app: each request thread needs its own."""
    sids = [_comment(stack.api, f"Submission {n} to read back.") for n in range(20)]
    staff = {"Authorization": f"Bearer {mint(['moderator'], subject='concurrency-test')}"}
    queue = f"{stack.api}/staff/consultations/demo/moderation?queue=flagged"

    def read(sid: str | None) -> str:
        if sid is None:  # a staff request, next to public ones without the header
            status, _ = call("GET", queue, headers=staff)
            return f"staff {status}"
        status, answer = call("GET", f"{stack.api}/consultations/demo/submissions/{sid}")
        return answer.get("id") if status == 200 else f"{status}"

    mixed: list[str | None] = [s for sid in sids for s in (sid, None)] * 2
    expected = [sid if sid else "staff 200" for sid in mixed]
    assert _at_once(read, mixed) == expected


def test_fifty_residents_endorsing_twice_at_once_count_fifty(stack):
    sid = _comment(stack.api, "Fifty residents agree with this.")
    tokens = _residents(stack.api, 50)
    url = f"{stack.api}/consultations/demo/submissions/{sid}/endorsements"

    answers = _at_once(lambda t: call("POST", url, headers={"X-Resident-Token": t}), tokens * 2)

    assert Counter(status for status, _ in answers) == {201: 50, 200: 50}
    assert _endorsements(stack.api, sid) == 50


def test_one_resident_endorsing_twenty_times_at_once_counts_once(stack):
    sid = _comment(stack.api, "One resident, many clicks.")
    token = _residents(stack.api, 1)[0]
    url = f"{stack.api}/consultations/demo/submissions/{sid}/endorsements"

    answers = _at_once(lambda _: call("POST", url, headers={"X-Resident-Token": token}), [0] * 20)
    assert Counter(status for status, _ in answers) == {201: 1, 200: 19}
    assert _endorsements(stack.api, sid) == 1

    taken_back = _at_once(
        lambda _: call("DELETE", url, headers={"X-Resident-Token": token}), [0] * 20
    )
    assert sum(answer["changed"] for _, answer in taken_back) == 1
    assert _endorsements(stack.api, sid) == 0


def test_concurrent_comments_and_flags_hold_once_and_keep_the_counters_exact(stack):
    sids = _at_once(lambda n: _comment(stack.api, f"Comment {n} of a burst."), list(range(40)))
    assert len(set(sids)) == 40
    target = sids[0]
    flaggers = _residents(stack.api, 6)
    url = f"{stack.api}/consultations/demo/submissions/{target}/flags"
    sources = {token: f"127.0.2.{n + 1}" for n, token in enumerate(flaggers)}
    flagged = _at_once(
        lambda t: call(
            "POST", url, {"reason": "spam"}, headers={"X-Resident-Token": t}, source=sources[t]
        ),
        flaggers * 2,
    )
    # SAYSO_FLAGS_TO_HOLD (3) flags from 3 sources hold it for a moderator; later ones find it
    # not public.
    assert sum(answer.get("changed", False) for _, answer in flagged) == 3
    assert {status for status, _ in flagged} <= {200, 201, 404}
    assert call("GET", f"{stack.api}/consultations/demo/submissions/{target}")[0] == 404

    checked = stack.cli("verify-counts", "demo")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "match" in checked.stdout


def test_two_hundred_clients_at_once_are_all_answered(stack):
    port = stack.ports["SAYSO_API_PORT"]

    def fetch(_: int) -> int | str:
        connection = HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request("GET", "/health")  # the burst, not the app's work, is on test
            response = connection.getresponse()
            response.read()
            return response.status
        except OSError as error:  # a reset or refused connection is what must not happen
            return type(error).__name__
        finally:
            connection.close()

    assert Counter(_at_once(fetch, list(range(200)))) == {200: 200}


def test_a_launched_stack_records_its_ports_in_its_own_file(stack):
    from chalicelib.local import stack_file

    assert stack_file.read(stack.stack_file)["api"] == stack.ports["SAYSO_API_PORT"]
    assert stack_file.read().get("api") != stack.ports["SAYSO_API_PORT"]  # .local/stack.json


def test_the_api_server_keeps_each_threads_request_apart():
    """Deterministically, what the burst above may or may not catch: chalice stores the current
    request on the app, so the local server must make it per thread, as `chalice local` does."""
    from chalicelib.local import api_server
    from chalicelib.local.launcher import free_port

    server = api_server.create("127.0.0.1", free_port(), "local")
    try:
        app = server.app_object
        app.current_request = "this thread's"
        other = threading.Thread(target=setattr, args=(app, "current_request", "another's"))
        other.start()
        other.join()
        assert app.current_request == "this thread's"
    finally:
        server.server.server_close()
