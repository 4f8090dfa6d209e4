"""Domain objects to the response models the API answers with (api/schemas.py): the models
are the documented shapes, so an answer that does not fit its schema fails here, not in a
client."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING, Any

from chalicelib import config
from chalicelib.api import schemas
from chalicelib.domain import public

if TYPE_CHECKING:
    from chalicelib.domain.consultation import Consultation, Option
    from chalicelib.domain.response import Response
    from chalicelib.domain.submission import Submission
    from chalicelib.services.consultations import ConsultationView
    from chalicelib.services.moderation import QueuePage
    from chalicelib.services.rights import Erasure, Export
    from chalicelib.services.submissions import Created, Page
    from chalicelib.store.staff import AuditEntry


timestamp = public.timestamp
listed_diff = public.listed_diff
LISTING_DIFF_MAX_BYTES = public.LISTING_DIFF_MAX_BYTES


def consultation(view: ConsultationView, now: datetime) -> schemas.Consultation:
    return schemas.Consultation.model_validate(
        public.consultation(
            view.consultation,
            view.options,
            view.counts,
            now,
            email_kept_days=config.current().contact_retention_days,
        )
    )


_outcome = public.outcome


def option(
    c: Consultation,
    o: Option,
    *,
    staff: bool = False,
    counts: dict[str, int] | None = None,
    imported: bool = False,
    responses: list[Response] | None = None,
) -> schemas.Option:
    """An option with its plan; its outcome shows to residents once published, to staff always;
    `counts` (services/consultations.py:option_counts) and the published `responses`
    (published_responses) on the public route. `imported`: the answer to adding or replacing
    it, with how its document was read."""
    body = public.option(c, o, staff=staff, counts=counts, responses=responses or ())
    report = getattr(o.plan, "report", None) if imported else None
    body["import_report"] = None if report is None else report.to_dict()
    return schemas.Option.model_validate(body)


def streetmix_download(
    plan: object, name: str, *, what: str
) -> tuple[int, schemas.StreetmixDocument, dict[str, str]]:
    """A street plan as a Streetmix document, sent as a file named after it."""
    from chalicelib.domain.errors import NotFound
    from chalicelib.domain.section import Section
    from chalicelib.domain.streetmix import to_streetmix

    if not isinstance(plan, Section):
        raise NotFound(
            f"{what} has no street section to download; only a street section (not a map or "
            "a comment) downloads as a Streetmix street.",
        )
    document = schemas.StreetmixDocument.model_validate(to_streetmix(plan))
    disposition = f'attachment; filename="{name}.streetmix.json"'
    return 200, document, {"Content-Disposition": disposition}


def staff_options(c: Consultation, options: list[Option]) -> schemas.StaffOptionList:
    """Every option of a consultation with its (unpublished) outcome, without plans."""
    return schemas.StaffOptionList.model_validate(
        {
            "items": [
                {
                    "id": o.id,
                    "title": o.title,
                    "kind": o.kind,
                    "superseded_by": o.superseded_by,
                    "outcome": _outcome(o.outcome),
                }
                for o in options
            ]
        }
    )


# What a page of items may weigh as Lambda counts it (the body escaped again in the proxy
# envelope): a listing stops early, with its cursor, before its answer could reach 6 MB.
LISTING_MAX_BYTES = 5 * 1024 * 1024


def lambda_bytes(item: Any) -> int:
    """What an item weighs in a Lambda proxy answer: its JSON, as a JSON string again."""
    return len(json.dumps(json.dumps(item, separators=(",", ":"))).encode())


def submission(
    s: Submission,
    *,
    with_plan: bool = False,
    listed: bool = False,
    answered_by: list[Response] | None = None,
) -> schemas.Submission:
    body = public.submission(s, answered_by=answered_by)
    if with_plan:
        body["plan"] = None if s.plan is None else s.plan.to_dict()
    if listed:
        body["diff"] = listed_diff(body["diff"])  # type: ignore[arg-type]
    return schemas.Submission.model_validate(body)


def _submission_fields(s: Submission) -> dict[str, object]:
    return public.submission(s)


def resident_export(made: Export) -> schemas.ResidentExport:
    return schemas.ResidentExport.model_validate(
        {
            "consultation_id": made.consultation_id,
            "made_at": timestamp(made.made_at),
            "complete": made.complete,
            "submissions": [
                {
                    **_submission_fields(s),
                    "plan": None if s.plan is None else s.plan.to_dict(),
                    "email_on_file": s.id in made.emails_on_file,
                    "answered_by": [
                        {
                            "id": r.id,
                            "status": r.status,
                            "text": r.text,
                            "updated_at": timestamp(r.updated_at),
                        }
                        for r in made.answers.get(s.id, [])
                    ],
                }
                for s in made.submissions
            ],
            "email_kept_until": None
            if made.email_kept_until is None
            else timestamp(made.email_kept_until),
            "email_kept_days": made.email_kept_days,
            "endorsements": [
                {
                    "submission_id": m.submission_id,
                    "created_at": timestamp(m.created_at),
                    "version": m.version,
                    "changed_since": made.versions.get(m.submission_id, m.version) != m.version,
                }
                for m in made.endorsements
            ],
            "flags": [
                {
                    "submission_id": m.submission_id,
                    "created_at": timestamp(m.created_at),
                    "reason": m.reason or "",
                }
                for m in made.flags
            ],
        }
    )


def resident_erasure(erased: Erasure) -> schemas.ResidentErasure:
    return schemas.ResidentErasure(
        withdrawn=erased.withdrawn,
        endorsements_removed=erased.endorsements_removed,
        flags_removed=erased.flags_removed,
        done=erased.done,
    )


def submission_created(created: Created) -> schemas.SubmissionCreated:
    s = created.submission
    return schemas.SubmissionCreated(
        id=s.id,
        status=s.status,
        created_at=timestamp(s.created_at),
        edit_token=created.edit_token,
    )


def page(p: Page) -> schemas.SubmissionPage:
    items = [submission(s, listed=True, answered_by=p.answers.get(s.id, [])) for s in p.items]
    return schemas.SubmissionPage(items=items, next_cursor=p.next_cursor)


def items_that_fit(page: schemas.SubmissionPage, max_bytes: int = LISTING_MAX_BYTES) -> int:
    """How many of the page's first items fit in max_bytes (at least one)."""
    used = 0
    for n, item in enumerate(page.items):
        used += lambda_bytes(item.model_dump(mode="json", by_alias=True)) + 2
        if used > max_bytes:
            return max(n, 1)
    return len(page.items)


def moderation_page(p: QueuePage) -> schemas.ModerationPage:
    items = [
        {
            **submission(s, listed=True).model_dump(),
            "campaign": p.campaigns.get(s.id),
            "flags": s.flags,
            "flag_reasons": dict(sorted(Counter(s.flag_reasons).items())),
            "in_review": s.in_review,
            "approved": s.approved,
            "previous": s.previous,
        }
        for s in p.items
    ]
    return schemas.ModerationPage.model_validate({"items": items, "next_cursor": p.next_cursor})


def staff_consultation(c: Consultation) -> schemas.StaffConsultation:
    return schemas.StaffConsultation.model_validate(
        {
            **_consultation_fields(c),
            "open_data": c.open_data,
            "open_data_licence": c.open_data_licence,
        }
    )


def staff_consultation_page(
    page: list[tuple[Consultation, dict[str, int]]], next_cursor: str | None
) -> schemas.StaffConsultationPage:
    return schemas.StaffConsultationPage.model_validate(
        {
            "items": [
                {
                    **_consultation_fields(c),
                    "open_data": c.open_data,
                    "open_data_licence": c.open_data_licence,
                    "created_at": timestamp(c.created_at) if c.created_at else None,
                    "submissions": by_state,
                }
                for c, by_state in page
            ],
            "next_cursor": next_cursor,
        }
    )


_consultation_fields = public.consultation_fields


def audit_page(entries: list[AuditEntry], next_cursor: str | None) -> schemas.AuditPage:
    return schemas.AuditPage.model_validate(
        {
            "items": [
                {
                    "id": e.id,
                    "at": timestamp(e.at),
                    "subject": e.subject,
                    "email": e.email,
                    "action": e.action,
                    "target": e.target,
                    "before": e.before,
                    "after": e.after,
                }
                for e in entries
            ],
            "next_cursor": next_cursor,
        }
    )
