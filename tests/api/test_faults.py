"""AWS failing mid-request, on every write path: the answer is a 503 (or a documented 4xx) and
nothing of the request is stored, or the request was done whole and answered 2xx; a retry then
does it exactly once.

Each scenario is first run undisturbed while its AWS calls are recorded; then, for every call
k of that sequence, the scenario runs again with the k-th call failing (throttled, over
provisioned throughput, AWS 500, a transaction cancelled by a throttle, or no connection), the
tables are compared with a scan before and after, and the request is retried.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.api.routes import OPERATIONS
from tests.support.faults import FAULTS, Injector, client_error
from tests.support.staff_api import mint


@pytest.fixture(autouse=True)
def _write_path_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages' re-rendering after a staff change (services/pages.py) comes after the write
    and never fails it (tests/api/test_prerendered_pages.py); left out here, the calls these
    scenarios fail one by one are the write path's."""
    from chalicelib.services import pages

    monkeypatch.setattr(pages, "publish_quietly", lambda cid: None)


# ---- what the tables hold ------------------------------------------------------------------


def _tables() -> list[str]:
    from chalicelib.store.models import TABLES, IdempotencyRecord

    return [m.Meta.table_name for m, _ in TABLES if m is not IdempotencyRecord]


def snapshot() -> dict[str, list[str]]:
    """Every item of every table but the idempotency records, as sorted JSON lines."""
    import boto3

    dynamodb = boto3.client("dynamodb", region_name="us-east-1")
    state = {}
    for table in _tables():
        items = []
        for page in dynamodb.get_paginator("scan").paginate(TableName=table):
            items += [json.dumps(item, sort_keys=True, default=str) for item in page["Items"]]
        state[table] = sorted(items)
    return state


_COUNTED = {"endorsements", "flags", "hits"}
# what writes change, the same on every run (ids and clocks are not)
_CONTENT = {"status", "text", "stance", "title", "summary", "outcome_decision", "action", "oid"}


def shape(state: dict[str, list[str]]) -> Counter[str]:
    """What a request changes, apart from ids and clocks: items per table, items per value
    of each content attribute, and every counter summed (sharded counters, endorsements,
    flags, guard hits)."""
    totals: Counter[str] = Counter()
    for table, items in state.items():
        for line in items:
            item = json.loads(line)
            counter_item = item.get("sk", {}).get("S") == "counts"
            if not counter_item and "hits" not in item:  # shards and windows: created on need
                totals[f"{table}:items"] += 1
            for name in _CONTENT & set(item):
                value = json.dumps(item[name], sort_keys=True)
                totals[f"{table}:{name}={value}"] += 1
            for name, value in item.items():
                if "N" in value and (counter_item and name not in ("cid", "sk")):
                    totals[f"counter:{name}"] += int(value["N"])
                elif "N" in value and name in _COUNTED:
                    totals[f"{table}:{name}"] += int(value["N"])
    return totals


def change(before: dict[str, list[str]], after: dict[str, list[str]]) -> dict[str, int]:
    was, now = shape(before), shape(after)
    return {k: now[k] - was[k] for k in sorted(set(was) | set(now)) if now[k] != was[k]}


# ---- the scenarios -------------------------------------------------------------------------


@dataclass
class Scenario:
    name: str
    operation_id: str
    # prepare(api, ctx) runs undisturbed and fills ctx; send(api, ctx, key) makes the request
    prepare: Callable[[Any, dict[str, Any]], None]
    send: Callable[[Any, dict[str, Any], str], Any]
    # items done one by one, each whole: a failure may leave the first j of them done
    items: int = 1


def _http(api: Any, method: str, path: str, body: Any = None, **headers: str) -> Any:
    all_headers = {"Content-Type": "application/json", **headers}
    data = None if body is None else json.dumps(body)
    return getattr(api.client.http, method.lower())(path, headers=all_headers, body=data)


def _resident(api: Any) -> str:
    return _http(api, "POST", "/residents", {}).json_body["token"]


def _posted(api: Any, ctx: dict[str, Any], **fields: Any) -> None:
    body = {"option_id": "a", "kind": "comment", "text": "Keep the trees.", **fields}
    answer = _http(api, "POST", "/consultations/demo/submissions", body).json_body
    ctx["sid"], ctx["edit"] = answer["id"], answer["edit_token"]


def _nothing(api: Any, ctx: dict[str, Any]) -> None:
    pass


def _submission_to(api: Any, ctx: dict[str, Any], *, flags: int = 0, endorsed: bool = False):
    _posted(api, ctx, stance="support")
    ctx["resident"] = _resident(api)
    path = f"/consultations/demo/submissions/{ctx['sid']}"
    for _ in range(flags):
        token = _resident(api)
        _http(api, "POST", f"{path}/flags", {"reason": "spam"}, **{"X-Resident-Token": token})
    if endorsed:
        _http(api, "POST", f"{path}/endorsements", None, **{"X-Resident-Token": ctx["resident"]})


def _submit(linked: bool = False, **fields: Any) -> Callable[[Any, dict[str, Any], str], Any]:
    def send(api: Any, ctx: dict[str, Any], key: str) -> Any:
        body = {"option_id": "a", "kind": "comment", "text": "Keep the trees.", **fields}
        if fields.get("kind") == "alternative":
            plan = ctx["plan"]
            body["plan"] = {**plan, "segments": plan["segments"][1:]}
        headers = {"Idempotency-Key": key}
        if linked:
            headers["X-Resident-Token"] = ctx["resident"]
        return _http(api, "POST", "/consultations/demo/submissions", body, **headers)

    return send


def _with_plan(api: Any, ctx: dict[str, Any]) -> None:
    ctx["plan"] = _http(api, "GET", "/consultations/demo/options/a").json_body["plan"]


def _on_submission(method: str, tail: str = "", body: Any = None, header: str = "edit"):
    def send(api: Any, ctx: dict[str, Any], key: str) -> Any:
        headers = {"Idempotency-Key": key}
        if header == "edit":
            headers["X-Edit-Token"] = ctx["edit"]
        else:
            headers["X-Resident-Token"] = ctx["resident"]
        path = f"/consultations/demo/submissions/{ctx['sid']}{tail}"
        return _http(api, method, path, body, **headers)

    return send


def _staff(role: str, method: str, path: str, body: Any = None):
    def send(api: Any, ctx: dict[str, Any], key: str) -> Any:
        token = mint(ctx["keys"], role)
        sent = body(ctx) if callable(body) else body
        return _http(api, method, path.format(**ctx), sent, Authorization=f"Bearer {token}")

    return send


def _two_posted(api: Any, ctx: dict[str, Any]) -> None:
    sids = []
    for text in ("Same letter, copy one.", "Same letter, copy two."):
        _posted(api, ctx, text=text)
        sids.append(ctx["sid"])
    ctx["sids"] = sids


def _batch_hide(api: Any, ctx: dict[str, Any], key: str) -> Any:
    token = mint(ctx["keys"], "moderator")
    body = {"ids": ctx["sids"], "action": "hide", "reason": "A campaign."}
    path = "/staff/consultations/demo/moderation/batch"
    return _http(
        api, "POST", path, body, Authorization=f"Bearer {token}", **{"Idempotency-Key": key}
    )


def _fresh_consultation(status: str = "draft", *, option: bool = True, outcome: bool = False):
    """A consultation of its own for each run (staff writes change it)."""

    def prepare(api: Any, ctx: dict[str, Any]) -> None:
        from chalicelib.domain.consultation import Outcome
        from chalicelib.local.demo import demo_consultation
        from chalicelib.store import consultations

        now = datetime.now(UTC)
        consultation, options = demo_consultation(now)
        ctx["cid"] = f"c-{uuid.uuid4().hex[:8]}"
        consultations.save(_replaced(consultation, id=ctx["cid"], status=status, created_at=now))
        for item in options if option else []:
            if outcome:
                item = _replaced(item, outcome=Outcome("adopted", {"en": "Built."}))
            consultations.save_option(ctx["cid"], item)

    return prepare


def _replaced(item: Any, **changes: Any) -> Any:
    from dataclasses import fields, replace

    names = {f.name for f in fields(item)}
    return replace(item, **{k: v for k, v in changes.items() if k in names})


NEW_OPTION = {
    "id": "z",
    "title": {"en": "Option Z"},
    "kind": "map",
    "geojson": {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "stop-1",
                "geometry": {"type": "Point", "coordinates": [174.75, -36.87]},
                "properties": {"name": "Stop 1"},
            }
        ],
    },
}
_CLOSES = (datetime.now(UTC) + timedelta(days=10)).isoformat()

SCENARIOS = [
    Scenario("comment-with-email", "createSubmission", _nothing, _submit(email="r@example.org")),
    Scenario("alternative", "createSubmission", _with_plan, _submit(kind="alternative")),
    Scenario(
        "comment-linked-to-its-resident",
        "createSubmission",
        lambda api, ctx: ctx.update(resident=_resident(api)),
        _submit(linked=True, email="r@example.org"),
    ),
    Scenario(
        "edit-text",
        "editSubmission",
        lambda api, ctx: _posted(api, ctx),
        _on_submission("PATCH", body={"text": "Keep all the trees."}),
    ),
    Scenario(
        "edit-stance",
        "editSubmission",
        lambda api, ctx: _posted(api, ctx, stance="support"),
        _on_submission("PATCH", body={"stance": "oppose"}),
    ),
    Scenario(
        "withdraw",
        "withdrawSubmission",
        lambda api, ctx: _posted(api, ctx, email="r@example.org"),
        _on_submission("DELETE"),
    ),
    Scenario(
        "endorse",
        "endorseSubmission",
        _submission_to,
        _on_submission("POST", "/endorsements", header="resident"),
    ),
    Scenario(
        "unendorse",
        "unendorseSubmission",
        lambda api, ctx: _submission_to(api, ctx, endorsed=True),
        _on_submission("DELETE", "/endorsements", header="resident"),
    ),
    Scenario(
        "flag",
        "flagSubmission",
        _submission_to,
        _on_submission("POST", "/flags", {"reason": "spam"}, header="resident"),
    ),
    Scenario(
        "flag-that-holds",
        "flagSubmission",
        lambda api, ctx: _submission_to(api, ctx, flags=2),
        _on_submission("POST", "/flags", {"reason": "abusive"}, header="resident"),
    ),
    Scenario(
        "moderate-hide",
        "staffModerate",
        lambda api, ctx: _posted(api, ctx),
        _staff(
            "moderator",
            "POST",
            "/staff/consultations/demo/submissions/{sid}/moderation",
            {"action": "hide", "reason": "Off topic."},
        ),
    ),
    Scenario("moderate-batch", "staffModerateBatch", _two_posted, _batch_hide, items=2),
    Scenario(
        "resident-token",
        "createResident",
        _nothing,
        lambda api, ctx, key: _http(api, "POST", "/residents", {}, **{"Idempotency-Key": key}),
    ),
    Scenario(
        "staff-create-consultation",
        "staffCreateConsultation",
        lambda api, ctx: ctx.update(new=f"n-{uuid.uuid4().hex[:8]}"),
        _staff("admin", "POST", "/staff/consultations", lambda ctx: _create_consultation_body(ctx)),
    ),
    Scenario(
        "staff-update-consultation",
        "staffUpdateConsultation",
        _fresh_consultation(),
        _staff("admin", "PUT", "/staff/consultations/{cid}", {"summary": {"en": "Changed."}}),
    ),
    Scenario(
        "staff-add-option",
        "staffAddOption",
        _fresh_consultation(),
        _staff("admin", "POST", "/staff/consultations/{cid}/options", NEW_OPTION),
    ),
    Scenario(
        "staff-replace-option",
        "staffReplaceOption",
        _fresh_consultation(),
        _staff(
            "admin",
            "PUT",
            "/staff/consultations/{cid}/options/b",
            {k: v for k, v in NEW_OPTION.items() if k != "id"},
        ),
    ),
    Scenario(
        "staff-set-outcome",
        "staffSetOutcome",
        _fresh_consultation("closed"),
        _staff(
            "admin",
            "PUT",
            "/staff/consultations/{cid}/options/a/outcome",
            {"decision": "deferred", "text": {"en": "Later."}},
        ),
    ),
    Scenario(
        "staff-outcome-status",
        "staffChangeStatus",
        _fresh_consultation("closed", outcome=True),
        _staff("admin", "POST", "/staff/consultations/{cid}/status", {"status": "outcome"}),
    ),
]


def _create_consultation_body(ctx: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": ctx["new"],
        "title": {"en": "New"},
        "summary": {"en": "New."},
        "moderation": "post",
        "closes_at": _CLOSES,
    }


def _send(scenario: Scenario, api: Any, ctx: dict[str, Any], key: str) -> Any:
    from chalicelib.store.consultations import forget_cached

    forget_cached()  # every run makes the same calls, cached or not
    return scenario.send(api, ctx, key)


def _documented(operation_id: str) -> set[int]:
    op = next(o for o in OPERATIONS if o.operation_id == operation_id)
    return set(op.errors) | {503}


def _runs(scenario: Scenario, api: Any, keys: Any) -> Iterator[dict[str, Any]]:
    while True:
        ctx: dict[str, Any] = {"keys": keys}
        scenario.prepare(api, ctx)
        yield ctx


def _whole_items(changed: dict[str, int], expected: dict[str, int], items: int) -> bool:
    """The change is that of j whole items out of `items` (every count j / items of all)."""
    keys = set(changed) | set(expected)
    return any(
        all(changed.get(k, 0) * items == expected.get(k, 0) * j for k in keys) for j in range(items)
    )


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_a_failing_aws_call_stores_all_or_nothing_and_the_retry_stores_once(
    scenario: Scenario, api: Any, injector: Injector, staff_keys: Any
):
    runs = _runs(scenario, api, staff_keys)
    # the undisturbed run: which calls it makes, what it changes
    ctx = next(runs)
    before = snapshot()
    injector.arm()
    answer = _send(scenario, api, ctx, str(uuid.uuid4()))
    calls = injector.disarm()
    assert answer.status_code < 300, answer.json_body
    expected = change(before, snapshot())
    assert expected, "the undisturbed request changed nothing"
    assert calls, "no AWS call to fail"

    names = list(FAULTS)
    for k, operation in enumerate(calls, start=1):
        fault = names[k % len(names)]
        ctx = next(runs)
        key = str(uuid.uuid4())
        before = snapshot()
        injector.arm(fail_at=k, fault=fault)
        answer = _send(scenario, api, ctx, key)
        injector.disarm()
        where = f"call {k} ({operation}) failing with {fault}"
        after_fault = snapshot()
        if answer.status_code >= 300:
            assert answer.status_code in _documented(scenario.operation_id), (where, answer.body)
            if scenario.items == 1:
                assert after_fault == before, f"{where}: {answer.status_code} but stored"
            else:
                assert _whole_items(change(before, after_fault), expected, scenario.items), where
            if answer.status_code == 503:
                assert answer.json_body["error"]["code"] == "unavailable"
                assert int(answer.headers["Retry-After"]) >= 1
            retried = _send(scenario, api, ctx, key)
            assert retried.status_code < 300, (where, retried.json_body)
        else:
            assert change(before, after_fault) == expected, where
            retried = _send(scenario, api, ctx, key)  # the same key: nothing more stored
            assert retried.status_code < 300 or retried.status_code == 409, where
        assert change(before, snapshot()) == expected, f"{where}, then retried"


@pytest.mark.parametrize("fault", list(FAULTS))
def test_every_fault_on_the_submission_write_answers_503_and_a_retry_stores_one(
    fault: str, api: Any, injector: Injector
):
    before = snapshot()
    body = {"option_id": "a", "kind": "comment", "text": "Keep the trees.", "email": "r@x.org"}
    key = str(uuid.uuid4())
    injector.arm()
    _http(api, "GET", "/consultations/demo")  # warm the consultation cache
    calls = injector.disarm()
    injector.arm(fail_at=1, fault=fault)
    answer = _http(api, "POST", "/consultations/demo/submissions", body, **{"Idempotency-Key": key})
    assert injector.disarm()[0] in ("PutItem", "TransactWriteItems", *calls)
    assert answer.status_code == 503, answer.json_body
    assert answer.json_body["error"]["code"] == "unavailable"
    assert answer.headers["Retry-After"] == "2"
    assert snapshot() == before
    first = _http(api, "POST", "/consultations/demo/submissions", body, **{"Idempotency-Key": key})
    again = _http(api, "POST", "/consultations/demo/submissions", body, **{"Idempotency-Key": key})
    assert first.status_code == again.status_code == 201
    assert first.json_body["id"] == again.json_body["id"]
    from chalicelib import config

    cfg = config.current()
    changed = change(before, snapshot())
    assert changed[f"{cfg.submissions_table}:items"] == 1
    assert changed[f"{cfg.contacts_table}:items"] == 1
    assert sum(v for k, v in changed.items() if k.startswith("counter:")) == 1


def test_every_aws_client_retries_in_standard_mode_with_bounded_attempts(aws: None):
    from chalicelib.store import reports, retry_policy
    from chalicelib.store.connection import dynamodb_clients
    from chalicelib.store.idempotency import persistence_layer

    clients = [*dynamodb_clients(), persistence_layer().client, reports._s3()]
    clients.append(retry_policy.client("lambda"))
    for client in clients:
        retries = client.meta.config.retries
        assert retries["mode"] == "standard"
        assert retries["total_max_attempts"] == retry_policy.ATTEMPTS


def test_a_bug_is_still_a_500_not_a_503(api: Any, injector: Injector):
    injector.arm(fail_at=1, fault=None)
    injector.fault = client_error("ValidationException", 400)
    answer = api.comment()
    injector.disarm()
    assert answer.status_code == 500
    assert answer.json_body["error"]["code"] == "internal_error"


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (client_error("ThrottlingException", 400)("Query"), True),
        (client_error("ProvisionedThroughputExceededException", 400)("PutItem"), True),
        (client_error("SlowDown", 503)("PutObject"), True),
        (client_error("ServiceUnavailable", 503)("Invoke"), True),
        (FAULTS["cancelled"]("TransactWriteItems"), True),
        (FAULTS["no-connection"]("GetItem"), True),
        (client_error("ValidationException", 400)("PutItem"), False),
        (client_error("ResourceNotFoundException", 400)("GetItem"), False),
        (
            client_error(
                "TransactionCanceledException",
                400,
                CancellationReasons=[{"Code": "ConditionalCheckFailed"}, {"Code": "None"}],
            )("TransactWriteItems"),
            False,
        ),
        (ValueError("a bug"), False),
    ],
)
def test_which_failures_are_worth_a_retry_later(error: Exception, transient: bool):
    from chalicelib.store.faults import transient_code

    try:  # wrapped the way pynamodb and boto3 wrap them
        try:
            raise error
        except Exception as inner:
            raise RuntimeError("wrapped") from inner
    except RuntimeError as wrapped:
        assert (transient_code(wrapped) is not None) is transient


# ---- an erasure: many items, each its own transaction ----------------------------------------


def _resident_with_everything(api: Any, ctx: dict[str, Any]) -> None:
    """A resident with two submissions (one with an email), an endorsement and a flag."""
    token = ctx["resident"] = _resident(api)
    ctx["mine"] = []
    for fields in ({"email": "r@example.org", "stance": "support"}, {"text": "And benches."}):
        body = {"option_id": "a", "kind": "comment", "text": "Keep the trees.", **fields}
        answer = _http(api, "POST", "/consultations/demo/submissions", body, **_as(token))
        ctx["mine"].append(answer.json_body["id"])
    _posted(api, ctx)
    path = f"/consultations/demo/submissions/{ctx['sid']}"
    assert _http(api, "POST", f"{path}/endorsements", None, **_as(token)).status_code == 201
    assert _http(api, "POST", f"{path}/flags", {"reason": "spam"}, **_as(token)).status_code == 201


def _as(token: str) -> dict[str, str]:
    return {"X-Resident-Token": token}


def _erased_items(ctx: dict[str, Any]) -> list[bool]:
    """Per item of the resident, whether it is erased; each is asserted whole either way."""
    from chalicelib.store.models import ContactRecord, ResidentMarkRecord, SubmissionRecord

    erased = []
    for sid in ctx["mine"]:
        item = SubmissionRecord.get(f"demo#{sid}", "submission", consistent_read=True)
        contact = ContactRecord.count(f"demo#{sid}", consistent_read=True)
        if item.status == "withdrawn":
            assert item.text == "" and item.res_pk is None and contact == 0, sid
        else:
            assert item.status == "published" and item.res_pk and item.text, sid
        erased.append(item.status == "withdrawn")
    other = SubmissionRecord.get(f"demo#{ctx['sid']}", "submission", consistent_read=True)
    for kind, count in (("endorsement", other.endorsements), ("flag", other.flags)):
        marks = ResidentMarkRecord.count(
            f"demo#{ctx['sid']}", ResidentMarkRecord.sk.startswith(f"{kind}#"), consistent_read=True
        )
        assert marks == count, (kind, marks, count)
        erased.append(marks == 0)
    assert len(other.flagged_by or ()) == other.flags
    return erased


def test_a_failing_aws_call_midway_through_an_erasure_leaves_each_item_whole_and_a_retry_finishes(
    api: Any, injector: Injector
):
    from chalicelib.services.counts import verify

    ctx: dict[str, Any] = {}
    _resident_with_everything(api, ctx)
    injector.arm()
    answer = _send_erasure(api, ctx, str(uuid.uuid4()))
    calls = injector.disarm()
    assert answer.status_code == 200, answer.json_body
    assert _erased_items(ctx) == [True] * 4
    documented = _documented("eraseMyData")
    names = list(FAULTS)
    for k, operation in enumerate(calls, start=1):
        fault = names[k % len(names)]
        where = f"call {k} ({operation}) failing with {fault}"
        ctx = {}
        _resident_with_everything(api, ctx)
        key = str(uuid.uuid4())
        injector.arm(fail_at=k, fault=fault)
        answer = _send_erasure(api, ctx, key)
        injector.disarm()
        assert answer.status_code == 200 or answer.status_code in documented, (where, answer.body)
        _erased_items(ctx)  # every item whole: as before or as after
        assert verify("demo").ok, where  # and the counters agree with the items
        retried = _send_erasure(api, ctx, key)
        if answer.status_code == 200:  # done; only recording its answer may have failed
            assert retried.status_code in (200, 409), (where, retried.json_body)
        else:
            assert retried.status_code == 200, (where, retried.json_body)
        assert _erased_items(ctx) == [True] * 4, where
        again = _send_erasure(api, ctx, str(uuid.uuid4())).json_body
        assert again == {"withdrawn": 0, "endorsements_removed": 0, "flags_removed": 0,
                         "done": True}, where  # fmt: skip
    assert verify("demo").ok


def _send_erasure(api: Any, ctx: dict[str, Any], key: str) -> Any:
    from chalicelib.store.consultations import forget_cached

    forget_cached()
    headers = {**_as(ctx["resident"]), "Idempotency-Key": key}
    return _http(api, "DELETE", "/consultations/demo/residents/me", None, **headers)
