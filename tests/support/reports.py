"""What the report tests share: the files a bundle holds, the objects and run tags in the reports
bucket, and submissions worth reporting on."""

from __future__ import annotations

FILES = {
    "report.html",
    "summary.json",
    "alternatives.json",
    "pins.geojson",
    "submissions.csv",
    "submissions.xlsx",
}


def stored_objects(prefix: str = "reports/demo/") -> dict[str, bytes]:
    """Each report object under the prefix, by key, with its bytes."""
    import boto3

    from chalicelib import config

    s3 = boto3.client("s3", region_name="us-east-1")
    bucket = config.current().reports_bucket
    listed = s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])
    return {o["Key"]: s3.get_object(Bucket=bucket, Key=o["Key"])["Body"].read() for o in listed}


def run_tags(prefix: str = "reports/demo/") -> dict[str, str | None]:
    """Each object's `sayso-run` tag (what the lifecycle rule filters on), None if untagged."""
    import boto3

    from chalicelib import config
    from chalicelib.store.reports import RUN_TAG

    s3 = boto3.client("s3", region_name="us-east-1")
    bucket = config.current().reports_bucket
    listed = s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])
    tags = {}
    for o in listed:
        tag_set = s3.get_object_tagging(Bucket=bucket, Key=o["Key"])["TagSet"]
        tags[o["Key"]] = {t["Key"]: t["Value"] for t in tag_set}.get(RUN_TAG)
    return tags


def post_some(api) -> dict[str, str]:
    """Submissions a report has something to say about (a formula, a script, a pin, one endorsed,
    one to hide), by what each shows."""
    ids = {}
    ids["kept"] = api.comment(stance="support", element_id="west-trees").json_body["id"]
    ids["formula"] = api.comment(text="=cmd|' /C calc'!A0", stance="oppose").json_body["id"]
    ids["script"] = api.comment(text="<script>alert(1)</script> no thanks").json_body["id"]
    resident = api.post("/residents", {}).json_body["token"]
    endorsed = api.client.http.post(
        f"/consultations/demo/submissions/{ids['script']}/endorsements",
        headers={"X-Resident-Token": resident},
    )
    assert endorsed.status_code == 201  # so it is among the top endorsed in the report
    ids["pin"] = api.comment(
        option_id="b", text="A stop here, please.", point=[174.7467, -36.8792]
    ).json_body["id"]
    ids["hidden"] = api.comment(text="Something abusive.").json_body["id"]
    return ids
