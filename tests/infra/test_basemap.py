"""The basemap an agency configures (TILE_URL, TILE_ATTRIBUTION): in config.json for the pages,
its one origin in the CSP's img-src and nowhere else; without it, the plain background and no
other image origin."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from infra.settings import StackSettings
from tests.infra.conftest import OPTIONS

pytestmark = pytest.mark.infra

TILE_ORIGIN = "https://*.tiles.example.org"
MARKER = re.compile(r"<<marker:0x[0-9a-f]+:[0-9]+>>")


def _csp(synthesised) -> dict[str, list[str]]:
    (policy,) = synthesised.resources("AWS::CloudFront::ResponseHeadersPolicy").values()
    config = policy["Properties"]["ResponseHeadersPolicyConfig"]
    value = config["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    text = value if isinstance(value, str) else json.dumps(value)
    directives = {}
    for directive in text.split(";"):
        name, *sources = directive.split()
        directives[name] = sources
    return directives


def _deployed_config(synthesised) -> dict:
    """config.json as the stack's deployment uploads it (a file asset of the assembly; the
    values CloudFormation resolves, Cognito's, are markers the deployment fills in)."""
    found = [
        json.loads(MARKER.sub("null", path.read_text()))
        for path in Path(synthesised.path).parent.glob("asset.*/config.json")
    ]
    configs = [config for config in found if config.get("consultation") == OPTIONS["consultation"]]
    assert configs, "no config.json asset for this consultation"
    return configs[0]


def test_the_configured_basemap_reaches_config_json(with_options):
    expected = {"url": OPTIONS["tile_url"], "attribution": OPTIONS["tile_attribution"]}

    assert with_options.stack.page_config["tiles"] == expected
    assert _deployed_config(with_options)["tiles"] == expected


def test_the_csp_allows_images_from_the_tile_origin_only(with_options, demo):
    configured, plain = _csp(with_options), _csp(demo)

    assert configured["img-src"] == ["'self'", "data:", TILE_ORIGIN]
    assert plain["img-src"] == ["'self'", "data:"]
    # Tiles are images: no other directive names the tile server.
    others = {name: sources for name, sources in configured.items() if name != "img-src"}
    assert TILE_ORIGIN not in json.dumps(others)
    assert demo.stack.page_config["tiles"] is None


@pytest.mark.parametrize(
    ("context", "problem"),
    [
        ({"tile_url": "http://tiles.example.org/{z}/{x}/{y}.png"}, "https://"),
        ({"tile_url": "https://tiles.example.org/{z}/{x}.png"}, "{y}"),
        ({"tile_url": "https://tiles.example.org/{z}/{x}/{y}.png"}, "attribution"),
        ({"tile_url": "https://t.example;script-src *;/{z}/{x}/{y}"}, "one host"),
        ({"tile_attribution": "© Someone"}, "without TILE_URL"),
        (
            {
                "tile_url": "https://tiles.example.org/{z}/{x}/{y}.png",
                "tile_attribution": '<img src=x onerror="alert(1)">',
            },
            "plain text",
        ),
    ],
)
def test_a_basemap_setting_that_would_not_work_is_refused_before_synthesis(context, problem):
    with pytest.raises(ValueError, match="TILE") as error:
        StackSettings.from_context({"consultation": "demo", **context}.get)
    assert problem in str(error.value)
