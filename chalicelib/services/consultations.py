"""Use cases: residents read a consultation and its options."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib import config
from chalicelib.domain.consultation import Consultation, Option, OptionSummary
from chalicelib.domain.errors import NotFound
from chalicelib.domain.ids import is_slug
from chalicelib.domain.response import Response
from chalicelib.domain.stats import public_counts
from chalicelib.store import consultations as consultation_store
from chalicelib.store import counters
from chalicelib.store import responses as response_store


@dataclass(frozen=True)
class ConsultationView:
    consultation: Consultation
    options: list[OptionSummary]
    counts: dict[str, dict[str, int]]  # option id -> published comments and alternatives


def _missing_consultation(cid: str) -> NotFound:
    return NotFound(f"There is no consultation '{cid[:64]}'.", field="consultation_id")


def get_public_consultation(cid: str) -> ConsultationView:
    if not is_slug(cid):
        raise _missing_consultation(cid)
    consultation, options = consultation_store.get_with_options(cid)
    if consultation is None or not consultation.is_public:
        raise _missing_consultation(cid)
    return ConsultationView(consultation, options, published_counts(cid))


def published_counts(cid: str) -> dict[str, dict[str, int]]:
    """Per option, its published comments and alternatives: the one source of the counts
    residents see, on the consultation and on each option (one BatchGetItem)."""
    return public_counts(counters.read(cid, config.current().submission_shards))


def option_counts(cid: str, oid: str) -> dict[str, int]:
    """One option's published counts, {"comment": n, "alternative": n}."""
    return published_counts(cid).get(oid, {"comment": 0, "alternative": 0})


def published_responses(consultation: Consultation) -> list[Response]:
    """The agency's responses residents may read: every one once the outcome is published,
    none before (one Query)."""
    if consultation.status != "outcome":
        return []
    return response_store.list_all(consultation.id)


def get_public_consultation_only(cid: str, *, cached: bool = False) -> Consultation:
    if not is_slug(cid):
        raise _missing_consultation(cid)
    consultation = (consultation_store.get_cached if cached else consultation_store.get)(cid)
    if consultation is None or not consultation.is_public:
        raise _missing_consultation(cid)
    return consultation


def get_public_option(
    cid: str, oid: str, *, field: str = "option_id", cached: bool = False
) -> tuple[Consultation, Option]:
    """The consultation and one of its options (with plan), in one round trip (or none, from
    the container's cache, when `cached` and the caller re-checks what it relies on)."""
    if not is_slug(cid):
        raise _missing_consultation(cid)
    if not is_slug(oid):
        get_public_consultation_only(cid)
        raise NotFound(f"Consultation '{cid}' has no option '{oid[:64]}'.", field=field)
    read = (
        consultation_store.get_with_option_cached if cached else consultation_store.get_with_option
    )
    consultation, option = read(cid, oid)
    if consultation is None or not consultation.is_public:
        raise _missing_consultation(cid)
    if option is None:
        raise NotFound(f"Consultation '{cid}' has no option '{oid}'.", field=field)
    return consultation, option
