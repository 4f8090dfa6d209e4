"""Outcome email (services/notifications.py): an SES configuration set whose bounces and
complaints put the address on the account's suppression list (SES then never sends to it
again) and are published to an SNS topic for the agency to see. The sending domain itself is
verified by the agency (docs/deploy.md, "Sending email from SES")."""

from __future__ import annotations

from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns
from constructs import Construct


class Mail(Construct):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        # Subscribe whoever handles the agency's mail (console or CLI): the events carry the
        # bouncing address, so they are not sent to the alarm email.
        self.feedback = sns.Topic(self, "MailFeedback", enforce_ssl=True)
        self.configuration_set = ses.ConfigurationSet(
            self,
            "OutcomeMail",
            suppression_reasons=ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
            reputation_metrics=True,
        )
        self.configuration_set.add_event_destination(
            "BouncesAndComplaints",
            destination=ses.EventDestination.sns_topic(self.feedback),
            events=[ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
        )
