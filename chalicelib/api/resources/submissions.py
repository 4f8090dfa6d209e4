"""Submissions: residents comment or propose an alternative plan, read, edit and withdraw them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.api.operation import IDEMPOTENCY, Link, Operation, Reply
from chalicelib.api.resources.common import (
    BAD_PAGE,
    BODY_ERRORS,
    EDIT,
    NO_CONSULTATION,
    NO_SUBMISSION,
    NOT_OPEN,
    OPTIONAL_EDIT,
    OPTIONAL_RESIDENT,
    RATE_LIMITED,
)

if TYPE_CHECKING:
    from chalicelib.api import schemas
    from chalicelib.api.call import Call

_SUBMISSION_LINKS = (
    Link(
        "GetSubmission",
        "getSubmission",
        {"cid": "$request.path.cid", "sid": "$response.body#/id"},
    ),
    Link(
        "EditSubmission",
        "editSubmission",
        {
            "cid": "$request.path.cid",
            "sid": "$response.body#/id",
            "header.X-Edit-Token": "$response.body#/edit_token",
        },
    ),
    Link(
        "WithdrawSubmission",
        "withdrawSubmission",
        {
            "cid": "$request.path.cid",
            "sid": "$response.body#/id",
            "header.X-Edit-Token": "$response.body#/edit_token",
        },
    ),
)


def _edit_of(body: object) -> dict | None:
    """A map alternative's `plan_edit` as plain JSON for the domain (comments have none)."""
    edit = getattr(body, "plan_edit", None)
    return None if edit is None else edit.model_dump()


def create_submission(call: Call) -> tuple[int, schemas.SubmissionCreated, dict[str, str]]:
    from chalicelib.api import views
    from chalicelib.services import submissions as submission_service

    cid = call.path["cid"]
    resident = call.header("X-Resident-Token")
    rid = None
    if resident is not None:
        from chalicelib.services.residents import resident_id

        rid = resident_id(resident)  # a forged token is a 401, not an anonymous post
    new = call.body()
    if new.website:
        from chalicelib.observability import count_honeypot

        count_honeypot()
        created = submission_service.decoy(cid, new.option_id)
    else:
        created = submission_service.submit(
            cid,
            kind=new.kind,
            option_id=new.option_id,
            text=new.text,
            element_id=new.element_id,
            point=new.point,
            stance=new.stance,
            plan=new.plan,
            plan_edit=_edit_of(new),
            email=new.email,
            language=new.language,
            source_ip=call.source_ip,
            resident_id=rid,
        )
    location = f"/consultations/{cid}/submissions/{created.submission.id}"
    return 201, views.submission_created(created), {"Location": location}


def list_submissions(call: Call) -> schemas.SubmissionPage:
    from chalicelib.api import views
    from chalicelib.services import submissions as submission_service

    query = call.query

    def listed(limit: int) -> schemas.SubmissionPage:
        return views.page(
            submission_service.list_public(
                call.path["cid"],
                order=query.sort,
                option_id=query.option,
                element_id=query.element,
                limit=limit,
                cursor=query.cursor,
            )
        )

    page = listed(query.limit)
    fit = views.items_that_fit(page)
    # Too heavy for one answer (Lambda's 6 MB): the first items that fit, with their cursor.
    return page if fit == len(page.items) else listed(fit)


def download_submission_streetmix(call: Call) -> tuple[int, schemas.StreetmixDocument, dict]:
    from chalicelib.api import views
    from chalicelib.services import submissions as submission_service

    cid, sid = call.path["cid"], call.path["sid"]
    submission = submission_service.get_public(cid, sid, edit_token=call.header("X-Edit-Token"))
    return views.streetmix_download(submission.plan, f"{cid}-{sid}", what=f"Submission '{sid}'")


def get_submission(call: Call) -> schemas.Submission:
    from chalicelib.api import views
    from chalicelib.services import submissions as submission_service

    own = submission_service.get_public(
        call.path["cid"], call.path["sid"], edit_token=call.header("X-Edit-Token")
    )
    return views.submission(own, with_plan=True)


def edit_submission(call: Call) -> schemas.Submission:
    from chalicelib.api import views
    from chalicelib.domain.submission import UNCHANGED
    from chalicelib.services import submissions as submission_service

    changes = call.body()
    updated = submission_service.edit(
        call.path["cid"],
        call.path["sid"],
        edit_token=call.header("X-Edit-Token"),
        text=changes.text,
        stance=changes.stance if "stance" in changes.model_fields_set else UNCHANGED,
        plan=changes.plan,
        plan_edit=_edit_of(changes),
    )
    return views.submission(updated, with_plan=True)


def withdraw_submission(call: Call) -> tuple[int, None]:
    from chalicelib.services import submissions as submission_service

    submission_service.withdraw(
        call.path["cid"], call.path["sid"], edit_token=call.header("X-Edit-Token")
    )
    return 204, None


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        method="POST",
        path="/consultations/{cid}/submissions",
        operation_id="createSubmission",
        handler=create_submission,
        summary="Comment on an option, or propose an alternative plan",
        readme="`option_id`, `kind` (`comment` or `alternative`), `text` (1–5,000 characters), "
        "optional `element_id` (a segment/feature of that option), `point` (`[lon, lat]` on a "
        "map, metres from the left edge on a section), `stance` (`support`/`oppose`/`neutral`), "
        "`email` (for follow-up; never shown), and for an alternative `plan` (the option's plan, "
        "edited; a Streetmix street works as is) or, for a map, `plan_edit` (what changes: "
        "`removed` ids, `moved` `{id, geometry}`, `properties` `{id, properties}`, `added` "
        "features, optional `order`; applied to the option's current map) → "
        "`201 {id, status, created_at, edit_token}`. "
        "The edit token is shown once. With `X-Resident-Token` it is linked to that resident "
        "(their data rights, below)",
        replies={201: Reply("Stored.", "SubmissionCreated", headers=("Location",))},
        errors={
            **BODY_ERRORS,
            404: "No such consultation, option or element.",
            409: NOT_OPEN + " Or the option was replaced (`superseded_by`), or the same "
            "Idempotency-Key is still in progress.",
            401: "An X-Resident-Token header is sent but it is not valid.",
            413: "The body is over 64 KB (256 KB for an alternative with a plan or plan_edit).",
            422: "A field breaks a rule; `error.field` names it. Rules beyond the schema: the "
            "plan must be valid for the option's kind (widths, types, geometry), a `plan_edit` "
            "must name features of the option's current map (`error.field` says which entry), "
            "and `point` must lie on the section or be a longitude and latitude.",
            429: RATE_LIMITED,
        },
        body="NewSubmission",
        headers=(IDEMPOTENCY, OPTIONAL_RESIDENT),
        body_limit="submission",
        idempotency_scope="submissions|{cid}",
        links=_SUBMISSION_LINKS,
        beyond_schema=("plan", "plan_edit", "point"),
    ),
    Operation(
        method="GET",
        path="/consultations/{cid}/submissions",
        operation_id="listSubmissions",
        handler=list_submissions,
        summary="Public submissions, newest or most endorsed first",
        readme="public submissions `{items, next_cursor}`, `sort=newest` (default) or `top` (most "
        "endorsed); `limit` 1–100 (default 20); `element` needs `option`; pass `next_cursor` back "
        "as `cursor`. Once the outcome is published each item's `answered_by` lists the "
        "responses that answer it (`id`, `status`: by its id, its element, its whole option or "
        "its campaign)",
        replies={200: Reply("One page.", "SubmissionPage")},
        errors={404: NO_CONSULTATION, 422: BAD_PAGE + " Or `element` is given without `option`."},
        query="SubmissionQuery",
        description="Rules beyond the schema (422): `element` needs `option`; a `cursor` is "
        "valid only with the sort and filters of the listing that gave it.",
        readme_path="/consultations/{cid}/submissions?option=&element=&sort=&limit=&cursor=",
        beyond_schema=("element", "cursor"),
    ),
    Operation(
        method="GET",
        path="/consultations/{cid}/submissions/{sid}",
        operation_id="getSubmission",
        handler=get_submission,
        summary="One public submission (alternatives with plan and diff)",
        readme="one public submission; alternatives with `plan` and `diff` (segments/features "
        "added, removed, resized, moved, retyped; map features moved with the distance in "
        "metres, a re-routed line with its name, the stops around the changed stretch and the "
        "length change). With its `X-Edit-Token` the author also sees it while `pending` or "
        "`hidden`, with that status",
        replies={200: Reply("The submission.", "Submission")},
        errors={404: NO_SUBMISSION},
        headers=(OPTIONAL_EDIT,),
    ),
    Operation(
        method="GET",
        path="/consultations/{cid}/submissions/{sid}/streetmix",
        operation_id="downloadSubmissionStreetmix",
        handler=download_submission_streetmix,
        summary="A street alternative as a Streetmix street (newest schema)",
        readme="an alternative to a street option as a Streetmix document of the newest schema, "
        "as a download, to open in Streetmix or 3DStreet",
        replies={
            200: Reply(
                "The Streetmix document.", "StreetmixDocument", headers=("Content-Disposition",)
            )
        },
        errors={404: NO_SUBMISSION + " Or it is not an alternative to a street section."},
        headers=(OPTIONAL_EDIT,),
    ),
    Operation(
        method="PATCH",
        path="/consultations/{cid}/submissions/{sid}",
        operation_id="editSubmission",
        handler=edit_submission,
        summary="The author edits text, stance or plan (consultation open)",
        readme="the author changes `text`, `stance` or `plan` (or a map's `plan_edit`, against "
        "the option's map), with header `X-Edit-Token`",
        replies={200: Reply("The edited submission.", "Submission")},
        errors={
            **BODY_ERRORS,
            403: "The X-Edit-Token header is missing or wrong.",
            404: NO_SUBMISSION,
            409: NOT_OPEN + " Or it changed meanwhile.",
            413: "The body is over 64 KB (256 KB with a plan or plan_edit).",
        },
        body="EditSubmission",
        headers=(EDIT,),
        body_limit="submission",
        beyond_schema=("plan", "plan_edit"),
    ),
    Operation(
        method="DELETE",
        path="/consultations/{cid}/submissions/{sid}",
        operation_id="withdrawSubmission",
        handler=withdraw_submission,
        summary="The author withdraws it: it leaves listings; words, plan and email are deleted",
        readme="the author withdraws it (`X-Edit-Token`): it leaves listings; its words, plan and "
        "email are deleted",
        replies={204: Reply("Withdrawn.")},
        errors={
            403: "The X-Edit-Token header is missing or wrong.",
            404: NO_SUBMISSION,
            409: NOT_OPEN,
        },
        headers=(EDIT,),
    ),
)
