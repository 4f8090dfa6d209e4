"""The audit log of staff writes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.api.operation import Operation, Reply
from chalicelib.api.resources.common import (
    BAD_PAGE,
)
from chalicelib.domain.staff import ADMIN

if TYPE_CHECKING:
    from chalicelib.api import schemas
    from chalicelib.api.call import Call


def audit_log(call: Call) -> schemas.AuditPage:
    from chalicelib.api import views
    from chalicelib.services import staff

    query = call.query
    entries, next_cursor = staff.audit_log(
        call.staff, query.cid, limit=query.limit, cursor=query.cursor, target=query.target
    )
    return views.audit_page(entries, next_cursor)


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        method="GET",
        path="/staff/audit",
        operation_id="staffAudit",
        handler=audit_log,
        summary="The audit log of one consultation, newest first",
        readme="every staff write on consultation `cid` (required), newest first: who (token "
        "subject and email), what, when, before and after; with `target` only the entries "
        "about it (`{cid}/responses/{rid}`: one response's versions)",
        replies={200: Reply("One page.", "AuditPage")},
        errors={404: "No such consultation.", 422: "`cid` is missing, or " + BAD_PAGE},
        roles=(ADMIN,),
        query="AuditQuery",
        description="A `cursor` is valid only for the consultation whose listing gave it (422).",
        readme_path="/staff/audit?cid=&target=&limit=&cursor=",
        beyond_schema=("cursor",),
    ),
)
