"""What several resources' operations say alike: the resident and edit headers, the role
groups, and the common error texts."""

from __future__ import annotations

from chalicelib.api.operation import Header
from chalicelib.domain.staff import ADMIN, ANALYST, MODERATOR

RESIDENT = Header("X-Resident-Token", "From POST /residents.", required=True)
OPTIONAL_RESIDENT = Header(
    "X-Resident-Token",
    "Optional, from POST /residents: links the submission to you (by an id, never the token), "
    "so `/consultations/{cid}/residents/me` can show or erase it.",
)
EDIT = Header("X-Edit-Token", "The `edit_token` returned when the submission was sent.", True)
OPTIONAL_EDIT = Header(
    "X-Edit-Token",
    "Optional: the author's `edit_token` shows the submission while it is pending or hidden.",
)

ANY_STAFF = (ADMIN, MODERATOR, ANALYST)
REPORTERS = (ADMIN, ANALYST)

# What the common error statuses mean, unless an operation says otherwise.
BODY_ERRORS = {
    400: "The body is not JSON, or is empty.",
    413: "The body is over the size limit.",
    415: "The body is not sent as `application/json`.",
    422: "A field breaks a rule; `error.field` names it.",
}
STAFF_BODY_ERRORS = {**BODY_ERRORS, 413: "The body is over 6 MiB."}
NO_CONSULTATION = "No such consultation (drafts are not public)."
NO_OPTION = "No such consultation or option."
NO_SUBMISSION = "No such consultation or submission (or it is not public)."
NOT_OPEN = "The consultation does not take submissions now."
RATE_LIMITED = "Over this source's hourly limit; `Retry-After` says when to try again."
BAD_PAGE = "`limit` is out of range, or `cursor` is not one this listing gave."
