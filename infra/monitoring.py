"""Alarms to an SNS topic (its email is a setting) and a small dashboard."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

_FIVE_MINUTES = cdk.Duration.minutes(5)


def _lambda_metric(function_name: str, metric: str) -> cloudwatch.Metric:
    return cloudwatch.Metric(
        namespace="AWS/Lambda",
        metric_name=metric,
        dimensions_map={"FunctionName": function_name},
        statistic="Sum",
        period=_FIVE_MINUTES,
    )


class Monitoring(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        alarm_email: str | None,
        api_name: str,
        api_stage: str,
        functions: dict[str, str],
        tables: dict[str, dynamodb.ITable],
        dead_letter_queue: sqs.IQueue,
        report_function: str,
    ) -> None:
        super().__init__(scope, construct_id)
        self.topic = sns.Topic(self, "Alarms", enforce_ssl=True)
        if alarm_email:
            self.topic.add_subscription(subscriptions.EmailSubscription(alarm_email))
        notify = actions.SnsAction(self.topic)
        self.alarms: list[cloudwatch.Alarm] = []

        def alarm(alarm_id: str, metric: cloudwatch.IMetric, description: str) -> None:
            created = cloudwatch.Alarm(
                self,
                alarm_id,
                metric=metric,
                threshold=1,
                evaluation_periods=1,
                comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
                alarm_description=description,
            )
            created.add_alarm_action(notify)
            self.alarms.append(created)

        api_5xx = cloudwatch.Metric(
            namespace="AWS/ApiGateway",
            metric_name="5XXError",
            dimensions_map={"ApiName": api_name, "Stage": api_stage},
            statistic="Sum",
            period=_FIVE_MINUTES,
        )
        alarm("Api5xx", api_5xx, "The API answered with a server error (5xx).")
        for key, name in functions.items():
            alarm(f"{key}Errors", _lambda_metric(name, "Errors"), f"{key} raised errors.")
            alarm(f"{key}Throttles", _lambda_metric(name, "Throttles"), f"{key} was throttled.")
        for role, table in tables.items():
            throttles = cloudwatch.MathExpression(
                expression="reads + writes",
                using_metrics={
                    "reads": table.metric("ReadThrottleEvents", statistic="Sum"),
                    "writes": table.metric("WriteThrottleEvents", statistic="Sum"),
                },
                period=_FIVE_MINUTES,
                label=f"{role} throttled requests",
            )
            alarm(f"{role.capitalize()}Throttles", throttles, f"The {role} table throttled.")
        alarm(
            "ReportJobFailed",
            dead_letter_queue.metric_approximate_number_of_messages_visible(period=_FIVE_MINUTES),
            "A report run failed after Lambda's retries (its event is in the dead-letter queue).",
        )

        self.dashboard = cloudwatch.Dashboard(self, "Dashboard")
        self.dashboard.add_widgets(
            cloudwatch.GraphWidget(
                title="API requests and errors",
                left=[
                    api_5xx,
                    cloudwatch.Metric(
                        namespace="AWS/ApiGateway",
                        metric_name="Count",
                        dimensions_map={"ApiName": api_name, "Stage": api_stage},
                        statistic="Sum",
                        period=_FIVE_MINUTES,
                    ),
                ],
            ),
            cloudwatch.GraphWidget(
                title="Function errors",
                left=[_lambda_metric(name, "Errors") for name in functions.values()],
            ),
            cloudwatch.GraphWidget(
                title="Report job duration (ms)",
                left=[
                    cloudwatch.Metric(
                        namespace="AWS/Lambda",
                        metric_name="Duration",
                        dimensions_map={"FunctionName": report_function},
                        statistic="Maximum",
                        period=cdk.Duration.hours(1),
                    )
                ],
            ),
        )
