"""Staff identity from `Authorization: Bearer <JWT>`, verified against a JWKS.

In AWS the tokens are the stack's Cognito ID tokens (roles from `cognito:groups`) and the JWKS is
the user pool's; locally the runtime has its own key and JWKS file (chalicelib/local/staff_keys.py).
The same code verifies both. Imported lazily by staff routes only.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import jwt

from chalicelib import config
from chalicelib.domain.errors import Unauthorized
from chalicelib.domain.staff import ROLES, StaffIdentity

ROLES_CLAIM = "cognito:groups"
MAX_LIFETIME_SECONDS = 24 * 3600  # Cognito's ID tokens last 1 h by default, at most 1 day


class StaffUnauthorized(Unauthorized):
    code = "invalid_staff_token"


@lru_cache(maxsize=4)
def _jwks(url: str) -> jwt.PyJWKClient:
    # Keys are cached by the client for its lifespan (a warm Lambda), refetched on unknown kid.
    return jwt.PyJWKClient(url, cache_keys=True, lifespan=3600)


@lru_cache(maxsize=4)
def _file_jwks(url: str, modified: float) -> jwt.PyJWKSet:
    return jwt.PyJWKSet.from_json(Path(url2pathname(urlparse(url).path)).read_text())


def _signing_key(url: str, token: str) -> jwt.PyJWK:
    """From the JWKS at `url`: https (Cognito's), or file:// (the local runtime's keys, which
    PyJWKClient does not read)."""
    if not url.startswith("file://"):
        return _jwks(url).get_signing_key_from_jwt(token)
    path = Path(url2pathname(urlparse(url).path))
    kid = jwt.get_unverified_header(token).get("kid")
    for key in _file_jwks(url, path.stat().st_mtime).keys:
        if key.key_id == kid:
            return key
    raise jwt.PyJWKClientError(f"no key {kid!r} in the local JWKS")


def _refuse(reason: str) -> StaffUnauthorized:
    return StaffUnauthorized(
        f"Staff routes need a valid staff token ({reason}). Sign in again, or locally run "
        "`make staff-token ROLE=admin`.",
        field="Authorization",
    )


def identity_from(authorization: str | None) -> StaffIdentity:
    cfg = config.current()
    if not authorization or not authorization.startswith("Bearer "):
        raise _refuse("the Authorization header must be 'Bearer <token>'")
    token = authorization.removeprefix("Bearer ").strip()
    if not cfg.staff_jwks_url:
        raise _refuse("this stack has no staff sign-in configured")
    try:
        key = _signing_key(cfg.staff_jwks_url, token)
        claims = jwt.decode(
            token,
            key.key,
            algorithms=["RS256"],
            audience=cfg.staff_audience,
            issuer=cfg.staff_issuer,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            leeway=30,
        )
    except jwt.ExpiredSignatureError:
        raise _refuse("it has expired") from None
    except jwt.MissingRequiredClaimError as error:
        raise _refuse(f"it has no '{error.claim}' claim") from None
    except jwt.InvalidAudienceError:
        raise _refuse("it was issued for another application") from None
    except jwt.InvalidIssuerError:
        raise _refuse("it was issued by someone else") from None
    except (jwt.PyJWKClientError, jwt.InvalidTokenError, OSError):
        raise _refuse("its signature or format is not valid") from None
    lifetime = claims["exp"] - claims["iat"]
    if lifetime > MAX_LIFETIME_SECONDS:
        raise _refuse(
            f"it is valid for longer than {MAX_LIFETIME_SECONDS // 3600} hours from when it "
            "was issued; tokens must expire within a day"
        )
    groups = claims.get(ROLES_CLAIM) or []
    roles = frozenset(g for g in groups if isinstance(g, str) and g in ROLES)
    email = claims.get("email") if isinstance(claims.get("email"), str) else None
    return StaffIdentity(subject=str(claims["sub"]), email=email, roles=roles)
