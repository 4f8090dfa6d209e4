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
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.constants import BINARY
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib import config

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
    # Fail fast inside a Lambda's 30 s budget instead of botocore's 60 s defaults.
    connect_timeout_seconds = 3
    read_timeout_seconds = 10


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
    # option
    oid = UnicodeAttribute(null=True)
    kind = UnicodeAttribute(null=True)
    position = NumberAttribute(null=True)
    plan = CompressedJSONAttribute(null=True)


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
    status = UnicodeAttribute()
    shard = NumberAttribute()
    created_at = UTCDateTimeAttribute()
    pub_pk = UnicodeAttribute(null=True)
    opt_pk = UnicodeAttribute(null=True)
    el_pk = UnicodeAttribute(null=True)

    public_newest = _PublicNewest()
    option_newest = _OptionNewest()
    element_newest = _ElementNewest()


ALL_MODELS: tuple[type[Model], ...] = (ConsultationRecord, SubmissionRecord)
