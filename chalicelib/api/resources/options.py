"""Options of a consultation and their plans: residents read them; staff add, replace and
supersede them and record the agency's outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.api.operation import Operation, Reply
from chalicelib.api.resources.common import (
    ANY_STAFF,
    NO_OPTION,
    STAFF_BODY_ERRORS,
)
from chalicelib.domain.staff import ADMIN

if TYPE_CHECKING:
    from chalicelib.api import schemas
    from chalicelib.api.call import Call

# _READ_FIRST: a write's answer is built from what was read before it, never read back after
# it, so an AWS failure after a stored write cannot answer 503 for something that was saved.


def _plans(body: Any) -> dict[str, Any]:
    return {
        "streetmix": body.streetmix,
        "plan": body.plan,
        "geojson": body.geojson,
        "document": body.document,
    }


def get_option(call: Call) -> schemas.Option:
    from chalicelib.api import views
    from chalicelib.services import consultations

    consultation, option = consultations.get_public_option(call.path["cid"], call.path["oid"])
    counts = consultations.option_counts(consultation.id, option.id)
    responses = consultations.published_responses(consultation)
    return views.option(consultation, option, counts=counts, responses=responses)


def download_option_streetmix(call: Call) -> tuple[int, schemas.StreetmixDocument, dict]:
    from chalicelib.api import views
    from chalicelib.services import consultations

    cid, oid = call.path["cid"], call.path["oid"]
    _, option = consultations.get_public_option(cid, oid)
    return views.streetmix_download(option.plan, f"{cid}-{oid}", what=f"Option '{oid}'")


def staff_list_options(call: Call) -> schemas.StaffOptionList:
    from chalicelib.api import views
    from chalicelib.services import staff

    consultation, options = staff.list_options(call.staff, call.path["cid"])
    return views.staff_options(consultation, options)


def add_option(call: Call) -> tuple[int, schemas.Option]:
    from chalicelib.api import views
    from chalicelib.services import staff

    cid = call.path["cid"]
    new = call.body()
    dry_run = call.query.dry_run
    consultation = staff.get_consultation(call.staff, cid)  # read first: see _READ_FIRST
    option = staff.add_option(
        call.staff,
        cid,
        oid=new.id,
        title=new.title,
        summary=new.summary,
        kind=new.kind,
        plans=_plans(new),
        supersedes=new.supersedes,
        dry_run=dry_run,
    )
    return (200 if dry_run else 201), views.option(consultation, option, staff=True, imported=True)


def staff_get_option(call: Call) -> schemas.Option:
    from chalicelib.api import views
    from chalicelib.services import staff

    return views.option(
        *staff.get_option(call.staff, call.path["cid"], call.path["oid"]), staff=True
    )


def replace_option(call: Call) -> schemas.Option:
    from chalicelib.api import views
    from chalicelib.services import staff

    cid, oid = call.path["cid"], call.path["oid"]
    new = call.body()
    if new.id is not None and new.id != oid:
        from chalicelib.domain.errors import InvalidInput

        raise InvalidInput.one("id", f"id must be '{oid}', the option in the path.")
    consultation = staff.get_consultation(call.staff, cid)  # read first: see _READ_FIRST
    option = staff.replace_option(
        call.staff,
        cid,
        oid,
        title=new.title,
        summary=new.summary,
        kind=new.kind,
        plans=_plans(new),
    )
    return views.option(consultation, option, staff=True, imported=True)


def set_outcome(call: Call) -> schemas.Option:
    from chalicelib.api import views
    from chalicelib.services import staff

    cid = call.path["cid"]
    change = call.body()
    consultation = staff.get_consultation(call.staff, cid)  # read first: see _READ_FIRST
    option = staff.set_outcome(
        call.staff, cid, call.path["oid"], decision=change.decision, text=change.text
    )
    return views.option(consultation, option, staff=True)


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        method="GET",
        path="/consultations/{cid}/options/{oid}",
        operation_id="getOption",
        handler=get_option,
        summary="One option with its plan",
        readme="one option with its `plan`: a street section (Streetmix vocabulary, metres) or a "
        "GeoJSON FeatureCollection; `superseded_by`, `outcome` and `counts` as above; once the "
        "outcome is published, `answered_elements`: the segments or features responses link "
        "to, each with their `id` and `status`",
        replies={200: Reply("The option.", "Option")},
        errors={404: NO_OPTION},
    ),
    Operation(
        method="GET",
        path="/consultations/{cid}/options/{oid}/streetmix",
        operation_id="downloadOptionStreetmix",
        handler=download_option_streetmix,
        summary="A street option as a Streetmix street (newest schema), to open in Streetmix "
        "or 3DStreet",
        readme="a street option as a Streetmix document of the newest schema (an API response: "
        "`data.street`), as a download; importing it gives back the same plan",
        replies={
            200: Reply(
                "The Streetmix document.", "StreetmixDocument", headers=("Content-Disposition",)
            )
        },
        errors={404: NO_OPTION + " Or the option is a map, not a street section."},
    ),
    Operation(
        method="GET",
        path="/staff/consultations/{cid}/options",
        operation_id="staffListOptions",
        handler=staff_list_options,
        summary="Every option of a consultation, drafts included",
        readme="every option (superseded ones too) with its title, kind and recorded outcome; no "
        "plans",
        replies={200: Reply("The options.", "StaffOptionList")},
        errors={404: "No such consultation."},
        roles=ANY_STAFF,
    ),
    Operation(
        method="POST",
        path="/staff/consultations/{cid}/options",
        operation_id="staffAddOption",
        handler=add_option,
        summary="Add an option with its plan (consultation draft or open)",
        readme="`id`, `title`, `kind` and the plan as exactly one of `streetmix` (a Streetmix "
        "document as saved or as its API returns it), `plan` (sayso's section format), "
        "`geojson` (a FeatureCollection, Feature or geometry) or `document` (a file's text, its "
        "format and `kind` told by its content); while draft or open. A map's answer has "
        "`import_report`: where its ids came from and every warning. "
        'With `"supersedes": "a"` it replaces option `a`, which '
        "stays readable but takes no more submissions. With `?dry_run=true` every check runs and "
        "the answer is the option as it would be stored (200) or every problem (422): nothing is "
        "stored",
        replies={
            201: Reply("The option, with its plan as stored.", "Option"),
            200: Reply("`dry_run=true`: the option as it would be stored; nothing was.", "Option"),
        },
        errors={
            **STAFF_BODY_ERRORS,
            404: "No such consultation, or no option `supersedes` names.",
            409: "The consultation is not draft or open, the option id is taken, or the option "
            "`supersedes` names was already replaced.",
            422: "A field breaks a rule; `error.field` names it. Beyond the schema: the plan must "
            "be valid for `kind` (every problem is listed in `error.details`).",
        },
        roles=(ADMIN,),
        body="NewOption",
        query="OptionQuery",
        body_limit="staff",
        readme_path="/staff/consultations/{cid}/options?dry_run=",
        beyond_schema=("streetmix", "plan", "geojson", "document"),
    ),
    Operation(
        method="GET",
        path="/staff/consultations/{cid}/options/{oid}",
        operation_id="staffGetOption",
        handler=staff_get_option,
        summary="One option with its plan and outcome",
        readme="one option with its plan and (unpublished) outcome",
        replies={200: Reply("The option.", "Option")},
        errors={404: NO_OPTION},
        roles=ANY_STAFF,
    ),
    Operation(
        method="PUT",
        path="/staff/consultations/{cid}/options/{oid}",
        operation_id="staffReplaceOption",
        handler=replace_option,
        summary="Replace an option's texts and plan (only while it has no submissions)",
        readme="new title, summary and plan (the `POST` body without `id` and `supersedes`), only "
        "while nobody has answered the option; after that, 409: supersede it",
        replies={200: Reply("The changed option.", "Option")},
        errors={
            **STAFF_BODY_ERRORS,
            404: NO_OPTION,
            409: "The consultation is not draft or open, or the option has submissions or was "
            "replaced (add one with `supersedes` instead).",
            422: "A field breaks a rule; `error.field` names it. Beyond the schema: the plan must "
            "be valid for `kind`.",
        },
        roles=(ADMIN,),
        body="OptionReplacement",
        body_limit="staff",
        beyond_schema=("id", "streetmix", "plan", "geojson", "document"),
    ),
    Operation(
        method="PUT",
        path="/staff/consultations/{cid}/options/{oid}/outcome",
        operation_id="staffSetOutcome",
        handler=set_outcome,
        summary="Record or correct the agency's decision on an option (once closed)",
        readme='`{"decision", "text": {lang: text}}` once the consultation is closed (correctable '
        "later, audited)",
        replies={200: Reply("The option with its outcome.", "Option")},
        errors={
            **STAFF_BODY_ERRORS,
            404: NO_OPTION,
            409: "The consultation has not closed yet, or the option was replaced.",
        },
        roles=(ADMIN,),
        body="OutcomeChange",
        body_limit="staff",
    ),
)
