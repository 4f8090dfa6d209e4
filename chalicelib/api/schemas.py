"""Request and response models: requests are validated with them and the OpenAPI document is
generated from them, so the two cannot drift apart."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from chalicelib.api.fields import Email, Moment, human_text, localized, refuse
from chalicelib.domain import text as text_rules
from chalicelib.domain.consultation import (
    Decision,
    ModerationMode,
    OptionKind,
    PublicStatus,
    Status,
)
from chalicelib.domain.ids import (
    ELEMENT_ID_PATTERN,
    LANGUAGE_TAG_PATTERN,
    SLUG_PATTERN,
    ULID_PATTERN,
)
from chalicelib.domain.licences import LICENCES
from chalicelib.domain.pagination import (
    BATCH_MAX,
    PAGE_LIMIT_DEFAULT,
    PAGE_LIMIT_MAX,
    PAGE_LIMIT_MIN,
)
from chalicelib.domain.response import CAMPAIGN_KEY_PATTERN, MAX_LINKS, ResponseStatus
from chalicelib.domain.submission import (
    BatchOutcome,
    FlagReason,
    ModerationAction,
    Order,
    Queue,
    Stance,
    SubmissionKind,
    Visibility,
)

Finite = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=64)]
OpenDataLicence = Literal[tuple(LICENCES)]  # type: ignore[valid-type]
ElementId = Annotated[str, Field(pattern=ELEMENT_ID_PATTERN, max_length=64)]
LocalizedText = Annotated[
    dict[str, str],
    Field(description='Text per language tag, e.g. {"en": "…", "mi": "…"}.'),
]
Timestamp = Annotated[str, Field(description="ISO 8601, UTC, e.g. 2026-11-23T09:15:02.123Z")]

# Human-written request fields: one text rule (chalicelib/domain/text.py) for all of them.
SubmissionText = human_text(text_rules.SUBMISSION_TEXT, "What the resident says.")
Reason = human_text(text_rules.REASON, "Why, for the audit log.")
Titles = localized(text_rules.TITLE, "The title.", required=True)
Summaries = localized(text_rules.SUMMARY, "The summary.", required=False)
OutcomeTexts = localized(text_rules.OUTCOME_TEXT, "The decision explained.", required=True)


class _SubmissionFields(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    option_id: Slug = Field(description="The option commented on, e.g. `a`.")
    text: SubmissionText
    element_id: ElementId | None = Field(
        default=None, description="A segment id (street section) or feature id (map)."
    )
    point: tuple[Finite, Finite] | Finite | None = Field(
        default=None,
        description="`[longitude, latitude]` on a map; metres from the left edge on a section.",
    )
    stance: Stance | None = Field(default=None, description="On the option as a whole.")
    email: Email | None = None
    language: str | None = Field(
        default=None,
        pattern=LANGUAGE_TAG_PATTERN,
        max_length=35,
        description="The language the resident wrote in (a tag, e.g. `mi`): the outcome email "
        "to `email` is written in it when sayso has its strings.",
    )
    website: str | None = Field(
        default=None,
        description="Leave empty. (A field people never see and bots fill in.)",
    )


class NewComment(_SubmissionFields):
    """A comment on one option, or on one of its segments or features."""

    kind: Literal["comment"]
    plan: None = Field(default=None, description="A comment carries no plan: leave it out.")


class MovedFeatureEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="A feature of the option's map.")
    geometry: dict[str, Any] = Field(
        description="Its new GeoJSON geometry, whole (a moved stop, a re-routed line or part)."
    )


class FeaturePropertiesEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="A feature of the option's map.")
    properties: dict[str, Any] = Field(description="Its new properties, whole.")


class PlanEdit(BaseModel):
    """What an alternative changes in the option's map (domain/plan_edit.py): applied to the
    option's current plan, then checked like a whole plan. Leave out what does not change."""

    model_config = ConfigDict(extra="forbid")

    removed: list[str] = Field(default_factory=list, description="Ids of features removed.")
    moved: list[MovedFeatureEdit] = Field(
        default_factory=list, description="Features moved, reshaped or re-routed."
    )
    properties: list[FeaturePropertiesEdit] = Field(
        default_factory=list, description="Features whose properties change."
    )
    added: list[dict[str, Any]] = Field(
        default_factory=list,
        description="New GeoJSON features, each with an `id` the option does not use; they "
        "come after the option's features.",
    )
    order: list[str] | None = Field(
        default=None,
        description="Every feature id of the edited map in its new order; leave out to keep "
        "the option's order (added features last).",
    )


def _left_out(description: str) -> Any:
    """As `_unsent` (defined further down): may be left out, not sent as null."""
    return Field(
        default=None,
        description=description,
        json_schema_extra=lambda schema: _drop_default(schema),  # type: ignore[arg-type]
    )


def _plan_or_edit(schema: dict[str, Any]) -> None:
    schema["oneOf"] = [
        {"required": ["plan"], "not": {"required": ["plan_edit"]}},
        {"required": ["plan_edit"], "not": {"required": ["plan"]}},
    ]


class NewAlternative(_SubmissionFields):
    """An alternative plan for the option, with a comment: the whole plan as `plan`, or for a
    map, what changes in it as `plan_edit` (a large map does not fit in a body whole)."""

    model_config = ConfigDict(json_schema_extra=_plan_or_edit)

    kind: Literal["alternative"]
    plan: dict[str, Any] = _left_out(
        "The option's plan, edited (same format: a street section or Streetmix street, or a "
        "GeoJSON FeatureCollection). Or send `plan_edit`."
    )
    plan_edit: PlanEdit = _left_out(
        "A map option only, instead of `plan`: what changes in the option's current map."
    )

    @field_validator("plan", "plan_edit", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        return _refuse_null(value)

    @model_validator(mode="after")
    def _plan_or_its_edit(self) -> Any:
        if (self.plan is None) == (self.plan_edit is None):
            raise refuse(
                "an alternative is sent with exactly one of plan (the whole plan) or plan_edit "
                "(what changes in the option's map)",
                field="plan",
            )
        return self


class NewSubmission(RootModel[Annotated[NewComment | NewAlternative, Field(discriminator="kind")]]):
    """A resident's comment on one option (`kind: comment`, no plan), or an alternative plan
    for it with a comment (`kind: alternative`, with `plan`)."""


class EditSubmission(BaseModel):
    """The author's changes; send only what changes. Needs the `X-Edit-Token` header."""

    model_config = ConfigDict(extra="forbid")

    text: SubmissionText | None = None
    stance: Stance | None = None
    plan: dict[str, Any] | None = None
    plan_edit: PlanEdit | None = Field(
        default=None,
        description="A map alternative only, instead of `plan`: what changes in "
        "the option's current map.",
    )


class NewFlag(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: FlagReason


def _page_limit(default: int, maximum: int = PAGE_LIMIT_MAX) -> Any:
    return Field(default=default, ge=PAGE_LIMIT_MIN, le=maximum, description="Page size.")


def _cursor() -> Any:
    return Field(default=None, max_length=200, description="`next_cursor` of the last page.")


class SubmissionQuery(BaseModel):
    """Query string of the submission listing."""

    model_config = ConfigDict(extra="ignore")

    sort: Order = Field(default="newest", description="newest first, or most endorsed first.")
    option: Slug | None = Field(default=None, description="Only this option.")
    element: ElementId | None = Field(
        default=None, description="Only this segment/feature (needs `option`)."
    )
    limit: int = _page_limit(PAGE_LIMIT_DEFAULT)
    cursor: str | None = _cursor()


class AuditQuery(BaseModel):
    """Query string of the audit log."""

    model_config = ConfigDict(extra="ignore")

    cid: Slug = Field(description="Consultation id, e.g. `demo`.")
    target: str | None = Field(
        default=None,
        max_length=200,
        description="Only the entries about this target, e.g. `demo/responses/{rid}` (the "
        "history of one response).",
    )
    limit: int = _page_limit(50)
    cursor: str | None = _cursor()


class ModerationQuery(BaseModel):
    """Query string of a moderation queue."""

    model_config = ConfigDict(extra="ignore")

    queue: Queue = Field(
        default="pending",
        description="pending (waiting for approval), flagged (held after flags) or hidden.",
    )
    limit: int = _page_limit(PAGE_LIMIT_DEFAULT)
    cursor: str | None = _cursor()


class StaffConsultationQuery(BaseModel):
    """Query string of the staff's consultation list."""

    model_config = ConfigDict(extra="ignore")

    limit: int = _page_limit(PAGE_LIMIT_DEFAULT)
    cursor: str | None = _cursor()


class OptionQuery(BaseModel):
    """Query string of POST …/options."""

    model_config = ConfigDict(extra="ignore")

    dry_run: bool = Field(
        default=False,
        description="true: check everything and answer the option as it would be stored "
        "(200), or every problem (422); nothing is stored.",
    )


class ReportQuery(BaseModel):
    """Query string of the report runs."""

    model_config = ConfigDict(extra="ignore")

    limit: int = Field(default=10, ge=1, le=50, description="How many runs.")


# ---- responses ---------------------------------------------------------------------------


class ErrorDetail(BaseModel):
    field: str | None
    message: str


class ErrorBody(BaseModel):
    code: str = Field(description="Machine-readable, e.g. invalid_field, not_found.")
    message: str = Field(description="What went wrong and what to do, for people.")
    field: str | None = Field(description="The request field at fault (dotted path), if any.")
    details: list[ErrorDetail] | None = Field(
        default=None, description="Every problem found, when there is more than one."
    )


class Error(BaseModel):
    error: ErrorBody


class Health(BaseModel):
    status: Literal["ok"]


class OpenAPIDocument(BaseModel):
    """This API's OpenAPI 3.1 description."""

    model_config = ConfigDict(extra="allow")

    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]


class Outcome(BaseModel):
    """What the agency decided about the option, published with the consultation's outcome."""

    decision: Decision
    text: LocalizedText


class OptionCounts(BaseModel):
    """Published submissions only: pending, hidden and withdrawn ones are not counted."""

    comments: int = Field(ge=0)
    alternatives: int = Field(ge=0)


class OptionSummary(BaseModel):
    id: str
    title: LocalizedText
    kind: OptionKind
    superseded_by: str | None = Field(
        description="A newer option replaced this one; it takes no more submissions."
    )
    counts: OptionCounts
    outcome: Outcome | None = Field(description="Set once the consultation's status is outcome.")


class OpenDataLink(BaseModel):
    url: str = Field(description="The data package, a path on the site.")
    licence: OpenDataLicence
    licence_title: str
    licence_url: str


class Consultation(BaseModel):
    id: str
    title: LocalizedText
    summary: LocalizedText
    languages: list[str]
    status: PublicStatus
    opens_at: Timestamp
    closes_at: Timestamp
    moderation: ModerationMode = Field(
        description="post: comments show at once; pre: after a moderator approves them."
    )
    accepting_submissions: bool
    open_data: OpenDataLink | None = Field(
        description="The open-data bundle (a Frictionless datapackage.json and its files), once "
        "the outcome is published, unless staff switched it off."
    )
    email_kept_days: int = Field(
        description="An email left with a submission is kept at most this many days after the "
        "outcome is published (sooner deleted when every response it follows is final, or "
        "when the submission is withdrawn)."
    )
    options: list[OptionSummary]


class Segment(BaseModel):
    id: str
    type: str = Field(description="A Streetmix segment type, e.g. light-rail.")
    variantString: str = Field(description='Streetmix variant, e.g. "inbound|regular".')
    width: float = Field(description="Metres.")
    elevation: float = Field(description="Metres above road level.")


class SectionPlan(BaseModel):
    """A street cross-section in Streetmix's vocabulary; widths in metres."""

    width: float
    units: Literal[0, 1] = Field(description="Display units: 0 metric, 1 imperial.")
    name: str | None = None
    leftBuildingHeight: float | None = None
    rightBuildingHeight: float | None = None
    remainingWidth: float = Field(description="Street width not taken by any segment.")
    segments: list[Segment]


class Geometry(BaseModel):
    type: Literal["Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon"]
    coordinates: list


class GeometryCollection(BaseModel):
    type: Literal["GeometryCollection"]
    geometries: list[Geometry]


class Feature(BaseModel):
    type: Literal["Feature"]
    id: str
    geometry: Geometry | GeometryCollection
    properties: dict


class MapPlan(BaseModel):
    """A GeoJSON FeatureCollection (lon/lat, WGS 84)."""

    type: Literal["FeatureCollection"]
    features: list[Feature]


class ImportWarning(BaseModel):
    field: str | None
    message: str


class ImportReport(BaseModel):
    """How a map document was read (staff answers to adding or replacing an option)."""

    read_as: str = Field(description="e.g. a single GeoJSON Feature, read as a map of one.")
    ids_from: str = Field(description="Where the features' ids came from.")
    warnings: list[ImportWarning] = Field(
        description="What was changed or left out (one per kind, with count and places)."
    )


class StreetmixDocument(BaseModel):
    """A Streetmix street in the shape of Streetmix's API response (what 3DStreet reads too):
    `data.street` holds `schemaVersion` 35, `units`, `width` and `segments` in metres,
    `boundary`."""

    name: str | None = None
    data: dict[str, Any]


class PlanWarning(BaseModel):
    field: str
    message: str
    kind: str = Field(description="overflow, unusual-width or unknown-type.")


class AnswerRef(BaseModel):
    """A response of the agency, as a submission card or a plan element links to it (the
    whole response is in GET /consultations/{cid}/responses)."""

    id: str
    status: ResponseStatus


class AnsweredElement(BaseModel):
    element_id: str
    answered_by: list[AnswerRef] = Field(
        description="The responses that link to this element by name."
    )


class Option(BaseModel):
    id: str
    consultation_id: str
    title: LocalizedText
    summary: LocalizedText
    kind: OptionKind
    plan: SectionPlan | MapPlan
    superseded_by: str | None
    outcome: Outcome | None = Field(
        description="Public routes: set once the consultation's status is outcome. Staff routes: "
        "as recorded, published or not."
    )
    counts: OptionCounts | None = Field(
        default=None,
        description="Public route: published comments and alternatives, as in the "
        "consultation's list of options. Staff routes: null.",
    )
    import_report: ImportReport | None = Field(
        default=None,
        description="Staff answers to adding or replacing a map option (dry run too): how the "
        "document was read, where its ids came from and every warning.",
    )
    warnings: list[PlanWarning] = Field(
        default_factory=list,
        description="What the plan does that is accepted but worth a look (a street's segments "
        "overflowing it, unusual widths, segment types sayso does not know).",
    )
    answered_elements: list[AnsweredElement] = Field(
        default_factory=list,
        description="Public route, once the outcome is published: the segments or features "
        "the agency's responses link to, each with those responses. Empty before, and on "
        "staff routes.",
    )


class SubmissionCreated(BaseModel):
    id: str = Field(pattern=ULID_PATTERN)
    status: Literal["published", "pending"] = Field(
        description="pending: waits for a moderator before it shows publicly."
    )
    created_at: Timestamp
    edit_token: str = Field(
        description="Shown once: send it as `X-Edit-Token` to edit or withdraw. Keep it."
    )


class ResidentToken(BaseModel):
    token: str = Field(description="Send as `X-Resident-Token`. Names no one; keep it.")


class EndorsementState(BaseModel):
    endorsed: bool
    changed: bool = Field(description="false: it already was (or was not) endorsed by you.")


class FlagState(BaseModel):
    flagged: Literal[True]
    changed: bool = Field(description="false: you had already flagged it.")


class Submission(BaseModel):
    id: str
    consultation_id: str
    option_id: str
    kind: SubmissionKind
    text: str
    element_id: str | None
    point: list[float] | float | None
    stance: Stance | None
    status: Literal["published", "pending", "hidden"] = Field(
        description="pending or hidden only for the author (with X-Edit-Token) and staff."
    )
    created_at: Timestamp
    updated_at: Timestamp | None
    endorsements: int = Field(description="Endorsements of its current version.")
    endorsements_earlier_versions: int = Field(
        default=0,
        description="Endorsements of earlier versions: given before its author changed its "
        "words, stance or plan (they endorsed what it said then).",
    )
    version: int = Field(default=1, description="1 when sent; +1 on each edit of its content.")
    edited_at: Timestamp | None = Field(
        default=None, description="When its author last changed its words, stance or plan."
    )
    diff: dict[str, Any] | None = Field(
        description="Alternatives: what changed against the option, by segment/feature id, and "
        "`summary`, one English sentence per change. On a map, a re-routed line's `moved` "
        "entry also has `name` (its `name` property, or null) and `routes`, one per changed "
        "line (a LineString, or a MultiLineString's part): `part` (from 0, null for a "
        "LineString), `length_m`, `length_change_m` (signed: positive when longer) and "
        "`start`/`end`, the option's named stops nearest the first and last changed vertex "
        "(equal when one stop is nearest both; null when the map names none); alternatives "
        "sent before these fields existed have neither. `complete: false` in a listing when the "
        "diff is large: its `kind` and the start of its `summary` only; the whole diff is at "
        "GET /consultations/{cid}/submissions/{sid}."
    )
    plan: SectionPlan | MapPlan | None = Field(
        default=None, description="Alternatives, when reading one submission: the edited plan."
    )
    answered_by: list[AnswerRef] | None = Field(
        default=None,
        description="Public listings: once the outcome is published, the agency's responses "
        "that answer it (by its id, its element, its whole option or the report campaign it "
        "belongs to), empty when none or before the outcome. null where it is not looked up "
        "(one submission, staff listings).",
    )


class SubmissionPage(BaseModel):
    items: list[Submission]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


class MySubmission(BaseModel):
    """One of the resident's own submissions, in whatever status; a withdrawn one keeps its
    ids, option, kind, stance, element and point, status and dates (its words, plan and email
    were deleted)."""

    id: str
    option_id: str
    kind: SubmissionKind
    text: str
    element_id: str | None
    point: list[float] | float | None
    stance: Stance | None
    status: Visibility
    created_at: Timestamp
    updated_at: Timestamp | None
    endorsements: int
    endorsements_earlier_versions: int = 0
    version: int = 1
    edited_at: Timestamp | None = None
    plan: SectionPlan | MapPlan | None = Field(description="Alternatives: the plan sent.")
    email_on_file: bool = Field(
        description="Whether a follow-up email is stored for it (the address is never shown)."
    )
    answered_by: list[MyAnswer] = Field(
        default_factory=list,
        description="Once the outcome is published, the agency's responses that answer it (by "
        "its id, its element or its option); none for a withdrawn submission.",
    )


class MyAnswer(BaseModel):
    """A response of the agency to one of the resident's submissions."""

    id: str
    status: ResponseStatus
    text: LocalizedText
    updated_at: Timestamp


class MyEndorsement(BaseModel):
    submission_id: str
    created_at: Timestamp
    version: int = Field(default=1, description="The version of the submission you endorsed.")
    changed_since: bool = Field(
        default=False,
        description="Its author changed it since you endorsed it: your endorsement counts for "
        "the earlier version; endorse it again to support what it says now.",
    )


class MyFlag(BaseModel):
    submission_id: str
    created_at: Timestamp
    reason: str


class ResidentExport(BaseModel):
    """Everything one resident sent to one consultation."""

    consultation_id: str
    made_at: Timestamp = Field(description="When this document was made.")
    complete: bool = Field(
        description="False when there was more than one document holds (2,000 items)."
    )
    submissions: list[MySubmission]
    endorsements: list[MyEndorsement]
    flags: list[MyFlag]
    email_kept_until: Timestamp | None = Field(
        default=None,
        description="When the follow-up emails (`email_on_file`) are deleted; null until the "
        "outcome is published.",
    )
    email_kept_days: int = Field(
        default=0,
        description="For how many days after the outcome is published the emails are kept.",
    )


class ResidentErasure(BaseModel):
    """What one erasure request did."""

    withdrawn: int = Field(description="Submissions withdrawn now.")
    endorsements_removed: int
    flags_removed: int
    done: bool = Field(description="False: more is left (over 200 items); send it again.")


# ---- staff ---------------------------------------------------------------------------------


class NewConsultation(BaseModel):
    """A new consultation; it starts as a draft. `closes_at` must be after `opens_at` (422)."""

    model_config = ConfigDict(extra="forbid")

    id: Slug = Field(description="Slug, e.g. dominion-road.")
    title: Titles
    summary: Summaries = Field(default_factory=dict)
    moderation: ModerationMode = "post"
    opens_at: Moment | None = Field(default=None, description="Default: now.")
    closes_at: Moment | None = Field(default=None, description="Default: no end date.")


def _drop_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def _unsent(description: str | None = None) -> Any:
    """The default of a field that may be left out but not sent as null (none in the schema)."""
    return Field(default=None, description=description, json_schema_extra=_drop_default)


def _refuse_null(value: Any) -> Any:
    if value is None:
        raise PydanticCustomError("null", "null is not a value here; leave the field out")
    return value


class ConsultationChanges(BaseModel):
    """Only the fields sent change; leave out the ones that stay (null is not a value here).
    `closes_at` must stay after `opens_at` (422)."""

    model_config = ConfigDict(extra="forbid")

    # None only stands for "not sent": the schema has no null, and a null sent is refused.
    # (Not `X | None`: a union would put its member's name in the error's location.)
    title: Titles = _unsent()
    summary: Summaries = _unsent()
    moderation: ModerationMode = _unsent()
    opens_at: Moment = _unsent()
    closes_at: Moment = _unsent()
    open_data: bool = _unsent(
        "Publish the open-data bundle with the outcome (default true); changeable at any time."
    )
    open_data_licence: OpenDataLicence = _unsent(
        "The bundle's licence (default CC-BY-4.0); changeable at any time."
    )

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        return _refuse_null(value)


PLAN_SOURCES = {"streetmix": "section", "plan": "section", "geojson": "map"}
# `document`: a file's text as it is; its format (so its kind) is told by its content.
ALL_PLAN_SOURCES = (*PLAN_SOURCES, "document")


def _exactly_one_plan(schema: dict[str, Any]) -> None:
    """Exactly one of streetmix, plan, geojson or document, and the kind that source makes."""

    def others(source: str) -> dict[str, Any]:
        return {"anyOf": [{"required": [o]} for o in ALL_PLAN_SOURCES if o != source]}

    schema["oneOf"] = [
        {
            "required": [source, "kind"],
            "properties": {"kind": {"const": kind}},
            "not": others(source),
        }
        for source, kind in PLAN_SOURCES.items()
    ] + [{"required": ["document"], "not": others("document")}]


class _OptionFields(BaseModel):
    """An option's texts and its plan, as exactly one of `streetmix`, `plan` (both make a
    `section` option) or `geojson` (a `map` option)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_exactly_one_plan)

    title: Titles
    summary: Summaries = Field(default_factory=dict)
    kind: OptionKind = _unsent(
        "section or map; required with streetmix, plan or geojson, told by the content with "
        "document."
    )
    streetmix: dict[str, Any] = _unsent(
        "A Streetmix street document, as Streetmix or its API returns it (kind section)."
    )
    plan: dict[str, Any] = _unsent("A section in sayso's format (kind section).")
    geojson: dict[str, Any] = _unsent(
        "GeoJSON, longitude and latitude in WGS 84 (or a `crs` naming Web Mercator): a "
        "FeatureCollection, a Feature or a geometry (kind map)."
    )
    document: str = _unsent(
        "A plan file's text as it is (a byte-order mark is fine): a GeoJSON map, a Streetmix "
        "street or a sayso section, told apart by content; `kind` may be left out."
    )

    @field_validator("kind", "streetmix", "plan", "geojson", "document", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        return _refuse_null(value)

    @model_validator(mode="after")
    def _one_plan(self) -> Any:
        given = [name for name in ALL_PLAN_SOURCES if getattr(self, name) is not None]
        if len(given) != 1:
            found = f"; this body has {' and '.join(given)}" if given else ""
            raise refuse(
                f"must be sent as exactly one of streetmix, plan, geojson or document{found}",
                field="plan",
            )
        if given[0] == "document":
            return self
        if self.kind is None:
            raise refuse("is required with streetmix, plan or geojson", field="kind")
        expected = PLAN_SOURCES[given[0]]
        if self.kind != expected:
            raise refuse(
                f"must be {expected}: a plan sent as {given[0]} makes a {expected} option",
                field="kind",
            )
        return self


class NewOption(_OptionFields):
    """An option and its plan, as exactly one of `streetmix`, `plan` or `geojson`."""

    id: Slug = Field(description="Slug, e.g. a or central-platform.")
    supersedes: Slug | None = Field(
        default=None,
        description="Id of an option residents have answered that this one replaces.",
    )


class OptionReplacement(_OptionFields):
    """An option's new texts and plan (only while it has no submissions). The path names the
    option: the body has no `id`."""

    # Not in the schema: tolerated for bodies copied from POST .../options, as long as it is
    # the option in the path (checked by the route, which knows the path).
    id: SkipJsonSchema[str | None] = Field(default=None, max_length=64)


class OutcomeChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Decision
    text: OutcomeTexts


class StatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: PublicStatus


class StaffConsultation(BaseModel):
    id: str
    title: LocalizedText
    summary: LocalizedText
    languages: list[str]
    status: Status
    opens_at: Timestamp
    closes_at: Timestamp
    moderation: ModerationMode
    open_data: bool = Field(description="Whether the outcome publishes the open-data bundle.")
    open_data_licence: OpenDataLicence


class AuditItem(BaseModel):
    id: str
    at: Timestamp
    subject: str
    email: str | None
    action: str
    target: str
    before: Any
    after: Any


class AuditPage(BaseModel):
    items: list[AuditItem]
    next_cursor: str | None


class ModerationDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: ModerationAction
    reason: Reason


class PreviousVersion(BaseModel):
    version: int
    text: str
    stance: Stance | None
    diff: dict[str, Any] | None = Field(
        default=None,
        description="Alternatives: the earlier diff (null when too large to keep beside the "
        "new plan).",
    )


class QueueItem(Submission):
    campaign: str | None = Field(
        description="Comments that are exact or near copies of each other on this page share "
        "a key (the id of the group's first item on the page); null for a comment without a "
        "copy on the page, and for alternatives."
    )
    flags: int = Field(
        default=0, description="How many sources flagged it (flags from one source count once)."
    )
    flag_reasons: dict[str, int] = Field(
        default_factory=dict, description="How many flags gave each reason."
    )
    in_review: bool = Field(
        default=False,
        description="Public and flagged: a moderator approved this version, or the "
        "consultation is closed, so flags only ask for a review. `approve` keeps it public "
        "and takes it out of the queue; `hide` hides it.",
    )
    approved: bool = Field(default=False, description="A moderator approved this version.")
    previous: PreviousVersion | None = Field(
        default=None,
        description="Pre-moderated edits: the version the edit replaced, to compare with.",
    )


class ModerationPage(SubmissionPage):
    items: list[QueueItem]  # type: ignore[assignment]  # a Submission with its campaign key


class ModerationBatch(BaseModel):
    """One decision for many submissions, e.g. every copy of a campaign."""

    model_config = ConfigDict(extra="forbid")

    ids: list[Annotated[str, Field(pattern=ULID_PATTERN)]] = Field(
        min_length=1,
        max_length=BATCH_MAX,
        description=f"1 to {BATCH_MAX} submission ids, each once.",
    )
    action: ModerationAction
    reason: Reason


class BatchItemResult(BaseModel):
    id: str
    outcome: BatchOutcome = Field(
        description="changed now; unchanged: already in the state the action leads to (e.g. "
        "done by an earlier try); refused: the action does not apply to it (see message)."
    )
    status: Literal["published", "pending", "hidden"] | None = Field(
        description="Its status after the batch; null when there is no such submission."
    )
    message: str | None = Field(description="Why it was refused; null otherwise.")


class ModerationBatchResult(BaseModel):
    items: list[BatchItemResult] = Field(description="One per id, in the order sent.")


class KindCounts(BaseModel):
    comment: int = Field(ge=0)
    alternative: int = Field(ge=0)


class StanceCounts(BaseModel):
    support: int = Field(ge=0)
    oppose: int = Field(ge=0)
    neutral: int = Field(ge=0)
    none: int = Field(ge=0, description="Submissions without a stance.")


class StateCounts(BaseModel):
    published: int = Field(ge=0)
    pending: int = Field(ge=0)
    hidden: int = Field(ge=0)
    withdrawn: int = Field(ge=0)


class OptionStats(BaseModel):
    published: int = Field(ge=0, description="Published submissions on the option.")
    by_kind: KindCounts = Field(description="Published submissions only.")
    by_stance: StanceCounts = Field(description="Published submissions only.")
    by_state: StateCounts = Field(description="Every submission, whatever its state.")


class StatsRow(BaseModel):
    option_id: str
    kind: SubmissionKind
    stance: Literal[Stance, "none"]
    state: Visibility
    count: int = Field(ge=1)


class DayCount(BaseModel):
    date: str = Field(description="A UTC day, YYYY-MM-DD.")
    submissions: int = Field(ge=0)


class Stats(BaseModel):
    """Submission counts, kept on every write. Kind and stance totals count published
    submissions only; state totals count every submission."""

    published: int = Field(ge=0)
    by_kind: KindCounts
    by_stance: StanceCounts
    by_state: StateCounts
    by_option: dict[str, OptionStats] = Field(
        description="Per option id, every option of the consultation (superseded ones too)."
    )
    rows: list[StatsRow] = Field(
        description="The full breakdown, one row per option, kind, stance and state with a "
        "count above zero."
    )
    by_day: list[DayCount] = Field(
        description="Submissions received per UTC day (every state), each day from the first "
        "submission's to the last's, zeros included, oldest first; empty without submissions."
    )


class StaffOptionSummary(BaseModel):
    id: str
    title: LocalizedText
    kind: OptionKind
    superseded_by: str | None
    outcome: Outcome | None = Field(description="As recorded, published or not.")


class StaffOptionList(BaseModel):
    items: list[StaffOptionSummary] = Field(description="Every option, superseded ones too.")


class StaffConsultationListItem(StaffConsultation):
    created_at: Timestamp
    submissions: StateCounts = Field(description="Submissions per moderation state.")


class StaffConsultationPage(BaseModel):
    items: list[StaffConsultationListItem] = Field(description="Newest first, drafts included.")
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


# ---- reports -----------------------------------------------------------------------------------


class ReportFile(BaseModel):
    name: Literal[
        "report.html",
        "summary.json",
        "alternatives.json",
        "pins.geojson",
        "submissions.csv",
        "submissions.xlsx",
    ]
    size: int = Field(ge=0, description="Bytes.")
    sha256: str = Field(pattern="^[0-9a-f]{64}$")
    content_type: str


class ReportCounts(BaseModel):
    read: int = Field(ge=0, description="Submissions read (published ones).")
    published: int = Field(ge=0)
    comments: int = Field(ge=0)
    alternatives: int = Field(ge=0)
    pins: int = Field(ge=0)
    unique_comments: int = Field(ge=0)
    campaigns: int = Field(ge=0, description="Clusters of 5 or more near-identical comments.")


class ReportManifest(BaseModel):
    """A published report run: its files are under reports/{cid}/{run_id}/ in the bucket."""

    model_config = ConfigDict(title="ReportManifest")

    schema_: Literal["sayso.report.manifest/1"] = Field(alias="schema")
    consultation_id: str
    run_id: str = Field(description="Sorts by time, e.g. 20261123T023000Z-RRTHHC.")
    generated_at: Timestamp
    files: list[ReportFile]
    counts: ReportCounts


class ReportLink(ReportFile):
    url: str = Field(description="A presigned download link (see links_expire_in).")


class ReportRun(ReportManifest):
    model_config = ConfigDict(title="ReportRun")

    files: list[ReportLink]  # type: ignore[assignment]
    links_expire_in: int = Field(description="Seconds the download links stay valid.")


class ReportRuns(BaseModel):
    items: list[ReportRun] = Field(description="Published runs, newest first.")


class ReportStarted(BaseModel):
    status: Literal["started"]


# ---- responses ("you said, we did") ------------------------------------------------------------

ResponseTexts = localized(text_rules.OUTCOME_TEXT, "The agency's answer.", required=True)
SubmissionId = Annotated[str, Field(pattern=ULID_PATTERN)]
CampaignKey = Annotated[str, Field(pattern=CAMPAIGN_KEY_PATTERN)]


class ElementLink(BaseModel):
    model_config = ConfigDict(extra="forbid")

    option_id: Slug
    element_id: ElementId = Field(description="A segment (section) or feature (map) id.")


class ResponseLinks(BaseModel):
    """What a response answers: at least one link of any kind."""

    model_config = ConfigDict(extra="forbid")

    submissions: list[SubmissionId] = Field(default=[], max_length=MAX_LINKS)
    elements: list[ElementLink] = Field(default=[], max_length=MAX_LINKS)
    campaigns: list[CampaignKey] = Field(
        default=[], max_length=MAX_LINKS, description="Campaign keys from the staff report."
    )
    options: list[Slug] = Field(default=[], max_length=MAX_LINKS, description="Whole options.")


class NewResponse(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: ResponseStatus
    text: ResponseTexts
    links: ResponseLinks


class ResponseChange(NewResponse):
    version: int = Field(ge=1, description="The `version` read: a stale one gets a 409.")


class StaffResponse(BaseModel):
    id: str
    consultation_id: str
    status: ResponseStatus
    text: LocalizedText
    links: ResponseLinks
    answered: int = Field(
        description="Published submissions it answered (by id, element, option or report "
        "campaign) when written."
    )
    version: int
    created_at: Timestamp
    updated_at: Timestamp


class StaffResponseList(BaseModel):
    items: list[StaffResponse]


class LinkedSubmission(BaseModel):
    id: str
    state: Literal["published", "withdrawn", "not-public"] = Field(
        description="withdrawn or not-public: the submission is not shown (never its words)."
    )
    option_id: str | None = Field(description="Its option, while it is published.")


class PublicResponse(BaseModel):
    id: str
    status: ResponseStatus
    text: LocalizedText
    answered: int
    submissions: list[LinkedSubmission]
    elements: list[ElementLink]
    campaigns: list[str]
    options: list[str]
    updated_at: Timestamp


class PublicResponses(BaseModel):
    consultation_id: str
    items: list[PublicResponse]


class UnansweredGroup(BaseModel):
    option_id: str
    element_id: str | None
    submissions: int
    endorsements: int


class UnansweredCampaign(BaseModel):
    key: CampaignKey = Field(description="The report's campaign key, for `links.campaigns`.")
    size: int = Field(description="Its comments, as the report counts them.")
    text: str = Field(description="Its representative comment (an excerpt).")
    option_ids: list[str] = Field(description="The options its unanswered comments are on.")
    submissions: int = Field(description="Its comments no response answers yet.")
    endorsements: int = Field(description="The endorsements of those comments.")
    linked: bool = Field(description="Whether a response links it (then `submissions` is 0).")


class UnansweredSubmission(Submission):
    campaign: CampaignKey | None = Field(
        default=None, description="The report campaign it belongs to, if any."
    )


class Unanswered(BaseModel):
    total_published: int
    answered: int
    groups: list[UnansweredGroup]
    campaigns: list[UnansweredCampaign] = Field(
        description="Every campaign the report finds, most unanswered comments first."
    )
    most_endorsed: list[UnansweredSubmission]


class ForgetQuery(BaseModel):
    """Query string of the signed "forget my email" link (from the outcome email)."""

    model_config = ConfigDict(extra="ignore")

    s: str = Field(
        max_length=200 * 27,
        pattern=r"^[0-9A-HJKMNP-TV-Z]{26}(\.[0-9A-HJKMNP-TV-Z]{26})*$",
        description="The submission ids the email was about, joined by dots.",
    )
    sig: str = Field(max_length=64, pattern=r"^[A-Za-z0-9_-]{43}$", description="Its signature.")


class Forgotten(BaseModel):
    forgotten: int = Field(description="Emails deleted now (0: already deleted).")
