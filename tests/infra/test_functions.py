"""The Chalice functions: environment (chalicelib/config.py is the list), memory, timeouts,
tracing, the report job's storage, schedule and dead-letter queue, and the API stage.

cdk-nag does not look inside Chalice's SAM resources, so these properties are checked here."""

from __future__ import annotations

import json
import os
from unittest import mock

import pytest

from chalicelib import config
from infra import environment
from infra.functions import API_REQUEST_SECONDS, reserved_concurrency
from infra.naming import API_FUNCTION, FUNCTION_SUFFIXES, NIGHTLY_FUNCTION, REPORT_FUNCTION

pytestmark = pytest.mark.infra


class _RecordingEnviron(dict):
    def __init__(self) -> None:
        super().__init__()
        self.read: set[str] = set()

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)


def test_config_variables_is_exactly_what_load_reads():
    recording = _RecordingEnviron()
    with mock.patch.object(os, "environ", recording):
        config.load()
    assert recording.read == set(config.VARIABLES)


def _function(demo, key):
    return demo.resource(key)["Properties"]


def test_every_variable_the_code_reads_in_aws_is_set(demo):
    accounted = set(environment.SET_BY_LAMBDA) | set(environment.NOT_IN_AWS)
    needed = set(config.VARIABLES) - accounted
    for key in (API_FUNCTION, NIGHTLY_FUNCTION, REPORT_FUNCTION):
        variables = set(_function(demo, key)["Environment"]["Variables"])
        expected = needed if key == API_FUNCTION else needed - set(environment.API_ONLY)
        assert expected <= variables, (key, expected - variables)
        assert not variables & accounted, (key, variables & accounted)


def test_table_and_bucket_variables_name_the_stacks_resources(demo):
    variables = _function(demo, API_FUNCTION)["Environment"]["Variables"]
    data, sign_in = demo.stack.data, demo.stack.sign_in
    for spec in data.specs:
        assert variables[spec.env_var] == {"Ref": demo.logical_id(data.tables[spec.role])}
    assert variables["SAYSO_REPORTS_BUCKET"] == {"Ref": demo.logical_id(data.reports_bucket)}
    assert variables["SAYSO_TOKEN_KEY_SECRET_ARN"] == {"Ref": demo.logical_id(data.token_key)}
    assert variables["SAYSO_REPORT_FUNCTION"] == _function(demo, REPORT_FUNCTION)["FunctionName"]
    assert variables["SAYSO_STAGE"] == environment.STAGE
    assert variables["SAYSO_STAFF_AUDIENCE"] == {"Ref": demo.logical_id(sign_in.client)}
    jwks = json.dumps(variables["SAYSO_STAFF_JWKS_URL"])
    assert "/.well-known/jwks.json" in jwks and demo.logical_id(sign_in.user_pool) in jwks


def test_the_token_key_is_generated_never_in_the_template(demo):
    secrets = demo.resources("AWS::SecretsManager::Secret")
    assert set(secrets) == {
        demo.logical_id(demo.stack.data.token_key),
        demo.logical_id(demo.stack.data.edge_secret),  # tests/infra/test_edge.py
    }
    for secret in secrets.values():
        assert "GenerateSecretString" in secret["Properties"]
        assert "SecretString" not in secret["Properties"]


def test_api_function(demo):
    api = _function(demo, API_FUNCTION)
    assert api["Tracing"] == "Active"
    assert api["Timeout"] <= 29
    assert api["Role"] == {"Fn::GetAtt": [demo.logical_id(demo.stack.functions.api_role), "Arn"]}


@pytest.mark.parametrize("key", [NIGHTLY_FUNCTION, REPORT_FUNCTION])
def test_report_job_functions(demo, key):
    job = _function(demo, key)
    assert job["MemorySize"] >= 1769
    assert job["Timeout"] == 900
    assert job["EphemeralStorage"] == {"Size": 2048}
    assert job["Tracing"] == "Active"
    assert job["DeadLetterQueue"] == {
        "Type": "SQS",
        "TargetArn": {"Fn::GetAtt": [demo.logical_id(demo.stack.data.dead_letters), "Arn"]},
    }
    assert job["Role"] == {"Fn::GetAtt": [demo.logical_id(demo.stack.functions.job_role), "Arn"]}


def test_nightly_schedule_is_the_configured_one(demo):
    events = _function(demo, NIGHTLY_FUNCTION)["Events"]
    (event,) = events.values()
    assert event["Type"] == "Schedule"
    assert event["Properties"]["Schedule"] == environment.default_config().report_schedule


def test_api_stage_throttling_access_logs_tracing_and_error_shaped_gateway_responses(demo):
    api = demo.resource("RestAPI")["Properties"]
    assert api["Name"] == "sayso-demo"
    assert api["TracingEnabled"] is True
    (setting,) = api["MethodSettings"]
    assert setting["ThrottlingRateLimit"] > 0 and setting["ThrottlingBurstLimit"] > 0
    assert "DestinationArn" in api["AccessLogSetting"]
    responses = api["GatewayResponses"]
    assert responses["MISSING_AUTHENTICATION_TOKEN"]["StatusCode"] == "404"
    throttled = responses["THROTTLED"]
    assert throttled["ResponseParameters"]["Headers"]["Retry-After"] == "'1'"  # as documented
    for response in responses.values():
        body = response["ResponseTemplates"]["application/json"]
        # $context.error.messageString is itself a quoted JSON string when API Gateway fills it
        parsed = json.loads(body.replace("$context.error.messageString", '"message"'))
        assert set(parsed["error"]) == {"code", "message", "field"}
        headers = response["ResponseParameters"]["Headers"]
        assert headers["Cache-Control"] == "'no-store'"
        assert headers["X-Content-Type-Options"] == "'nosniff'"


def test_each_function_has_its_reserved_concurrency(demo):
    reserved = {
        key: _function(demo, key)["ReservedConcurrentExecutions"] for key in FUNCTION_SUFFIXES
    }
    assert reserved == reserved_concurrency(demo.stack.settings)
    settings = demo.stack.settings
    # the API runs whatever the stage lets through: its burst at once, its rate for 2 s requests
    assert reserved[API_FUNCTION] >= settings.api_burst_limit
    assert reserved[API_FUNCTION] >= settings.api_rate_limit * API_REQUEST_SECONDS
    assert reserved[NIGHTLY_FUNCTION] == 1
    # a Lambda account keeps 100 unreserved; the default quota of 1,000 fits several stacks
    assert 8 * sum(reserved.values()) <= 1000 - 100
