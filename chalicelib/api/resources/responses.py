"""Responses ("you said, we did"): staff answer submissions, plan elements, campaigns or whole
options once the consultation has closed; residents read the answers once the outcome is
published."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.api.operation import Operation, Reply
from chalicelib.api.resources.common import ANY_STAFF, REPORTERS, STAFF_BODY_ERRORS
from chalicelib.domain.staff import ADMIN

if TYPE_CHECKING:
    from chalicelib.api import schemas
    from chalicelib.api.call import Call
    from chalicelib.domain.response import Response


def _links(response: Response) -> dict[str, Any]:
    links = response.links
    return {
        "submissions": list(links.submissions),
        "elements": [
            {"option_id": e.option_id, "element_id": e.element_id} for e in links.elements
        ],
        "campaigns": list(links.campaigns),
        "options": list(links.options),
    }


def _staff_response(response: Response) -> schemas.StaffResponse:
    from chalicelib.api import schemas
    from chalicelib.api.views import timestamp

    return schemas.StaffResponse.model_validate(
        {
            "id": response.id,
            "consultation_id": response.consultation_id,
            "status": response.status,
            "text": response.text,
            "links": _links(response),
            "answered": response.answered,
            "version": response.version,
            "created_at": timestamp(response.created_at),
            "updated_at": timestamp(response.updated_at),
        }
    )


def _body_links(body: Any) -> dict[str, list[Any]]:
    return body.links.model_dump()


def create_response(call: Call) -> tuple[int, schemas.StaffResponse]:
    from chalicelib.services import responses

    new = call.body()
    created = responses.create(
        call.staff, call.path["cid"], status=new.status, text=new.text, links=_body_links(new)
    )
    return 201, _staff_response(created)


def update_response(call: Call) -> schemas.StaffResponse:
    from chalicelib.services import responses

    change = call.body()
    changed = responses.update(
        call.staff,
        call.path["cid"],
        call.path["rid"],
        version=change.version,
        status=change.status,
        text=change.text,
        links=_body_links(change),
    )
    return _staff_response(changed)


def staff_list_responses(call: Call) -> schemas.StaffResponseList:
    from chalicelib.api import schemas
    from chalicelib.services import responses

    _, found = responses.list_for_staff(call.staff, call.path["cid"])
    return schemas.StaffResponseList(items=[_staff_response(r) for r in found])


def _linked(sid: str, found: tuple[str, str] | None) -> dict[str, Any]:
    """A linked submission as residents see it: its option only while it is published."""
    status, oid = found or (None, None)
    if status == "published":
        return {"id": sid, "state": "published", "option_id": oid}
    state = "withdrawn" if status in (None, "withdrawn") else "not-public"
    return {"id": sid, "state": state, "option_id": None}


def list_responses(call: Call) -> schemas.PublicResponses:
    from chalicelib.api import schemas
    from chalicelib.api.views import timestamp
    from chalicelib.services import responses

    found = responses.public(call.path["cid"])
    items = []
    for r in found.responses:
        links = _links(r)
        items.append(
            {
                "id": r.id,
                "status": r.status,
                "text": r.text,
                "answered": r.answered,
                "submissions": [_linked(sid, found.states.get(sid)) for sid in r.links.submissions],
                "elements": links["elements"],
                "campaigns": links["campaigns"],
                "options": links["options"],
                "updated_at": timestamp(r.updated_at),
            }
        )
    return schemas.PublicResponses.model_validate(
        {"consultation_id": found.consultation.id, "items": items}
    )


def unanswered(call: Call) -> schemas.Unanswered:
    from chalicelib.api import schemas, views
    from chalicelib.services import responses

    left = responses.unanswered(call.staff, call.path["cid"])
    return schemas.Unanswered.model_validate(
        {
            "total_published": left.total_published,
            "answered": left.answered,
            "groups": [
                {
                    "option_id": g.option_id,
                    "element_id": g.element_id,
                    "submissions": g.submissions,
                    "endorsements": g.endorsements,
                }
                for g in left.groups
            ],
            "campaigns": [
                {
                    "key": c.key,
                    "size": c.size,
                    "text": c.text,
                    "option_ids": list(c.option_ids),
                    "submissions": c.submissions,
                    "endorsements": c.endorsements,
                    "linked": c.linked,
                }
                for c in left.campaigns
            ],
            "most_endorsed": [
                views.submission(s).model_dump() | {"campaign": left.campaign_of.get(s.id)}
                for s in left.most_endorsed
            ],
        }
    )


_BODY = (
    '`{"status", "text": {lang: text}, "links": {"submissions": [ids], "elements": '
    '[{"option_id", "element_id"}], "campaigns": [report campaign keys], "options": [ids]}}`; '
    "`status` one of `adopted`, `adopted-with-changes`, `not-adopted`, `under-study`, "
    "`planned`, `under-way`, `done`"
)
_WRITE_ERRORS = {
    **STAFF_BODY_ERRORS,
    404: "No such consultation (or response).",
    409: "The consultation has not closed yet, or the response changed meanwhile (`version`).",
    422: "A field breaks a rule; `error.field` names it. Beyond the schema: `links` needs at "
    "least one link, and options and elements must be the consultation's.",
}

OPERATIONS: tuple[Operation, ...] = (
    Operation(
        method="GET",
        path="/consultations/{cid}/responses",
        operation_id="listResponses",
        handler=list_responses,
        summary="The agency's responses, once the outcome is published",
        readme='every response ("you said, we did") once the status is `outcome`: `status`, '
        "`text` per language, how many published submissions it `answered`, and what it links: "
        "`submissions` (each `published`, or `withdrawn`/`not-public` and not shown), "
        "`elements`, `campaigns`, `options`",
        replies={200: Reply("The responses.", "PublicResponses")},
        errors={404: "No such consultation, or its outcome is not published yet."},
    ),
    Operation(
        method="GET",
        path="/staff/consultations/{cid}/responses",
        operation_id="staffListResponses",
        handler=staff_list_responses,
        summary="Every response of a consultation, published or not",
        readme="every response with its links, `version` and dates (the history of each is in "
        "the audit log: `response.create`, `response.update`)",
        replies={200: Reply("The responses.", "StaffResponseList")},
        errors={404: "No such consultation."},
        roles=ANY_STAFF,
    ),
    Operation(
        method="POST",
        path="/staff/consultations/{cid}/responses",
        operation_id="staffCreateResponse",
        handler=create_response,
        summary="Answer submissions, elements, campaigns or options (once closed)",
        readme=_BODY + "; once the consultation is closed (audited)",
        replies={201: Reply("The response.", "StaffResponse")},
        errors=_WRITE_ERRORS,
        roles=(ADMIN,),
        body="NewResponse",
        body_limit="staff",
        beyond_schema=("links",),
    ),
    Operation(
        method="PUT",
        path="/staff/consultations/{cid}/responses/{rid}",
        operation_id="staffUpdateResponse",
        handler=update_response,
        summary="Change a response (after publication too; the audit log keeps each version)",
        readme="the `POST` body with the `version` read; a stale `version` gets 409",
        replies={200: Reply("The changed response.", "StaffResponse")},
        errors=_WRITE_ERRORS,
        roles=(ADMIN,),
        body="ResponseChange",
        body_limit="staff",
        beyond_schema=("links", "version"),
    ),
    Operation(
        method="GET",
        path="/staff/consultations/{cid}/unanswered",
        operation_id="staffUnanswered",
        handler=unanswered,
        summary="Published submissions no response answers yet",
        readme="how many published submissions are `answered` (a campaign link answers the "
        "campaign's comments, as in the report), the unanswered ones `groups`ed by option and "
        "element, the report's `campaigns` (each with its unanswered comments and endorsements, "
        "and whether a response links it) and the 20 "
        "`most_endorsed` unanswered ones (each with its `campaign`)",
        replies={200: Reply("What is left to answer.", "Unanswered")},
        errors={404: "No such consultation."},
        roles=REPORTERS,
    ),
)
