"""Request and response models: requests are validated with them and the OpenAPI document is
generated from them, so the two cannot drift apart."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

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
Timestamp = Annotated[str, Field(description="ISO 8601, UTC, e.g. 2026-11-23T09:15:02.123Z")]


class NewComment(BaseModel):
    """A resident's comment on one option, optionally anchored to an element or a point."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    option_id: Slug = Field(description="The option commented on, e.g. `a`.")
    kind: Literal["comment"]
    text: str = Field(min_length=1, max_length=TEXT_MAX_CHARS)
    element_id: ElementId | None = Field(
        default=None, description="A segment id (street section) or feature id (map)."
    )
    point: tuple[Finite, Finite] | Finite | None = Field(
        default=None,
        description="`[longitude, latitude]` on a map; metres from the left edge on a section.",
    )
    stance: Stance | None = None


class SubmissionQuery(BaseModel):
    """Query string of the submission listing."""

    model_config = ConfigDict(extra="ignore")

    option: Slug | None = None
    element: ElementId | None = None
    limit: int = Field(default=PAGE_LIMIT_DEFAULT, ge=PAGE_LIMIT_MIN, le=PAGE_LIMIT_MAX)
    cursor: str | None = Field(default=None, max_length=200)


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


class OptionSummary(BaseModel):
    id: str
    title: LocalizedText
    kind: Literal["section", "map"]


class Consultation(BaseModel):
    id: str
    title: LocalizedText
    summary: LocalizedText
    languages: list[str]
    status: Literal["open", "closed"]
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


class SubmissionCreated(BaseModel):
    id: str = Field(pattern=ULID_PATTERN)
    status: Literal["published", "pending"] = Field(
        description="pending: waits for a moderator before it shows publicly."
    )
    created_at: Timestamp


class Submission(BaseModel):
    id: str
    consultation_id: str
    option_id: str
    kind: Literal["comment"]
    text: str
    element_id: str | None
    point: list[float] | float | None
    stance: Stance | None
    status: Literal["published"]
    created_at: Timestamp


class SubmissionPage(BaseModel):
    items: list[Submission]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )
