"""Every request path uses keyed reads (GetItem/BatchGetItem/Query) and never Scan.

Counted with a botocore event hook on the clients the store uses.
"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("method", "path", "max_calls"),
    [
        ("GET", "/consultations/demo", 2),  # C1 + the counters (one BatchGetItem)
        ("GET", "/consultations/nowhere", 1),
        ("GET", "/consultations/demo/options/a", 2),  # C2 + the counters (one BatchGetItem)
        ("POST", "/consultations/demo/submissions", 2),
        ("GET", "/consultations/demo/submissions", 1 + 8),
        ("GET", "/consultations/demo/submissions?option=a", 1 + 8),
        ("GET", "/consultations/demo/submissions?option=a&element=west-trees", 1 + 8),
        ("GET", "/consultations/demo/submissions/{sid}", 1),
    ],
)
def test_requests_never_scan(api, dynamodb_calls, method, path, max_calls):
    sid = api.comment(element_id="west-trees").json_body["id"]
    dynamodb_calls.clear()
    response = api.comment() if method == "POST" else api.get(path.format(sid=sid))
    assert response.status_code < 500
    assert dynamodb_calls, "the hook saw no DynamoDB call: it is not wired to the store's client"
    assert "Scan" not in dynamodb_calls
    assert len(dynamodb_calls) <= max_calls, dynamodb_calls
