"""The report job under faults: S3 PutObject failing on the k-th file, Query throttled
mid-stream. A broken run publishes no manifest (the staff listing shows nothing new), and the
next run publishes a bundle byte-identical to an undisturbed run on the same data."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support.reports import FILES, post_some, run_tags, stored_objects


@pytest.fixture(autouse=True)
def fresh_s3_client():
    from chalicelib.store import reports

    reports.forget_client()
    yield
    reports.forget_client()


def _files(run_id: str) -> dict[str, bytes]:
    stored = stored_objects()
    return {name: stored[f"reports/demo/{run_id}/{name}"] for name in FILES}


def _manifests() -> set[str]:
    return {key for key in stored_objects() if key.endswith("/manifest.json")}


def test_a_broken_run_publishes_nothing_and_the_next_run_is_identical(api: Any, injector: Any):
    from chalicelib.services import reports
    from chalicelib.store.faults import transient_code

    post_some(api)
    injector.arm()
    undisturbed = reports.consolidate("demo")
    calls = injector.disarm()
    reference = _files(undisturbed["run_id"])
    puts, queries = calls.count("PutObject"), calls.count("Query")
    assert puts == len(FILES) + 1  # the files, then the manifest last
    assert queries >= 2

    # the first file, one in the middle, the manifest itself; the first and the last Query
    breaks = [("PutObject", 1), ("PutObject", puts // 2), ("PutObject", puts)]
    breaks += [("Query", 1), ("Query", queries)]
    for n, (operation, k) in enumerate(breaks):
        published = _manifests()
        fault = ("throttled", "aws-500", "no-connection")[n % 3]
        injector.arm(fail_at=k, fault=fault, operation=operation)
        with pytest.raises(Exception) as failure:
            reports.consolidate("demo")
        injector.disarm()
        assert transient_code(failure.value), failure.value  # what the API answers 503 for
        assert _manifests() == published, f"{operation} #{k} failing published a manifest"

    # the broken runs' files keep their tag, so the lifecycle rule expires them; only the
    # published run's files are retagged
    published_run = f"reports/demo/{undisturbed['run_id']}/"
    for key, tag in run_tags().items():
        if key.startswith(published_run):
            assert tag == (None if key.endswith("/manifest.json") else "published"), key
        else:
            assert tag == "unpublished", key

    after = reports.consolidate("demo")
    assert _files(after["run_id"]) == reference
    assert after["files"] == undisturbed["files"]
    summary = json.loads(reference["summary.json"])
    assert summary["counts_check"] == {"ok": True, "mismatches": []}


def test_a_throttled_report_request_answers_503(api: Any, injector: Any, staff_keys: Any):
    from tests.support.staff_api import call, mint

    post_some(api)
    injector.arm(fail_at=2, fault="throttled", operation="PutObject")
    answer = call(api, "POST", "/staff/consultations/demo/reports", mint(staff_keys, "analyst"))
    injector.disarm()
    assert answer.status_code == 503
    assert answer.json_body["error"]["code"] == "unavailable"
    assert _manifests() == set()
