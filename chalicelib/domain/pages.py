"""The resident pages pre-rendered: the consultation page and each option page as complete static
HTML documents, with their content in them, so a phone shows them from the first round trip and
a browser without JavaScript reads them whole (docs/pages.md: pre-rendered pages).

Pure: the public documents (chalicelib/domain/public.py, the API's shapes), a UI catalogue
(frontend/i18n/<lang>.json) and the time of the snapshot in; a string out. Every text that came
from staff or residents is escaped (the report's rule, chalicelib/domain/report/html.py), and
the data block the page's script reads (`<script type="application/json">`, never executed, so
the CSP needs no exception) is JSON with `<`, `>` and `&` escaped, so no text can close it.

Paths (the site bucket's keys, served as they are):
    c/<cid>/<lang>/index.html        the consultation page in one of its languages
    c/<cid>/<lang>/o/<oid>.html      an option page
    c/<cid>/index.html, c/<cid>/o/<oid>.html   the same in the consultation's first language
    index.html                       the site's root: the consultation page of the stack's own
                                     consultation in its first language
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from urllib.parse import quote

from chalicelib.domain.catalogue import segment_type

PREFIX = "c"
DATA_BLOCK_ID = "sayso-data"
DESCRIPTION_CHARS = 155
ROOT_KEY = "index.html"  # the site's root (CloudFront's default root object)
ASSETS_KEY = "generated/assets.json"  # the manifest's path in frontend/ and the site bucket
# What each page loads: the manifest scripts/bundle.mjs writes (frontend/generated/assets.json,
# copied into the site bucket with the pages; the one source of the hashed names, read here and
# by scripts/build_html.py): per page its stylesheets, its module and what that imports
# (`modulepreload`, so the whole script comes in one round trip), and per option kind its chunk
# (the section code; the map code with Leaflet, and their stylesheet, which also sizes the
# map's panel before Leaflet starts: no layout shift), announced in the head of an option page
# of that kind. SOURCE_ASSETS is the same for the unbundled modules, used when no manifest is
# there (a bucket the deployment has not filled: the API tests).
SOURCE_ASSETS: Mapping = {
    "pages": {
        page: {
            "script": script,
            "preload": [
                "/js/api.js",
                "/js/i18n.js",
                "/js/shell.js",
                "/js/common.js",
                "/js/prerendered.js",
                "/vendor/lit-html/lit-html.js",
            ],
            "styles": ["/css/app.css"],
        }
        for page, script in (
            ("consultation", "/js/consultation-page.js"),
            ("option", "/js/option-page.js"),
        )
    },
    "kinds": {
        "section": {
            "script": "/js/section/section.js",
            "preload": [
                "/js/section/model.js",
                "/js/section/section-ui.js",
                "/js/section/drawing.js",
                "/js/section/validate.js",
                "/js/section/editor.js",
            ],
            "styles": [],
        },
        "map": {
            "script": "/js/map/map.js",
            "preload": [
                "/js/map/map-option.js",
                "/js/map/leaflet.js",
                "/js/map/geo.js",
                "/js/map/plan-edit.js",
                "/vendor/leaflet/leaflet.js",
            ],
            "styles": ["/vendor/leaflet/leaflet.css", "/css/map.css"],
        },
    },
}
# The data an option kind reads as soon as its code runs, fetched in the same round trip (none
# now: the segment catalogue is bundled into the section chunk, scripts/bundle.mjs).
KIND_DATA: Mapping[str, tuple[str, ...]] = {}
RTL = frozenset({"ar", "he", "fa", "ur"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Site:
    """What every page of one language shares."""

    cid: str
    lang: str  # the UI language of this rendering
    languages: Sequence[str]  # every language the consultation has, first = the default
    strings: Mapping  # the UI catalogue of `lang` (frontend/i18n/<lang>.json)
    fallback: Mapping  # the English catalogue, for a key `strings` lacks
    config: Mapping  # the pages' config.json
    rendered_at: datetime
    assets: Mapping = field(default_factory=lambda: SOURCE_ASSETS)  # generated/assets.json

    def t(self, key: str, **params: object) -> str:
        """A UI string (plain text, escape it on output), with its {placeholders} filled."""
        value = _lookup(self.strings, key) or _lookup(self.fallback, key) or key
        return _PLACEHOLDER.sub(lambda m: str(params.get(m.group(1), m.group(0))), value)

    def home(self, lang: str | None = None) -> str:
        return f"/{PREFIX}/{self.cid}/{lang or self.lang}/index.html"

    def option(self, oid: str) -> str:
        return f"/{PREFIX}/{self.cid}/{self.lang}/o/{oid}.html"

    def responses(self) -> str:
        """The "you said, we did" page (frontend/templates/responses.html), which reads the
        API; a response's card on it is #response-<id>."""
        return f"/responses.html?c={quote(self.cid)}&lang={quote(self.lang)}"


def page_keys(
    cid: str, lang: str, option_id: str | None, *, default: bool, root: bool = False
) -> list[str]:
    """The site bucket keys one rendering is written to. `root`: the stack's own consultation
    (config.json's `consultation`), whose consultation page in its first language is also the
    site's root, `index.html` (in place of the plain page the deployment put there)."""
    tail = "index.html" if option_id is None else f"o/{option_id}.html"
    keys = [f"{PREFIX}/{cid}/{lang}/{tail}"]
    if default:
        keys.append(f"{PREFIX}/{cid}/{tail}")
        if root and option_id is None:
            keys.append(ROOT_KEY)
    return keys


def asset_links(assets: Mapping, page: str, kind: str | None = None) -> str:
    """The <link>s and the <script> a page's head needs, from a manifest (SOURCE_ASSETS'
    shape): its stylesheets, its module and every module it imports (`modulepreload`), and,
    for an option of a known kind, that kind's chunk, its imports, styles and data."""
    entry = assets["pages"][page]
    extra = (assets.get("kinds") or {}).get(kind) if kind else None
    parts = [entry, extra] if extra else [entry]
    styles = dict.fromkeys(href for part in parts for href in part.get("styles") or ())
    modules = dict.fromkeys(
        href
        for part in parts
        for href in (*part.get("preload", ()), part["script"])
        if href != entry["script"]
    )
    links = [f'<link rel="stylesheet" href="{_e(href)}">' for href in styles]
    links.append(f'<script type="module" src="{_e(entry["script"])}"></script>')
    links += [f'<link rel="modulepreload" href="{_e(href)}">' for href in modules]
    links += [
        f'<link rel="preload" href="{_e(href)}" as="fetch" crossorigin="anonymous">'
        for href in KIND_DATA.get(kind or "", ())
    ]
    return "\n".join(links)


def _lookup(strings: Mapping, key: str) -> str:
    value: object = strings
    for part in key.split("."):
        if not isinstance(value, Mapping):
            return ""
        value = value.get(part)
    return value if isinstance(value, str) else ""


def _e(value: object) -> str:
    """Text made safe for HTML text and attribute values alike (the report's rule)."""
    text = _CONTROL.sub("", str(value))
    text = text.encode("utf-8", "replace").decode("utf-8")
    return escape(text, quote=True)


def _json(value: object) -> str:
    """JSON that cannot end its <script> element or start a comment in it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _pick(texts: object, lang: str) -> tuple[str, str]:
    """A consultation text in `lang`, else English, else the first; with the language it is in."""
    if not isinstance(texts, Mapping):
        return "", lang
    for tag in (lang, "en", *sorted(str(k) for k in texts)):
        value = texts.get(tag)
        if isinstance(value, str) and value:
            return value, tag
    return "", lang


def _text(texts: object, site: Site, tag: str = "span") -> str:
    value, lang = _pick(texts, site.lang)
    if not value:
        return ""
    marked = f' lang="{_e(lang)}"' if lang != site.lang else ""
    if tag == "p":
        return "".join(f"<p{marked}>{_e(part)}</p>" for part in value.split("\n\n") if part)
    return f"<span{marked}>{_e(value)}</span>" if marked else _e(value)


def _time(iso: object, site: Site) -> str:
    """A timestamp readable without a script; the script shows it in the reader's own way."""
    if not isinstance(iso, str):
        return ""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return _e(iso)
    return f'<time datetime="{_e(iso)}">{moment:%Y-%m-%d %H:%M} UTC</time>'


def _date(iso: object) -> str:
    return _e(iso[:10]) if isinstance(iso, str) else ""


def _kind(option: Mapping, site: Site) -> str:
    return site.t("option.kind." + str(option.get("kind")))


def _counts(counts: object, site: Site) -> str:
    counts = counts if isinstance(counts, Mapping) else {}
    parts = []
    for name in ("comments", "alternatives"):
        n = counts.get(name) if isinstance(counts.get(name), int) else 0
        parts.append(site.t(f"counts.{name}_{'one' if n == 1 else 'other'}", n=n))
    return _e(", ".join(parts))


def _outcome(outcome: object, site: Site, level: int) -> str:
    if not isinstance(outcome, Mapping):
        return ""
    decision = str(outcome.get("decision") or "")
    return (
        f'<div class="outcome"><h{level}>{_e(site.t("outcome.heading"))}</h{level}>'
        f"<p><strong>{_e(site.t(f'outcome.decision.{decision}'))}</strong></p>"
        f"{_text(outcome.get('text'), site, 'p')}</div>"
    )


def _status(consultation: Mapping, site: Site) -> str:
    status = str(consultation.get("status") or "")
    dates = site.t(
        "consultation.dates",
        opens=_date(consultation.get("opens_at")),
        closes=_date(consultation.get("closes_at")),
    )
    return (
        f'<p class="status"><span class="badge badge-{_e(status)}">'
        f"{_e(site.t(f'status.{status}'))}</span> {_e(dates)}</p>"
    )


def _language_links(site: Site, here: str | None) -> str:
    if len(site.languages) < 2:
        return ""
    links = []
    for lang in site.languages:
        href = site.home(lang) if here is None else f"/{PREFIX}/{site.cid}/{lang}/o/{here}.html"
        name = _lookup(site.strings, f"languages.{lang}") or lang
        current = ' aria-current="page"' if lang == site.lang else ""
        links.append(
            f'<a href="{_e(href)}" lang="{_e(lang)}" hreflang="{_e(lang)}"{current}>{_e(name)}</a>'
        )
    return (
        f'<nav class="language" aria-label="{_e(site.t("shell.language"))}">{" ".join(links)}</nav>'
    )


def _document(
    site: Site,
    *,
    title: str,
    description: str,
    page: str,
    main: str,
    data: Mapping,
    option_id: str | None = None,
    kind: str | None = None,
) -> str:
    lang = site.lang
    direction = "rtl" if lang.split("-")[0] in RTL else "ltr"
    return (
        f'<!doctype html>\n<html lang="{_e(lang)}" dir="{direction}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)} · sayso</title>\n"
        f'<meta name="description" content="{_e(description)}">\n'
        '<link rel="icon" href="data:,">\n'
        f"{asset_links(site.assets, page, kind)}\n"
        f"{_catalogue_preloads(lang)}\n"
        f'<script type="application/json" id="{DATA_BLOCK_ID}">{_json(data)}</script>\n'
        "</head>\n<body>\n"
        '<div id="app" class="prerendered">'
        f'<a class="skip" href="#main">{_e(site.t("shell.skip"))}</a>'
        f'<header class="site-header"><a class="brand" href="{_e(site.home())}">sayso</a>'
        f"{_language_links(site, option_id)}</header>"
        f'<main id="main" tabindex="-1">{main}</main>'
        f'<footer class="site-footer"><p>{_e(site.t("shell.footer"))}</p></footer></div>\n'
        "</body>\n</html>\n"
    )


def _catalogue_preloads(lang: str) -> str:
    """The UI catalogues the script reads first (frontend/js/i18n.js): English, the fallback of
    every language, and the page's own, fetched together in the modules' round trip. (The list
    of languages is bundled into the script.)"""
    return "\n".join(
        f'<link rel="preload" href="/i18n/{_e(tag)}.json" as="fetch" crossorigin="anonymous">'
        for tag in dict.fromkeys(("en", lang))
    )


def _description(texts: object, site: Site) -> str:
    value, _ = _pick(texts, site.lang)
    value = " ".join(value.split())
    return value if len(value) <= DESCRIPTION_CHARS else value[: DESCRIPTION_CHARS - 1] + "…"


def _data(site: Site, **documents: object) -> dict[str, object]:
    config = dict(site.config)
    config["consultation"] = site.cid
    return {
        "config": config,
        "lang": site.lang,
        "rendered_at": site.rendered_at.astimezone(UTC).isoformat(timespec="seconds"),
        "links": {
            "home": site.home(),
            "option": site.option("{id}"),
            "responses": site.responses(),
        },
        **documents,
    }


def _after_outcome(consultation: Mapping, site: Site) -> str:
    """Once the outcome is published: the link to "you said, we did" and, unless staff switched
    it off, to the open-data bundle with its licence (as consultation-page.js draws them)."""
    if consultation.get("status") != "outcome":
        return ""
    links = (
        f'<p class="responses-link"><a href="{_e(site.responses())}">'
        f"{_e(site.t('responses.link'))}</a></p>"
    )
    open_data = consultation.get("open_data")
    if isinstance(open_data, Mapping):
        links += (
            f'<p class="open-data-link"><a href="{_e(open_data.get("url"))}">'
            f"{_e(site.t('consultation.open_data'))}</a> "
            f"{_e(site.t('consultation.open_data_licence'))} "
            f'<a href="{_e(open_data.get("licence_url"))}" rel="license">'
            f"{_e(open_data.get('licence_title'))}</a></p>"
        )
    return links


def render_consultation(consultation: Mapping, site: Site) -> str:
    """The consultation page: title, summary, status and dates, the options with their counts
    and outcomes."""
    cards = []
    for option in consultation.get("options") or []:
        if not isinstance(option, Mapping):
            continue
        oid = str(option.get("id") or "")
        superseded = f" · {_e(site.t('option.superseded'))}" if option.get("superseded_by") else ""
        cards.append(
            f'<li class="card option-card"><h3><a href="{_e(site.option(oid))}">'
            f"{_text(option.get('title'), site)}</a></h3>"
            f'<p class="meta">{_e(_kind(option, site))} · '
            f"{_counts(option.get('counts'), site)}{superseded}</p>"
            f"{_text(option.get('summary'), site, 'p')}"
            f"{_outcome(option.get('outcome'), site, 4)}</li>"
        )
    main = (
        f"<h1>{_text(consultation.get('title'), site)}</h1>{_status(consultation, site)}"
        f"{_text(consultation.get('summary'), site, 'p')}{_after_outcome(consultation, site)}"
        '<section aria-labelledby="options-heading">'
        f'<h2 id="options-heading">{_e(site.t("consultation.options"))}</h2>'
        f'<ul class="cards">{"".join(cards)}</ul></section>'
    )
    title, _ = _pick(consultation.get("title"), site.lang)
    return _document(
        site,
        title=title or "sayso",
        description=_description(consultation.get("summary"), site),
        page="consultation",
        main=main,
        data=_data(site, consultation=consultation),
    )


def _segment_label(kind: str, site: Site) -> str:
    named = _lookup(site.strings, f"segments.{kind}")
    known = segment_type(kind)
    return named or (known.label if known else kind)


def _metres(value: object, site: Site) -> str:
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else 0
    return site.t("units.metres", n=f"{number:.1f}")


def _answers(refs: object, site: Site) -> str:
    """Links to the responses that answer something, by their status: "Adopted", …"""
    links = [
        f'<a href="{_e(site.responses())}#response-{_e(ref.get("id"))}">'
        f"{_e(site.t('responses.status.' + str(ref.get('status'))))}</a>"
        for ref in (refs if isinstance(refs, list) else [])
        if isinstance(ref, Mapping)
    ]
    return ", ".join(links)


def _answered_mark(refs: object, site: Site) -> str:
    """A plan element's mark: a visible sign and words (never colour alone)."""
    if not refs:
        return ""
    return (
        f' <span class="answered-mark"><span aria-hidden="true">✓</span> '
        f"{_e(site.t('responses.answered_label'))} {_answers(refs, site)}</span>"
    )


def _plan(option: Mapping, site: Site) -> str:
    """The plan as a list a reader can follow: a section's parts left to right with their
    widths, a map's features by name; an element a published response links to is marked,
    with a link to the response."""
    plan = option.get("plan") if isinstance(option.get("plan"), Mapping) else {}
    marked = {
        str(a.get("element_id")): a.get("answered_by")
        for a in option.get("answered_elements") or []
        if isinstance(a, Mapping)
    }
    if option.get("kind") == "section":
        rows = [
            f"<li>{_e(_segment_label(str(s.get('type') or ''), site))}, "
            f"{_e(_metres(s.get('width'), site))}"
            f"{_answered_mark(marked.get(str(s.get('id'))), site)}</li>"
            for s in plan.get("segments") or []
            if isinstance(s, Mapping)
        ]
        label = site.t("section.list_label")
    else:
        rows = []
        for feature in plan.get("features") or []:
            if not isinstance(feature, Mapping):
                continue
            props = (
                feature.get("properties") if isinstance(feature.get("properties"), Mapping) else {}
            )
            name = props.get("name") or feature.get("id") or ""
            mark = _answered_mark(marked.get(str(feature.get("id"))), site)
            rows.append(f"<li>{_e(name)}{mark}</li>")
        label = site.t("option.kind.map")
    return (
        f'<section class="plan-static" aria-labelledby="plan-heading"><h2 id="plan-heading">'
        f'{_e(label)}</h2><ol class="plan-list">{"".join(rows)}</ol></section>'
    )


def _comment(item: Mapping, site: Site) -> str:
    stance = str(item.get("stance") or "none")
    endorsements = item.get("endorsements") if isinstance(item.get("endorsements"), int) else 0
    kind = site.t("kind." + str(item.get("kind")))
    lines = str(item.get("text") or "").split("\n")
    words = "".join(f"<p>{_e(line)}</p>" for line in lines if line.strip())
    refs = item.get("answered_by")
    answered = (
        f'<p class="answered"><span aria-hidden="true">✓</span> '
        f"{_e(site.t('responses.answered_this'))} {_answers(refs, site)}</p>"
        if refs
        else ""
    )
    return (
        f'<li class="card submission"><p class="meta">{_e(kind)} · '
        f"{_e(site.t(f'stance.{stance}'))} · {_time(item.get('created_at'), site)}</p>"
        f"{words}{answered}"
        f'<p class="meta">{_e(site.t("list.endorse"))}: {endorsements}</p></li>'
    )


def render_option(
    consultation: Mapping, option: Mapping, comments: Mapping, taken_at: datetime, site: Site
) -> str:
    """An option page: the option, its plan as a list, and the newest comments as a snapshot
    that says when it was taken (the script replaces it with the live list)."""
    items = [item for item in comments.get("items") or [] if isinstance(item, Mapping)]
    taken = taken_at.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    listing = (
        f'<ul class="cards comments">{"".join(_comment(item, site) for item in items)}</ul>'
        if items
        else f"<p>{_e(site.t('list.none'))}</p>"
    )
    superseded = (
        f'<p class="notice">{_e(site.t("option.superseded"))}</p>'
        if option.get("superseded_by")
        else ""
    )
    main = (
        f'<nav aria-label="{_e(site.t("option.breadcrumb"))}"><a href="{_e(site.home())}">'
        f"{_e(site.t('option.back'))}</a></nav>"
        f"<h1>{_text(option.get('title'), site)}</h1>"
        f'<p class="meta">{_e(_kind(option, site))} · '
        f"{_text(consultation.get('title'), site)}</p>{_status(consultation, site)}{superseded}"
        f"{_text(option.get('summary'), site, 'p')}{_outcome(option.get('outcome'), site, 2)}"
        f"{_plan(option, site)}"
        f'<noscript><p class="notice">{_e(site.t("prerender.needs_script"))}</p></noscript>'
        '<section class="comments-static" aria-labelledby="comments-heading">'
        f'<h2 id="comments-heading">{_e(site.t("list.heading_all"))}</h2>'
        f'<p class="meta snapshot">{_e(site.t("prerender.snapshot"))} '
        f"{_time(taken, site)}</p>{listing}</section>"
    )
    title, _ = _pick(option.get("title"), site.lang)
    return _document(
        site,
        title=title or "sayso",
        description=_description(option.get("summary") or consultation.get("summary"), site),
        page="option",
        main=main,
        data=_data(
            site,
            consultation=consultation,
            option=option,
            comments={
                "items": items,
                "next_cursor": comments.get("next_cursor"),
                "taken_at": taken,
            },
        ),
        option_id=str(option.get("id") or ""),
        kind=str(option.get("kind")),
    )
