"""Staff sign-in: a Cognito user pool (no self sign-up), one group per staff role, and the
Hosted UI client the staff pages use (code flow with PKCE)."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from chalicelib.domain.staff import ROLES
from infra.settings import StackSettings


class StaffSignIn(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, settings: StackSettings, site_url: str
    ) -> None:
        super().__init__(scope, construct_id)
        stack = cdk.Stack.of(self)
        self.user_pool = cognito.UserPool(
            self,
            "StaffUsers",
            self_sign_up_enabled=False,
            sign_in_aliases=cognito.SignInAliases(email=True),
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            password_policy=cognito.PasswordPolicy(
                min_length=12,
                require_lowercase=True,
                require_uppercase=True,
                require_digits=True,
                require_symbols=True,
                temp_password_validity=cdk.Duration.days(3),
            ),
            mfa=cognito.Mfa.REQUIRED if settings.staff_mfa else cognito.Mfa.OFF,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False)
            if settings.staff_mfa
            else None,
            feature_plan=cognito.FeaturePlan.PLUS
            if settings.advanced_security
            else cognito.FeaturePlan.ESSENTIALS,
            standard_threat_protection_mode=cognito.StandardThreatProtectionMode.FULL_FUNCTION
            if settings.advanced_security
            else None,
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            deletion_protection=settings.retain_data,
            removal_policy=cdk.RemovalPolicy.RETAIN
            if settings.retain_data
            else cdk.RemovalPolicy.DESTROY,
        )
        for role in sorted(ROLES):
            cognito.CfnUserPoolGroup(
                self,
                f"Group{role.capitalize()}",
                user_pool_id=self.user_pool.user_pool_id,
                group_name=role,
                description=f"sayso staff role {role}",
            )
        self.domain = self.user_pool.add_domain(
            "HostedUi",
            cognito_domain=cognito.CognitoDomainOptions(
                domain_prefix=cdk.Fn.join("-", [stack.stack_name, stack.account])
            ),
        )
        self.staff_url = f"{site_url}/staff/"
        self.client = self.user_pool.add_client(
            "StaffPages",
            generate_secret=False,  # a public client: code flow with PKCE from the browser
            o_auth=cognito.OAuthSettings(
                flows=cognito.OAuthFlows(authorization_code_grant=True),
                scopes=[cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
                callback_urls=[self.staff_url],
                logout_urls=[self.staff_url],
            ),
            supported_identity_providers=[cognito.UserPoolClientIdentityProvider.COGNITO],
            # The deploying developer's AWS credentials can get a token from the command line
            # (cognito-idp admin-initiate-auth, gated by IAM); no password flow for browsers.
            auth_flows=cognito.AuthFlow(admin_user_password=True),
            prevent_user_existence_errors=True,
            id_token_validity=cdk.Duration.hours(1),
            access_token_validity=cdk.Duration.hours(1),
            refresh_token_validity=cdk.Duration.hours(12),
        )
        region = stack.region
        self.issuer = f"https://cognito-idp.{region}.amazonaws.com/{self.user_pool.user_pool_id}"
        self.jwks_url = f"{self.issuer}/.well-known/jwks.json"
        self.hosted_ui = f"https://{self.domain.domain_name}.auth.{region}.amazoncognito.com"
