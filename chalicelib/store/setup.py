"""Create the tables and buckets from the same definitions the code uses.

Used by the local runtime and the tests; in AWS the deployment stack creates them.
"""

from __future__ import annotations

from chalicelib import config
from chalicelib.store.models import TABLES


def ensure_tables() -> list[str]:
    """Create missing tables (on-demand billing) with point-in-time recovery and their TTL
    attribute; return their names."""
    names = []
    for model, ttl_attribute in TABLES:
        if not model.exists():
            model.create_table(billing_mode="PAY_PER_REQUEST", wait=True)
            client = model._get_connection().connection.client
            client.update_continuous_backups(
                TableName=model.Meta.table_name,
                PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
            )
            if ttl_attribute:
                client.update_time_to_live(
                    TableName=model.Meta.table_name,
                    TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl_attribute},
                )
        names.append(model.Meta.table_name)
    return names


def ensure_buckets() -> list[str]:
    """Create the site and reports buckets if they are missing; return their names."""
    from chalicelib.store import retry_policy  # boto3: keep it off the request path

    cfg = config.current()
    s3 = retry_policy.client("s3")
    existing = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    for name in (cfg.site_bucket, cfg.reports_bucket):
        if name not in existing:
            if cfg.region == "us-east-1":
                s3.create_bucket(Bucket=name)
            else:
                s3.create_bucket(
                    Bucket=name, CreateBucketConfiguration={"LocationConstraint": cfg.region}
                )
    return [cfg.site_bucket, cfg.reports_bucket]
