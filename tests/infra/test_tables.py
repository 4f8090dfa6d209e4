"""The tables in the template are the pynamodb models' tables (chalicelib/store/models.py)."""

from __future__ import annotations

import pytest

from chalicelib.store import models
from infra.tables import table_specs

pytestmark = pytest.mark.infra


def _table(demo, role):
    return demo.resource(demo.logical_id(demo.stack.data.tables[role]))


def test_one_table_per_model_table(demo):
    assert len(demo.resources("AWS::DynamoDB::Table")) == len(models.TABLES)
    assert {spec.model for spec in table_specs()} == {model for model, _ in models.TABLES}


@pytest.mark.parametrize("model, ttl", models.TABLES, ids=lambda m: getattr(m, "__name__", m))
def test_keys_indexes_projections_and_ttl_match_the_model(demo, model, ttl):
    spec = next(s for s in table_specs() if s.model is model)
    props = _table(demo, spec.role)["Properties"]
    schema = model._get_schema()  # what pynamodb's create_table sends: the local tables
    assert sorted(props["KeySchema"], key=lambda k: k["KeyType"]) == sorted(
        schema["key_schema"], key=lambda k: k["KeyType"]
    )
    assert sorted(props["AttributeDefinitions"], key=lambda a: a["AttributeName"]) == sorted(
        schema["attribute_definitions"], key=lambda a: a["AttributeName"]
    )
    expected = {
        i["index_name"]: (
            sorted(i["key_schema"], key=lambda k: k["KeyType"]),
            i["projection"]["ProjectionType"],
        )
        for i in schema["global_secondary_indexes"]
    }
    found = {
        i["IndexName"]: (
            sorted(i["KeySchema"], key=lambda k: k["KeyType"]),
            i["Projection"]["ProjectionType"],
        )
        for i in props.get("GlobalSecondaryIndexes", [])
    }
    assert found == expected
    assert "LocalSecondaryIndexes" not in props
    if ttl:
        assert props["TimeToLiveSpecification"] == {"AttributeName": ttl, "Enabled": True}
    else:
        assert "TimeToLiveSpecification" not in props


@pytest.mark.parametrize("spec", table_specs(), ids=lambda s: s.role)
def test_tables_are_on_demand_recoverable_encrypted_protected_and_retained(demo, spec):
    table = _table(demo, spec.role)
    props = table["Properties"]
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert props["SSESpecification"]["SSEEnabled"] is True
    assert props["DeletionProtectionEnabled"] is True
    assert table["DeletionPolicy"] == "Retain"
    assert table["UpdateReplacePolicy"] == "Retain"
    assert "TableName" not in props  # CloudFormation names it: no clash between stacks
