"""In AWS the resident token key comes from Secrets Manager (the stack passes only its ARN)."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from chalicelib import config
from chalicelib.domain.errors import Unauthorized
from chalicelib.services import residents
from chalicelib.store import secrets


@pytest.fixture
def aws_stage(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SAYSO_STAGE", "aws")
    monkeypatch.delenv("SAYSO_TOKEN_KEY", raising=False)
    config.current.cache_clear()
    secrets._secret.cache_clear()
    with mock_aws():
        yield
    config.current.cache_clear()
    secrets._secret.cache_clear()


def _secret(value: str) -> str:
    client = boto3.client("secretsmanager", region_name="us-east-1")
    return client.create_secret(Name=f"token-key-{value}", SecretString=value)["ARN"]


def test_the_key_is_read_from_the_secret_once_per_container(aws_stage, monkeypatch):
    arn = _secret("first-key")
    monkeypatch.setenv("SAYSO_TOKEN_KEY_SECRET_ARN", arn)
    config.current.cache_clear()
    assert secrets.token_key() == b"first-key"
    boto3.client("secretsmanager", region_name="us-east-1").put_secret_value(
        SecretId=arn, SecretString="second-key"
    )
    assert secrets.token_key() == b"first-key"


def test_tokens_issued_with_the_secret_key_verify_and_others_do_not(aws_stage, monkeypatch):
    monkeypatch.setenv("SAYSO_TOKEN_KEY_SECRET_ARN", _secret("stack-key"))
    config.current.cache_clear()
    token = residents.issue_token()
    assert residents.resident_id(token)
    monkeypatch.setenv("SAYSO_TOKEN_KEY_SECRET_ARN", _secret("another-stack-key"))
    config.current.cache_clear()
    with pytest.raises(Unauthorized, match="not valid"):
        residents.resident_id(token)


def test_without_key_or_secret_outside_development_it_refuses_to_start(aws_stage):
    with pytest.raises(RuntimeError, match="SAYSO_TOKEN_KEY_SECRET_ARN"):
        secrets.token_key()
