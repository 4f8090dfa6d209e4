"""Use case: when a consultation's outcome is published, each resident who left an email gets
ONE message (per address, however many submissions) saying what the agency answered to what
they sent, with a signed link that forgets their email at once.

Resumable and exactly-once per address: each address is claimed in the contacts table before
its message goes to SES and marked sent after (store/notices.py), so running again after a
crash, a throttle or a refusal sends only to addresses nobody has claimed. Withdrawn or erased
submissions have no email any more (withdrawal deletes it) and are skipped in any case.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from chalicelib import config
from chalicelib.domain import notice
from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.ids import is_slug, is_ulid
from chalicelib.domain.sealing import unseal
from chalicelib.domain.tokens import keyed_hash
from chalicelib.observability import logger
from chalicelib.services.retention import contacts_expire_at
from chalicelib.store import consultations as consultation_store
from chalicelib.store import counters, mail, notices, secrets
from chalicelib.store import responses as response_store


@dataclass
class Run:
    sent: int = 0
    already: int = 0  # told by an earlier run
    unconfirmed: list[str] = field(default_factory=list)  # claimed earlier, never marked sent
    addresses: int = 0


def _address_key(key: bytes, email: str) -> str:
    return keyed_hash(key, "notice-address", email.strip().lower())


def send_outcome_emails(
    cid: str, *, sender: str, site_url: str, api_url: str, configuration_set: str | None = None
) -> Run:
    """Tell every address of the consultation; safe to run again (see the module's note)."""
    consultation, options = consultation_store.get_with_options(cid) if is_slug(cid) else (None, [])
    if consultation is None:
        raise NotFound(f"There is no consultation '{cid[:64]}'.", field="consultation_id")
    if consultation.status != "outcome":
        raise Conflict(f"Consultation '{cid}' has not published its outcome yet.", field="status")
    shards = config.current().submission_shards
    key = secrets.token_key()
    responses = response_store.list_all(cid)
    contacts = notices.contacts_of(cid, list(counters.submission_ids(cid, shards)))
    linked = {s.id: s for s in notices.submissions_of(cid, [c.submission_id for c in contacts])}
    by_address: dict[str, list[notices.Contact]] = defaultdict(list)
    for contact in contacts:
        submission = linked.get(contact.submission_id)
        if submission is None or submission.status == "withdrawn":
            continue  # erased or withdrawn: no email, whatever is left
        # the contacts table keeps each email sealed, bound to its record (services/submissions.py)
        email = unseal(key, "contact-email", f"{cid}#{contact.submission_id}", contact.email)
        by_address[email.strip().lower()].append(replace(contact, email=email))
    expires = contacts_expire_at(consultation)
    page_url = f"{site_url.rstrip('/')}/responses.html?c={cid}"
    run = Run(addresses=len(by_address))
    for address in sorted(by_address):
        mine = by_address[address]
        address_key = _address_key(key, address)
        if not notices.claim(cid, address_key, datetime.now(UTC), expires):
            if notices.state_of(cid, address_key) == notices.SENT:
                run.already += 1
            else:
                run.unconfirmed.append(address_key)
            continue
        sids = [c.submission_id for c in mine]
        message = notice.compose(
            consultation=consultation,
            options=options,
            responses=responses,
            sent=[
                notice.Sent(s.id, s.option_id, s.kind, s.element_id)
                for s in (linked[sid] for sid in sids)
            ],
            lang=notice.language_of(next((c.lang for c in mine if c.lang), None), consultation),
            sender=sender,
            recipient=mine[0].email,
            page_url=page_url,
            forget=notice.forget_url(api_url, key, cid, sids),
        )
        try:
            message_id = mail.send(message, configuration_set=configuration_set)
        except Exception:
            # SES answered with an error: it sent nothing, so the next run may try again.
            notices.release(cid, address_key)
            raise
        notices.mark_sent(cid, address_key, message_id, datetime.now(UTC))
        run.sent += 1
    logger.info(
        "outcome emails",
        extra={
            "consultation_id": cid,
            "sent": run.sent,
            "already": run.already,
            "unconfirmed": len(run.unconfirmed),
        },
    )
    return run


def forget(cid: str, sids_text: str, signature: str) -> int:
    """The signed link of the email: delete those submissions' emails now."""
    sids = [s for s in sids_text.split(".") if s]
    if not is_slug(cid) or not sids or len(sids) > 200 or not all(is_ulid(s) for s in sids):
        raise NotFound("This link is not one sayso sent.", field="s")
    if not notice.forget_signature_ok(secrets.token_key(), cid, sids, signature):
        raise NotFound(
            "This link is not one sayso sent (its signature does not match).", field="sig"
        )
    return notices.forget(cid, sids)
