"""Everything the embedded AWS holds, as text to scan: every item of every DynamoDB table and
every object of every S3 bucket (zip packages, such as an XLSX, opened part by part)."""

from __future__ import annotations

import io
import json
import zipfile

import boto3

from chalicelib import config


def everything_stored(endpoint_url: str | None = None) -> dict[str, str]:
    """`endpoint_url`: a running local stack's embedded AWS; None: moto in this process."""
    region = config.current().region
    dynamodb = boto3.client("dynamodb", region_name=region, endpoint_url=endpoint_url)
    s3 = boto3.client("s3", region_name=region, endpoint_url=endpoint_url)
    stored: dict[str, str] = {}
    for table in dynamodb.list_tables()["TableNames"]:
        items = []
        for page in dynamodb.get_paginator("scan").paginate(TableName=table):
            items += page["Items"]
        stored[f"table {table}"] = json.dumps(items, default=str)
    for bucket in (b["Name"] for b in s3.list_buckets()["Buckets"]):
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for entry in page.get("Contents", []):
                key = entry["Key"]
                body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
                stored[f"s3://{bucket}/{key}"] = body.decode("utf-8", "replace")
                if body.startswith(b"PK\x03\x04"):
                    with zipfile.ZipFile(io.BytesIO(body)) as package:
                        for part in package.namelist():
                            text = package.read(part).decode("utf-8", "replace")
                            stored[f"s3://{bucket}/{key}/{part}"] = text
    return stored
