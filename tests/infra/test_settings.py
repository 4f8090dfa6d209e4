"""The settings (make deploy ... ALARM_EMAIL= WAF_RATE_LIMIT= ...) and their checks."""

from __future__ import annotations

import json

import pytest

from infra.naming import API_STAGE, NIGHTLY_FUNCTION, REPORT_FUNCTION
from infra.settings import WAF_WINDOW_SECONDS, StackSettings, default_waf_rate_limit

pytestmark = pytest.mark.infra


def test_alarm_email_subscribes_to_the_topic(with_options):
    (subscription,) = with_options.resources("AWS::SNS::Subscription").values()
    assert subscription["Properties"]["Protocol"] == "email"
    assert subscription["Properties"]["Endpoint"] == "ops@agency.example"


def test_waf_rate_rule_on_the_api_stage_by_default(demo):
    (acl,) = demo.resources("AWS::WAFv2::WebACL").values()
    viewer, source = acl["Properties"]["Rules"]  # the keys: tests/infra/test_edge.py
    for rule in (viewer, source):
        assert rule["Statement"]["RateBasedStatement"]["Limit"] == default_waf_rate_limit()
        assert rule["Action"] == {"Block": {}}
    (association,) = demo.resources("AWS::WAFv2::WebACLAssociation").values()
    assert association["DependsOn"] == [f"RestAPI{API_STAGE}Stage"]
    assert f"/stages/{API_STAGE}" in str(association["Properties"]["ResourceArn"])


def test_waf_rate_rule_off_when_asked(with_options):
    assert not with_options.resources("AWS::WAFv2::WebACL")
    assert not with_options.resources("AWS::WAFv2::WebACLAssociation")


def test_the_default_waf_limit_is_a_tenth_of_the_stage_rate():
    settings = StackSettings(consultation="demo")
    per_second = settings.waf_rate_limit / WAF_WINDOW_SECONDS
    assert per_second == settings.api_rate_limit / 10 == 5
    assert settings.waf_rate_limit == 1500


@pytest.mark.parametrize(
    ("value", "limit"), [(None, 1500), ("", 1500), ("2000", 2000), ("off", None), ("0", None)]
)
def test_waf_setting(value, limit):
    context = {"consultation": "demo", "waf_rate_limit": value}
    assert StackSettings.from_context(context.get).waf_rate_limit == limit


def test_report_storage(with_options):
    for key in (NIGHTLY_FUNCTION, REPORT_FUNCTION):
        assert with_options.resource(key)["Properties"]["EphemeralStorage"] == {"Size": 4096}


def test_mfa_and_threat_protection(with_options):
    pool = with_options.resource(with_options.logical_id(with_options.stack.sign_in.user_pool))
    assert pool["Properties"]["MfaConfiguration"] == "ON"
    assert pool["Properties"]["UserPoolTier"] == "PLUS"


@pytest.mark.parametrize(
    "context, message",
    [
        ({}, "Say which consultation"),
        ({"consultation": "demo", "report_storage_mb": "100"}, "between 512 and 10240"),
        ({"consultation": "demo", "waf_rate_limit": "lots"}, "whole number"),
        ({"consultation": "demo", "waf_rate_limit": "5"}, "between 10 and"),
        ({"consultation": "demo", "mail_sender": "outcomes"}, "an email address"),
    ],
)
def test_bad_settings_are_refused_in_words(context, message):
    with pytest.raises(ValueError, match=message):
        StackSettings.from_context(context.get)


def test_a_slug_that_cannot_name_a_stack_is_refused():
    from infra.naming import stack_name

    with pytest.raises(ValueError, match="lower-case letters"):
        stack_name("Dominion Road")


def test_force_destroy_lets_cloudformation_delete_the_data(with_options):
    for table in with_options.resources("AWS::DynamoDB::Table").values():
        assert table["DeletionPolicy"] == "Delete"
        assert table["Properties"]["DeletionProtectionEnabled"] is False
    buckets = with_options.resources("AWS::S3::Bucket")
    assert all(b["DeletionPolicy"] == "Delete" for b in buckets.values())
    emptied = {
        str(r["Properties"]["BucketName"])
        for r in with_options.resources("Custom::S3AutoDeleteObjects").values()
    }
    assert len(emptied) == len(buckets)


def _ses_grants(synthesised) -> list:
    policy = synthesised.stack.functions.node.find_child("ReportJobRolePolicy")
    logical = synthesised.stack.resolve(policy.node.default_child.logical_id)
    statements = synthesised.resource(logical)["Properties"]["PolicyDocument"]["Statement"]
    return [s for s in statements if "ses:" in str(s["Action"])]


def _job_variable(synthesised, name: str):
    return synthesised.resource(REPORT_FUNCTION)["Properties"]["Environment"]["Variables"][name]


def test_the_job_sends_as_the_mail_senders_domain_only(demo, with_options):
    """MAIL_SENDER: the job may send as that domain's identity with the stack's configuration
    set, and nothing wider; without it (with_options sets none) no SES grant at all."""
    (grant,) = _ses_grants(demo)
    assert grant["Action"] == "ses:SendRawEmail"
    resources = json.dumps(grant["Resource"])
    assert ":identity/agency.example" in resources and ":configuration-set/" in resources
    assert "*" not in resources
    assert _job_variable(demo, "SAYSO_MAIL_SENDER") == "outcomes@agency.example"
    assert _ses_grants(with_options) == []
    assert _job_variable(with_options, "SAYSO_MAIL_SENDER") == ""
