"""The local runtime's own staff sign-in: an RSA key, its JWKS, and tokens signed with it.

In AWS, Cognito plays this part; the API verifies both the same way (chalicelib/api/staff_auth.py).
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

DEFAULT_DIR = Path(__file__).resolve().parents[2] / ".local"
ISSUER = "sayso-local"
AUDIENCE = "sayso-staff"
_PRIVATE = "staff-signing-key.pem"
_JWKS = "staff-jwks.json"


def ensure_keys(directory: Path = DEFAULT_DIR) -> Path:
    """Create the signing key and its JWKS once; return the JWKS path."""
    directory.mkdir(parents=True, exist_ok=True)
    private_path, jwks_path = directory / _PRIVATE, directory / _JWKS
    if not private_path.exists() or not jwks_path.exists():
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        private_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        private_path.chmod(0o600)
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
        public.update({"kid": uuid.uuid4().hex, "use": "sig", "alg": "RS256"})
        jwks_path.write_text(json.dumps({"keys": [public]}))
    return jwks_path


def environment(directory: Path = DEFAULT_DIR) -> dict[str, str]:
    """The variables that make the API trust these keys."""
    return {
        "SAYSO_STAFF_JWKS_URL": ensure_keys(directory).resolve().as_uri(),
        "SAYSO_STAFF_ISSUER": ISSUER,
        "SAYSO_STAFF_AUDIENCE": AUDIENCE,
    }


def mint(
    roles: list[str],
    *,
    subject: str = "local-staff",
    email: str | None = "staff@example.org",
    directory: Path = DEFAULT_DIR,
    lifetime_seconds: int = 8 * 3600,
    issuer: str = ISSUER,
    audience: str = AUDIENCE,
    now: float | None = None,
) -> str:
    """A staff token shaped like a Cognito ID token (roles in `cognito:groups`)."""
    jwks = json.loads(ensure_keys(directory).read_text())
    kid = jwks["keys"][0]["kid"]
    private_key = (directory / _PRIVATE).read_bytes()
    issued = int(now if now is not None else time.time())
    claims = {
        "sub": subject,
        "iss": issuer,
        "aud": audience,
        "iat": issued,
        "exp": issued + lifetime_seconds,
        "cognito:groups": roles,
        "token_use": "id",
    }
    if email:
        claims["email"] = email
    return jwt.encode(claims, private_key, algorithm="RS256", headers={"kid": kid})
