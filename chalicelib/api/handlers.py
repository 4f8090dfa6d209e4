"""The handlers the route table names: each takes the validated call, makes one service call and
returns a response model (api/views.py builds them). Loaded with the first request, not at
cold start; each handler imports only the services it calls (the report job's code is heavy)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalicelib.api import schemas, views
from chalicelib.api.dispatch import Call

# _READ_FIRST: a write's answer is built from what was read before it, never read back after
# it, so an AWS failure after a stored write cannot answer 503 for something that was saved.

# ---- public -----------------------------------------------------------------------------------


def health(call: Call) -> schemas.Health:
    return schemas.Health(status="ok")


def openapi(call: Call) -> dict[str, Any]:
    from chalicelib.api.openapi import document

    return document()


def get_consultation(call: Call) -> schemas.Consultation:
    from chalicelib.services import consultations

    view = consultations.get_public_consultation(call.path["cid"])
    return views.consultation(view, datetime.now(UTC))


def get_option(call: Call) -> schemas.Option:
    from chalicelib.services import consultations

    return views.option(*consultations.get_public_option(call.path["cid"], call.path["oid"]))


def create_resident(call: Call) -> schemas.ResidentToken:
    from chalicelib.services import residents

    return schemas.ResidentToken(token=residents.issue_token(call.source_ip))


def create_submission(call: Call) -> tuple[int, schemas.SubmissionCreated, dict[str, str]]:
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
            email=new.email,
            source_ip=call.source_ip,
            resident_id=rid,
        )
    location = f"/consultations/{cid}/submissions/{created.submission.id}"
    return 201, views.submission_created(created), {"Location": location}


def list_submissions(call: Call) -> schemas.SubmissionPage:
    from chalicelib.services import submissions as submission_service

    query = call.query
    page = submission_service.list_public(
        call.path["cid"],
        order=query.sort,
        option_id=query.option,
        element_id=query.element,
        limit=query.limit,
        cursor=query.cursor,
    )
    return views.page(page)


def get_submission(call: Call) -> schemas.Submission:
    from chalicelib.services import submissions as submission_service

    own = submission_service.get_public(
        call.path["cid"], call.path["sid"], edit_token=call.header("X-Edit-Token")
    )
    return views.submission(own, with_plan=True)


def edit_submission(call: Call) -> schemas.Submission:
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
    )
    return views.submission(updated, with_plan=True)


def withdraw_submission(call: Call) -> tuple[int, None]:
    from chalicelib.services import submissions as submission_service

    submission_service.withdraw(
        call.path["cid"], call.path["sid"], edit_token=call.header("X-Edit-Token")
    )
    return 204, None


def endorse(call: Call) -> tuple[int, schemas.EndorsementState]:
    from chalicelib.services import reactions

    changed = reactions.endorse(
        call.path["cid"],
        call.path["sid"],
        resident_token=call.header("X-Resident-Token"),
        source_ip=call.source_ip,
    )
    return 201 if changed else 200, schemas.EndorsementState(endorsed=True, changed=changed)


def unendorse(call: Call) -> schemas.EndorsementState:
    from chalicelib.services import reactions

    changed = reactions.unendorse(
        call.path["cid"], call.path["sid"], resident_token=call.header("X-Resident-Token")
    )
    return schemas.EndorsementState(endorsed=False, changed=changed)


def flag(call: Call) -> tuple[int, schemas.FlagState]:
    from chalicelib.services import reactions

    new = call.body()
    changed = reactions.flag(
        call.path["cid"],
        call.path["sid"],
        resident_token=call.header("X-Resident-Token"),
        reason=new.reason,
    )
    return 201 if changed else 200, schemas.FlagState(flagged=True, changed=changed)


def export_my_data(call: Call) -> tuple[int, schemas.ResidentExport, dict[str, str]]:
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
    from chalicelib.services import rights

    erased = rights.erase(
        call.path["cid"], resident_token=call.header("X-Resident-Token"), source_ip=call.source_ip
    )
    return views.resident_erasure(erased)


# ---- staff ------------------------------------------------------------------------------------


def create_consultation(call: Call) -> schemas.StaffConsultation:
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
    from chalicelib.services import staff

    return views.staff_consultation(staff.get_consultation(call.staff, call.path["cid"]))


def staff_list_options(call: Call) -> schemas.StaffOptionList:
    from chalicelib.services import staff

    consultation, options = staff.list_options(call.staff, call.path["cid"])
    return views.staff_options(consultation, options)


def update_consultation(call: Call) -> schemas.StaffConsultation:
    from chalicelib.services import staff

    changes = call.body()
    fields = {name: getattr(changes, name) for name in changes.model_fields_set}
    return views.staff_consultation(
        staff.update_consultation(call.staff, call.path["cid"], **fields)
    )


def _plans(body: Any) -> dict[str, Any]:
    return {"streetmix": body.streetmix, "plan": body.plan, "geojson": body.geojson}


def add_option(call: Call) -> tuple[int, schemas.Option]:
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
    return (200 if dry_run else 201), views.option(consultation, option, staff=True)


def list_consultations(call: Call) -> schemas.StaffConsultationPage:
    from chalicelib.services import staff

    page, next_cursor = staff.list_consultations(
        call.staff, limit=call.query.limit, cursor=call.query.cursor
    )
    return views.staff_consultation_page(page, next_cursor)


def staff_get_option(call: Call) -> schemas.Option:
    from chalicelib.services import staff

    return views.option(
        *staff.get_option(call.staff, call.path["cid"], call.path["oid"]), staff=True
    )


def replace_option(call: Call) -> schemas.Option:
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
    return views.option(consultation, option, staff=True)


def set_outcome(call: Call) -> schemas.Option:
    from chalicelib.services import staff

    cid = call.path["cid"]
    change = call.body()
    consultation = staff.get_consultation(call.staff, cid)  # read first: see _READ_FIRST
    option = staff.set_outcome(
        call.staff, cid, call.path["oid"], decision=change.decision, text=change.text
    )
    return views.option(consultation, option, staff=True)


def change_status(call: Call) -> schemas.StaffConsultation:
    from chalicelib.services import staff

    change = call.body()
    return views.staff_consultation(
        staff.change_status(call.staff, call.path["cid"], change.status)
    )


def statistics(call: Call) -> schemas.Stats:
    from chalicelib.services import staff

    return schemas.Stats.model_validate(staff.statistics(call.staff, call.path["cid"]))


def run_report(call: Call) -> tuple[int, Any]:
    from chalicelib.services import reports

    manifest = reports.run_now(call.staff, call.path["cid"])
    if manifest is None:
        return 202, schemas.ReportStarted(status="started")
    return 201, schemas.ReportManifest.model_validate(manifest)


def list_reports(call: Call) -> schemas.ReportRuns:
    from chalicelib.services import reports

    runs = reports.runs(call.staff, call.path["cid"], limit=call.query.limit)
    return schemas.ReportRuns.model_validate({"items": runs})


def audit_log(call: Call) -> schemas.AuditPage:
    from chalicelib.services import staff

    query = call.query
    entries, next_cursor = staff.audit_log(
        call.staff, query.cid, limit=query.limit, cursor=query.cursor
    )
    return views.audit_page(entries, next_cursor)


def moderation_queue(call: Call) -> schemas.ModerationPage:
    from chalicelib.services import moderation

    query = call.query
    page = moderation.queue(
        call.staff, call.path["cid"], query.queue, limit=query.limit, cursor=query.cursor
    )
    return views.moderation_page(page)


def moderate(call: Call) -> schemas.Submission:
    from chalicelib.services import moderation

    decision = call.body()
    moderated = moderation.moderate(
        call.staff,
        call.path["cid"],
        call.path["sid"],
        action=decision.action,
        reason=decision.reason,
    )
    return views.submission(moderated)


def moderate_batch(call: Call) -> schemas.ModerationBatchResult:
    from chalicelib.services import moderation

    batch = call.body()
    done = moderation.moderate_batch(
        call.staff,
        call.path["cid"],
        batch.ids,
        action=batch.action,
        reason=batch.reason,
        batch_id=call.header("Idempotency-Key"),  # a retry's entries name the same batch
    )
    return schemas.ModerationBatchResult.model_validate({"items": [vars(item) for item in done]})
