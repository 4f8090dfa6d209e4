"""No personal data where it must not be: contact emails and source IPs, fed in through every
door, appear in no API answer (body or header, public or staff), no log line, and no file of a
report bundle (the XLSX unzipped). A resident's own words may contain what they typed.

And no secret or personal data in clear at rest (issue 20, item 4): after the whole journey
and an erasure, no item of any table and no object of any bucket of the embedded AWS holds an
edit token, a resident token, a contact email or a source IP (the idempotency table's
remembered answers included).

The source IP is what API Gateway says (`requestContext.identity.sourceIp`, set here through
chalice's local event converter); X-Forwarded-For and X-Real-IP carry others a client made up.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
import requests

from tests.support.staff_api import mint
from tests.support.stored import everything_stored

CONTACTS = ["ana.contact@example.net", "Ben.Follow-Up@Example.ORG"]
SOURCE_IP = "198.51.100.23"
FORWARDED_IPS = ["192.0.2.44", "203.0.113.201"]
TYPED = "Reach me at carla.typed@example.com or +64 21 555 0199, from 192.0.2.99."


class Recorder:
    """Every answer the test receives: status, headers and body, as text to scan."""

    def __init__(self, api: Any) -> None:
        self.api = api
        self.seen: list[str] = []

    def __call__(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        sent = {
            "Content-Type": "application/json",
            "X-Forwarded-For": ", ".join(FORWARDED_IPS),
            "X-Real-IP": FORWARDED_IPS[0],
            **(headers or {}),
        }
        if token:
            sent["Authorization"] = f"Bearer {token}"
        data = None if body is None else json.dumps(body)
        answer = getattr(self.api.client.http, method.lower())(path, headers=sent, body=data)
        self.seen.append(f"{method} {path} {answer.status_code} {answer.headers}")
        self.seen.append(answer.body.decode("utf-8", "replace") if answer.body else "")
        return answer

    def json(self, *args: Any, expect: int | tuple[int, ...] = (200, 201), **kwargs: Any) -> Any:
        answer = self(*args, **kwargs)
        wanted = expect if isinstance(expect, tuple) else (expect,)
        assert answer.status_code in wanted, (args, answer.status_code, answer.body)
        return answer.json_body


@pytest.fixture
def source_ip(monkeypatch: pytest.MonkeyPatch) -> str:
    from chalice.local import LambdaEventConverter

    monkeypatch.setattr(LambdaEventConverter, "LOCAL_SOURCE_IP", SOURCE_IP)
    return SOURCE_IP


def _report_files(recorder: Recorder, analyst: str) -> dict[str, bytes]:
    recorder.json("POST", "/staff/consultations/demo/reports", token=analyst, expect=201)
    [run, *_] = recorder.json("GET", "/staff/consultations/demo/reports", token=analyst)["items"]
    files = {}
    for entry in run["files"]:
        downloaded = requests.get(entry["url"], timeout=10)
        assert downloaded.status_code == 200, entry["name"]
        files[entry["name"]] = downloaded.content
    return files


def _texts_of(files: dict[str, bytes]) -> dict[str, str]:
    """Each file as text; the XLSX as each of its (zipped XML) parts."""
    texts = {}
    for name, content in files.items():
        if name.endswith(".xlsx"):
            with zipfile.ZipFile(io.BytesIO(content)) as workbook:
                for part in workbook.namelist():
                    texts[f"{name}/{part}"] = workbook.read(part).decode("utf-8", "replace")
        else:
            texts[name] = content.decode("utf-8-sig", "replace")
    return texts


def _leaks(where: str, text: str, secrets: tuple[str, ...] = ()) -> list[str]:
    lowered = text.lower()
    secrets = (*CONTACTS, SOURCE_IP, *FORWARDED_IPS, *secrets)
    return [f"{secret} in {where}" for secret in secrets if secret.lower() in lowered]


def test_contact_emails_and_source_ips_appear_in_no_answer_log_or_report(
    api, client, staff_keys, source_ip, log_lines, capsys
):
    record = Recorder(api)
    admin, moderator, analyst = (
        mint(staff_keys, role) for role in ("admin", "moderator", "analyst")
    )
    residents = [record.json("POST", "/residents", {})["token"] for _ in range(4)]
    keyed = {"Idempotency-Key": "pii-resident-keyed"}  # its answer is remembered: scanned too
    residents.append(record.json("POST", "/residents", {}, headers=keyed)["token"])

    # In: comments with a contact email, words with an email, a phone number and an IP typed in.
    sids, edits = [], []
    for n, contact in enumerate(CONTACTS):
        created = record.json(
            "POST",
            "/consultations/demo/submissions",
            {"option_id": "a", "kind": "comment", "text": f"{TYPED} ({n})", "email": contact},
            headers={"X-Resident-Token": residents[n], "Idempotency-Key": f"pii-comment-{n}"},
            expect=201,
        )
        sids.append(created["id"])
        edits.append(created["edit_token"])
    plan = record.json("GET", "/consultations/demo/options/a")["plan"]
    widest = max(plan["segments"], key=lambda segment: segment["width"])
    widest["width"] = round(widest["width"] - 0.5, 2)
    alternative = record.json(
        "POST",
        "/consultations/demo/submissions",
        {
            "option_id": "a",
            "kind": "alternative",
            "text": "Wider, and write to me.",
            "plan": plan,
            "email": CONTACTS[0],
        },
        expect=201,
    )
    sids.append(alternative["id"])
    # The same request again (its Idempotency-Key): the replayed answer is scanned too.
    record.json(
        "POST",
        "/consultations/demo/submissions",
        {"option_id": "a", "kind": "comment", "text": f"{TYPED} (0)", "email": CONTACTS[0]},
        headers={"X-Resident-Token": residents[0], "Idempotency-Key": "pii-comment-0"},
    )
    withdrawn = record.json(
        "POST",
        "/consultations/demo/submissions",
        {"option_id": "b", "kind": "comment", "text": "Never mind.", "email": CONTACTS[1]},
        expect=201,
    )

    # Through every resident write.
    record.json(
        "PATCH",
        f"/consultations/demo/submissions/{sids[0]}",
        {"text": f"{TYPED} (edited)"},
        headers={"X-Edit-Token": edits[0]},
    )
    record(
        "DELETE",
        f"/consultations/demo/submissions/{withdrawn['id']}",
        headers={"X-Edit-Token": withdrawn["edit_token"]},
    )
    for token in residents:
        record.json(
            "POST",
            f"/consultations/demo/submissions/{sids[0]}/endorsements",
            headers={"X-Resident-Token": token},
        )
    record.json(
        "DELETE",
        f"/consultations/demo/submissions/{sids[0]}/endorsements",
        headers={"X-Resident-Token": residents[0]},
    )
    for n, token in enumerate(residents[:3]):  # one source: counts once; stays public
        record.json(
            "POST",
            f"/consultations/demo/submissions/{sids[1]}/flags",
            {"reason": "personal-data"},
            headers={"X-Resident-Token": token, "Idempotency-Key": f"pii-flag-{n}"},
        )

    # Every public read, as the author and as anyone.
    record.json("GET", "/consultations/demo")
    record.json("GET", "/consultations/demo/options/b")
    for sort in ("newest", "top"):
        record.json("GET", f"/consultations/demo/submissions?option=a&sort={sort}")
    for sid, edit in zip(sids, [*edits, None], strict=True):
        record("GET", f"/consultations/demo/submissions/{sid}")
        if edit:
            record("GET", f"/consultations/demo/submissions/{sid}", headers={"X-Edit-Token": edit})
    record.json("GET", "/openapi.json")
    for token in residents:  # a resident's download of everything they sent
        record.json("GET", "/consultations/demo/residents/me", headers={"X-Resident-Token": token})
    record("GET", "/consultations/demo/submissions?option=a&limit=0")  # an error answer too

    # Every staff read and write.
    for queue in ("pending", "flagged", "hidden"):
        record.json("GET", f"/staff/consultations/demo/moderation?queue={queue}", token=moderator)
    record.json(
        "POST",
        f"/staff/consultations/demo/submissions/{sids[1]}/moderation",
        {"action": "hide", "reason": "Has a phone number."},
        token=moderator,
    )
    record.json(
        "POST",
        f"/staff/consultations/demo/submissions/{sids[1]}/moderation",
        {"action": "restore", "reason": "It is the resident's own."},
        token=moderator,
    )
    for action in ("hide", "restore"):
        record.json(
            "POST",
            "/staff/consultations/demo/moderation/batch",
            {"ids": sids[:2], "action": action, "reason": "A campaign."},
            token=moderator,
        )
    record.json("GET", "/staff/consultations", token=admin)
    record.json("GET", "/staff/consultations/demo", token=admin)
    record.json("GET", "/staff/consultations/demo/options", token=admin)
    record.json("GET", "/staff/consultations/demo/options/a", token=admin)
    record.json("GET", "/staff/consultations/demo/stats", token=analyst)
    record.json("GET", "/staff/audit?cid=demo", token=admin)

    # The report bundle, on demand and on the schedule.
    files = _report_files(record, analyst)
    event = client.events.generate_cw_event(
        source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]
    )
    record.seen.append(json.dumps(client.lambda_.invoke("nightly-reports", event).payload))
    texts = _texts_of(files)
    assert "carla.typed@example.com" in texts["submissions.csv"]  # the scan can see words

    printed = capsys.readouterr()
    logs = [json.dumps(line) for line in log_lines] + [printed.out, printed.err]
    assert any("submission" in line.lower() for line in logs)  # the scan can see the logs

    leaks = [
        *(leak for n, seen in enumerate(record.seen) for leak in _leaks(f"answer {n}", seen)),
        *(leak for n, line in enumerate(logs) for leak in _leaks(f"log line {n}", line)),
        *(leak for name, text in texts.items() for leak in _leaks(name, text)),
    ]
    assert leaks == []
    assert any(TYPED in seen for seen in record.seen)  # the resident's own words do come back

    # At rest, after an erasure too: no secret and no contact or IP in any table or bucket.
    record.json(
        "DELETE",
        "/consultations/demo/residents/me",
        headers={"X-Resident-Token": residents[1], "Idempotency-Key": "pii-erasure-1"},
    )
    secrets = (*residents, *edits, alternative["edit_token"], withdrawn["edit_token"])
    stored = everything_stored()
    assert any("idempotency" in where and "pii-" not in text for where, text in stored.items())
    assert any("Reach me at" in text for text in stored.values())  # the scan can see words
    at_rest = [leak for where, text in stored.items() for leak in _leaks(where, text, secrets)]
    assert at_rest == []
