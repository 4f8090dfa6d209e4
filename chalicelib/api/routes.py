"""The route table: every operation of the API, declared once.

From this one list come the Chalice routes (app.py registers each entry), request validation
and staff identity (api/dispatch.py reads the models and roles named here), the OpenAPI document
(api/openapi.py assembles it from these entries and the pydantic models they name) and the
README's API tables (api/readme_tables.py; a test checks the README against them).

Plain data only: models are named, not imported, so importing the table costs nothing at cold
start (pydantic and the services load with the first request that needs them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from chalicelib.api.replay import IDEMPOTENCY_KEY_PATTERN
from chalicelib.domain.ids import SLUG_PATTERN, ULID_PATTERN
from chalicelib.domain.staff import ADMIN, ANALYST, MODERATOR

BodyLimit = Literal["standard", "submission", "staff"]

STAFF_MAX_BODY_BYTES = 6 * 1024 * 1024  # Lambda's own request limit: large maps come this way


@dataclass(frozen=True)
class Header:
    name: str
    description: str
    required: bool = False
    pattern: str | None = None


@dataclass(frozen=True)
class PathParam:
    name: str
    pattern: str
    description: str


@dataclass(frozen=True)
class Reply:
    """A success answer: its model (by name, in api/schemas.py; None: no body) and headers."""

    description: str
    model: str | None = None
    headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    """An OpenAPI link from a success answer to a later operation (for clients and for
    schemathesis' stateful runs): parameter name → runtime expression."""

    name: str
    operation_id: str
    parameters: dict[str, str]


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    handler: str  # a function of chalicelib/api/handlers.py
    summary: str  # one line, for OpenAPI
    readme: str  # the README table's "what" column (Markdown)
    replies: dict[int, Reply]
    errors: dict[int, str]  # status → what it means for this operation
    roles: tuple[str, ...] | None = None  # None: public; else a staff token with one of these
    body: str | None = None  # request model name
    query: str | None = None  # query model name
    headers: tuple[Header, ...] = ()
    body_limit: BodyLimit = "standard"
    idempotency_scope: str | None = None  # format string over path params and `resident`
    description: str = ""  # rules the schema cannot say, with the 4xx they answer
    # Request fields whose rules go beyond what JSON Schema can say: a request the schema allows
    # may still get a 422 naming one of these (the description says the rule).
    beyond_schema: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    readme_path: str | None = None  # how the README shows the path (with its query), if not path
    path_params: tuple[PathParam, ...] = field(init=False)

    def __post_init__(self) -> None:
        names = [part[1:-1] for part in self.path.split("/") if part.startswith("{")]
        object.__setattr__(self, "path_params", tuple(PATH_PARAMS[name] for name in names))

    @property
    def is_staff(self) -> bool:
        return self.roles is not None

    @property
    def fields_beyond_schema(self) -> tuple[str, ...]:
        """`beyond_schema`, and Idempotency-Key where it is read: the same key with another body
        is refused (422), which no schema of one request can say."""
        reused = ("Idempotency-Key",) if IDEMPOTENCY in self.headers else ()
        return (*self.beyond_schema, *reused)


PATH_PARAMS = {
    "cid": PathParam("cid", SLUG_PATTERN, "Consultation id, e.g. `demo`."),
    "oid": PathParam("oid", SLUG_PATTERN, "Option id, e.g. `a`."),
    "sid": PathParam("sid", ULID_PATTERN, "Submission id (a ULID)."),
}

IDEMPOTENCY = Header(
    "Idempotency-Key",
    "Optional, 8–128 letters, digits, `_`, `.`, `:` or `-` (a random UUID): a retry with the "
    "same key and body gets the first answer and stores nothing more; the same key with another "
    "body gets a 422.",
    pattern=IDEMPOTENCY_KEY_PATTERN,
)
RESIDENT = Header("X-Resident-Token", "From POST /residents.", required=True)
OPTIONAL_RESIDENT = Header(
    "X-Resident-Token",
    "Optional, from POST /residents: links the submission to you (by an id, never the token), "
    "so `/consultations/{cid}/residents/me` can show or erase it.",
)
EDIT = Header("X-Edit-Token", "The `edit_token` returned when the submission was sent.", True)
OPTIONAL_EDIT = Header(
    "X-Edit-Token",
    "Optional: the author's `edit_token` shows the submission while it is pending or hidden.",
)

ANY_STAFF = (ADMIN, MODERATOR, ANALYST)
REPORTERS = (ADMIN, ANALYST)

# What the common error statuses mean, unless an operation says otherwise.
BODY_ERRORS = {
    400: "The body is not JSON, or is empty.",
    413: "The body is over the size limit.",
    415: "The body is not sent as `application/json`.",
    422: "A field breaks a rule; `error.field` names it.",
}
STAFF_ERRORS = {
    401: "The Authorization header is missing, not `Bearer <token>`, or its token is not valid "
    "(signature, issuer, audience, expiry, lifetime over 24 h); `error.field` is Authorization.",
    403: "The token is valid but has none of the roles this needs.",
}
# Every operation may answer this: AWS throttled or failed even after the retries
# (store/retry_policy.py, store/faults.py).
SHARED_ERRORS = {
    503: "AWS is busy or briefly unavailable (throttled, failing, unreachable) even after "
    "retries: nothing was stored; `Retry-After` says when to try again (with the same "
    "`Idempotency-Key`, if one was sent). `error.code` is `unavailable`.",
}
STAFF_BODY_ERRORS = {**BODY_ERRORS, 413: "The body is over 6 MiB."}
NO_CONSULTATION = "No such consultation (drafts are not public)."
NO_OPTION = "No such consultation or option."
NO_SUBMISSION = "No such consultation or submission (or it is not public)."
NOT_OPEN = "The consultation does not take submissions now."
RATE_LIMITED = "Over this source's hourly limit; `Retry-After` says when to try again."
BAD_PAGE = "`limit` is out of range, or `cursor` is not one this listing gave."

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

_PUBLIC: tuple[Operation, ...] = (
    Operation(
        "GET",
        "/health",
        "health",
        "health",
        "Liveness check",
        "liveness",
        {200: Reply("The API is up.", "Health")},
        {},
    ),
    Operation(
        "GET",
        "/consultations/{cid}",
        "getConsultation",
        "get_consultation",
        "A consultation with its options (without plans)",
        "the consultation (title and summary per language, status, dates, moderation) with its "
        "options: `id`, `title`, `kind`, `counts` (published comments and alternatives; pending, "
        "hidden and withdrawn ones are not counted), `superseded_by` (a newer option replaced "
        "it), and once the status is `outcome`, the agency's `outcome` (`decision`: `adopted`, "
        "`adopted-with-changes`, `not-adopted`, `deferred`; `text` per language)",
        {200: Reply("The consultation.", "Consultation")},
        {404: NO_CONSULTATION},
    ),
    Operation(
        "GET",
        "/consultations/{cid}/options/{oid}",
        "getOption",
        "get_option",
        "One option with its plan",
        "one option with its `plan`: a street section (Streetmix vocabulary, metres) or a GeoJSON "
        "FeatureCollection; `superseded_by` and `outcome` as above",
        {200: Reply("The option.", "Option")},
        {404: NO_OPTION},
    ),
    Operation(
        "POST",
        "/residents",
        "createResident",
        "create_resident",
        "An anonymous resident token (no account, no personal data)",
        "an anonymous resident token `{token}` (signed; no account, no personal data): send it "
        "as `X-Resident-Token`",
        {201: Reply("Keep it; send it as X-Resident-Token.", "ResidentToken")},
        {
            422: "The Idempotency-Key is not valid, or was used for another request.",
            429: RATE_LIMITED,
        },
        headers=(IDEMPOTENCY,),
        idempotency_scope="residents",
    ),
    Operation(
        "POST",
        "/consultations/{cid}/submissions",
        "createSubmission",
        "create_submission",
        "Comment on an option, or propose an alternative plan",
        "`option_id`, `kind` (`comment` or `alternative`), `text` (1–5,000 characters), optional "
        "`element_id` (a segment/feature of that option), `point` (`[lon, lat]` on a map, metres "
        "from the left edge on a section), `stance` (`support`/`oppose`/`neutral`), `email` (for "
        "follow-up; never shown), and for an alternative `plan` (the option's plan, edited; a "
        "Streetmix street works as is) → `201 {id, status, created_at, edit_token}`. The edit "
        "token is shown once. With `X-Resident-Token` it is linked to that resident (their "
        "data rights, below)",
        {201: Reply("Stored.", "SubmissionCreated", headers=("Location",))},
        {
            **BODY_ERRORS,
            404: "No such consultation, option or element.",
            409: NOT_OPEN + " Or the option was replaced (`superseded_by`), or the same "
            "Idempotency-Key is still in progress.",
            401: "An X-Resident-Token header is sent but it is not valid.",
            413: "The body is over 64 KB (256 KB for an alternative with a plan).",
            422: "A field breaks a rule; `error.field` names it. Rules beyond the schema: the "
            "plan must be valid for the option's kind (widths, types, geometry), and `point` "
            "must lie on the section or be a longitude and latitude.",
            429: RATE_LIMITED,
        },
        body="NewSubmission",
        headers=(IDEMPOTENCY, OPTIONAL_RESIDENT),
        body_limit="submission",
        idempotency_scope="submissions|{cid}",
        links=_SUBMISSION_LINKS,
        beyond_schema=("plan", "point"),
    ),
    Operation(
        "GET",
        "/consultations/{cid}/submissions",
        "listSubmissions",
        "list_submissions",
        "Public submissions, newest or most endorsed first",
        "public submissions `{items, next_cursor}`, `sort=newest` (default) or `top` (most "
        "endorsed); `limit` 1–100 (default 20); `element` needs `option`; pass `next_cursor` back "
        "as `cursor`",
        {200: Reply("One page.", "SubmissionPage")},
        {404: NO_CONSULTATION, 422: BAD_PAGE + " Or `element` is given without `option`."},
        query="SubmissionQuery",
        description="Rules beyond the schema (422): `element` needs `option`; a `cursor` is "
        "valid only with the sort and filters of the listing that gave it.",
        readme_path="/consultations/{cid}/submissions?option=&element=&sort=&limit=&cursor=",
        beyond_schema=("element", "cursor"),
    ),
    Operation(
        "GET",
        "/consultations/{cid}/submissions/{sid}",
        "getSubmission",
        "get_submission",
        "One public submission (alternatives with plan and diff)",
        "one public submission; alternatives with `plan` and `diff` (segments/features added, "
        "removed, resized, moved, retyped; map features moved with the distance in metres). With "
        "its `X-Edit-Token` the author also sees it while `pending` or `hidden`, with that status",
        {200: Reply("The submission.", "Submission")},
        {404: NO_SUBMISSION},
        headers=(OPTIONAL_EDIT,),
    ),
    Operation(
        "PATCH",
        "/consultations/{cid}/submissions/{sid}",
        "editSubmission",
        "edit_submission",
        "The author edits text, stance or plan (consultation open)",
        "the author changes `text`, `stance` or `plan`, with header `X-Edit-Token`",
        {200: Reply("The edited submission.", "Submission")},
        {
            **BODY_ERRORS,
            403: "The X-Edit-Token header is missing or wrong.",
            404: NO_SUBMISSION,
            409: NOT_OPEN + " Or it changed meanwhile.",
            413: "The body is over 64 KB (256 KB with a plan).",
        },
        body="EditSubmission",
        headers=(EDIT,),
        body_limit="submission",
        beyond_schema=("plan",),
    ),
    Operation(
        "DELETE",
        "/consultations/{cid}/submissions/{sid}",
        "withdrawSubmission",
        "withdraw_submission",
        "The author withdraws it: it leaves listings; words, plan and email are deleted",
        "the author withdraws it (`X-Edit-Token`): it leaves listings; its words, plan and email "
        "are deleted",
        {204: Reply("Withdrawn.")},
        {
            403: "The X-Edit-Token header is missing or wrong.",
            404: NO_SUBMISSION,
            409: NOT_OPEN,
        },
        headers=(EDIT,),
    ),
    Operation(
        "POST",
        "/consultations/{cid}/submissions/{sid}/endorsements",
        "endorseSubmission",
        "endorse",
        "Endorse (once per resident)",
        "endorse it (`X-Resident-Token`; once per resident) → `{endorsed, changed}` (201 when "
        "this endorsed it, 200 when you already had)",
        {
            201: Reply("Endorsed.", "EndorsementState"),
            200: Reply("You had already endorsed it.", "EndorsementState"),
        },
        {
            401: "The X-Resident-Token header is missing or not valid.",
            404: NO_SUBMISSION,
            409: NOT_OPEN + " Or the same Idempotency-Key is still in progress.",
            422: "The Idempotency-Key is not valid, or was used for another request.",
            429: RATE_LIMITED,
        },
        headers=(RESIDENT, IDEMPOTENCY),
        idempotency_scope="endorsements|{cid}|{sid}|{resident}",
    ),
    Operation(
        "DELETE",
        "/consultations/{cid}/submissions/{sid}/endorsements",
        "unendorseSubmission",
        "unendorse",
        "Take your endorsement back",
        "take your endorsement back → `{endorsed: false, changed}`",
        {200: Reply("Not endorsed by you (now).", "EndorsementState")},
        {
            401: "The X-Resident-Token header is missing or not valid.",
            404: NO_SUBMISSION,
            409: NOT_OPEN,
        },
        headers=(RESIDENT,),
    ),
    Operation(
        "POST",
        "/consultations/{cid}/submissions/{sid}/flags",
        "flagSubmission",
        "flag",
        "Flag for moderators (once per resident)",
        "`{reason}` (`spam`, `abusive`, `personal-data`, `off-topic`, `other`), once per "
        "resident → `{flagged: true, changed}` (201 when this flagged it, 200 when you already "
        "had); at `SAYSO_FLAGS_TO_HOLD` flags it waits for a moderator",
        {
            201: Reply("Flagged.", "FlagState"),
            200: Reply("You had already flagged it.", "FlagState"),
        },
        {
            **BODY_ERRORS,
            401: "The X-Resident-Token header is missing or not valid.",
            404: NO_SUBMISSION,
            409: "The same Idempotency-Key is still in progress.",
        },
        body="NewFlag",
        headers=(RESIDENT, IDEMPOTENCY),
        idempotency_scope="flags|{cid}|{sid}",
    ),
    Operation(
        "GET",
        "/consultations/{cid}/residents/me",
        "exportMyData",
        "export_my_data",
        "Everything you sent to this consultation, as a JSON file",
        "everything you (`X-Resident-Token`) sent here, as a downloadable JSON document: your "
        "submissions in every status (pending, hidden, withdrawn too) with `email_on_file` "
        "(never the email), your endorsements and flags, `made_at`; at most 2,000 items "
        "(`complete: false` beyond)",
        {200: Reply("The document.", "ResidentExport", headers=("Content-Disposition",))},
        {
            401: "The X-Resident-Token header is missing or not valid.",
            404: NO_CONSULTATION,
            429: RATE_LIMITED,
        },
        headers=(RESIDENT,),
        description="Only what was sent with this resident token is found: submissions sent "
        "without one are not linked to anybody.",
    ),
    Operation(
        "DELETE",
        "/consultations/{cid}/residents/me",
        "eraseMyData",
        "erase_my_data",
        "Erase everything you sent: withdraw your submissions, take back endorsements and flags",
        "erase everything you (`X-Resident-Token`) sent here, whatever the consultation's status: "
        "your submissions are withdrawn (words, plan and email deleted), your endorsements and "
        "flags taken back (counts move) → `{withdrawn, endorsements_removed, flags_removed, "
        "done}`; at most 200 items a call (`done: false`: call again); again when done: zeros",
        {200: Reply("What this call erased.", "ResidentErasure")},
        {
            401: "The X-Resident-Token header is missing or not valid.",
            404: NO_CONSULTATION,
            409: "The same Idempotency-Key is still in progress.",
            422: "The Idempotency-Key is not valid.",
            429: RATE_LIMITED,
        },
        headers=(RESIDENT, IDEMPOTENCY),
        idempotency_scope="erasure|{cid}|{resident}",
        description="Each item is its own atomic write: if AWS fails midway (503), every item "
        "is either as it was or erased, and calling again finishes the job.",
    ),
    Operation(
        "GET",
        "/openapi.json",
        "openapi",
        "openapi",
        "This document",
        "this API description (OpenAPI 3.1)",
        {200: Reply("OpenAPI 3.1 document.", "OpenAPIDocument")},
        {},
    ),
)

_STAFF: tuple[Operation, ...] = (
    Operation(
        "GET",
        "/staff/consultations",
        "staffListConsultations",
        "list_consultations",
        "Every consultation, drafts included, newest first",
        "every consultation, drafts included, newest first, with `created_at` and its "
        "`submissions` per moderation state (`published`, `pending`, `hidden`, `withdrawn`); "
        "`limit` 1–100 (default 20), `cursor` from `next_cursor`",
        {200: Reply("One page.", "StaffConsultationPage")},
        {422: BAD_PAGE},
        roles=ANY_STAFF,
        query="StaffConsultationQuery",
        description="A `cursor` is valid only for this listing (422).",
        readme_path="/staff/consultations?limit=&cursor=",
        beyond_schema=("cursor",),
    ),
    Operation(
        "POST",
        "/staff/consultations",
        "staffCreateConsultation",
        "create_consultation",
        "Create a consultation (as a draft)",
        "a draft: `id`, `title`, `summary`, `moderation` (`post`/`pre`), `opens_at`, `closes_at` "
        "(ISO 8601 with a zone)",
        {201: Reply("Created, status draft.", "StaffConsultation")},
        {
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
        "GET",
        "/staff/consultations/{cid}",
        "staffGetConsultation",
        "staff_get_consultation",
        "A consultation, drafts included",
        "the consultation, drafts included",
        {200: Reply("The consultation.", "StaffConsultation")},
        {404: "No such consultation."},
        roles=ANY_STAFF,
    ),
    Operation(
        "PUT",
        "/staff/consultations/{cid}",
        "staffUpdateConsultation",
        "update_consultation",
        "Change title, summary, moderation or dates (only the fields sent)",
        "change title, summary, moderation or dates (not once closed)",
        {200: Reply("The changed consultation.", "StaffConsultation")},
        {
            **STAFF_BODY_ERRORS,
            404: "No such consultation.",
            409: "The consultation is closed or has its outcome (it can no longer change), or "
            "it changed meanwhile.",
            422: "A field breaks a rule; `error.field` names it. Beyond the schema: `closes_at` "
            "must be after `opens_at`.",
        },
        roles=(ADMIN,),
        body="ConsultationChanges",
        body_limit="staff",
        beyond_schema=("opens_at", "closes_at"),
    ),
    Operation(
        "GET",
        "/staff/consultations/{cid}/options",
        "staffListOptions",
        "staff_list_options",
        "Every option of a consultation, drafts included",
        "every option (superseded ones too) with its title, kind and recorded outcome; no plans",
        {200: Reply("The options.", "StaffOptionList")},
        {404: "No such consultation."},
        roles=ANY_STAFF,
    ),
    Operation(
        "POST",
        "/staff/consultations/{cid}/options",
        "staffAddOption",
        "add_option",
        "Add an option with its plan (consultation draft or open)",
        "`id`, `title`, `kind` and the plan as exactly one of `streetmix` (a Streetmix document "
        "as saved or as its API returns it), `plan` (sayso's section format) or `geojson`; while "
        'draft or open. With `"supersedes": "a"` it replaces option `a`, which stays '
        "readable but takes no more submissions. With `?dry_run=true` every check runs and the "
        "answer is the option as it would be stored (200) or every problem (422): nothing is "
        "stored",
        {
            201: Reply("The option, with its plan as stored.", "Option"),
            200: Reply("`dry_run=true`: the option as it would be stored; nothing was.", "Option"),
        },
        {
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
        beyond_schema=("streetmix", "plan", "geojson"),
    ),
    Operation(
        "GET",
        "/staff/consultations/{cid}/options/{oid}",
        "staffGetOption",
        "staff_get_option",
        "One option with its plan and outcome",
        "one option with its plan and (unpublished) outcome",
        {200: Reply("The option.", "Option")},
        {404: NO_OPTION},
        roles=ANY_STAFF,
    ),
    Operation(
        "PUT",
        "/staff/consultations/{cid}/options/{oid}",
        "staffReplaceOption",
        "replace_option",
        "Replace an option's texts and plan (only while it has no submissions)",
        "new title, summary and plan (the `POST` body without `id` and `supersedes`), only while "
        "nobody has answered the option; after that, 409: supersede it",
        {200: Reply("The changed option.", "Option")},
        {
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
        beyond_schema=("id", "streetmix", "plan", "geojson"),
    ),
    Operation(
        "PUT",
        "/staff/consultations/{cid}/options/{oid}/outcome",
        "staffSetOutcome",
        "set_outcome",
        "Record or correct the agency's decision on an option (once closed)",
        '`{"decision", "text": {lang: text}}` once the consultation is closed (correctable '
        "later, audited)",
        {200: Reply("The option with its outcome.", "Option")},
        {
            **STAFF_BODY_ERRORS,
            404: NO_OPTION,
            409: "The consultation has not closed yet, or the option was replaced.",
        },
        roles=(ADMIN,),
        body="OutcomeChange",
        body_limit="staff",
    ),
    Operation(
        "POST",
        "/staff/consultations/{cid}/status",
        "staffChangeStatus",
        "change_status",
        "Open, close, or publish the outcome",
        '`{"status": "open"}` (from draft, needs an option and a future `closes_at`), '
        '`"closed"` (from open) or `"outcome"` (from closed, once every current option has an '
        "outcome: residents then see them)",
        {200: Reply("The consultation in its new status.", "StaffConsultation")},
        {
            **STAFF_BODY_ERRORS,
            404: "No such consultation.",
            409: "Not allowed now: draft → open needs an option and a future closes_at, open → "
            "closed, closed → outcome needs every option's outcome.",
        },
        roles=(ADMIN,),
        body="StatusChange",
        body_limit="staff",
    ),
    Operation(
        "GET",
        "/staff/consultations/{cid}/stats",
        "staffStats",
        "statistics",
        "Submission counts per option, kind, stance, moderation state and UTC day",
        "submissions per option, kind, stance and moderation state (`published`, `by_kind`, "
        "`by_stance`, `by_state`, `by_option`, `rows`), from counters kept on every write, and "
        "per UTC day (`by_day`), from a Query of the ids: no scan",
        {200: Reply("The counts.", "Stats")},
        {404: "No such consultation."},
        roles=REPORTERS,
    ),
    Operation(
        "POST",
        "/staff/consultations/{cid}/reports",
        "staffRunReport",
        "run_report",
        "Build the report bundle now",
        "build the report bundle now (201 with its manifest; 202 when it runs in its own Lambda)",
        {
            201: Reply("Built and published here.", "ReportManifest"),
            202: Reply("Started in the report Lambda (in AWS); list later.", "ReportStarted"),
        },
        {404: "No such consultation.", 409: "The consultation is a draft: nothing to report."},
        roles=REPORTERS,
    ),
    Operation(
        "GET",
        "/staff/consultations/{cid}/reports",
        "staffListReports",
        "list_reports",
        "Published report runs, newest first, with download links",
        "published report runs, newest first, each with its files' sizes, SHA-256 and presigned "
        "download links (valid `SAYSO_REPORT_LINK_SECONDS`)",
        {200: Reply("The runs (only those with a manifest).", "ReportRuns")},
        {404: "No such consultation.", 422: "`limit` is not between 1 and 50."},
        roles=REPORTERS,
        query="ReportQuery",
        readme_path="/staff/consultations/{cid}/reports?limit=",
    ),
    Operation(
        "GET",
        "/staff/audit",
        "staffAudit",
        "audit_log",
        "The audit log of one consultation, newest first",
        "every staff write on consultation `cid` (required), newest first: who (token subject "
        "and email), what, when, before and after",
        {200: Reply("One page.", "AuditPage")},
        {404: "No such consultation.", 422: "`cid` is missing, or " + BAD_PAGE},
        roles=(ADMIN,),
        query="AuditQuery",
        description="A `cursor` is valid only for the consultation whose listing gave it (422).",
        readme_path="/staff/audit?cid=&limit=&cursor=",
        beyond_schema=("cursor",),
    ),
    Operation(
        "GET",
        "/staff/consultations/{cid}/moderation",
        "staffModerationQueue",
        "moderation_queue",
        "A moderation queue, newest first",
        "a moderation queue, newest first: `pending` (pre-moderation, and authors' edits under "
        "it), `flagged` (held after `SAYSO_FLAGS_TO_HOLD` flags), `hidden`",
        {
            200: Reply(
                "One page; copies of one campaign on it share a `campaign` key.", "ModerationPage"
            )
        },
        {404: "No such consultation.", 422: "`queue` is not known, or " + BAD_PAGE},
        roles=(MODERATOR,),
        query="ModerationQuery",
        description="A `cursor` is valid only with the queue that gave it (422).",
        readme_path="/staff/consultations/{cid}/moderation?queue=pending|flagged|hidden&limit="
        "&cursor=",
        beyond_schema=("cursor",),
    ),
    Operation(
        "POST",
        "/staff/consultations/{cid}/submissions/{sid}/moderation",
        "staffModerate",
        "moderate",
        "Approve, hide or restore a submission (audited with the reason)",
        '`{"action": "approve"|"hide"|"restore", "reason"}`: approve a pending or flagged item, '
        "hide a public or pending one, restore a hidden one; audited with the reason",
        {200: Reply("The submission in its new status.", "Submission")},
        {
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
        "POST",
        "/staff/consultations/{cid}/moderation/batch",
        "staffModerateBatch",
        "moderate_batch",
        "One reasoned decision on up to 100 submissions (a campaign), audited per item",
        '`{"ids": [...], "action", "reason"}`: the same action on each (e.g. every copy of a '
        "campaign), one audit entry per item naming the batch; per item `changed`, `unchanged` "
        "(already so) or `refused`",
        {200: Reply("The outcome for each id, in the order sent.", "ModerationBatchResult")},
        {
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

OPERATIONS: tuple[Operation, ...] = (*_PUBLIC, *_STAFF)


def by_id(operation_id: str) -> Operation:
    for operation in OPERATIONS:
        if operation.operation_id == operation_id:
            return operation
    raise KeyError(operation_id)
