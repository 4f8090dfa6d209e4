"""Retention: follow-up emails get a DynamoDB TTL of SAYSO_CONTACT_RETENTION_DAYS after the
consultation's outcome is published, stamped by the nightly job (services/retention.py)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from chalicelib.domain.sealing import unseal
from chalicelib.store.models import ContactRecord
from chalicelib.store.secrets import token_key


def _with_email(api, text: str) -> str:
    return api.comment(text=text, email="me@example.org").json_body["id"]


def _publish_outcome(cid: str, at: datetime) -> None:
    from chalicelib.store import consultations

    consultation = consultations.get(cid)
    consultations.save(dataclasses.replace(consultation, status="outcome", outcome_at=at))


def test_contacts_expire_retention_days_after_the_outcome_and_stamping_is_resumable(api):
    from chalicelib.services import retention

    kept, withdrawn = _with_email(api, "Keep the trees."), _with_email(api, "Changed my mind.")
    assert ContactRecord.get(f"demo#{kept}").expires_at is None
    assert retention.stamp_due() == {}  # still open: nothing expires yet
    ContactRecord(f"demo#{withdrawn}").delete()  # as a withdrawal does, before the job runs
    outcome_at = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    _publish_outcome("demo", outcome_at)

    assert retention.stamp_due() == {"demo": 1}
    contact = ContactRecord.get(f"demo#{kept}")
    assert contact.expires_at == outcome_at + timedelta(days=90)
    assert contact.ret_pk is None and contact.email != "me@example.org"  # sealed at rest
    assert unseal(token_key(), "contact-email", f"demo#{kept}", contact.email) == "me@example.org"
    assert ContactRecord.count(f"demo#{withdrawn}") == 0  # not brought back
    assert retention.stamp_due() == {"demo": 0}  # stamped ones left the index


def test_the_contacts_table_expires_items_by_that_attribute(aws):
    from chalicelib.store.models import TABLES

    assert dict(TABLES)[ContactRecord] == "expires_at"
    client = ContactRecord._get_connection().connection.client
    ttl = client.describe_time_to_live(TableName=ContactRecord.Meta.table_name)
    assert ttl["TimeToLiveDescription"]["AttributeName"] == "expires_at"
    assert ttl["TimeToLiveDescription"]["TimeToLiveStatus"] == "ENABLED"


def test_the_retention_period_is_configured(api, monkeypatch):
    from chalicelib import config
    from chalicelib.services import retention

    monkeypatch.setenv("SAYSO_CONTACT_RETENTION_DAYS", "7")
    assert config.load().contact_retention_days == 7
    monkeypatch.delenv("SAYSO_CONTACT_RETENTION_DAYS")
    assert config.load().contact_retention_days == 90
    week = dataclasses.replace(config.current(), contact_retention_days=7)
    monkeypatch.setattr(config, "current", lambda: week)
    sid = _with_email(api, "Keep the trees.")
    at = datetime(2026, 12, 1, tzinfo=UTC)
    _publish_outcome("demo", at)
    retention.stamp_due()
    assert ContactRecord.get(f"demo#{sid}").expires_at == at + timedelta(days=7)


def test_the_nightly_job_stamps_contacts(api, client):
    sid = _with_email(api, "Keep the trees.")
    _publish_outcome("demo", datetime.now(UTC) - timedelta(days=1))
    event = client.events.generate_cw_event(
        source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]
    )
    client.lambda_.invoke("nightly-reports", event)
    assert ContactRecord.get(f"demo#{sid}").expires_at is not None
