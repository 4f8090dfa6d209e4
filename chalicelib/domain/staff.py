"""Agency staff: who they are (from a verified token) and what each role may do."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from chalicelib.domain.errors import Forbidden

ADMIN = "admin"  # consultations, options, status, outcome
MODERATOR = "moderator"  # moderation
ANALYST = "analyst"  # reports and statistics
ROLES = (ADMIN, MODERATOR, ANALYST)


@dataclass(frozen=True)
class StaffIdentity:
    subject: str
    email: str | None
    roles: frozenset[str]


def require_role(identity: StaffIdentity, allowed: Iterable[str]) -> None:
    """Deny by default: the identity must hold one of the allowed roles."""
    allowed = tuple(allowed)
    if not identity.roles & set(allowed):
        held = ", ".join(sorted(identity.roles)) or "none"
        raise Forbidden(
            f"This needs the role {' or '.join(allowed)}; your roles: {held}. Ask an admin of "
            "your agency to add you to the right group."
        )
