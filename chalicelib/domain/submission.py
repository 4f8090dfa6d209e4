"""Submissions: what a resident sends about one option, and the rules it must meet."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal, get_args

from chalicelib.domain import text as text_rules
from chalicelib.domain.consultation import Consultation, Option
from chalicelib.domain.diff import PlanDiff, diff_plans
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from chalicelib.domain.geo import MapPlan
from chalicelib.domain.plan_edit import apply_map_edit
from chalicelib.domain.plans import Plan, parse_plan
from chalicelib.domain.section import Section

SubmissionKind = Literal["comment", "alternative"]
Stance = Literal["support", "oppose", "neutral"]
Visibility = Literal["published", "pending", "hidden", "withdrawn"]
STANCES: tuple[Stance, ...] = get_args(Stance)
# A public listing's order: newest first, or most endorsed first.
Order = Literal["newest", "top"]
# Why a resident flags a submission for moderators.
FlagReason = Literal["spam", "abusive", "personal-data", "off-topic", "other"]
FLAG_REASONS: tuple[FlagReason, ...] = get_args(FlagReason)
# The moderation queues: pending approval, held after flags, hidden.
Queue = Literal["pending", "flagged", "hidden"]
QUEUES: tuple[Queue, ...] = get_args(Queue)
ModerationAction = Literal["approve", "hide", "restore"]
# One item of a batch decision: changed, already so, or the action does not apply.
BatchOutcome = Literal["changed", "unchanged", "refused"]

TEXT_MAX_CHARS = text_rules.SUBMISSION_TEXT.max_chars

# A map point is [lon, lat]; a section point is a distance in metres from the left edge.
Point = tuple[float, float] | float


@dataclass(frozen=True)
class Submission:
    id: str
    consultation_id: str
    option_id: str
    kind: SubmissionKind
    text: str
    element_id: str | None
    point: Point | None
    stance: Stance | None
    status: Visibility
    created_at: datetime
    updated_at: datetime | None = None
    plan: Plan | None = None
    diff: PlanDiff | None = None
    edit_hash: str | None = None
    endorsements: int = 0  # of the current version
    flags: int = 0  # distinct sources that flagged it
    version: int = 1  # +1 on each edit of its words, stance or plan
    edited_at: datetime | None = None
    earlier_endorsements: int = 0  # endorsements of earlier versions
    approved_version: int | None = None  # the version a moderator approved, if any
    flag_reasons: tuple[str, ...] = ()
    in_review: bool = False  # public, and in the flagged queue for a moderator's review
    previous: dict[str, Any] | None = None  # pre-moderation: the version an edit replaced

    @property
    def is_public(self) -> bool:
        return self.status == "published"

    @property
    def approved(self) -> bool:
        """A moderator approved this very version: flags can no longer hold it (a human
        decided; flags only ask a moderator to look again)."""
        return self.approved_version == self.version


def clean_text(text: str, field: str = "text") -> str:
    """The one text rule (chalicelib/domain/text.py): trimmed, NFC, line endings as \n."""
    return text_rules.clean(field, text, text_rules.SUBMISSION_TEXT)


def check_point(option: Option, point: Point, field: str = "point") -> Point:
    """A point must fit the option's plan: [lon, lat] on a map, 0..width metres on a section."""
    plan = option.plan
    if isinstance(plan, MapPlan):
        if isinstance(point, (int, float)) or len(point) != 2:
            raise InvalidInput.one(
                field, f"Option '{option.id}' is a map: point must be [longitude, latitude]."
            )
        lon, lat = point
        if not (math.isfinite(lon) and -180 <= lon <= 180):
            raise InvalidInput.one(f"{field}[0]", f"Longitude {lon} must be between -180 and 180.")
        if not (math.isfinite(lat) and -90 <= lat <= 90):
            raise InvalidInput.one(f"{field}[1]", f"Latitude {lat} must be between -90 and 90.")
        return (float(lon), float(lat))
    assert isinstance(plan, Section)
    if not isinstance(point, (int, float)):
        raise InvalidInput.one(
            field,
            f"Option '{option.id}' is a street section: point must be a distance in metres "
            "from the left edge, e.g. 4.5.",
        )
    if not (math.isfinite(point) and 0 <= point <= plan.width):
        raise InvalidInput.one(
            field, f"point {point} m is outside the street, which is {plan.width:g} m wide."
        )
    return float(point)


def check_element(option: Option, element_id: str, field: str = "element_id") -> str:
    if element_id not in option.plan.element_ids:
        noun = "segment" if isinstance(option.plan, Section) else "feature"
        raise NotFound(f"Option '{option.id}' has no {noun} '{element_id}'.", field=field)
    return element_id


def alternative_of(option: Option, raw_plan: object, field: str = "plan") -> tuple[Plan, PlanDiff]:
    """Validate an edited plan with the staff rules and diff it against the option's plan.

    With `field` "plan_edit", `raw_plan` is an edit of the option's map (domain/plan_edit.py)."""
    if field == "plan_edit":
        if not isinstance(option.plan, MapPlan):
            raise InvalidInput.one(
                field,
                f"Option '{option.id}' is a street section: send its edited plan as `plan`; "
                "`plan_edit` is for maps.",
            )
        plan: Plan = apply_map_edit(option.plan, raw_plan, path=field)
    else:
        plan = parse_plan(option.kind, raw_plan, path=field)
    diff = diff_plans(option.plan, plan)
    if diff.is_empty:
        raise InvalidInput.one(
            field,
            f"This plan is identical to option '{option.id}': change at least one segment or "
            "feature, or send a comment instead.",
        )
    return plan, diff


def _one_plan_source(raw_plan: object | None, raw_edit: object | None) -> None:
    if raw_plan is not None and raw_edit is not None:
        raise InvalidInput.one(
            "plan_edit",
            "Send the alternative as `plan` (the whole plan) or `plan_edit` (what changes in "
            "the option's map), not both.",
        )


def _alternative(
    option: Option, raw_plan: object | None, raw_edit: object | None
) -> tuple[Plan, PlanDiff]:
    if raw_edit is not None:
        return alternative_of(option, raw_edit, field="plan_edit")
    return alternative_of(option, raw_plan)


def new_submission(
    *,
    submission_id: str,
    kind: SubmissionKind,
    consultation: Consultation,
    option: Option,
    text: str,
    element_id: str | None,
    point: Point | None,
    stance: Stance | None,
    raw_plan: object | None,
    edit_hash: str,
    now: datetime,
    raw_edit: object | None = None,
) -> Submission:
    """Build a comment or alternative after checking every rule that needs the consultation and
    its option."""
    consultation.ensure_accepting(now)
    option.ensure_accepting()
    plan = diff = None
    _one_plan_source(raw_plan, raw_edit)
    if kind == "alternative":
        if raw_plan is None and raw_edit is None:
            raise InvalidInput.one(
                "plan",
                "An alternative needs a plan: the option's plan, edited (or, for a map, "
                "`plan_edit`: what changes in it).",
            )
        plan, diff = _alternative(option, raw_plan, raw_edit)
    elif raw_plan is not None or raw_edit is not None:
        field = "plan" if raw_plan is not None else "plan_edit"
        raise InvalidInput.one(field, 'Only kind "alternative" carries a plan.')
    return Submission(
        id=submission_id,
        consultation_id=consultation.id,
        option_id=option.id,
        kind=kind,
        text=clean_text(text),
        element_id=None if element_id is None else check_element(option, element_id),
        point=None if point is None else check_point(option, point),
        stance=stance,
        status="published" if consultation.moderation == "post" else "pending",
        created_at=now,
        plan=plan,
        diff=diff,
        edit_hash=edit_hash,
    )


_UNCHANGED: object = object()


def edited(
    submission: Submission,
    *,
    consultation: Consultation,
    option: Option,
    text: str | None = None,
    stance: Stance | object | None = _UNCHANGED,
    raw_plan: object | None = None,
    now: datetime,
    raw_edit: object | None = None,
) -> Submission:
    """The submission with its author's changes, checked by the same rules as when it was sent.

    Under pre-moderation, changed words or plan go back to the moderators: an approved item must
    not turn into something nobody reviewed."""
    consultation.ensure_accepting(now)
    changes: dict[str, object] = {"updated_at": now}
    if text is not None:
        changes["text"] = clean_text(text)
    if stance is not _UNCHANGED:
        changes["stance"] = stance
    _one_plan_source(raw_plan, raw_edit)
    if raw_plan is not None or raw_edit is not None:
        if submission.kind != "alternative":
            field = "plan" if raw_plan is not None else "plan_edit"
            raise InvalidInput.one(field, "Only an alternative has a plan to edit.")
        changes["plan"], changes["diff"] = _alternative(option, raw_plan, raw_edit)
        raw_plan = changes["plan"]
    if consultation.moderation == "pre" and (text is not None or raw_plan is not None):
        changes["status"] = "pending"
    after = replace(submission, **changes)  # type: ignore[arg-type]
    if content_changed(submission, after):
        after = replace(
            after,
            version=submission.version + 1,
            edited_at=now,
            endorsements=0,
            earlier_endorsements=submission.earlier_endorsements + submission.endorsements,
        )
    return after


def content_changed(before: Submission, after: Submission) -> bool:
    """Words, stance or plan differ: what its endorsers agreed with is no longer what it says."""
    return (
        before.text != after.text
        or before.stance != after.stance
        or (after.diff is not None and after.diff is not before.diff)
    )


UNCHANGED = _UNCHANGED


# Moderators' actions: from which states each may be taken, and the state it leads to.
MODERATION: dict[ModerationAction, tuple[set[Visibility], Visibility]] = {
    # a published item approves as it is: out of the review queue, and never held by flags
    "approve": ({"pending", "published"}, "published"),
    "hide": ({"published", "pending"}, "hidden"),
    "restore": ({"hidden"}, "published"),
}


def moderated(submission: Submission, action: str) -> Visibility:
    """The status a moderator's action leads to; Conflict if it does not apply now."""
    sources, target = MODERATION[action]
    if submission.status not in sources:
        raise Conflict(
            f"Submission '{submission.id}' is {submission.status}; '{action}' applies to "
            f"{' or '.join(sorted(sources))} submissions.",
            field="action",
        )
    return target  # type: ignore[return-value]
