"""A scripted tour of the whole API and the report job, in-process under moto, configured as
the stack configures the functions in AWS (token key from Secrets Manager, POST …/reports
invoking the report function), with every AWS call recorded by entry point
(tests/support/aws_calls.py). tests/infra/test_recorded_permissions.py compares the recording
with each function's synthesised IAM policy.

Every operation of the route table must answer a success at least once in the tour, so a new
route is not deployed with permissions nobody checked: add its step here.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.support import aws_calls

API = "api"
NIGHTLY = "nightly"
REPORT = "report"
REPORT_FUNCTION_NAME = "sayso-tour-report"
# The outcome emails' sender (on the demo stack's mail_sender domain) and configuration set
TOUR_SENDER = "outcomes@agency.example"
TOUR_CONFIGURATION_SET = "sayso-tour-mail"


# Every request as CloudFront sends it: the viewer's address and the edge secret, which the API
# reads from Secrets Manager to trust it (chalicelib/api/viewer.py).
TOUR_EDGE_SECRET = "tour-edge-secret"
THROUGH_THE_EDGE = {
    "X-Sayso-Edge": TOUR_EDGE_SECRET,
    "CloudFront-Viewer-Address": "203.0.113.9:443",
}


@dataclasses.dataclass
class Tour:
    """Requests through chalice's test client; remembers which operations answered 2xx."""

    http: Any
    staff_dir: Path
    answered: set[str] = dataclasses.field(default_factory=set)

    def staff(self, *roles: str) -> dict[str, str]:
        from chalicelib.local.staff_keys import mint

        return {"Authorization": f"Bearer {mint(list(roles), directory=self.staff_dir)}"}

    def call(
        self,
        operation_id: str,
        method: str,
        path: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        *,
        status: int | None = None,
    ) -> Any:
        """Send a request; it must succeed, or answer `status` if given."""
        sent = {"Content-Type": "application/json", **THROUGH_THE_EDGE, **(headers or {})}
        data = None if body is None else json.dumps(body)
        response = self.http.request(method, path, headers=sent, body=data)
        if status is not None:
            assert response.status_code == status, (operation_id, response.json_body)
            return response.json_body
        assert 200 <= response.status_code < 300, (operation_id, response.json_body)
        self.answered.add(operation_id)
        return response.json_body


def _resident_steps(tour: Tour) -> str:
    """Every public operation; returns the id of a public submission."""
    tour.call("health", "GET", "/health")
    tour.call("openapi", "GET", "/openapi.json")
    tour.call("getConsultation", "GET", "/consultations/demo")
    option = tour.call("getOption", "GET", "/consultations/demo/options/a")
    tour.call("downloadOptionStreetmix", "GET", "/consultations/demo/options/a/streetmix")
    once = {"Idempotency-Key": "tour-key-1"}
    resident = tour.call("createResident", "POST", "/residents", {}, once)
    assert tour.call("createResident", "POST", "/residents", {}, once) == resident  # a replay
    token = {"X-Resident-Token": resident["token"]}
    comment = {"option_id": "a", "kind": "comment", "text": "Keep the trees.", "stance": "support"}
    kept = tour.call(
        "createSubmission",
        "POST",
        "/consultations/demo/submissions",
        {**comment, "element_id": "west-trees", "email": "resident@example.org"},
        {"Idempotency-Key": "tour-key-2"},
    )
    pinned = tour.call(
        "createSubmission",
        "POST",
        "/consultations/demo/submissions",
        {**comment, "option_id": "b", "text": "A stop here.", "point": [174.7467, -36.8792]},
    )
    # a refused request with a key is not remembered (Powertools deletes its record)
    tour.call(
        "createSubmission",
        "POST",
        "/consultations/demo/submissions",
        {**comment, "text": ""},
        {"Idempotency-Key": "tour-key-4"},
        status=422,
    )
    for query in ("", "?sort=top", "?option=a", "?option=a&sort=top"):
        tour.call("listSubmissions", "GET", f"/consultations/demo/submissions{query}")
    for query in ("?option=a&element=west-trees", "?option=a&element=west-trees&sort=top"):
        tour.call("listSubmissions", "GET", f"/consultations/demo/submissions{query}")
    plan = option["plan"]
    wider = {**plan["segments"][0], "width": plan["segments"][0]["width"] + 0.1}
    alternative = tour.call(
        "createSubmission",
        "POST",
        "/consultations/demo/submissions",
        {
            "option_id": "a",
            "kind": "alternative",
            "text": "A wider footpath.",
            "plan": {**plan, "segments": [wider, *plan["segments"][1:]]},
        },
    )
    tour.call(
        "downloadSubmissionStreetmix",
        "GET",
        f"/consultations/demo/submissions/{alternative['id']}/streetmix",
    )
    path = f"/consultations/demo/submissions/{kept['id']}"
    edit = {"X-Edit-Token": kept["edit_token"]}
    tour.call("getSubmission", "GET", path, headers=edit)
    tour.call("editSubmission", "PATCH", path, {"text": "Keep all the trees."}, edit)
    endorse = f"{path}/endorsements"
    tour.call(
        "endorseSubmission", "POST", endorse, None, {**token, "Idempotency-Key": "tour-key-3"}
    )
    tour.call("unendorseSubmission", "DELETE", endorse, None, token)
    tour.call("endorseSubmission", "POST", endorse, None, token)
    tour.call("flagSubmission", "POST", f"{path}/flags", {"reason": "spam"}, token)
    withdrawn = tour.call(
        "createSubmission",
        "POST",
        "/consultations/demo/submissions",
        {**comment, "text": "Changed my mind.", "email": "other@example.org"},
    )
    tour.call(
        "withdrawSubmission",
        "DELETE",
        f"/consultations/demo/submissions/{withdrawn['id']}",
        headers={"X-Edit-Token": withdrawn["edit_token"]},
    )
    _data_rights_steps(tour)
    return pinned["id"]


def _data_rights_steps(tour: Tour) -> None:
    """A resident who sent a linked comment, endorsed and flagged, downloads it all, then
    erases it."""
    token = {"X-Resident-Token": tour.call("createResident", "POST", "/residents", {})["token"]}
    mine = tour.call(
        "createSubmission",
        "POST",
        "/consultations/demo/submissions",
        {"option_id": "a", "kind": "comment", "text": "Mine.", "email": "me@example.org"},
        token,
    )
    other = tour.call(
        "createSubmission",
        "POST",
        "/consultations/demo/submissions",
        {"option_id": "a", "kind": "comment", "text": "Someone else's."},
    )
    others = f"/consultations/demo/submissions/{other['id']}"
    tour.call("endorseSubmission", "POST", f"{others}/endorsements", None, token)
    tour.call("flagSubmission", "POST", f"{others}/flags", {"reason": "spam"}, token)
    me = "/consultations/demo/residents/me"
    assert len(tour.call("exportMyData", "GET", me, headers=token)["submissions"]) == 1, mine
    tour.call("eraseMyData", "DELETE", me, headers={**token, "Idempotency-Key": "tour-key-5"})


def _staff_steps(tour: Tour, sid: str, run_jobs: Callable[[], None]) -> None:
    """Every staff operation, each with a role allowed to use it."""
    from tests.support.staff_api import NEW_CONSULTATION, NEW_OPTION, OUTCOME

    admin, moderator, analyst = tour.staff("admin"), tour.staff("moderator"), tour.staff("analyst")
    base = "/staff/consultations"
    tour.call("staffListConsultations", "GET", base, headers=moderator)
    tour.call("staffCreateConsultation", "POST", base, NEW_CONSULTATION, admin)
    tour.call("staffGetConsultation", "GET", f"{base}/demo", headers=analyst)
    tour.call("staffUpdateConsultation", "PUT", f"{base}/demo", {"summary": {"en": "New."}}, admin)
    tour.call("staffListOptions", "GET", f"{base}/demo/options", headers=analyst)
    options = f"{base}/queen-street/options"
    tour.call("staffAddOption", "POST", f"{options}?dry_run=true", NEW_OPTION, admin)
    tour.call("staffAddOption", "POST", options, NEW_OPTION, admin)
    tour.call("staffGetOption", "GET", f"{base}/demo/options/a", headers=moderator)
    wider = {**NEW_OPTION, "title": {"en": "Option C, wider"}}
    tour.call("staffReplaceOption", "PUT", f"{options}/c", wider, admin)
    from chalicelib.local.demo import demo_consultation

    for oid in [
        option.id for option in demo_consultation(datetime.now(UTC))[1]
    ]:  # every option's outcome, then publish it: contacts expire
        tour.call("staffSetOutcome", "PUT", f"{base}/decided/options/{oid}/outcome", OUTCOME, admin)
    answered = _response_steps(tour, sid, admin, analyst)
    # publishing starts the job: the open data and the outcome email (to the seeded contact)
    tour.call("staffChangeStatus", "POST", f"{base}/decided/status", {"status": "outcome"}, admin)
    assert tour.call("listResponses", "GET", "/consultations/decided/responses")["items"], answered
    run_jobs()
    # a later status change starts the update emails; "done" is final: the contact is deleted
    done = {**answered, "status": "done"}
    del done["id"]
    path = f"{base}/decided/responses/{answered['id']}"
    tour.call("staffUpdateResponse", "PUT", path, done, admin)
    run_jobs()
    # open data switched off after publication (the bundle removed), then on again
    for on in (False, True):
        settings = {"open_data": on, "open_data_licence": "CC0-1.0"}
        tour.call("staffUpdateConsultation", "PUT", f"{base}/decided", settings, admin)
        run_jobs()
    _forget_steps(tour, sid)
    tour.call("staffStats", "GET", f"{base}/demo/stats", headers=analyst)
    for queue in ("pending", "flagged", "hidden"):
        tour.call(
            "staffModerationQueue",
            "GET",
            f"{base}/demo/moderation?queue={queue}",
            headers=moderator,
        )
    moderation = f"{base}/demo/submissions/{sid}/moderation"
    tour.call("staffModerate", "POST", moderation, {"action": "hide", "reason": "Tour."}, moderator)
    tour.call(
        "staffModerate", "POST", moderation, {"action": "restore", "reason": "Tour."}, moderator
    )
    batch = {"ids": [sid], "action": "hide", "reason": "Tour."}
    tour.call("staffModerateBatch", "POST", f"{base}/demo/moderation/batch", batch, moderator)
    batch = {**batch, "action": "restore"}
    tour.call("staffModerateBatch", "POST", f"{base}/demo/moderation/batch", batch, moderator)
    tour.call("staffRunReport", "POST", f"{base}/demo/reports", headers=analyst)
    run_jobs()  # what Lambda does with the asynchronous invocation
    tour.call("staffListReports", "GET", f"{base}/demo/reports", headers=analyst)
    tour.call("staffAudit", "GET", "/staff/audit?cid=demo", headers=admin)
    tour.call("staffChangeStatus", "POST", f"{base}/queen-street/status", {"status": "open"}, admin)


def _response_steps(tour: Tour, sid: str, admin: dict, analyst: dict) -> dict[str, Any]:
    """Responses on the closed consultation: written, changed, listed, and what is left.
    Returns the response as changed (still open to change: under study)."""
    base = "/staff/consultations/decided"
    body = {"status": "planned", "text": {"en": "Tour."}, "links": {"options": ["a"]}}
    body["links"]["submissions"] = [sid]
    created = tour.call("staffCreateResponse", "POST", f"{base}/responses", body, admin)
    changed = {**body, "status": "under-study", "version": created["version"]}
    path = f"{base}/responses/{created['id']}"
    answer = tour.call("staffUpdateResponse", "PUT", path, changed, admin)
    tour.call("staffListResponses", "GET", f"{base}/responses", headers=analyst)
    tour.call("staffUnanswered", "GET", f"{base}/unanswered", headers=analyst)
    return {
        "id": answer["id"],
        "status": answer["status"],
        "text": answer["text"],
        "links": answer["links"],
        "version": answer["version"],
    }


def _forget_steps(tour: Tour, sid: str) -> None:
    """The outcome email's signed link, opened and as a one-click unsubscribe."""
    from urllib.parse import urlsplit

    from chalicelib.domain.notice import forget_url
    from chalicelib.store.secrets import token_key

    link = urlsplit(forget_url("", token_key(), "demo", [sid]))
    path = f"{link.path}?{link.query}"
    tour.call("forgetContact", "GET", path)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    response = tour.http.request("POST", path, headers=form, body="List-Unsubscribe=One-Click")
    assert response.status_code == 200, response.json_body
    tour.answered.add("forgetContactOneClick")


def _set_up(staff_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables, buckets, the demo and a closed consultation, the token key and edge secrets, and the
    configuration as the stack sets it (outside any entry: not recorded)."""
    import boto3

    from chalicelib import config
    from chalicelib.local import staff_keys
    from chalicelib.local.demo import seed_demo
    from chalicelib.store import reports, secrets
    from chalicelib.store.setup import ensure_buckets, ensure_tables

    secret = boto3.client("secretsmanager", region_name="us-east-1").create_secret(
        Name="tour-token-key", SecretString="tour-token-key-material"
    )
    edge = boto3.client("secretsmanager", region_name="us-east-1").create_secret(
        Name="tour-edge-secret", SecretString=TOUR_EDGE_SECRET
    )
    trusted = staff_keys.environment(staff_dir)
    in_aws = dataclasses.replace(
        config.current(),
        token_key_text=None,
        token_key_secret_arn=secret["ARN"],
        edge_secret_text=None,
        edge_secret_arn=edge["ARN"],
        report_function=REPORT_FUNCTION_NAME,
        mail_sender=TOUR_SENDER,
        mail_configuration_set=TOUR_CONFIGURATION_SET,
        staff_jwks_url=trusted["SAYSO_STAFF_JWKS_URL"],
        staff_issuer=trusted["SAYSO_STAFF_ISSUER"],
        staff_audience=trusted["SAYSO_STAFF_AUDIENCE"],
    )
    monkeypatch.setattr(config, "current", lambda: in_aws)
    secrets._secret.cache_clear()
    reports.forget_client()
    ensure_tables()
    ensure_buckets()
    ses = boto3.client("ses", region_name="us-east-1")
    ses.verify_domain_identity(Domain=TOUR_SENDER.rpartition("@")[2])
    ses.verify_email_identity(EmailAddress=TOUR_SENDER)
    ses.create_configuration_set(ConfigurationSet={"Name": TOUR_CONFIGURATION_SET})
    now = datetime.now(UTC)
    seed_demo(now)
    _seed_closed("decided", now - timedelta(days=1))
    # The site's config.json as the deployment writes it: the stack's consultation is the demo,
    # so rendering it also writes the site's root (index.html).
    from chalicelib.store import site

    site.put_file("config.json", b'{"consultation": "demo"}', "application/json")
    secrets._secret.cache_clear()  # read by the seeding: the API reads it again


def _seed_closed(cid: str, closes_at: datetime) -> None:
    from chalicelib.domain.ids import new_ulid
    from chalicelib.local.demo import demo_consultation
    from chalicelib.services.submissions import submit
    from chalicelib.store import consultations
    from chalicelib.store.models import ContactRecord

    consultation, options = demo_consultation(datetime.now(UTC))
    consultations.save(dataclasses.replace(consultation, id=cid))
    for option in options:
        consultations.save_option(cid, option)
    # a resident who left an email, told at the outcome (the response answers option a)
    submit(cid, kind="comment", option_id="a", text="Tell me.", email="told@example.org")
    consultations.save(
        dataclasses.replace(consultation, id=cid, status="closed", closes_at=closes_at)
    )
    # a follow-up email sent while it was open, for the nightly job to give an expiry
    ContactRecord(
        f"{cid}#{new_ulid()}", email="kept@example.org", created_at=closes_at, ret_pk=f"{cid}#0"
    ).save()


def _roles() -> aws_calls.Roles:
    from chalicelib import config

    cfg = config.current()
    tables = {
        getattr(cfg, f.name): f.name.removesuffix("_table")
        for f in dataclasses.fields(cfg)
        if f.name.endswith("_table")
    }
    return {
        "table": tables,
        "bucket": {cfg.reports_bucket: "reports", cfg.site_bucket: "site"},
        "function": {REPORT_FUNCTION_NAME: "report"},
        "identity": {TOUR_SENDER.rpartition("@")[2]: "sender"},
        "configuration_set": {TOUR_CONFIGURATION_SET: "mail"},
        "secret": {
            cfg.token_key_secret_arn or "": "token_key",
            cfg.edge_secret_arn or "-": "edge_secret",
        },
    }


def record(workdir: Path) -> tuple[Path, set[str]]:
    """Run the tour; returns the recording (JSON lines of aws_calls.Call) and the operation ids
    that answered a success."""
    from chalice.test import Client
    from moto import mock_aws

    from app import app
    from chalicelib.store import reports, secrets

    staff_dir = workdir / "staff-keys"
    with mock_aws(), pytest.MonkeyPatch.context() as monkeypatch, Client(app) as client:
        _set_up(staff_dir, monkeypatch)
        with aws_calls.recording(_roles()) as recorder:
            tour = Tour(client.http, staff_dir)

            def run_jobs() -> None:
                """Each invocation the API made, as Lambda runs it; the publication twice (a
                retry: every address already told)."""
                while recorder.invocations:
                    payload = recorder.invocations.pop(0)
                    secrets._secret.cache_clear()  # the job's own Lambda reads it again
                    with recorder.as_entry(REPORT):
                        client.lambda_.invoke("consolidate", payload)
                        if payload.get("job") == "publish":
                            client.lambda_.invoke("consolidate", payload)

            with recorder.as_entry(API):
                sid = _resident_steps(tour)
                _staff_steps(tour, sid, run_jobs)
            event = client.events.generate_cw_event(
                source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]
            )
            with recorder.as_entry(NIGHTLY):
                runs = client.lambda_.invoke("nightly-reports", event).payload
            assert runs and "failed" not in runs.values(), runs
        secrets._secret.cache_clear()
        reports.forget_client()
    return recorder.write(workdir / "aws-calls.jsonl"), tour.answered
