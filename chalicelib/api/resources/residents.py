"""Residents: an anonymous token, and their data rights (export and erase what they sent)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.api.operation import IDEMPOTENCY, Operation, Reply
from chalicelib.api.resources.common import (
    NO_CONSULTATION,
    RATE_LIMITED,
    RESIDENT,
)

if TYPE_CHECKING:
    from chalicelib.api import schemas
    from chalicelib.api.call import Call


def create_resident(call: Call) -> schemas.ResidentToken:
    from chalicelib.api import schemas
    from chalicelib.services import residents

    return schemas.ResidentToken(token=residents.issue_token(call.source_ip))


def export_my_data(call: Call) -> tuple[int, schemas.ResidentExport, dict[str, str]]:
    from chalicelib.api import views
    from chalicelib.services import rights

    cid = call.path["cid"]
    made = rights.export(
        cid, resident_token=call.header("X-Resident-Token"), source_ip=call.source_ip
    )
    filename = f"sayso-{cid}-my-data-{made.made_at:%Y%m%dT%H%M%SZ}.json"
    return (
        200,
        views.resident_export(made),
        {"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def erase_my_data(call: Call) -> schemas.ResidentErasure:
    from chalicelib.api import views
    from chalicelib.services import rights

    erased = rights.erase(
        call.path["cid"], resident_token=call.header("X-Resident-Token"), source_ip=call.source_ip
    )
    return views.resident_erasure(erased)


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        method="POST",
        path="/residents",
        operation_id="createResident",
        handler=create_resident,
        summary="An anonymous resident token (no account, no personal data)",
        readme="an anonymous resident token `{token}` (signed; no account, no personal data): "
        "send it as `X-Resident-Token`",
        replies={201: Reply("Keep it; send it as X-Resident-Token.", "ResidentToken")},
        errors={
            422: "The Idempotency-Key is not valid, or was used for another request.",
            429: RATE_LIMITED,
        },
        headers=(IDEMPOTENCY,),
        idempotency_scope="residents",
    ),
    Operation(
        method="GET",
        path="/consultations/{cid}/residents/me",
        operation_id="exportMyData",
        handler=export_my_data,
        summary="Everything you sent to this consultation, as a JSON file",
        readme="everything you (`X-Resident-Token`) sent here, as a downloadable JSON document: "
        "your submissions in every status (pending, hidden, withdrawn too) with `email_on_file` "
        "(never the email) and, once the outcome is published, the responses that answer each "
        "(`answered_by`: `id`, `status`, `text`; none for a withdrawn one), your endorsements "
        "and flags, until when emails are kept (`email_kept_until`, null before the outcome; "
        "`email_kept_days` after it), `made_at`; at most 2,000 items (`complete: false` beyond)",
        replies={200: Reply("The document.", "ResidentExport", headers=("Content-Disposition",))},
        errors={
            401: "The X-Resident-Token header is missing or not valid.",
            404: NO_CONSULTATION,
            429: RATE_LIMITED,
        },
        headers=(RESIDENT,),
        description="Only what was sent with this resident token is found: submissions sent "
        "without one are not linked to anybody.",
    ),
    Operation(
        method="DELETE",
        path="/consultations/{cid}/residents/me",
        operation_id="eraseMyData",
        handler=erase_my_data,
        summary="Erase everything you sent: withdraw your submissions, take back endorsements and "
        "flags",
        readme="erase everything you (`X-Resident-Token`) sent here, whatever the consultation's "
        "status: your submissions are withdrawn (words, plan and email deleted), your "
        "endorsements and flags taken back (counts move) → `{withdrawn, endorsements_removed, "
        "flags_removed, done}`; at most 200 items a call (`done: false`: call again); again when "
        "done: zeros",
        replies={200: Reply("What this call erased.", "ResidentErasure")},
        errors={
            401: "The X-Resident-Token header is missing or not valid.",
            404: NO_CONSULTATION,
            409: "The same Idempotency-Key is still in progress.",
            422: "The Idempotency-Key is not valid.",
            429: RATE_LIMITED,
        },
        headers=(RESIDENT, IDEMPOTENCY),
        idempotency_scope="erasure|{cid}|{resident}",
        description="Each item is its own atomic write: if AWS fails midway (503), every item "
        "is either as it was or erased, and calling again finishes the job.",
    ),
)
