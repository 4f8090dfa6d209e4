"""Request and response models: requests are validated with them and the OpenAPI document is
generated from them, so the two cannot drift apart."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from chalicelib.domain.ids import ELEMENT_ID_PATTERN, SLUG_PATTERN, ULID_PATTERN
from chalicelib.domain.pagination import PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX, PAGE_LIMIT_MIN
from chalicelib.domain.submission import TEXT_MAX_CHARS

Finite = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=64)]
ElementId = Annotated[str, Field(pattern=ELEMENT_ID_PATTERN, max_length=64)]
Stance = Literal["support", "oppose", "neutral"]
LocalizedText = Annotated[
    dict[str, str],
    Field(description='Text per language tag, e.g. {"en": "…", "mi": "…"}.'),
]
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
EMAIL_PATTERN = rf"^[^@\s<>()\[\],;:\"]{{1,64}}@{_LABEL}(?:\.{_LABEL})+$"
Timestamp = Annotated[str, Field(description="ISO 8601, UTC, e.g. 2026-11-23T09:15:02.123Z")]


class NewSubmission(BaseModel):
    """A resident's comment on one option, or an alternative plan for it with a comment."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    option_id: Slug = Field(description="The option commented on, e.g. `a`.")
    kind: Literal["comment", "alternative"]
    text: str = Field(min_length=1, max_length=TEXT_MAX_CHARS)
    element_id: ElementId | None = Field(
        default=None, description="A segment id (street section) or feature id (map)."
    )
    point: tuple[Finite, Finite] | Finite | None = Field(
        default=None,
        description="`[longitude, latitude]` on a map; metres from the left edge on a section.",
    )
    stance: Stance | None = Field(default=None, description="On the option as a whole.")
    plan: dict[str, Any] | None = Field(
        default=None,
        description="kind `alternative` only: the option's plan, edited (same format: a street "
        "section or Streetmix street, or a GeoJSON FeatureCollection).",
    )
    email: str | None = Field(
        default=None,
        max_length=254,
        pattern=EMAIL_PATTERN,
        description="Optional, for follow-up by the agency. Never shown or returned.",
    )
    website: str | None = Field(
        default=None,
        description="Leave empty. (A field people never see and bots fill in.)",
    )


class EditSubmission(BaseModel):
    """The author's changes; send only what changes. Needs the `X-Edit-Token` header."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, min_length=1, max_length=TEXT_MAX_CHARS)
    stance: Stance | None = None
    plan: dict[str, Any] | None = None


class NewFlag(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Literal["spam", "abusive", "personal-data", "off-topic", "other"]


def _page_limit(default: int, maximum: int = PAGE_LIMIT_MAX) -> Any:
    return Field(default=default, ge=PAGE_LIMIT_MIN, le=maximum, description="Page size.")


def _cursor() -> Any:
    return Field(default=None, max_length=200, description="`next_cursor` of the last page.")


class SubmissionQuery(BaseModel):
    """Query string of the submission listing."""

    model_config = ConfigDict(extra="ignore")

    sort: Literal["newest", "top"] = Field(
        default="newest", description="newest first, or most endorsed first."
    )
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
    limit: int = _page_limit(50)
    cursor: str | None = _cursor()


class ModerationQuery(BaseModel):
    """Query string of a moderation queue."""

    model_config = ConfigDict(extra="ignore")

    queue: Literal["pending", "flagged", "hidden"] = Field(
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


Decision = Literal["adopted", "adopted-with-changes", "not-adopted", "deferred"]


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
    kind: Literal["section", "map"]
    superseded_by: str | None = Field(
        description="A newer option replaced this one; it takes no more submissions."
    )
    counts: OptionCounts
    outcome: Outcome | None = Field(description="Set once the consultation's status is outcome.")


class Consultation(BaseModel):
    id: str
    title: LocalizedText
    summary: LocalizedText
    languages: list[str]
    status: Literal["open", "closed", "outcome"]
    opens_at: Timestamp
    closes_at: Timestamp
    moderation: Literal["post", "pre"] = Field(
        description="post: comments show at once; pre: after a moderator approves them."
    )
    accepting_submissions: bool
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
    type: Literal["Point", "LineString", "Polygon"]
    coordinates: list


class Feature(BaseModel):
    type: Literal["Feature"]
    id: str
    geometry: Geometry
    properties: dict


class MapPlan(BaseModel):
    """A GeoJSON FeatureCollection (lon/lat, WGS 84)."""

    type: Literal["FeatureCollection"]
    features: list[Feature]


class Option(BaseModel):
    id: str
    consultation_id: str
    title: LocalizedText
    summary: LocalizedText
    kind: Literal["section", "map"]
    plan: SectionPlan | MapPlan
    superseded_by: str | None
    outcome: Outcome | None = Field(
        description="Public routes: set once the consultation's status is outcome. Staff routes: "
        "as recorded, published or not."
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
    kind: Literal["comment", "alternative"]
    text: str
    element_id: str | None
    point: list[float] | float | None
    stance: Stance | None
    status: Literal["published", "pending", "hidden"] = Field(
        description="pending or hidden only for the author (with X-Edit-Token) and staff."
    )
    created_at: Timestamp
    updated_at: Timestamp | None
    endorsements: int
    diff: dict[str, Any] | None = Field(
        description="Alternatives: what changed against the option, by segment/feature id."
    )
    plan: SectionPlan | MapPlan | None = Field(
        default=None, description="Alternatives, when reading one submission: the edited plan."
    )


class SubmissionPage(BaseModel):
    items: list[Submission]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


# ---- staff ---------------------------------------------------------------------------------


class NewConsultation(BaseModel):
    """A new consultation; it starts as a draft."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(max_length=64, description="Slug, e.g. dominion-road.")
    title: dict[str, str] = Field(description="Per language tag.")
    summary: dict[str, str] = Field(default_factory=dict)
    moderation: Literal["post", "pre"] = "post"
    opens_at: AwareDatetime | None = None
    closes_at: AwareDatetime | None = None


def _drop_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def _unsent() -> Any:
    """The default of a field that may be left out but not sent as null (none in the schema)."""
    return Field(default=None, json_schema_extra=_drop_default)


class ConsultationChanges(BaseModel):
    """Only the fields sent change; leave out the ones that stay (null is not a value here)."""

    model_config = ConfigDict(extra="forbid")

    # None only stands for "not sent": the schema has no null, and a null sent is refused.
    title: dict[str, str] | SkipJsonSchema[None] = _unsent()
    summary: dict[str, str] | SkipJsonSchema[None] = _unsent()
    moderation: Literal["post", "pre"] | SkipJsonSchema[None] = _unsent()
    opens_at: AwareDatetime | SkipJsonSchema[None] = _unsent()
    closes_at: AwareDatetime | SkipJsonSchema[None] = _unsent()

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise PydanticCustomError("null", "null is not a value here; leave the field out")
        return value


class NewOption(BaseModel):
    """An option and its plan, as exactly one of `streetmix`, `plan` or `geojson`."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(max_length=64)
    title: dict[str, str]
    summary: dict[str, str] = Field(default_factory=dict)
    kind: Literal["section", "map"]
    streetmix: dict[str, Any] | None = Field(
        default=None, description="A Streetmix street document, as Streetmix or its API returns it."
    )
    plan: dict[str, Any] | None = Field(default=None, description="A section in sayso's format.")
    geojson: dict[str, Any] | None = Field(default=None, description="A FeatureCollection.")
    supersedes: str | None = Field(
        default=None,
        max_length=64,
        description="Id of an option residents have answered that this one replaces.",
    )


class OptionReplacement(BaseModel):
    """An option's new texts and plan (only while it has no submissions)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(max_length=64, description="Must be the option id in the path.")
    title: dict[str, str]
    summary: dict[str, str] = Field(default_factory=dict)
    kind: Literal["section", "map"]
    streetmix: dict[str, Any] | None = None
    plan: dict[str, Any] | None = None
    geojson: dict[str, Any] | None = None


class OutcomeChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Decision
    text: dict[str, str] = Field(description="Per language tag: the decision explained.")


class StatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Literal["open", "closed", "outcome"]


class StaffConsultation(BaseModel):
    id: str
    title: LocalizedText
    summary: LocalizedText
    languages: list[str]
    status: Literal["draft", "open", "closed", "outcome"]
    opens_at: Timestamp
    closes_at: Timestamp
    moderation: Literal["post", "pre"]


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

    action: Literal["approve", "hide", "restore"]
    reason: str = Field(min_length=1, max_length=500)


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
    kind: Literal["comment", "alternative"]
    stance: Literal["support", "oppose", "neutral", "none"]
    state: Literal["published", "pending", "hidden", "withdrawn"]
    count: int = Field(ge=1)


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
