"""The signed "forget my email" link of the outcome email: opened (GET) or sent by the mail
client as an RFC 8058 one-click unsubscribe (POST), it deletes the resident's follow-up email
at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.api.operation import Operation, Reply

if TYPE_CHECKING:
    from chalicelib.api import schemas
    from chalicelib.api.call import Call


def forget(call: Call) -> schemas.Forgotten:
    from chalicelib.api import schemas
    from chalicelib.services import notifications

    deleted = notifications.forget(call.path["cid"], call.query.s, call.query.sig)
    return schemas.Forgotten(forgotten=deleted)


_WHAT = (
    "the signed link of the outcome email (`s`: its submission ids, `sig`: its signature): "
    "deletes their follow-up emails at once"
)
_ERRORS = {
    404: "The link is not one sayso sent (its ids or signature do not match).",
    422: "`s` or `sig` is missing or malformed.",
}

OPERATIONS: tuple[Operation, ...] = (
    Operation(
        method="GET",
        path="/consultations/{cid}/contacts/forget",
        operation_id="forgetContact",
        handler=forget,
        summary="Forget my email (the link in the outcome email)",
        readme=_WHAT,
        replies={200: Reply("Deleted (or already).", "Forgotten")},
        errors=_ERRORS,
        query="ForgetQuery",
        readme_path="/consultations/{cid}/contacts/forget?s=&sig=",
        beyond_schema=("sig",),
        cacheable=False,  # it deletes: every GET must reach the API
    ),
    Operation(
        method="POST",
        path="/consultations/{cid}/contacts/forget",
        operation_id="forgetContactOneClick",
        handler=forget,
        summary="Forget my email: RFC 8058 one-click unsubscribe",
        readme="the same, as the mail client's one-click `List-Unsubscribe-Post` (a form body "
        "`List-Unsubscribe=One-Click`, not read)",
        replies={200: Reply("Deleted (or already).", "Forgotten")},
        errors=_ERRORS,
        query="ForgetQuery",
        readme_path="/consultations/{cid}/contacts/forget?s=&sig=",
        beyond_schema=("sig",),
        content_types=("application/x-www-form-urlencoded", "application/json"),
    ),
)
