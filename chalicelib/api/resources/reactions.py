"""Reactions to a submission: endorse it (and take it back) or flag it for moderators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.api.operation import IDEMPOTENCY, Operation, Reply
from chalicelib.api.resources.common import (
    BODY_ERRORS,
    NO_SUBMISSION,
    NOT_OPEN,
    RATE_LIMITED,
    RESIDENT,
)

if TYPE_CHECKING:
    from chalicelib.api import schemas
    from chalicelib.api.call import Call


def endorse(call: Call) -> tuple[int, schemas.EndorsementState]:
    from chalicelib.api import schemas
    from chalicelib.services import reactions

    changed = reactions.endorse(
        call.path["cid"],
        call.path["sid"],
        resident_token=call.header("X-Resident-Token"),
        source_ip=call.source_ip,
    )
    return 201 if changed else 200, schemas.EndorsementState(endorsed=True, changed=changed)


def unendorse(call: Call) -> schemas.EndorsementState:
    from chalicelib.api import schemas
    from chalicelib.services import reactions

    changed = reactions.unendorse(
        call.path["cid"], call.path["sid"], resident_token=call.header("X-Resident-Token")
    )
    return schemas.EndorsementState(endorsed=False, changed=changed)


def flag(call: Call) -> tuple[int, schemas.FlagState]:
    from chalicelib.api import schemas
    from chalicelib.services import reactions

    new = call.body()
    changed = reactions.flag(
        call.path["cid"],
        call.path["sid"],
        resident_token=call.header("X-Resident-Token"),
        reason=new.reason,
        source_ip=call.source_ip,
    )
    return 201 if changed else 200, schemas.FlagState(flagged=True, changed=changed)


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        method="POST",
        path="/consultations/{cid}/submissions/{sid}/endorsements",
        operation_id="endorseSubmission",
        handler=endorse,
        summary="Endorse (once per resident)",
        readme="endorse it (`X-Resident-Token`; once per resident) → `{endorsed, changed}` (201 "
        "when this endorsed it, 200 when you already had)",
        replies={
            201: Reply("Endorsed.", "EndorsementState"),
            200: Reply("You had already endorsed it.", "EndorsementState"),
        },
        errors={
            401: "The X-Resident-Token header is missing or not valid.",
            404: NO_SUBMISSION,
            409: NOT_OPEN + " Or the same Idempotency-Key is still in progress.",
            422: "The Idempotency-Key is not valid, or was used for another request.",
            429: RATE_LIMITED,
        },
        headers=(RESIDENT, IDEMPOTENCY),
        idempotency_scope="endorsements|{cid}|{sid}|{resident}",
    ),
    Operation(
        method="DELETE",
        path="/consultations/{cid}/submissions/{sid}/endorsements",
        operation_id="unendorseSubmission",
        handler=unendorse,
        summary="Take your endorsement back",
        readme="take your endorsement back → `{endorsed: false, changed}`",
        replies={200: Reply("Not endorsed by you (now).", "EndorsementState")},
        errors={
            401: "The X-Resident-Token header is missing or not valid.",
            404: NO_SUBMISSION,
            409: NOT_OPEN,
        },
        headers=(RESIDENT,),
    ),
    Operation(
        method="POST",
        path="/consultations/{cid}/submissions/{sid}/flags",
        operation_id="flagSubmission",
        handler=flag,
        summary="Flag for moderators (once per resident)",
        readme="`{reason}` (`spam`, `abusive`, `personal-data`, `off-topic`, `other`), once per "
        "resident → `{flagged: true, changed}` (201 when this flagged it, 200 when you already "
        "had); flags from one source count once: at `SAYSO_FLAGS_TO_HOLD` sources it waits for "
        "a moderator (one a moderator approved, or of a closed consultation, stays public and "
        "goes to the flagged queue for review); `SAYSO_FLAGS_PER_HOUR` per source",
        replies={
            201: Reply("Flagged.", "FlagState"),
            200: Reply("You had already flagged it.", "FlagState"),
        },
        errors={
            **BODY_ERRORS,
            401: "The X-Resident-Token header is missing or not valid.",
            404: NO_SUBMISSION,
            409: "The same Idempotency-Key is still in progress.",
            429: RATE_LIMITED,
        },
        body="NewFlag",
        headers=(RESIDENT, IDEMPOTENCY),
        idempotency_scope="flags|{cid}|{sid}",
    ),
)
