"""One consultation's stack: its tables, API, report job, pages, reports, staff sign-in,
token key, alarms and tags, secure by default (docs/deploy.md). Each part is a construct of
its own module; this file only wires them together."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from constructs import Construct

from chalicelib.web_headers import API_PATH
from infra import nag, pages
from infra.data import Data
from infra.functions import Functions
from infra.gateway import Gateway
from infra.logical_ids import unique_id, without_groups
from infra.mail import Mail
from infra.monitoring import Monitoring
from infra.naming import API_FUNCTION, API_STAGE, NIGHTLY_FUNCTION, REPORT_FUNCTION, TAG, stack_name
from infra.schedule import Schedule
from infra.settings import StackSettings
from infra.site import Site
from infra.staff_sign_in import StaffSignIn

# Constructs that only group the stack's code: their ids are not part of logical ids
# (infra/logical_ids.py). Site and Monitoring were constructs from the start; their ids are.
GROUPS = frozenset({"Data", "StaffSignIn", "Functions", "Gateway", "Schedule"})


class SaysoStack(cdk.Stack):
    def __init__(self, scope: Construct, settings: StackSettings, **kwargs: Any) -> None:
        name = stack_name(settings.consultation)
        super().__init__(
            scope,
            name,
            stack_name=name,
            description=f"sayso consultation {settings.consultation}",
            tags={TAG: settings.consultation},
            **kwargs,
        )
        self.settings = settings
        self.data = Data(
            self, "Data", consultation=settings.consultation, retain=settings.retain_data
        )
        self.site = Site(
            self,
            "Site",
            logs=self.data.logs_bucket,
            reports=self.data.reports_bucket,
            retain=settings.retain_data,
            tile_origins=settings.tile_origins,
        )
        self.sign_in = StaffSignIn(self, "StaffSignIn", settings=settings, site_url=self.site.url)
        self.mail = Mail(self, "Mail")
        self.functions = Functions(
            self,
            "Functions",
            settings=settings,
            data=self.data,
            site_bucket=self.site.bucket,
            site_url=self.site.url,
            sign_in=self.sign_in,
            mail=self.mail,
        )
        self.schedule = Schedule(
            self,
            "Schedule",
            nightly=self.functions.by_key[NIGHTLY_FUNCTION],
            dead_letters=self.data.dead_letters,
        )
        self.gateway = Gateway(
            self,
            "Gateway",
            chalice=self.functions.chalice,
            settings=settings,
            api_function_name=self.functions.names[API_FUNCTION],
            edge_secret=self.data.edge_secret,
        )
        self.site.route_api(self.gateway.rest_api.ref, self.data.edge_secret)
        self.page_config = pages.page_config(
            consultation=settings.consultation,
            api_url=API_PATH,
            sign_in=self.sign_in,
            tiles=settings.tiles,
        )
        deployment = pages.upload_pages(self, self.site, self.page_config)
        self.render_pages = pages.render_after_deploy(
            self,
            deployment,
            function=self.functions.by_key[REPORT_FUNCTION],
            function_name=self.functions.names[REPORT_FUNCTION],
            config=self.page_config,
        )
        self.monitoring = Monitoring(
            self,
            "Monitoring",
            alarm_email=settings.alarm_email,
            api_name=name,
            api_stage=API_STAGE,
            functions=self.functions.names,
            tables=self.data.tables,
            dead_letter_queue=self.data.dead_letters,
            report_function=self.functions.names[REPORT_FUNCTION],
        )
        self._outputs()
        cdk.Tags.of(self).add(TAG, settings.consultation)
        nag.acknowledge(
            self,
            settings=settings,
            data=self.data,
            functions=self.functions,
            site=self.site,
            sign_in=self.sign_in,
        )

    def _allocate_logical_id(self, cfn_element: cdk.CfnElement) -> str:
        """CDK's own id, from the path below the stack without a grouping construct's id."""
        scopes = cfn_element.node.scopes
        path = [scope.node.id for scope in scopes[scopes.index(self) + 1 :]]
        return unique_id(without_groups(path, GROUPS))

    def _outputs(self) -> None:
        outputs = {
            "SiteUrl": self.site.url,
            "ApiUrl": self.gateway.url,
            "StaffJwksUrl": self.sign_in.jwks_url,
            "StaffIssuer": self.sign_in.issuer,
            "StaffAudience": self.sign_in.client.user_pool_client_id,
            "StaffUserPoolId": self.sign_in.user_pool.user_pool_id,
            "StaffSignInDomain": self.sign_in.domain.domain_name,
            "ReportsBucket": self.data.reports_bucket.bucket_name,
            "AlarmTopic": self.monitoring.topic.topic_arn,
            "ReportDeadLetterQueue": self.data.dead_letters.queue_url,
            "MailConfigurationSet": self.mail.configuration_set.configuration_set_name,
            "MailFeedbackTopic": self.mail.feedback.topic_arn,
        }
        for key, value in outputs.items():
            cdk.CfnOutput(self, key, value=value)
