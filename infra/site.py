"""The pages: a private bucket behind CloudFront (origin access control, HTTPS only) with the
security headers of chalicelib/web_headers.py, the one definition the local server sends too."""

from __future__ import annotations

import re

import aws_cdk as cdk
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from chalicelib.api.viewer import EDGE_HEADER, VIEWER_HEADER
from chalicelib.store.retry_policy import report_link_origin
from chalicelib.web_headers import API_PATH, page_headers

# The API's path on the site's origin: API Gateway's stage has this name, so CloudFront passes
# `/api/...` through unchanged (chalicelib/local/runtime.py proxies the same path locally).
API_PATH_PATTERN = f"{API_PATH}/*"
# Request headers that carry a credential. They are part of the API behaviour's cache key, so two
# callers never share a cached answer, and so forwarded to the API (CloudFront forwards
# `Authorization` on GET only through the cache policy, never through an origin request policy).
CREDENTIAL_HEADERS = ("Authorization", "X-Resident-Token", "X-Edit-Token")
# Headers the API reads that are not credentials: forwarded, never part of the cache key.
FORWARDED_HEADERS = ("Idempotency-Key", "Content-Type", "Accept", "Accept-Language")
# Who the viewer is: CloudFront's own `ip:port` header, which the API trusts only with the edge
# secret (chalicelib/api/viewer.py), and the bare address the viewer function below sets for
# the API's WAF rate rule (WAF reads an IP from a header, never `ip:port`: infra/gateway.py).
# CloudFront sets both itself; a viewer's own values never reach the API.
VIEWER_IP_HEADER = "X-Sayso-Viewer-Ip"
VIEWER_HEADERS = (VIEWER_HEADER, VIEWER_IP_HEADER)
# A CloudFront Function (viewer request): the viewer's address, overwriting any sent value.
VIEWER_IP_FUNCTION = (
    "function handler(event) {\n"
    "  var request = event.request;\n"
    f"  request.headers['{VIEWER_IP_HEADER.lower()}'] = {{value: event.viewer.ip}};\n"
    "  return request;\n"
    "}\n"
)

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
            None,  # the API is same-origin: /api/* (route_api)
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
                # Honours each object's Cache-Control (infra/pages.py: a year for the hashed
                # bundles, a minute for the rest, 15 s for the rendered pages), gzip and Brotli.
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                compress=True,
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

    def route_api(self, rest_api_id: str, edge_secret: secretsmanager.ISecret) -> None:
        """`/api/*` to API Gateway on the pages' own origin: no second connection, no CORS
        preflight. Nothing is cached unless the API's answer says so (`Cache-Control`; default
        TTL 0), and never across credentials (CREDENTIAL_HEADERS are in the cache key).

        The viewer's address goes with each request (VIEWER_HEADERS), and the edge secret in
        EDGE_HEADER, so the API and its WAF count residents, not CloudFront's edges. The secret
        is a CloudFormation dynamic reference: resolved at deploy, never in the template."""
        stack = cdk.Stack.of(self)
        self.api_cache_policy = cloudfront.CachePolicy(
            self,
            "ApiCache",
            comment="sayso API: cached only as the API's Cache-Control says, per credential",
            default_ttl=cdk.Duration.seconds(0),
            min_ttl=cdk.Duration.seconds(0),
            max_ttl=cdk.Duration.minutes(5),
            header_behavior=cloudfront.CacheHeaderBehavior.allow_list(*CREDENTIAL_HEADERS),
            query_string_behavior=cloudfront.CacheQueryStringBehavior.all(),
            cookie_behavior=cloudfront.CacheCookieBehavior.none(),
            enable_accept_encoding_gzip=True,
            enable_accept_encoding_brotli=True,
        )
        self.viewer_ip_function = cloudfront.Function(
            self,
            "ViewerIp",
            comment="sayso API: the viewer's address for the API's WAF rate rule",
            code=cloudfront.FunctionCode.from_inline(VIEWER_IP_FUNCTION),
            runtime=cloudfront.FunctionRuntime.JS_2_0,
        )
        self.api_request_policy = cloudfront.OriginRequestPolicy(
            self,
            "ApiRequest",
            comment="sayso API: the headers it reads besides the credentials (no Host)",
            header_behavior=cloudfront.OriginRequestHeaderBehavior.allow_list(
                *FORWARDED_HEADERS, *VIEWER_HEADERS
            ),
            query_string_behavior=cloudfront.OriginRequestQueryStringBehavior.all(),
            cookie_behavior=cloudfront.OriginRequestCookieBehavior.none(),
        )
        self.distribution.add_behavior(
            API_PATH_PATTERN,
            origins.HttpOrigin(
                f"{rest_api_id}.execute-api.{stack.region}.{stack.url_suffix}",
                protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
                origin_ssl_protocols=[cloudfront.OriginSslPolicy.TLS_V1_2],
                custom_headers={EDGE_HEADER: edge_secret.secret_value.unsafe_unwrap()},
            ),
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
            allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
            cached_methods=cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
            cache_policy=self.api_cache_policy,
            origin_request_policy=self.api_request_policy,
            compress=True,
            function_associations=[
                cloudfront.FunctionAssociation(
                    function=self.viewer_ip_function,
                    event_type=cloudfront.FunctionEventType.VIEWER_REQUEST,
                )
            ],
        )
