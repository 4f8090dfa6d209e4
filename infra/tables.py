"""DynamoDB tables derived from the pynamodb models (chalicelib/store/models.py), the one
definition of keys, indexes, projections and TTL attributes."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct
from pynamodb.models import Model

from chalicelib import config
from chalicelib.store import models

_TYPES = {"S": dynamodb.AttributeType.STRING, "N": dynamodb.AttributeType.NUMBER}
_TYPES["B"] = dynamodb.AttributeType.BINARY
_PROJECTIONS = {
    "ALL": dynamodb.ProjectionType.ALL,
    "KEYS_ONLY": dynamodb.ProjectionType.KEYS_ONLY,
    "INCLUDE": dynamodb.ProjectionType.INCLUDE,
}


@dataclass(frozen=True)
class Key:
    name: str
    type: str  # "S", "N" or "B"


@dataclass(frozen=True)
class IndexSpec:
    name: str
    partition_key: Key
    sort_key: Key | None
    projection: str
    non_key_attributes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    role: str  # "consultations", "submissions", ...: the Config field is f"{role}_table"
    env_var: str
    model: type[Model]
    partition_key: Key
    sort_key: Key | None
    indexes: tuple[IndexSpec, ...]
    ttl_attribute: str | None


def _keys(key_schema: list[dict[str, str]], types: dict[str, str]) -> tuple[Key, Key | None]:
    by_type = {k["KeyType"]: k["AttributeName"] for k in key_schema}
    sort = by_type.get("RANGE")
    return Key(by_type["HASH"], types[by_type["HASH"]]), Key(sort, types[sort]) if sort else None


def _role_of(model: type[Model]) -> str:
    """Which Config field names this model's table: the field whose value is its table name."""
    cfg = config.current()
    for field in dataclasses.fields(cfg):
        if field.name.endswith("_table") and getattr(cfg, field.name) == model.Meta.table_name:
            return field.name.removesuffix("_table")
    raise LookupError(f"No *_table field in chalicelib/config.py names {model.__name__}'s table")


def spec_of(model: type[Model], ttl_attribute: str | None) -> TableSpec:
    schema: dict[str, Any] = model._get_schema()
    types = {a["AttributeName"]: a["AttributeType"] for a in schema["attribute_definitions"]}
    partition_key, sort_key = _keys(schema["key_schema"], types)
    indexes = []
    for index in schema.get("global_secondary_indexes", []):
        index_pk, index_sk = _keys(index["key_schema"], types)
        projection = index["projection"]
        indexes.append(
            IndexSpec(
                name=index["index_name"],
                partition_key=index_pk,
                sort_key=index_sk,
                projection=projection["ProjectionType"],
                non_key_attributes=tuple(projection.get("NonKeyAttributes", ())),
            )
        )
    if schema.get("local_secondary_indexes"):
        raise NotImplementedError("Local secondary indexes: add them here before using them")
    role = _role_of(model)
    return TableSpec(
        role=role,
        env_var=f"SAYSO_{role.upper()}_TABLE",
        model=model,
        partition_key=partition_key,
        sort_key=sort_key,
        indexes=tuple(sorted(indexes, key=lambda i: i.name)),
        ttl_attribute=ttl_attribute,
    )


def table_specs() -> tuple[TableSpec, ...]:
    return tuple(spec_of(model, ttl) for model, ttl in models.TABLES)


def _attribute(key: Key | None) -> dynamodb.Attribute | None:
    return dynamodb.Attribute(name=key.name, type=_TYPES[key.type]) if key else None


def add_table(scope: Construct, spec: TableSpec, *, retain: bool) -> dynamodb.Table:
    """On demand, point-in-time recovery, encrypted with the AWS-managed KMS key, deletion
    protection and RETAIN unless the data is being deliberately destroyed (FORCE=1)."""
    table = dynamodb.Table(
        scope,
        f"{spec.role.capitalize()}Table",
        partition_key=_attribute(spec.partition_key),
        sort_key=_attribute(spec.sort_key),
        billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
        point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
            point_in_time_recovery_enabled=True
        ),
        encryption=dynamodb.TableEncryption.AWS_MANAGED,
        deletion_protection=retain,
        removal_policy=cdk.RemovalPolicy.RETAIN if retain else cdk.RemovalPolicy.DESTROY,
        time_to_live_attribute=spec.ttl_attribute,
    )
    for index in spec.indexes:
        table.add_global_secondary_index(
            index_name=index.name,
            partition_key=_attribute(index.partition_key),
            sort_key=_attribute(index.sort_key),
            projection_type=_PROJECTIONS[index.projection],
            non_key_attributes=list(index.non_key_attributes) or None,
        )
    return table
