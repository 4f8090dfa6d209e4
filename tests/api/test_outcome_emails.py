"""The outcome email: sent when staff publish the outcome (no CLI step: services/background.py),
one per address per consultation (however many submissions), listing the responses to what that
address sent, with RFC 8058 one-click unsubscribe and a signed link that forgets the email at
once; none for a withdrawn submission; exactly once per address across a failed run and its
rerun (the fault injector, tests/support/faults.py). Later status changes of a response send one
short update to its followers; contacts go once every response they follow is final."""

from __future__ import annotations

import email
import json
import re
from email import policy
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.staff_api import OUTCOME, call, mint

SENDER = "outcomes@sayso.example.org"
SITE = "https://consult.example.org"
API_URL = "https://api.example.org"


def _journey(
    api, staff_keys, answer_status: str = "planned", *, publish: bool = True
) -> dict[str, list[str]]:
    """Residents send (two from one address, one withdrawn, one without email); staff close,
    answer the Balmoral platform (`answer_status`) and publish (unless not `publish`). Returns
    submission ids by address."""
    sent: dict[str, list[str]] = {}

    def send(address, **fields):
        body = {"email": address, **fields} if address else fields
        created = api.comment(**body).json_body
        sent.setdefault(address, []).append(created["id"])
        return created

    send("Ana@example.org", text="Shade at the platform.", element_id="balmoral-platform")
    send("ana@example.org", text="Wider footpath.", element_id="west-footpath")
    send("ben@example.org", text="A canopy, please.", element_id="balmoral-platform", language="mi")
    send(None, text="No email here.", element_id="balmoral-platform")
    gone = send("gone@example.org", text="Changed my mind.")
    assert (
        api.client.http.delete(
            f"/consultations/demo/submissions/{gone['id']}",
            headers={"X-Edit-Token": gone["edit_token"]},
        ).status_code
        == 204
    )
    admin = mint(staff_keys, "admin")
    status = "/staff/consultations/demo/status"
    assert call(api, "POST", status, admin, {"status": "closed"}).status_code == 200
    answer = {
        "status": answer_status,
        "text": {"en": "A canopy is added over the platform.", "mi": "Ka tāpirihia he tuanui."},
        "links": {"elements": [{"option_id": "a", "element_id": "balmoral-platform"}]},
    }
    assert (
        call(api, "POST", "/staff/consultations/demo/responses", admin, answer).status_code == 201
    )
    for oid in ("a", "b"):
        path = f"/staff/consultations/demo/options/{oid}/outcome"
        assert call(api, "PUT", path, admin, OUTCOME).status_code == 200
    if publish:
        assert call(api, "POST", status, admin, {"status": "outcome"}).status_code == 200
    return sent


def _send():
    from chalicelib.services.notifications import send_outcome_emails

    return send_outcome_emails("demo", sender=SENDER, site_url=SITE, api_url=API_URL)


def _mailbox() -> dict[str, email.message.EmailMessage]:
    from chalicelib.store.mail import local_sent_messages

    messages = {}
    for sent in local_sent_messages():
        parsed = email.message_from_string(sent["raw"], policy=policy.default)
        to = str(parsed["To"]).lower()
        assert to not in messages, f"two messages to {to}"
        messages[to] = parsed
    return messages


@pytest.fixture
def sender(aws, staff_keys, monkeypatch):
    """The stack's mail settings (after staff_keys, which also sets the configuration)."""
    import dataclasses

    from chalicelib import config
    from chalicelib.store.mail import ensure_sender

    ensure_sender(SENDER)
    configured = dataclasses.replace(
        config.current(), mail_sender=SENDER, site_url=SITE, public_api_url=API_URL
    )
    monkeypatch.setattr(config, "current", lambda: configured)


def test_one_email_per_address_with_its_answers_and_a_working_forget_link(api, staff_keys, sender):
    from chalicelib.store.models import ContactRecord

    sent = _journey(api, staff_keys)  # publishing sends: no CLI step
    mailbox = _mailbox()
    assert set(mailbox) == {"ana@example.org", "ben@example.org"}  # not the withdrawn one

    ana = mailbox["ana@example.org"]
    body = ana.get_content()
    assert "You sent 2 submission(s)" in body
    assert "A canopy is added over the platform." in body  # the platform comment's answer
    assert body.count("no individual answer") == 1  # the footpath comment's
    assert f"{SITE}/responses.html?c=demo&lang=en" in body
    assert "Shade at the platform." not in body  # never the words themselves
    assert ana["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    forget = ana["List-Unsubscribe"].strip("<>")
    # The text links the site's page (it POSTs the same signed ids), not the API itself.
    assert forget not in body
    page = re.search(rf"{SITE}/forget\.html\?\S+", body).group(0)
    signed = parse_qs(urlsplit(forget).query)
    assert parse_qs(urlsplit(page).query) == {"c": ["demo"], **signed, "lang": ["en"]}

    # Ben wrote in te reo Māori: his email is in it, with the answer's Māori text.
    ben_body = mailbox["ben@example.org"].get_content()
    assert "Ka tāpirihia he tuanui." in ben_body
    assert mailbox["ben@example.org"]["Content-Language"] == "mi"
    assert "i pēhea" in mailbox["ben@example.org"]["Subject"]
    assert "Content-Language" in ana and ana["Content-Language"] == "en"

    # Running again (`cli notify`) sends nothing more.
    again = _send()
    assert (again.sent, again.already) == (0, 2)
    assert len(_mailbox()) == 2

    # The link forgets both of Ana's emails at once; the second click finds none.
    path = urlsplit(forget)
    url = f"{path.path}?{path.query}"
    assert api.get(url).json_body == {"forgotten": 2}
    assert api.get(url).json_body == {"forgotten": 0}
    remaining = {r.pk.split("#", 1)[1] for r in ContactRecord.scan() if "#notice#" not in r.pk}
    assert not remaining & set(sent["Ana@example.org"] + sent["ana@example.org"])
    assert set(sent["ben@example.org"]) <= remaining

    # Ben's mail client unsubscribes in one click (RFC 8058: a form POST).
    ben = urlsplit(mailbox["ben@example.org"]["List-Unsubscribe"].strip("<>"))
    one_click = api.post(
        f"{ben.path}?{ben.query}",
        raw="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert one_click.status_code == 200, one_click.json_body
    assert one_click.json_body == {"forgotten": 1}

    # A tampered link deletes nothing.
    forged = api.get(url.replace("sig=", "sig=A")[: len(url)])
    assert forged.status_code in (404, 422)


def test_a_fault_while_sending_then_a_rerun_still_sends_one_per_address(
    api, staff_keys, sender, injector
):
    """The second message fails while the publication sends: the outcome is published anyway,
    with its open-data bundle (written before the emails; SES plays no part in it)."""
    from chalicelib.store.open_data import read

    injector.arm(fail_at=2, fault="aws-500", operation="SendRawEmail")
    _journey(api, staff_keys)
    injector.disarm()
    assert len(_mailbox()) == 1
    package = json.loads(read("demo", "datapackage.json"))
    assert {r["path"] for r in package["resources"]} >= {"submissions.csv", "responses.csv"}
    assert b"A canopy is added over the platform." in read("demo", "responses.csv")
    assert b"Ana@example.org" not in read("demo", "submissions.csv")
    rerun = _send()
    assert (rerun.sent, rerun.already) == (1, 1)
    assert len(_mailbox()) == 2


def test_an_address_ses_refuses_does_not_keep_the_email_from_the_others(
    api, staff_keys, sender, injector
):
    """SES refuses the first address (say, a local part it cannot take): the run goes on to
    the next, then says it is incomplete (so the job is retried); a rerun sends only that one."""
    from chalicelib.services.notifications import SendingIncomplete

    injector.arm(fail_at=1, fault="aws-500", operation="SendRawEmail")
    _journey(api, staff_keys)  # the publication's run: logged, not raised (the change stands)
    injector.disarm()
    assert set(_mailbox()) == {"ben@example.org"}  # ana's, first in order, was refused
    injector.arm(fail_at=1, fault="aws-500", operation="SendRawEmail")
    with pytest.raises(SendingIncomplete, match="1 refused, 0 sent"):
        _send()
    injector.disarm()
    rerun = _send()
    assert (rerun.sent, rerun.already, rerun.failed) == (1, 1, [])
    assert set(_mailbox()) == {"ana@example.org", "ben@example.org"}


def test_a_crash_after_sending_before_marking_never_sends_twice(api, staff_keys, sender, injector):
    _journey(api, staff_keys, publish=False)
    # The first UpdateItem after the first message is marking it sent: it fails.
    injector.arm(fail_at=1, fault="aws-500", operation="UpdateItem")
    admin = mint(staff_keys, "admin")
    status = "/staff/consultations/demo/status"
    assert call(api, "POST", status, admin, {"status": "outcome"}).status_code == 200
    injector.disarm()
    assert len(_mailbox()) == 1
    rerun = _send()
    assert rerun.sent == 1 and len(rerun.unconfirmed) == 1  # the first: claimed, not confirmed
    assert len(_mailbox()) == 2


def _responses(api, admin) -> list[dict]:
    listed = call(api, "GET", "/staff/consultations/demo/responses", admin)
    assert listed.status_code == 200, listed.json_body
    return listed.json_body["items"]


def _change(api, admin, response: dict, **changes) -> dict:
    body = {
        "status": response["status"],
        "text": response["text"],
        "links": response["links"],
        "version": response["version"],
        **changes,
    }
    path = f"/staff/consultations/demo/responses/{response['id']}"
    answer = call(api, "PUT", path, admin, body)
    assert answer.status_code == 200, answer.json_body
    return answer.json_body


def _updates() -> list[email.message.EmailMessage]:
    from chalicelib.store.mail import local_sent_messages

    parsed = [
        email.message_from_string(m["raw"], policy=policy.default) for m in local_sent_messages()
    ]
    return [m for m in parsed if "has changed" in m["Subject"] or "kua panoni" in m["Subject"]]


def _kept_contacts() -> set[str]:
    from chalicelib.store.models import ContactRecord

    return {r.pk.split("#", 1)[1] for r in ContactRecord.scan() if "#notice#" not in r.pk}


def test_in_aws_publishing_invokes_the_job_lambda_which_sends(api, staff_keys, sender, monkeypatch):
    """With SAYSO_REPORT_FUNCTION set the staff request only starts the job (asynchronously);
    the job Lambda (app.py consolidate) then writes the bundle and sends."""
    import dataclasses

    from chalicelib import config
    from chalicelib.store import reports as report_store

    started: list[dict] = []
    monkeypatch.setattr(
        report_store,
        "start_job",
        lambda fn, cid, **job: started.append({"fn": fn, "cid": cid, **job}),
    )
    in_aws = dataclasses.replace(config.current(), report_function="sayso-demo-report")
    monkeypatch.setattr(config, "current", lambda: in_aws)
    _journey(api, staff_keys)
    assert started == [{"fn": "sayso-demo-report", "cid": "demo", "job": "publish"}]
    assert _mailbox() == {}  # nothing sent inside the staff request
    payload = {"consultation_id": "demo", "job": "publish"}
    done = api.client.lambda_.invoke("consolidate", payload).payload
    assert done["emails"] == {"sent": 2, "already": 0}, done
    assert "datapackage.json" in done["open_data"]
    assert set(_mailbox()) == {"ana@example.org", "ben@example.org"}
    # Lambda retries a failed event: a second run sends nothing more
    assert api.client.lambda_.invoke("consolidate", payload).payload["emails"]["sent"] == 0


def test_a_status_change_sends_one_update_to_each_follower_in_their_language(
    api, staff_keys, sender
):
    sent = _journey(api, staff_keys)  # the platform's answer is "planned"
    admin = mint(staff_keys, "admin")
    assert _updates() == []
    (response,) = _responses(api, admin)
    response = _change(api, admin, response, status="under-way")
    changed_at = response["version"]
    updates = {str(m["To"]).lower(): m for m in _updates()}
    assert set(updates) == {"ana@example.org", "ben@example.org"}  # both asked about the platform
    ana = updates["ana@example.org"].get_content()
    assert "under way" in ana and "A canopy is added over the platform." in ana
    assert f"{SITE}/responses.html?c=demo" in ana
    assert updates["ana@example.org"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert updates["ben@example.org"]["Content-Language"] == "mi"
    assert "kei te haere" in updates["ben@example.org"].get_content()

    # A change of words only is no status change: nothing sent.
    response = _change(api, admin, response, text={"en": "A canopy, soon.", "mi": "He tuanui."})
    assert len(_updates()) == 2

    # The same job again (a Lambda retry) sends nothing more: once per address per change.
    from chalicelib.services import background

    again = background.run(
        {
            "job": "response-changed",
            "consultation_id": "demo",
            "response_id": response["id"],
            "version": changed_at,
        }
    )
    assert again["emails"] == {"sent": 0, "already": 2}
    assert "responses.csv" in again["open_data"]  # the bundle follows every change

    # Ben opts out with his forget link; the next change goes to Ana alone.
    ben = urlsplit(updates["ben@example.org"]["List-Unsubscribe"].strip("<>"))
    assert api.get(f"{ben.path}?{ben.query}").json_body == {"forgotten": 1}
    _change(api, admin, response, status="done")
    assert sorted(str(m["To"]).lower() for m in _updates()) == [
        "ana@example.org",
        "ana@example.org",
        "ben@example.org",
    ]
    # "done" is final and was Ana's last open answer: her contacts are deleted after it.
    assert not _kept_contacts() & set(sent["Ana@example.org"] + sent["ana@example.org"])


def test_contacts_go_once_every_response_they_follow_is_final(api, staff_keys, sender):
    """Told the outcome, an address whose every answer is final is forgotten at once; nothing
    waits for retention."""
    sent = _journey(api, staff_keys, answer_status="not-adopted")
    assert set(_mailbox()) == {"ana@example.org", "ben@example.org"}
    told = sent["Ana@example.org"] + sent["ana@example.org"] + sent["ben@example.org"]
    assert not _kept_contacts() & set(told)


@pytest.mark.parametrize("status", ["under-study", "adopted"])  # adopted: then planned, done
def test_contacts_stay_while_an_answer_they_follow_can_change(api, staff_keys, sender, status):
    sent = _journey(api, staff_keys, answer_status=status)
    told = sent["Ana@example.org"] + sent["ana@example.org"] + sent["ben@example.org"]
    assert set(told) <= _kept_contacts()


def test_a_status_changed_while_the_outcome_is_sent_still_reaches_everyone(
    api, staff_keys, sender, monkeypatch
):
    """Staff move the answer on (planned -> under-way) while the outcome emails are going: its
    update job skips the addresses not told yet, and those were told the status read at the
    start; the outcome run catches up at its end, so each address hears the change once."""
    from chalicelib.store import mail

    _journey(api, staff_keys, publish=False)
    admin = mint(staff_keys, "admin")
    real_send = mail.send
    moved: list[dict] = []

    def send_and_change_once(message, **kwargs):
        answer = real_send(message, **kwargs)
        if not moved:  # after the first outcome email, staff change the answer's status
            (response,) = _responses(api, admin)
            moved.append(_change(api, admin, response, status="under-way"))
        return answer

    monkeypatch.setattr(mail, "send", send_and_change_once)
    status = "/staff/consultations/demo/status"
    assert call(api, "POST", status, admin, {"status": "outcome"}).status_code == 200
    from chalicelib.store.mail import local_sent_messages

    to = [
        str(email.message_from_string(m["raw"], policy=policy.default)["To"]).lower()
        for m in local_sent_messages()
    ]
    assert sorted(to) == ["ana@example.org"] * 2 + ["ben@example.org"] * 2  # outcome + update
    updates = sorted(str(m["To"]).lower() for m in _updates())
    assert updates == ["ana@example.org", "ben@example.org"]  # once each (claimed per version)
    ben = next(m for m in _updates() if "ben" in str(m["To"]).lower()).get_content()
    assert "kei te haere" in ben  # the status as it is now


def test_a_campaign_answer_reaches_the_campaign_as_it_is_when_the_emails_go(
    api, staff_keys, sender
):
    """Staff answer a form letter by its campaign; a moderator then hides its newest copy.
    The outcome emails work the campaign's members out again: five copies get the answer, the
    hidden one is told plainly that it got no individual answer."""
    letter = "Please put a shade canopy over the Balmoral platform before next summer, {who}."
    people = ("Ana", "Ben", "Cy", "Di", "Ed", "Flo")
    copies = [
        api.comment(
            text=letter.format(who=who),
            element_id="balmoral-platform",
            email=f"{who.lower()}@example.org",
        ).json_body
        for who in people
    ]
    admin, moderator = mint(staff_keys, "admin"), mint(staff_keys, "moderator")
    staff = "/staff/consultations/demo"
    assert call(api, "POST", f"{staff}/status", admin, {"status": "closed"}).status_code == 200
    (campaign,) = call(api, "GET", f"{staff}/unanswered", admin).json_body["campaigns"]
    answer = {
        "status": "under-study",
        "text": {"en": "Studied with the council."},
        "links": {"campaigns": [campaign["key"]]},
    }
    created = call(api, "POST", f"{staff}/responses", admin, answer)
    assert created.status_code == 201 and created.json_body["answered"] == 6, created.json_body
    hide = {"ids": [copies[-1]["id"]], "action": "hide", "reason": "Posted twice."}
    assert call(api, "POST", f"{staff}/moderation/batch", moderator, hide).status_code == 200
    for oid in ("a", "b"):
        assert call(api, "PUT", f"{staff}/options/{oid}/outcome", admin, OUTCOME).status_code == 200
    assert call(api, "POST", f"{staff}/status", admin, {"status": "outcome"}).status_code == 200

    mailbox = _mailbox()
    assert set(mailbox) == {f"{who.lower()}@example.org" for who in people}
    for who in people[:-1]:
        assert "Studied with the council." in mailbox[f"{who.lower()}@example.org"].get_content()
    flo = mailbox["flo@example.org"].get_content()
    assert "Studied with the council." not in flo and "no individual answer" in flo
