"""Every listing answer stays below Lambda's 6 MB response limit, at its maximum `limit`, with
the largest alternatives and texts the API takes (issue 20, item 7).

Attack: 15 alternatives of ~240 KB made `?limit=20` answer 3.77 MB; at `limit=100` the answer
would pass 6 MB and fail in AWS. Listings now carry a bounded diff (`complete: false` when cut;
the whole one is at GET …/submissions/{sid}), and a page stops early (with its `next_cursor`)
before its answer could reach the limit.

Size is measured as Lambda counts it: the answer as API Gateway's proxy integration gets it, a
JSON envelope with the body as a JSON string (escaped again; the Python 3.11 runtime escapes
every non-ASCII character), so a worst-case text (emoji and quotes) is counted at its worst.
"""

from __future__ import annotations

import json

import pytest

LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024
WORST_TEXT = ('"\\😀' * 1667)[:5000]  # each character costs the most once escaped twice
COUNT = 100  # PAGE_LIMIT_MAX


def _largest_alternative(api) -> dict:
    """Option b's map with a new line of as many vertices as an alternative's body allows."""
    from chalicelib import config

    plan = api.get("/consultations/demo/options/b").json_body["plan"]
    limit = config.current().max_alternative_body_bytes
    vertex = [174.7654321, -36.8765432]
    body = {"option_id": "b", "kind": "alternative", "text": WORST_TEXT, "plan": plan}
    line = {"type": "Feature", "id": "long-line", "properties": {"name": "x" * 200},
            "geometry": {"type": "LineString", "coordinates": [vertex, vertex]}}  # fmt: skip
    plan["features"].append(line)
    spare = limit - len(json.dumps(body).encode()) - 64
    line["geometry"]["coordinates"] += [vertex] * (spare // len(json.dumps(vertex) + ", "))
    assert len(json.dumps(body).encode()) <= limit
    return body


def _lambda_envelope_bytes(answer) -> int:
    body = answer.body.decode()
    envelope = {"statusCode": answer.status_code, "headers": dict(answer.headers), "body": body}
    return len(json.dumps(envelope, ensure_ascii=True).encode())


@pytest.fixture
def largest_listing(api):
    from chalicelib.services import submissions

    body = _largest_alternative(api)
    first = api.post("/consultations/demo/submissions", body)
    assert first.status_code == 201, first.json_body
    for _ in range(COUNT - 1):
        submissions.submit("demo", **{k: v for k, v in body.items() if k != "option_id"},
                           option_id="b")  # fmt: skip


def test_a_listing_at_its_maximum_limit_stays_below_lambdas_response_limit(api, largest_listing):
    seen, cursor = 0, ""
    while True:
        answer = api.get(f"/consultations/demo/submissions?option=b&limit={COUNT}{cursor}")
        assert answer.status_code == 200
        size = _lambda_envelope_bytes(answer)
        assert size < LAMBDA_RESPONSE_LIMIT, f"{size:,} bytes"
        page = answer.json_body
        assert page["items"], "a page makes progress"
        seen += len(page["items"])
        if page["next_cursor"] is None:
            break
        cursor = f"&cursor={page['next_cursor']}"
    assert seen == COUNT


def test_a_listing_carries_a_bounded_diff_and_the_submission_its_whole_diff(api, largest_listing):
    from chalicelib.api.views import LISTING_DIFF_MAX_BYTES

    item = api.get("/consultations/demo/submissions?option=b&limit=1").json_body["items"][0]
    assert len(json.dumps(item["diff"]).encode()) <= LISTING_DIFF_MAX_BYTES
    assert item["diff"]["complete"] is False
    assert item["diff"]["summary"]
    whole = api.get(f"/consultations/demo/submissions/{item['id']}").json_body["diff"]
    assert whole["complete"] is True
    assert len(whole["added"][0]["geometry"]["coordinates"]) > 1000
