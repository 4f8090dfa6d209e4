"""Domain errors: what went wrong, in words a resident or developer can act on.

Only the entry points (routes, CLI) turn these into HTTP answers or exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: the field it concerns (dotted path) and why."""

    field: str | None
    message: str


class DomainError(Exception):
    """Base of every error the domain and services raise on purpose."""

    code = "error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(DomainError):
    """The input breaks one or more rules; `problems` lists all of them, first one first."""

    code = "invalid_field"

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("InvalidInput needs at least one problem")
        first = problems[0]
        super().__init__(first.message, field=first.field)
        self.problems = list(problems)

    @classmethod
    def one(cls, field: str | None, message: str) -> InvalidInput:
        return cls([Problem(field, message)])


class NotFound(DomainError):
    """The consultation, option, element or submission does not exist (or is not public)."""

    code = "not_found"


class NotOpen(DomainError):
    """The consultation does not take submissions now (draft, closed, or outside its dates)."""

    code = "consultation_not_open"


class Forbidden(DomainError):
    """The caller may not do this to this item (e.g. a wrong or missing edit token)."""

    code = "forbidden"


class Unauthorized(DomainError):
    """A resident token is needed and the one sent is missing, forged or tampered with."""

    code = "invalid_resident_token"


class RateLimited(DomainError):
    """Too many submissions from one source in the current window."""

    code = "rate_limited"

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class Conflict(DomainError):
    """The request clashes with the item's current state (exists already, wrong status)."""

    code = "conflict"


class Unavailable(DomainError):
    """AWS throttled or failed the request even after retries; nothing was stored."""

    code = "unavailable"

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds
