"""The pre-rendered resident pages (chalicelib/domain/pages.py) written to the site bucket: after
every staff change of a consultation or its options, and by the nightly job for every public
consultation (their counts and comment snapshots move as residents write).

A failure here never undoes or fails the staff change that asked for it: the change is stored,
the pages are re-rendered on the next change or at night, and the failure is logged."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib import config
from chalicelib.domain import pages, public
from chalicelib.domain.stats import public_counts
from chalicelib.observability import logger
from chalicelib.services import submissions
from chalicelib.services.consultations import published_responses
from chalicelib.store import consultations as consultation_store
from chalicelib.store import counters, site

SNAPSHOT_SIZE = 20  # the first page of the live list (the API's default limit)


def _now() -> datetime:
    return datetime.now(UTC)


def publish(cid: str, now: datetime | None = None) -> list[str]:
    """Render and write every page of one consultation, in each of its languages; returns the
    keys written (none for a draft or an unknown consultation)."""
    now = now or _now()
    consultation, options = consultation_store.get_with_full_options(cid)
    if consultation is None or not consultation.is_public:
        return []
    counts = public_counts(counters.read(cid, config.current().submission_shards))
    document = public.consultation(
        consultation,
        [o.summarize() for o in options],
        counts,
        now,
        email_kept_days=config.current().contact_retention_days,
    )
    responses = published_responses(consultation)
    page_config = site.read_json("config.json") or {}
    # The bundles' names as this deployment built them (scripts/bundle.mjs), else the modules.
    assets = site.read_json(pages.ASSETS_KEY) or pages.SOURCE_ASSETS
    english = site.read_json("i18n/en.json") or {}
    languages = list(consultation.languages) or ["en"]
    snapshots = {}
    for option in options:
        page = submissions.list_public(
            cid, order="newest", option_id=option.id, limit=SNAPSHOT_SIZE
        )
        snapshots[option.id] = {
            "items": [
                public.submission(item, listed=True, answered_by=page.answers.get(item.id, []))
                for item in page.items
            ],
            "next_cursor": page.next_cursor,
        }
    written = []
    for lang in languages:
        strings = site.read_json(f"i18n/{lang}.json") or english
        context = pages.Site(
            cid=cid,
            lang=lang,
            languages=languages,
            strings=strings,
            fallback=english,
            config=page_config,
            rendered_at=now,
            assets=assets,
        )
        default = lang == languages[0]
        root = page_config.get("consultation") == cid  # the stack's own: also the site's root
        for key in pages.page_keys(cid, lang, None, default=default, root=root):
            site.put_page(key, pages.render_consultation(document, context))
            written.append(key)
        for option in options:
            html = pages.render_option(
                document,
                public.option(
                    consultation,
                    option,
                    counts=counts.get(option.id, public.NO_COUNTS),
                    responses=responses,
                ),
                snapshots[option.id],
                now,
                context,
            )
            for key in pages.page_keys(cid, lang, option.id, default=default):
                site.put_page(key, html)
                written.append(key)
    return written


def publish_quietly(cid: str) -> None:
    """After a staff change: re-render, and never fail the change (logged; the night retries)."""
    try:
        publish(cid)
    except Exception:
        logger.exception("pre-rendering failed", extra={"consultation_id": cid})


def publish_all(now: datetime | None = None) -> dict[str, int]:
    """The nightly job: every public consultation, each on its own."""
    results: dict[str, int] = {}
    for consultation in consultation_store.all_consultations():
        if not consultation.is_public:
            continue
        try:
            results[consultation.id] = len(publish(consultation.id, now))
        except Exception:
            logger.exception("pre-rendering failed", extra={"consultation_id": consultation.id})
            results[consultation.id] = -1
    return results
