"""The local pages server's `/api/*` proxy passes the browser's address to the API as
CloudFront does (`CloudFront-Viewer-Address`, proved by the run's edge secret), so residents
behind the one origin keep their own hourly budgets; made-up edge headers gain nothing, through
the proxy or straight to the API (chalicelib/api/viewer.py, chalicelib/local/runtime.py)."""

from __future__ import annotations

from chalicelib.local import launcher
from tests.e2e.stack import call

FORGED = {"X-Sayso-Edge": "a-guess", "CloudFront-Viewer-Address": "127.0.0.9:1"}


def _token(origin: str, source: str, headers: dict[str, str] | None = None) -> int:
    status, _ = call("POST", f"{origin}/residents", {}, headers, source)
    return status


def test_each_browser_behind_the_proxy_has_its_own_budget_and_forgery_gains_nothing(tmp_path):
    stack = launcher.start(
        settings={"SAYSO_RESIDENT_TOKENS_PER_HOUR": "2"}, stack_file=tmp_path / "stack.json"
    )
    try:
        proxied = f"{stack.web}/api"
        for source in ("127.0.0.2", "127.0.0.3"):
            assert [_token(proxied, source) for _ in range(3)] == [201, 201, 429], source
        # the browser's own edge headers are replaced by the proxy's: still 127.0.0.2
        assert _token(proxied, "127.0.0.2", FORGED) == 429
        # straight to the API, made-up headers count for nothing: the connection counts
        assert [_token(stack.api, "127.0.0.4", FORGED) for _ in range(2)] == [201, 201]
        other = {**FORGED, "CloudFront-Viewer-Address": "127.0.0.10:1"}
        assert _token(stack.api, "127.0.0.4", other) == 429
        # ...and the proxy never counted its own address: 127.0.0.1 still has its budget
        assert _token(stack.api, "127.0.0.1") == 201
    finally:
        launcher.stop(stack)
