"""Use case: when a consultation's outcome is published, each resident who left an email gets
ONE message (per address, however many submissions) saying what the agency answered to what
they sent, with a signed link that forgets their email at once; when a response they follow
later changes its status, one short update. Both are started by the staff change itself
(services/background.py); `cli notify` runs the first again by hand.

An email is kept only while a response it follows can still change: once every response the
address follows is final (or none answers it), its contacts are deleted right after it is told
(domain/response.py contact_still_needed); retention deletes the rest (services/retention.py).

Resumable and exactly-once per address: each address is claimed in the contacts table before
its message goes to SES and marked sent after (store/notices.py), so running again after a
crash, a throttle or a refusal sends only to addresses nobody has claimed. Withdrawn or erased
submissions have no email any more (withdrawal deletes it) and are skipped in any case.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.message import EmailMessage

from chalicelib import config
from chalicelib.domain import notice
from chalicelib.domain import response as response_rules
from chalicelib.domain.consultation import Consultation, OptionSummary
from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.ids import is_slug, is_ulid
from chalicelib.domain.report.coverage import with_campaign_members
from chalicelib.domain.response import Response
from chalicelib.domain.sealing import unseal
from chalicelib.domain.tokens import keyed_hash
from chalicelib.observability import logger
from chalicelib.services.retention import contacts_expire_at
from chalicelib.store import consultations as consultation_store
from chalicelib.store import counters, mail, notices, secrets
from chalicelib.store import responses as response_store
from chalicelib.store import submissions as submission_store


@dataclass
class Run:
    sent: int = 0
    already: int = 0  # told by an earlier run
    unconfirmed: list[str] = field(default_factory=list)  # claimed earlier, never marked sent
    failed: list[str] = field(default_factory=list)  # refused by SES this run (address keys)
    addresses: int = 0
    forgotten: int = 0  # contacts deleted: every response they follow is final


def _address_key(key: bytes, email: str) -> str:
    return keyed_hash(key, "notice-address", email.strip().lower())


@dataclass
class _Audience:
    consultation: Consultation
    options: list[OptionSummary]
    responses: list[Response]
    linked: dict[str, notices.Linked]
    by_address: dict[str, list[notices.Contact]]  # lower-cased address -> its contacts


def _audience(cid: str, key: bytes) -> _Audience:
    """Every address of the published consultation with the contacts (submissions) behind it;
    withdrawn or erased submissions left out."""
    consultation, options = consultation_store.get_with_options(cid) if is_slug(cid) else (None, [])
    if consultation is None:
        raise NotFound(f"There is no consultation '{cid[:64]}'.", field="consultation_id")
    if consultation.status != "outcome":
        raise Conflict(f"Consultation '{cid}' has not published its outcome yet.", field="status")
    shards = config.current().submission_shards
    responses = response_store.list_all(cid)
    if any(r.links.campaigns for r in responses):
        # the campaigns' members as they are now (a copy hidden or approved since an answer was
        # written moves out or in): who is told follows the report, not the answer's old view
        published = list(submission_store.stream_published(cid, shards=shards))
        responses = [
            with_campaign_members(r, published) if r.links.campaigns else r for r in responses
        ]
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
    return _Audience(consultation, options, responses, linked, by_address)


def _sent(audience: _Audience, mine: list[notices.Contact]) -> list[tuple[str, str | None, str]]:
    found = (audience.linked[c.submission_id] for c in mine)
    return [(s.option_id, s.element_id, s.id) for s in found]


def _forget_if_done(cid: str, audience: _Audience, mine: list[notices.Contact]) -> int:
    """Delete the address's contacts once no response it follows can change (domain rule)."""
    followed = response_rules.followed_by(audience.responses, _sent(audience, mine))
    if response_rules.contact_still_needed(followed):
        return 0
    return notices.forget(cid, [c.submission_id for c in mine])


class SendingIncomplete(RuntimeError):
    """SES refused some messages of a run (each logged by its address key, never the address);
    the others went. Raised at the end of the run, so the job is retried and a rerun sends
    only those."""


def _deliver(
    cid: str, address_key: str, message: EmailMessage, configuration_set: str | None, run: Run
) -> bool:
    """Send one claimed message; if SES refuses it (nothing was sent) release the claim, note
    it and go on: one address SES will not take (e.g. a non-ASCII local part) must not keep
    the email from every address after it."""
    try:
        message_id = mail.send(message, configuration_set=configuration_set)
    except Exception:
        notices.release(cid, address_key)
        logger.exception("email refused", extra={"consultation_id": cid, "address": address_key})
        run.failed.append(address_key)
        return False
    notices.mark_sent(cid, address_key, message_id, datetime.now(UTC))
    return True


def _finish(cid: str, what: str, run: Run) -> Run:
    if run.failed:
        raise SendingIncomplete(
            f"'{cid}': {what}: {len(run.failed)} refused, {run.sent} sent (a rerun retries them)"
        )
    return run


def send_outcome_emails(
    cid: str, *, sender: str, site_url: str, api_url: str, configuration_set: str | None = None
) -> Run:
    """Tell every address of the consultation; safe to run again (see the module's note).
    An address told whose every followed response is final has its contacts deleted."""
    key = secrets.token_key()
    audience = _audience(cid, key)
    consultation = audience.consultation
    expires = contacts_expire_at(consultation)
    page_url = f"{site_url.rstrip('/')}/responses.html?c={cid}"
    run = Run(addresses=len(audience.by_address))
    for address in sorted(audience.by_address):
        mine = audience.by_address[address]
        address_key = _address_key(key, address)
        if not notices.claim(cid, address_key, datetime.now(UTC), expires):
            if notices.state_of(cid, address_key) == notices.SENT:
                run.already += 1
                run.forgotten += _forget_if_done(cid, audience, mine)
            else:
                run.unconfirmed.append(address_key)
            continue
        sids = [c.submission_id for c in mine]
        message = notice.compose(
            consultation=consultation,
            options=audience.options,
            responses=audience.responses,
            sent=[
                notice.Sent(s.id, s.option_id, s.kind, s.element_id)
                for s in (audience.linked[sid] for sid in sids)
            ],
            lang=notice.language_of(next((c.lang for c in mine if c.lang), None), consultation),
            sender=sender,
            recipient=mine[0].email,
            page_url=page_url,
            forget=notice.forget_links(api_url, site_url, key, cid, sids),
        )
        if not _deliver(cid, address_key, message, configuration_set, run):
            continue
        run.sent += 1
        run.forgotten += _forget_if_done(cid, audience, mine)
    logger.info(
        "outcome emails",
        extra={
            "consultation_id": cid,
            "sent": run.sent,
            "already": run.already,
            "unconfirmed": len(run.unconfirmed),
            "failed": len(run.failed),
            "forgotten": run.forgotten,
        },
    )
    _catch_up(cid, audience.responses, sender, site_url, api_url, configuration_set, run)
    return _finish(cid, "outcome emails", run)


def _catch_up(
    cid: str,
    read: list[Response],
    sender: str,
    site_url: str,
    api_url: str,
    configuration_set: str | None,
    run: Run,
) -> None:
    """A response whose status staff changed while this run was sending: its update job skipped
    the addresses not told yet, and this run told them the status it read at its start; so
    each such change is sent now, as its update job would (claimed per version: never twice)."""
    before = {r.id: r.status for r in read}
    for response in response_store.list_all(cid):
        if response.id in before and response.status != before[response.id]:
            try:
                send_update_emails(
                    cid,
                    response.id,
                    response.version,
                    sender=sender,
                    site_url=site_url,
                    api_url=api_url,
                    configuration_set=configuration_set,
                )
            except SendingIncomplete:
                run.failed.append(f"update of {response.id}")


def send_update_emails(
    cid: str,
    rid: str,
    version: int,
    *,
    sender: str,
    site_url: str,
    api_url: str,
    configuration_set: str | None = None,
) -> Run:
    """A published response changed its status: one short update to each address that follows
    it and was told the outcome (an address that used its forget link has no contact left),
    exactly once per address and change: `version` is the response's version that changed the
    status (claimed like the outcome email); the email says the response as it is now."""
    key = secrets.token_key()
    audience = _audience(cid, key)
    response = next((r for r in audience.responses if r.id == rid), None)
    if response is None:
        raise NotFound(f"Consultation '{cid}' has no response '{rid[:64]}'.", field="response_id")
    consultation = audience.consultation
    expires = contacts_expire_at(consultation)
    page_url = f"{site_url.rstrip('/')}/responses.html?c={cid}"
    run = Run()
    for address in sorted(audience.by_address):
        mine = audience.by_address[address]
        if response not in response_rules.followed_by([response], _sent(audience, mine)):
            continue
        run.addresses += 1
        told = _address_key(key, address)
        if notices.state_of(cid, told) != notices.SENT:
            continue  # not told the outcome yet: that email will carry the status as it is now
        address_key = f"{told}#{rid}.{version}"
        if not notices.claim(cid, address_key, datetime.now(UTC), expires):
            if notices.state_of(cid, address_key) == notices.SENT:
                run.already += 1
            else:
                run.unconfirmed.append(address_key)
            continue
        sids = [c.submission_id for c in mine]
        message = notice.compose_update(
            consultation=consultation,
            options=audience.options,
            response=response,
            lang=notice.language_of(next((c.lang for c in mine if c.lang), None), consultation),
            sender=sender,
            recipient=mine[0].email,
            page_url=page_url,
            forget=notice.forget_links(api_url, site_url, key, cid, sids),
        )
        if not _deliver(cid, address_key, message, configuration_set, run):
            continue
        run.sent += 1
        run.forgotten += _forget_if_done(cid, audience, mine)
    logger.info(
        "update emails",
        extra={
            "consultation_id": cid,
            "response_id": rid,
            "sent": run.sent,
            "failed": len(run.failed),
        },
    )
    return _finish(cid, "update emails", run)


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
