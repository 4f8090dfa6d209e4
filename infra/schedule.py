"""The nightly report run: the schedule app.py's @app.schedule declares, named, with its own
failures (EventBridge could not invoke the job) sent to the report job's dead-letter queue."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from chalicelib import config


class Schedule(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        nightly: cdk.CfnResource,
        dead_letters: sqs.Queue,
    ) -> None:
        super().__init__(scope, construct_id)
        stack = cdk.Stack.of(self)
        self.rule_name = f"{stack.stack_name}-nightly-reports"
        nightly.add_property_override(
            "Events",
            {
                "NightlyReportsEvent": {
                    "Type": "Schedule",
                    "Properties": {
                        # what app.py's @app.schedule read when chalice packaged it
                        "Schedule": config.current().report_schedule,
                        "Name": self.rule_name,
                        "DeadLetterConfig": {"Arn": dead_letters.queue_arn},
                    },
                }
            },
        )
        dead_letters.add_to_resource_policy(
            iam.PolicyStatement(
                principals=[iam.ServicePrincipal("events.amazonaws.com")],
                actions=["sqs:SendMessage"],
                resources=[dead_letters.queue_arn],
                conditions={
                    "ArnEquals": {
                        "aws:SourceArn": f"arn:{stack.partition}:events:{stack.region}"
                        f":{stack.account}:rule/{self.rule_name}"
                    }
                },
            )
        )
