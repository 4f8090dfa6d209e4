"""Consultations: residents read an open one; staff create, change and list them and move them
through their statuses."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from chalicelib.api.operation import Operation, Reply
from chalicelib.api.resources.common import (
    ANY_STAFF,
    BAD_PAGE,
    NO_CONSULTATION,
    STAFF_BODY_ERRORS,
)
from chalicelib.domain.staff import ADMIN

if TYPE_CHECKING:
    from chalicelib.api import schemas
    from chalicelib.api.call import Call


def get_consultation(call: Call) -> schemas.Consultation:
    from chalicelib.api import views
    from chalicelib.services import consultations

    view = consultations.get_public_consultation(call.path["cid"])
    return views.consultation(view, datetime.now(UTC))


def list_consultations(call: Call) -> schemas.StaffConsultationPage:
    from chalicelib.api import views
    from chalicelib.services import staff

    page, next_cursor = staff.list_consultations(
        call.staff, limit=call.query.limit, cursor=call.query.cursor
    )
    return views.staff_consultation_page(page, next_cursor)


def create_consultation(call: Call) -> schemas.StaffConsultation:
    from chalicelib.api import views
    from chalicelib.services import staff

    new = call.body()
    created = staff.create_consultation(
        call.staff,
        cid=new.id,
        title=new.title,
        summary=new.summary,
        moderation=new.moderation,
        opens_at=new.opens_at,
        closes_at=new.closes_at,
    )
    return views.staff_consultation(created)


def staff_get_consultation(call: Call) -> schemas.StaffConsultation:
    from chalicelib.api import views
    from chalicelib.services import staff

    return views.staff_consultation(staff.get_consultation(call.staff, call.path["cid"]))


def update_consultation(call: Call) -> schemas.StaffConsultation:
    from chalicelib.api import views
    from chalicelib.services import staff

    changes = call.body()
    fields = {name: getattr(changes, name) for name in changes.model_fields_set}
    return views.staff_consultation(
        staff.update_consultation(call.staff, call.path["cid"], **fields)
    )


def change_status(call: Call) -> schemas.StaffConsultation:
    from chalicelib.api import views
    from chalicelib.services import staff

    change = call.body()
    return views.staff_consultation(
        staff.change_status(call.staff, call.path["cid"], change.status)
    )


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        method="GET",
        path="/consultations/{cid}",
        operation_id="getConsultation",
        handler=get_consultation,
        summary="A consultation with its options (without plans)",
        readme="the consultation (title and summary per language, status, dates, moderation) with "
        "its options: `id`, `title`, `kind`, `counts` (published comments and alternatives; "
        "pending, hidden and withdrawn ones are not counted), `superseded_by` (a newer option "
        "replaced it), and once the status is `outcome`, the agency's `outcome` (`decision`: "
        "`adopted`, `adopted-with-changes`, `not-adopted`, `deferred`; `text` per language); "
        "`email_kept_days`: how long after the outcome an email left with a submission is kept "
        "at most",
        replies={200: Reply("The consultation.", "Consultation")},
        errors={404: NO_CONSULTATION},
    ),
    Operation(
        method="GET",
        path="/staff/consultations",
        operation_id="staffListConsultations",
        handler=list_consultations,
        summary="Every consultation, drafts included, newest first",
        readme="every consultation, drafts included, newest first, with `created_at` and its "
        "`submissions` per moderation state (`published`, `pending`, `hidden`, `withdrawn`); "
        "`limit` 1–100 (default 20), `cursor` from `next_cursor`",
        replies={200: Reply("One page.", "StaffConsultationPage")},
        errors={422: BAD_PAGE},
        roles=ANY_STAFF,
        query="StaffConsultationQuery",
        description="A `cursor` is valid only for this listing (422).",
        readme_path="/staff/consultations?limit=&cursor=",
        beyond_schema=("cursor",),
    ),
    Operation(
        method="POST",
        path="/staff/consultations",
        operation_id="staffCreateConsultation",
        handler=create_consultation,
        summary="Create a consultation (as a draft)",
        readme="a draft: `id`, `title`, `summary`, `moderation` (`post`/`pre`), `opens_at`, "
        "`closes_at` (ISO 8601 with a zone)",
        replies={201: Reply("Created, status draft.", "StaffConsultation")},
        errors={
            **STAFF_BODY_ERRORS,
            409: "A consultation with this id exists already.",
            422: "A field breaks a rule; `error.field` names it. Beyond the schema: `closes_at` "
            "must be after `opens_at`.",
        },
        roles=(ADMIN,),
        body="NewConsultation",
        body_limit="staff",
        beyond_schema=("opens_at", "closes_at"),
    ),
    Operation(
        method="GET",
        path="/staff/consultations/{cid}",
        operation_id="staffGetConsultation",
        handler=staff_get_consultation,
        summary="A consultation, drafts included",
        readme="the consultation, drafts included",
        replies={200: Reply("The consultation.", "StaffConsultation")},
        errors={404: "No such consultation."},
        roles=ANY_STAFF,
    ),
    Operation(
        method="PUT",
        path="/staff/consultations/{cid}",
        operation_id="staffUpdateConsultation",
        handler=update_consultation,
        summary="Change title, summary, moderation, dates or open-data settings (only the fields "
        "sent)",
        readme="change title, summary, moderation or dates (not once closed), or `open_data` "
        "(on/off) and `open_data_licence` (default `CC-BY-4.0`) at any time: once the outcome "
        "is published the bundle is rewritten, or removed when switched off",
        replies={200: Reply("The changed consultation.", "StaffConsultation")},
        errors={
            **STAFF_BODY_ERRORS,
            404: "No such consultation.",
            409: "The consultation is closed or has its outcome (only its open-data settings "
            "can still change), or it changed meanwhile.",
            422: "A field breaks a rule; `error.field` names it. Beyond the schema: `closes_at` "
            "must be after `opens_at`.",
        },
        roles=(ADMIN,),
        body="ConsultationChanges",
        body_limit="staff",
        beyond_schema=("opens_at", "closes_at"),
    ),
    Operation(
        method="POST",
        path="/staff/consultations/{cid}/status",
        operation_id="staffChangeStatus",
        handler=change_status,
        summary="Open, close, or publish the outcome",
        readme='`{"status": "open"}` (from draft, needs an option and a future `closes_at`), '
        '`"closed"` (from open) or `"outcome"` (from closed, once every current option has an '
        "outcome: residents then see them)",
        replies={200: Reply("The consultation in its new status.", "StaffConsultation")},
        errors={
            **STAFF_BODY_ERRORS,
            404: "No such consultation.",
            409: "Not allowed now: draft → open needs an option and a future closes_at, open → "
            "closed, closed → outcome needs every option's outcome.",
        },
        roles=(ADMIN,),
        body="StatusChange",
        body_limit="staff",
    ),
)
