"""The outcome email: one per address per consultation (however many submissions), listing the
responses to what that address sent, with RFC 8058 one-click unsubscribe and a signed link that
forgets the email at once; none for a withdrawn submission; exactly once per address across a
failed run and its rerun (the fault injector, tests/support/faults.py)."""

from __future__ import annotations

import email
from email import policy
from urllib.parse import urlsplit

import pytest

from tests.support.staff_api import OUTCOME, call, mint

SENDER = "outcomes@sayso.example.org"
SITE = "https://consult.example.org"
API_URL = "https://api.example.org"


def _journey(api, staff_keys) -> dict[str, list[str]]:
    """Residents send (two from one address, one withdrawn, one without email); staff close,
    answer the Balmoral platform and publish. Returns submission ids by address."""
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
        "status": "adopted",
        "text": {"en": "A canopy is added over the platform.", "mi": "Ka tāpirihia he tuanui."},
        "links": {"elements": [{"option_id": "a", "element_id": "balmoral-platform"}]},
    }
    assert (
        call(api, "POST", "/staff/consultations/demo/responses", admin, answer).status_code == 201
    )
    for oid in ("a", "b"):
        path = f"/staff/consultations/demo/options/{oid}/outcome"
        assert call(api, "PUT", path, admin, OUTCOME).status_code == 200
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
def sender(aws):
    from chalicelib.store.mail import ensure_sender

    ensure_sender(SENDER)


def test_one_email_per_address_with_its_answers_and_a_working_forget_link(api, staff_keys, sender):
    from chalicelib.store.models import ContactRecord

    sent = _journey(api, staff_keys)
    run = _send()
    assert (run.sent, run.addresses) == (2, 2)
    mailbox = _mailbox()
    assert set(mailbox) == {"ana@example.org", "ben@example.org"}  # not the withdrawn one

    ana = mailbox["ana@example.org"]
    body = ana.get_content()
    assert "You sent 2 submission(s)" in body
    assert "A canopy is added over the platform." in body  # the platform comment's answer
    assert body.count("no individual answer") == 1  # the footpath comment's
    assert f"{SITE}/responses.html?c=demo" in body
    assert "Shade at the platform." not in body  # never the words themselves
    assert ana["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    forget = ana["List-Unsubscribe"].strip("<>")
    assert forget in body

    # Ben wrote in te reo Māori: his email is in it, with the answer's Māori text.
    ben_body = mailbox["ben@example.org"].get_content()
    assert "Ka tāpirihia he tuanui." in ben_body
    assert mailbox["ben@example.org"]["Content-Language"] == "mi"
    assert "i pēhea" in mailbox["ben@example.org"]["Subject"]
    assert "Content-Language" in ana and ana["Content-Language"] == "en"

    # Running again sends nothing more.
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
    from botocore.exceptions import ClientError

    _journey(api, staff_keys)
    injector.arm(fail_at=2, fault="aws-500", operation="SendRawEmail")
    with pytest.raises(ClientError):
        _send()
    injector.disarm()
    assert len(_mailbox()) == 1
    rerun = _send()
    assert (rerun.sent, rerun.already) == (1, 1)
    assert len(_mailbox()) == 2


def test_a_crash_after_sending_before_marking_never_sends_twice(api, staff_keys, sender, injector):
    _journey(api, staff_keys)
    # The first UpdateItem after the first message is marking it sent: it fails.
    injector.arm(fail_at=1, fault="aws-500", operation="UpdateItem")
    with pytest.raises(Exception):  # noqa: B017 (what a crash looks like varies)
        _send()
    injector.disarm()
    assert len(_mailbox()) == 1
    rerun = _send()
    assert rerun.sent == 1 and len(rerun.unconfirmed) == 1  # the first: claimed, not confirmed
    assert len(_mailbox()) == 2


def test_publication_does_not_wait_for_ses_the_bundle_is_written_at_the_outcome(
    api, staff_keys, sender, injector
):
    """The outcome writes the open-data bundle itself: a sending run that fails midway (SES
    refusing the second message) neither prevents nor undoes it, and the rerun resumes."""
    import json

    from botocore.exceptions import ClientError

    from chalicelib.store.open_data import read

    _journey(api, staff_keys)  # ends with the status change to outcome
    package = json.loads(read("demo", "datapackage.json"))
    assert {r["path"] for r in package["resources"]} >= {"submissions.csv", "responses.csv"}
    assert b"A canopy is added over the platform." in read("demo", "responses.csv")
    injector.arm(fail_at=2, fault="aws-500", operation="SendRawEmail")
    with pytest.raises(ClientError):
        _send()
    injector.disarm()
    assert json.loads(read("demo", "datapackage.json")) == package
    assert b"Ana@example.org" not in read("demo", "submissions.csv")
    rerun = _send()
    assert (rerun.sent, rerun.already) == (1, 1) and len(_mailbox()) == 2
