"""The count check: the sharded counters recounted against the items by Query, reported by the
CLI and in every report's summary.json, and repaired with an audited command."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib import config
from chalicelib.cli import main
from chalicelib.store.counters import COUNTS_SK


def _write_some(api: Any) -> str:
    first = api.comment(stance="support").json_body
    api.comment(text="Wider footpaths please.")
    sid = first["id"]
    api.client.http.patch(
        f"/consultations/demo/submissions/{sid}",
        headers={"Content-Type": "application/json", "X-Edit-Token": first["edit_token"]},
        body=json.dumps({"stance": "oppose"}),
    )
    third = api.comment(text="Withdraw me.").json_body
    api.client.http.delete(
        f"/consultations/demo/submissions/{third['id']}",
        headers={"X-Edit-Token": third["edit_token"]},
    )
    return sid


def _drift(key: str, by: int) -> None:
    """Break a counter behind the store's back (as a bug or a manual edit would)."""
    from chalicelib.store.models import CounterRecord

    client = CounterRecord._get_connection().connection.client
    client.update_item(
        TableName=CounterRecord.Meta.table_name,
        Key={"cid": {"S": "demo#counts#0"}, "sk": {"S": COUNTS_SK}},
        UpdateExpression="ADD #k :d",
        ExpressionAttributeNames={"#k": key},
        ExpressionAttributeValues={":d": {"N": str(by)}},
    )


def test_counters_kept_by_every_write_match_a_recount(api, capsys):
    from chalicelib.services import counts

    _write_some(api)
    assert counts.verify("demo").ok
    assert main(["verify-counts", "demo"]) == 0
    assert "match" in capsys.readouterr().out


def test_a_drifted_counter_is_reported_and_repaired_with_an_audit_entry(api, capsys):
    from chalicelib.services import counts
    from chalicelib.store import staff as staff_store

    _write_some(api)
    _drift("a|comment|oppose|published", 2)
    _drift("a|comment|none|hidden", 1)
    found = counts.verify("demo")
    assert [(m.key, m.counters - m.items) for m in found.mismatches] == [
        ("a|comment|none|hidden", 1),
        ("a|comment|oppose|published", 2),
    ]
    assert main(["verify-counts", "demo"]) == 1
    assert "a|comment|oppose|published: counters 3, items 1" in capsys.readouterr().out

    assert main(["verify-counts", "demo", "--repair"]) == 0
    assert "repaired 2 counts" in capsys.readouterr().out
    assert counts.verify("demo").ok
    entries, _ = staff_store.audit_page("demo", before=None, limit=5)
    assert entries[0].action == "counters.repair"
    assert entries[0].subject.startswith("cli:")
    assert main(["verify-counts", "demo", "--repair"]) == 0  # nothing left to repair


@pytest.mark.parametrize("drift", [False, True])
def test_every_report_says_whether_the_counts_reconcile(api, drift):
    from chalicelib.services import reports
    from chalicelib.store import reports as report_store

    _write_some(api)
    if drift:
        _drift("a|comment|support|pending", 1)
    manifest = reports.consolidate("demo")
    answer = report_store._s3().get_object(
        Bucket=config.current().reports_bucket,
        Key=report_store.run_prefix("demo", manifest["run_id"]) + "summary.json",
    )
    check = json.loads(answer["Body"].read())["counts_check"]
    if drift:
        assert check == {
            "ok": False,
            "mismatches": [{"key": "a|comment|support|pending", "counters": 1, "items": 0}],
        }
    else:
        assert check == {"ok": True, "mismatches": []}


def test_reconcile_compares_shard_by_shard_and_reports_totals():
    from chalicelib.domain.reconcile import reconcile

    counters = {0: {"a|comment|none|published": 2}, 1: {"a|comment|none|published": 1}}
    items = {0: {"a|comment|none|published": 1}, 1: {"a|comment|none|published": 2}}
    result = reconcile(counters, items)
    assert result.ok  # the totals agree, so the report says so ...
    assert result.corrections == {
        0: {"a|comment|none|published": -1},
        1: {"a|comment|none|published": 1},
    }  # ... and a repair still evens out the shards
    missing = reconcile({}, {2: {"b|alternative|support|pending": 1}})
    assert [m.to_dict() for m in missing.mismatches] == [
        {"key": "b|alternative|support|pending", "counters": 0, "items": 1}
    ]
