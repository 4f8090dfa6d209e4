"""The pages: a private bucket behind CloudFront (origin access control, HTTPS only) with the
security headers of chalicelib/web_headers.py, the one definition the local server sends too."""

from __future__ import annotations

import re

import aws_cdk as cdk
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from constructs import Construct

from chalicelib.store.retry_policy import report_link_origin
from chalicelib.web_headers import page_headers

# Headers CloudFront sets through its security-headers behaviour (it refuses them as custom
# headers); every other header of page_headers() goes in as a custom header.
_SECURITY_HEADERS = {
    "content-security-policy",
    "referrer-policy",
    "x-content-type-options",
    "x-frame-options",
    "strict-transport-security",
}
_FRAME = {"DENY": cloudfront.HeadersFrameOption.DENY}
_FRAME["SAMEORIGIN"] = cloudfront.HeadersFrameOption.SAMEORIGIN


def _referrer(value: str) -> cloudfront.HeadersReferrerPolicy:
    """ "no-referrer" -> HeadersReferrerPolicy.NO_REFERRER, and so on."""
    return getattr(cloudfront.HeadersReferrerPolicy, value.upper().replace("-", "_"))


def _hsts(value: str) -> cloudfront.ResponseHeadersStrictTransportSecurity:
    match = re.search(r"max-age=(\d+)", value)
    if not match:
        raise ValueError(f"Strict-Transport-Security without max-age: {value!r}")
    return cloudfront.ResponseHeadersStrictTransportSecurity(
        access_control_max_age=cdk.Duration.seconds(int(match.group(1))),
        include_subdomains="includesubdomains" in value.lower(),
        preload="preload" in value.lower(),
        override=True,
    )


def headers_behaviours(
    headers: dict[str, str],
) -> tuple[cloudfront.ResponseSecurityHeadersBehavior, cloudfront.ResponseCustomHeadersBehavior]:
    """Split page_headers() into CloudFront's two behaviours without dropping any header."""
    lower = {name.lower(): value for name, value in headers.items()}
    security = cloudfront.ResponseSecurityHeadersBehavior(
        content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
            content_security_policy=lower["content-security-policy"], override=True
        ),
        referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
            referrer_policy=_referrer(lower["referrer-policy"]), override=True
        ),
        content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
        frame_options=cloudfront.ResponseHeadersFrameOptions(
            frame_option=_FRAME[lower["x-frame-options"]], override=True
        ),
        strict_transport_security=_hsts(lower["strict-transport-security"]),
    )
    if lower["x-content-type-options"] != "nosniff":
        raise ValueError("CloudFront can only send X-Content-Type-Options: nosniff")
    custom = cloudfront.ResponseCustomHeadersBehavior(
        custom_headers=[
            cloudfront.ResponseCustomHeader(header=name, value=value, override=True)
            for name, value in headers.items()
            if name.lower() not in _SECURITY_HEADERS
        ]
    )
    return security, custom


def api_origin_pattern(region: str) -> str:
    """The API's origin for connect-src. The exact API domain would make the distribution
    depend on the API, and the API depends on the distribution (its CORS origin and the Cognito
    callback), a cycle; so the pages may call API Gateway in this region, which scripts from
    'self' only are the sole way to reach."""
    return f"https://*.execute-api.{region}.amazonaws.com"


def sign_in_origin_pattern(region: str) -> str:
    """The Cognito Hosted UI domains of this region: the staff pages post the sign-in code to
    its token endpoint (code flow with PKCE)."""
    return f"https://*.auth.{region}.amazoncognito.com"


class Site(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        logs: s3.IBucket,
        reports: s3.IBucket,
        retain: bool,
        tile_origins: tuple[str, ...] = (),
    ) -> None:
        super().__init__(scope, construct_id)
        self.bucket = s3.Bucket(
            self,
            "Bucket",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            versioned=True,
            server_access_logs_bucket=logs,
            server_access_logs_prefix="site-bucket/",
            removal_policy=cdk.RemovalPolicy.RETAIN if retain else cdk.RemovalPolicy.DESTROY,
            auto_delete_objects=not retain,
        )
        region = cdk.Stack.of(self).region
        self.headers = page_headers(
            api_origin_pattern(region),
            tile_origins,
            https=True,
            sign_in_origins=(sign_in_origin_pattern(region),),
            # Presigned report links (the staff pages frame report.html, sandboxed) point at
            # the reports bucket's own regional domain, the one address the functions' S3
            # client signs for. Exact, unlike the API's pattern: the bucket does not depend
            # on the distribution, so naming it makes no cycle.
            report_origins=(report_link_origin(reports.bucket_name, region),),
        )
        security, custom = headers_behaviours(self.headers)
        self.headers_policy = cloudfront.ResponseHeadersPolicy(
            self,
            "Headers",
            comment="sayso page headers (chalicelib/web_headers.py)",
            security_headers_behavior=security,
            custom_headers_behavior=custom,
        )
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                response_headers_policy=self.headers_policy,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
            ),
            default_root_object="index.html",
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            enable_logging=True,
            log_bucket=logs,
            log_file_prefix="cloudfront/",
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
        )
        self.url = f"https://{self.distribution.distribution_domain_name}"
