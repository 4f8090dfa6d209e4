"""DynamoDB tables as pynamodb models: the one definition the code, the local runtime, the
tests and (later) the deployment stack all create tables from.

Key design and access patterns: docs/data-model.md.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from pynamodb.attributes import (
    Attribute,
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.constants import BINARY
from pynamodb.indexes import (
    AllProjection,
    GlobalSecondaryIndex,
    IncludeProjection,
    KeysOnlyProjection,
)
from pynamodb.models import Model

from chalicelib import config
from chalicelib.store import retry_policy

_cfg = config.current()


class CompressedJSONAttribute(Attribute[Any]):
    """A JSON value stored zlib-compressed as binary: plans are repetitive and can be large,
    and DynamoDB items stop at 400 KB."""

    attr_type = BINARY

    def serialize(self, value: Any) -> bytes:
        return zlib.compress(json.dumps(value, separators=(",", ":")).encode(), 6)

    def deserialize(self, value: bytes) -> Any:
        return json.loads(zlib.decompress(value))


class _Meta:
    region = _cfg.region
    host = _cfg.aws_endpoint_url
    billing_mode = "PAY_PER_REQUEST"
    # The one retry policy (store/retry_policy.py): standard mode, bounded attempts, and
    # timeouts that fail fast inside a Lambda's 30 s budget instead of botocore's 60 s defaults.
    connect_timeout_seconds = retry_policy.CONNECT_TIMEOUT_SECONDS
    read_timeout_seconds = retry_policy.READ_TIMEOUT_SECONDS
    max_retry_attempts = retry_policy.PYNAMODB_MAX_RETRY_ATTEMPTS


class _ConsultationListing(GlobalSecondaryIndex["ConsultationRecord"]):
    """Every consultation, newest first (staff listing, nightly job). Sparse: only consultation
    items carry `list_pk`. One partition is enough: a stack holds one consultation or a few."""

    class Meta:
        index_name = "consultation-listing"
        projection = AllProjection()

    list_pk = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class ConsultationRecord(Model):
    """Consultation metadata (sk "consultation") and its options (sk "option#{oid}")."""

    class Meta(_Meta):
        table_name = _cfg.consultations_table

    cid = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    title = MapAttribute[str, str]()
    summary = MapAttribute[str, str](null=True)
    # consultation
    languages = ListAttribute[str](of=UnicodeAttribute, null=True)
    status = UnicodeAttribute(null=True)
    opens_at = UTCDateTimeAttribute(null=True)
    closes_at = UTCDateTimeAttribute(null=True)
    moderation = UnicodeAttribute(null=True)
    list_pk = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute(null=True)
    listing = _ConsultationListing()
    # option
    oid = UnicodeAttribute(null=True)
    kind = UnicodeAttribute(null=True)
    position = NumberAttribute(null=True)
    plan = CompressedJSONAttribute(null=True)
    outcome_decision = UnicodeAttribute(null=True)
    outcome_text = MapAttribute[str, str](null=True)
    superseded_by = UnicodeAttribute(null=True)
    # consultation: when its outcome was published (contacts expire from then: retention)
    outcome_at = UTCDateTimeAttribute(null=True)
    open_data_off = BooleanAttribute(null=True)  # staff switched the open-data bundle off
    open_data_licence = UnicodeAttribute(null=True)  # an SPDX id; absent: CC-BY-4.0


class CounterRecord(Model):
    """One shard of a consultation's submission counters (pk "{cid}#counts#{shard}", sk
    "counts"), in the consultations table. Its attributes are the counter keys of
    domain/stats.py ("{oid}|{kind}|{stance}|{state}"), created by the first ADD, so they are
    not declared here: store/counters.py reads the item raw."""

    class Meta(_Meta):
        table_name = _cfg.consultations_table

    cid = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)


class _PublicNewest(GlobalSecondaryIndex["SubmissionRecord"]):
    class Meta:
        index_name = "public-newest"
        projection = AllProjection()

    pub_pk = UnicodeAttribute(hash_key=True)
    sid = UnicodeAttribute(range_key=True)


class _OptionNewest(GlobalSecondaryIndex["SubmissionRecord"]):
    class Meta:
        index_name = "option-newest"
        projection = AllProjection()

    opt_pk = UnicodeAttribute(hash_key=True)
    sid = UnicodeAttribute(range_key=True)


class _ElementNewest(GlobalSecondaryIndex["SubmissionRecord"]):
    class Meta:
        index_name = "element-newest"
        projection = AllProjection()

    el_pk = UnicodeAttribute(hash_key=True)
    sid = UnicodeAttribute(range_key=True)


class _PublicTop(GlobalSecondaryIndex["SubmissionRecord"]):
    class Meta:
        index_name = "public-top"
        projection = AllProjection()

    pub_pk = UnicodeAttribute(hash_key=True)
    rank = NumberAttribute(range_key=True)


class _OptionTop(GlobalSecondaryIndex["SubmissionRecord"]):
    class Meta:
        index_name = "option-top"
        projection = AllProjection()

    opt_pk = UnicodeAttribute(hash_key=True)
    rank = NumberAttribute(range_key=True)


class _ElementTop(GlobalSecondaryIndex["SubmissionRecord"]):
    class Meta:
        index_name = "element-top"
        projection = AllProjection()

    el_pk = UnicodeAttribute(hash_key=True)
    rank = NumberAttribute(range_key=True)


class _ModerationQueue(GlobalSecondaryIndex["SubmissionRecord"]):
    class Meta:
        index_name = "moderation-queue"
        projection = AllProjection()

    mod_pk = UnicodeAttribute(hash_key=True)
    sid = UnicodeAttribute(range_key=True)


class _EveryItem(GlobalSecondaryIndex["SubmissionRecord"]):
    """Every submission of a consultation, whatever its state (the count check): all_pk
    "{cid}#{shard}", with only what a counter key is made of."""

    class Meta:
        index_name = "every-item"
        projection = IncludeProjection(["oid", "kind", "stance", "status"])

    all_pk = UnicodeAttribute(hash_key=True)
    sid = UnicodeAttribute(range_key=True)


class _ResidentItems(GlobalSecondaryIndex["SubmissionRecord"]):
    """Everything one resident sent to one consultation: their submissions, endorsement marks
    and flag marks (data rights: export and erasure). Sparse: only items sent with a resident
    token carry `res_pk` "{cid}#{rid}"; one partition per resident, so no hot key."""

    class Meta:
        index_name = "resident-items"
        projection = AllProjection()

    res_pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)


class SubmissionRecord(Model):
    """One submission (pk "{cid}#{sid}", sk "submission").

    The three index keys are set only while the submission is public, so the indexes are sparse:
    pending or withdrawn items never show in a listing. Each index key ends in a shard number so
    a flood of submissions spreads over several partitions (docs/data-model.md).
    """

    class Meta(_Meta):
        table_name = _cfg.submissions_table

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    sid = UnicodeAttribute()
    cid = UnicodeAttribute()
    oid = UnicodeAttribute()
    kind = UnicodeAttribute()
    text = UnicodeAttribute()
    element_id = UnicodeAttribute(null=True)
    offset_m = NumberAttribute(null=True)
    lonlat = ListAttribute[float](of=NumberAttribute, null=True)
    stance = UnicodeAttribute(null=True)
    plan = CompressedJSONAttribute(null=True)
    diff = CompressedJSONAttribute(null=True)
    status = UnicodeAttribute()
    shard = NumberAttribute()
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute(null=True)
    edit_hash = UnicodeAttribute(null=True)
    endorsements = NumberAttribute(default=0)
    flags = NumberAttribute(default=0)  # one per resident token
    flagged_by = UnicodeSetAttribute(null=True)  # resident ids: one flag each
    flag_reasons = ListAttribute[str](of=UnicodeAttribute, null=True)
    # keyed hashes of the flagging sources, salted with this item's id (never linkable across
    # items or back to an address): their number is what counts towards SAYSO_FLAGS_TO_HOLD
    flag_sources = UnicodeSetAttribute(null=True)
    # the content version: 1 when sent, +1 on each edit of words, stance or plan; endorsements
    # count for the current version, earlier ones in `earlier_endorsements`
    version = NumberAttribute(null=True)  # absent: 1
    edited_at = UTCDateTimeAttribute(null=True)
    earlier_endorsements = NumberAttribute(null=True)
    approved_version = NumberAttribute(null=True)  # a moderator approved this version
    # under pre-moderation, the version an edit replaced, until a moderator decides
    previous = CompressedJSONAttribute(null=True)
    # endorsements * RANK_STEP + creation second: "most endorsed, then newest" as one number,
    # so an endorsement moves it with an atomic ADD (see docs/data-model.md).
    rank = NumberAttribute(null=True)
    pub_pk = UnicodeAttribute(null=True)
    opt_pk = UnicodeAttribute(null=True)
    el_pk = UnicodeAttribute(null=True)
    mod_pk = UnicodeAttribute(null=True)  # "{cid}#{pending|flagged|hidden}#{shard}"
    all_pk = UnicodeAttribute(null=True)  # "{cid}#{shard}" on every submission
    res_pk = UnicodeAttribute(null=True)  # "{cid}#{rid}" when sent with a resident token

    public_newest = _PublicNewest()
    option_newest = _OptionNewest()
    element_newest = _ElementNewest()
    public_top = _PublicTop()
    option_top = _OptionTop()
    element_top = _ElementTop()
    moderation_queue = _ModerationQueue()
    every_item = _EveryItem()
    resident_items = _ResidentItems()


RANK_STEP = 10**10  # seconds: creation times stay below it until the year 2286


class ResidentMarkRecord(Model):
    """A resident's endorsement (sk "endorsement#{rid}") or flag (sk "flag#{rid}", with its
    reason) of a submission, in the submissions table beside it: its existence is the
    one-per-resident rule, and its `res_pk` lists it in the resident-items index."""

    class Meta(_Meta):
        table_name = _cfg.submissions_table

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    created_at = UTCDateTimeAttribute()
    res_pk = UnicodeAttribute(null=True)  # "{cid}#{rid}"
    reason = UnicodeAttribute(null=True)  # flags
    version = NumberAttribute(null=True)  # the submission's version it was made on (absent: 1)


class _RetentionDue(GlobalSecondaryIndex["ContactRecord"]):
    """Contacts not yet given an expiry, per consultation and shard ("{cid}#{shard}", the
    submission's shard, so a burst of emails spreads over partitions). Sparse: stamping the
    expiry removes `ret_pk`, so the nightly job only ever reads what is left to stamp."""

    class Meta:
        index_name = "retention-due"
        projection = KeysOnlyProjection()

    ret_pk = UnicodeAttribute(hash_key=True)


class ContactRecord(Model):
    """A resident's optional follow-up email, apart from the public item (pk "{cid}#{sid}").

    Never returned by a public endpoint, never logged; deleted when the submission is withdrawn,
    and by DynamoDB TTL `SAYSO_CONTACT_RETENTION_DAYS` after the outcome is published
    (services/retention.py stamps `expires_at`).
    """

    class Meta(_Meta):
        table_name = _cfg.contacts_table

    pk = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    ret_pk = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)
    lang = UnicodeAttribute(null=True)  # the language the resident wrote in, when known

    retention_due = _RetentionDue()


class GuardRecord(Model):
    """Short-lived abuse-resistance counters: hits per hashed source IP per hour.

    pk "{scope}#{ip_hash}#{hour}", scope "rate#{cid}", "endorse#{cid}" or "residents";
    expires by TTL."""

    class Meta(_Meta):
        table_name = _cfg.guards_table

    pk = UnicodeAttribute(hash_key=True)
    hits = NumberAttribute(default=0)
    expires_at = TTLAttribute()


class IdempotencyRecord(Model):
    """Powertools idempotency records (its DynamoDB persistence layer writes them; this model
    only defines the table: key "id", TTL "expiration")."""

    class Meta(_Meta):
        table_name = _cfg.idempotency_table

    id = UnicodeAttribute(hash_key=True)
    expiration = TTLAttribute(null=True)


class AuditRecord(Model):
    """One staff action: who (token subject and email), what, when, and the state before and
    after. pk: the consultation id; sk: a ULID, so a Query reads newest first."""

    class Meta(_Meta):
        table_name = _cfg.audit_table

    cid = UnicodeAttribute(hash_key=True)
    entry = UnicodeAttribute(range_key=True)
    at = UTCDateTimeAttribute()
    subject = UnicodeAttribute()
    email = UnicodeAttribute(null=True)
    action = UnicodeAttribute()
    target = UnicodeAttribute()
    before = CompressedJSONAttribute(null=True)
    after = CompressedJSONAttribute(null=True)


class ResponseRecord(Model):
    """One agency response ("you said, we did"), in the consultations table apart from the
    consultation's own partition: pk "{cid}#responses", sk the response id (a ULID), so one
    Query reads every response of a consultation and the consultation's page never drags them.
    `version` is the optimistic check of edits; the history is in the audit table."""

    class Meta(_Meta):
        table_name = _cfg.consultations_table

    cid = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    status = UnicodeAttribute()
    text = MapAttribute[str, str]()
    submissions = ListAttribute[str](of=UnicodeAttribute, null=True)
    elements = ListAttribute[str](of=UnicodeAttribute, null=True)  # "{oid}/{element id}"
    campaigns = ListAttribute[str](of=UnicodeAttribute, null=True)
    options = ListAttribute[str](of=UnicodeAttribute, null=True)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    version = NumberAttribute()
    answered = NumberAttribute(null=True)  # published submissions answered, at the write
    # the linked campaigns' comments, resolved at the write (domain/response.py)
    campaign_members = UnicodeSetAttribute(null=True)


class NoticeRecord(Model):
    """One address told (or being told) about one consultation's outcome, in the contacts table:
    pk "{cid}#notice#{keyed hash of the address}" (never the address); store/notices.py."""

    class Meta(_Meta):
        table_name = _cfg.contacts_table

    pk = UnicodeAttribute(hash_key=True)
    state = UnicodeAttribute()
    at = UTCDateTimeAttribute()
    message_id = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)


# Tables to create, and the attribute each expires items by (None: no TTL).
TABLES: tuple[tuple[type[Model], str | None], ...] = (
    (ConsultationRecord, None),
    (SubmissionRecord, None),
    (ContactRecord, "expires_at"),
    (GuardRecord, "expires_at"),
    (IdempotencyRecord, "expiration"),
    (AuditRecord, None),
)
ALL_MODELS: tuple[type[Model], ...] = (
    ConsultationRecord,
    CounterRecord,
    SubmissionRecord,
    ResidentMarkRecord,
    ContactRecord,
    GuardRecord,
    AuditRecord,
    ResponseRecord,
    NoticeRecord,
)
