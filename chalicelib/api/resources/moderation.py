"""Moderation: the queues, and approve, hide or restore one submission or a campaign's batch."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.api.operation import IDEMPOTENCY, Operation, Reply
from chalicelib.api.resources.common import (
    BAD_PAGE,
    STAFF_BODY_ERRORS,
)
from chalicelib.domain.staff import MODERATOR

if TYPE_CHECKING:
    from chalicelib.api import schemas
    from chalicelib.api.call import Call


def moderation_queue(call: Call) -> schemas.ModerationPage:
    from chalicelib.api import views
    from chalicelib.services import moderation

    query = call.query
    page = moderation.queue(
        call.staff, call.path["cid"], query.queue, limit=query.limit, cursor=query.cursor
    )
    return views.moderation_page(page)


def moderate(call: Call) -> schemas.Submission:
    from chalicelib.api import views
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
    from chalicelib.api import schemas
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


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        method="GET",
        path="/staff/consultations/{cid}/moderation",
        operation_id="staffModerationQueue",
        handler=moderation_queue,
        summary="A moderation queue, newest first",
        readme="a moderation queue, newest first: `pending` (pre-moderation, and authors' edits "
        "under it), `flagged` (held after `SAYSO_FLAGS_TO_HOLD` flags), `hidden`",
        replies={
            200: Reply(
                "One page; copies of one campaign on it share a `campaign` key.", "ModerationPage"
            )
        },
        errors={404: "No such consultation.", 422: "`queue` is not known, or " + BAD_PAGE},
        roles=(MODERATOR,),
        query="ModerationQuery",
        description="A `cursor` is valid only with the queue that gave it (422).",
        readme_path="/staff/consultations/{cid}/moderation?queue=pending|flagged|hidden&limit="
        "&cursor=",
        beyond_schema=("cursor",),
    ),
    Operation(
        method="POST",
        path="/staff/consultations/{cid}/submissions/{sid}/moderation",
        operation_id="staffModerate",
        handler=moderate,
        summary="Approve, hide or restore a submission (audited with the reason)",
        readme='`{"action": "approve"|"hide"|"restore", "reason"}`: approve a pending or flagged '
        "item, hide a public or pending one, restore a hidden one; audited with the reason",
        replies={200: Reply("The submission in its new status.", "Submission")},
        errors={
            **STAFF_BODY_ERRORS,
            404: "No such consultation or submission.",
            409: "The action does not apply to the submission's status now, or it changed "
            "meanwhile.",
        },
        roles=(MODERATOR,),
        body="ModerationDecision",
        body_limit="staff",
    ),
    Operation(
        method="POST",
        path="/staff/consultations/{cid}/moderation/batch",
        operation_id="staffModerateBatch",
        handler=moderate_batch,
        summary="One reasoned decision on up to 100 submissions (a campaign), audited per item",
        readme='`{"ids": [...], "action", "reason"}`: the same action on each (e.g. every copy of '
        "a campaign), one audit entry per item naming the batch; per item `changed`, `unchanged` "
        "(already so) or `refused`",
        replies={
            200: Reply("The outcome for each id, in the order sent.", "ModerationBatchResult")
        },
        errors={
            **STAFF_BODY_ERRORS,
            404: "No such consultation.",
            409: "The same Idempotency-Key is still in progress.",
            422: "A field breaks a rule (`ids`: 1–100 submission ids, each once), or the "
            "Idempotency-Key is not valid or was used for another request.",
        },
        roles=(MODERATOR,),
        body="ModerationBatch",
        body_limit="staff",
        headers=(IDEMPOTENCY,),
        idempotency_scope="moderation-batch|{cid}",
        description="Each item's change and its audit entry are one transaction: if AWS fails "
        "midway (503) every item is either before or after, and a retry with the same "
        "Idempotency-Key completes the rest (those done already answer `unchanged`). An item "
        "the action does not apply to, or that no longer exists, is `refused` alone.",
        beyond_schema=("ids",),
    ),
)
