"""report.html: the consolidated report as one self-contained, printable, accessible page.

`render_report` turns the `summary.json` and `alternatives.json` documents into a complete HTML
document. It makes no requests of any kind (inline CSS, inline SVG, system fonts, no script, no
URL), escapes every piece of text that came from a submission or a plan, and reads no clock: the
footer says what the report was generated from, as the summary tells it. Missing lists and `null`
values render as a sentence saying there is nothing yet, never as an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from chalicelib.domain.report.svg import (
    FAMILIES,
    bar_chart,
    metres,
    section_drawing,
    section_width,
    stacked_bars,
    type_label,
)

STANCES: tuple[tuple[str, str, str], ...] = (
    # key, label, fill (Okabe–Ito: distinct for colour-blind readers and in greyscale)
    ("support", "Support", "#009e73"),
    ("oppose", "Oppose", "#d55e00"),
    ("neutral", "Neutral", "#56b4e9"),
    ("none", "No stance", "#bbbbbb"),
)
KIND_ORDER = ("comment", "alternative")
KIND_PLURAL = {"comment": "comments", "alternative": "alternatives"}

# Long lists are cut for a report staff read in ten minutes; the full data is in the other files.
MAX_ELEMENTS = 20
MAX_TOP_ENDORSED = 10
MAX_CAMPAIGNS = 20
MAX_HOT_SPOTS = 20
EXCERPT_CHARS = 160
QUOTE_CHARS = 600

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})")
# C0 controls other than tab and newline are not allowed in HTML text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def render_report(summary: Mapping, alternatives: Mapping) -> str:
    """The complete report.html document for a consultation's summary and alternatives."""
    summary = summary if isinstance(summary, Mapping) else {}
    alternatives = alternatives if isinstance(alternatives, Mapping) else {}
    context = _Context.of(summary)
    consultation = _mapping(summary.get("consultation"))
    title = context.text(consultation.get("title")) or "Consultation"
    body = [
        _header(title, consultation),
        _contents(),
        "<main>",
        _headline_section(summary),
        _per_day_section(summary),
        _stance_section(summary, context),
        _sections_section(summary, alternatives, context),
        _routes_section(alternatives, context),
        _elements_section(summary, context),
        _top_endorsed_section(summary, context),
        _campaigns_section(summary),
        _coverage_section(summary, context),
        _pins_section(summary, context),
        "</main>",
        _footer(summary),
    ]
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_e(context.language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # An empty inline icon: otherwise browsers fetch /favicon.ico from wherever the file is.
        '<link rel="icon" href="data:,">\n'
        f"<title>{_e(title)} — consultation report</title>\n"
        f"<style>{_stylesheet()}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


# --- reading the documents --------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    """What every section needs: the report's language and how to name an option."""

    language: str
    option_titles: Mapping[str, str]
    option_rank: Mapping[str, int]

    @classmethod
    def of(cls, summary: Mapping) -> _Context:
        consultation = _mapping(summary.get("consultation"))
        languages = [
            tag
            for tag in _list(consultation.get("languages"))
            if isinstance(tag, str) and _LANGUAGE_TAG.fullmatch(tag)
        ]
        language = languages[0] if languages else "en"
        titles: dict[str, str] = {}
        rank: dict[str, int] = {}
        for option in _mappings(summary.get("options")):
            option_id = str(option.get("id") or "")
            if option_id and option_id not in rank:
                rank[option_id] = len(rank)
                titles[option_id] = _pick_language(option.get("title"), language) or option_id
        return cls(language, titles, rank)

    def text(self, value: object) -> str:
        return _pick_language(value, self.language)

    def option_title(self, option_id: object) -> str:
        key = str(option_id or "")
        return self.option_titles.get(key) or key or "(no option)"

    def option_sort_key(self, option_id: object) -> tuple[int, str]:
        key = str(option_id or "")
        return (self.option_rank.get(key, len(self.option_rank)), key)


def _pick_language(value: object, language: str) -> str:
    """A text in the report's language, else English, else the first language by tag."""
    if isinstance(value, str):
        return value
    if not isinstance(value, Mapping):
        return ""
    for tag in (language, "en", *sorted(str(key) for key in value)):
        text = value.get(tag)
        if isinstance(text, str) and text:
            return text
    return ""


def _mapping(value: object) -> Mapping:
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _mappings(value: object) -> list[Mapping]:
    return [item for item in _list(value) if isinstance(item, Mapping)]


def _int(value: object) -> int:
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return int(value)
    return 0


def _float(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if value == value and abs(value) != float("inf") else None


# --- formatting -------------------------------------------------------------------------------


def _e(value: object) -> str:
    """Text made safe for HTML text and attribute values alike."""
    text = _CONTROL.sub("", str(value))
    # A lone surrogate (valid in a JSON string, not in UTF-8) would stop the file being written.
    text = text.encode("utf-8", "replace").decode("utf-8")
    return escape(text, quote=True)


def _count(value: object) -> str:
    return f"{_int(value):,}"


def _date(value: object) -> str:
    """'2026-11-20T09:00:00Z' -> '2026-11-20'; anything else -> ''."""
    if isinstance(value, str) and _DATE.match(value):
        return value[:10]
    return ""


def _date_time(value: object) -> str:
    """'2026-11-20T09:05:00Z' -> '2026-11-20 09:05 UTC'; a bare date stays a date."""
    if isinstance(value, str):
        match = _DATE_TIME.match(value)
        if match:
            return f"{match.group(1)} {match.group(2)} UTC"
    return _date(value)


def _excerpt(text: object, limit: int) -> str:
    """The text cut at a word boundary near `limit` characters, with an ellipsis if cut."""
    content = str(text or "").strip()
    if len(content) <= limit:
        return content
    cut = content[:limit]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + "…"


def _percent(share: object) -> str:
    value = _float(share)
    return "" if value is None else f"{round(value * 100):d}%"


def _optional_metres(value: object) -> str:
    number = _float(value)
    return "—" if number is None else metres(number)


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count:,} {singular if count == 1 else plural or singular + 's'}"


def _stance_key(value: object) -> str:
    """A stance key from STANCES; null and anything unexpected count as no stance."""
    return str(value) if value in ("support", "oppose", "neutral") else "none"


def _stance_label(value: object) -> str:
    key = _stance_key(value)
    return next(label for stance, label, _ in STANCES if stance == key)


def _kind_plural(kind: object) -> str:
    return KIND_PLURAL.get(str(kind), f"{kind}")


# --- building blocks --------------------------------------------------------------------------


def _section(ident: str, heading: str, content: Iterable[str], *, major: bool = False) -> str:
    css_class = ' class="major"' if major else ""
    return (
        f'<section id="{ident}" aria-labelledby="{ident}-heading"{css_class}>\n'
        f'<h2 id="{ident}-heading">{_e(heading)}</h2>\n' + "\n".join(content) + "\n</section>"
    )


def _table(
    caption: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    numeric: Sequence[int] = (),
    css_class: str = "",
) -> str:
    """A table whose first column names each row; cells are given already escaped.

    `numeric` lists the column indexes to right-align.
    """
    class_attribute = f' class="{css_class}"' if css_class else ""
    head = "".join(
        f'<th scope="col"{_align(index, numeric)}>{_e(text)}</th>'
        for index, text in enumerate(headers)
    )
    lines = [f"<table{class_attribute}>", f"<caption>{_e(caption)}</caption>"]
    lines.append(f"<thead><tr>{head}</tr></thead>")
    lines.append("<tbody>")
    for row in rows:
        cells = [f'<th scope="row"{_align(0, numeric)}>{row[0]}</th>']
        cells += [
            f"<td{_align(index, numeric)}>{cell}</td>" for index, cell in enumerate(row) if index
        ]
        lines.append(f"<tr>{''.join(cells)}</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _align(index: int, numeric: Sequence[int]) -> str:
    return ' class="num"' if index in numeric else ""


def _figure(chart: str, description: str) -> str:
    """The chart with its description as a visible caption, less the pointer to the table."""
    caption = description.removesuffix(" The table that follows gives every day.")
    caption = caption.removesuffix(" The table that follows gives the counts.")
    return f"<figure>{chart}<figcaption>{_e(caption)}</figcaption></figure>"


def _none(sentence: str) -> str:
    return f'<p class="empty">{_e(sentence)}</p>'


# --- the sections, in reading order -----------------------------------------------------------


def _header(title: str, consultation: Mapping) -> str:
    facts = []
    if consultation.get("id"):
        facts.append(f"Consultation <code>{_e(consultation['id'])}</code>")
    opens, closes = _date(consultation.get("opens_at")), _date(consultation.get("closes_at"))
    if opens and closes:
        facts.append(f"open from {opens} to {closes}")
    if consultation.get("status"):
        facts.append(f"status: {_e(consultation['status'])}")
    subtitle = f'<p class="subtitle">{", ".join(facts)}</p>' if facts else ""
    return (
        f'<header>\n<p class="kicker">Consultation report</p>\n<h1>{_e(title)}</h1>\n'
        f"{subtitle}\n</header>"
    )


_CONTENTS = (
    ("headline", "Headline numbers"),
    ("per-day", "Submissions per day"),
    ("stance", "Stance per option"),
    ("sections", "Street sections: proposed and consensus"),
    ("routes", "Re-routed lines"),
    ("elements", "Most discussed elements"),
    ("top-endorsed", "Top endorsed comments"),
    ("campaigns", "Campaigns"),
    ("coverage", "What the responses answer"),
    ("pins", "Pins per option"),
)


def _contents() -> str:
    items = "".join(f'<li><a href="#{ident}">{_e(label)}</a></li>' for ident, label in _CONTENTS)
    return f'<nav aria-label="Contents"><h2 class="nav-title">Contents</h2><ol>{items}</ol></nav>'


def _heading(ident: str) -> str:
    return dict(_CONTENTS)[ident]


def _headline_section(summary: Mapping) -> str:
    totals = _mapping(summary.get("totals"))
    figures = (
        ("Submissions", "submissions"),
        ("Comments", "comments"),
        ("Alternatives", "alternatives"),
        ("Endorsements", "endorsements"),
        ("Endorsements of earlier versions", "endorsements_earlier_versions"),
        ("Pins", "pins"),
        ("Unique comments", "unique_comments"),
    )
    items = "".join(
        f"<div><dt>{_e(label)}</dt><dd>{_count(totals.get(key))}</dd></div>"
        for label, key in figures
        # said only when an edit left endorsements with an earlier version
        if key != "endorsements_earlier_versions" or _int(totals.get(key))
    )
    content = [f'<dl class="figures">{items}</dl>']
    if not _int(totals.get("submissions")):
        content.append(_none("No published submissions yet."))
    moderation = _mapping(summary.get("moderation"))
    if moderation:
        states = ("published", "pending", "hidden", "withdrawn")
        content.append(
            _table(
                "Submissions by moderation status",
                ["Status", "Submissions"],
                [[_e(state.capitalize()), _count(moderation.get(state))] for state in states],
                numeric=(1,),
                css_class="compact",
            )
        )
    return _section("headline", _heading("headline"), content)


def _per_day_section(summary: Mapping) -> str:
    days = [
        (_date(day.get("date")) or str(day.get("date") or ""), _int(day.get("submissions")))
        for day in _mappings(summary.get("per_day"))
    ]
    total = sum(count for _, count in days)
    if not days or not total:
        return _section("per-day", _heading("per-day"), [_none("No submissions yet.")])
    busiest, most = max(days, key=lambda day: day[1])  # the first of equals
    description = (
        f"{_plural(total, 'submission')} over {_plural(len(days), 'day')} from {days[0][0]} "
        f"to {days[-1][0]}; the busiest day was {busiest} with {most:,}. "
        "The table that follows gives every day."
    )
    chart = bar_chart(
        days,
        title="Published submissions per day (UTC)",
        description=description,
        ident="per-day-chart",
    )
    table = _table(
        "Published submissions per day (UTC)",
        ["Date", "Submissions"],
        [[_e(date), f"{count:,}"] for date, count in days],
        numeric=(1,),
        css_class="sr-only",
    )
    return _section(
        "per-day",
        _heading("per-day"),
        [_figure(chart, description), table],
    )


def _stance_rows(summary: Mapping, context: _Context) -> list[tuple[str, str, list[int]]]:
    """(option id, kind, counts in STANCES order) for every option and kind with any count."""
    counts: dict[tuple[str, str], list[int]] = {}
    for row in _mappings(summary.get("per_option")):
        key = (str(row.get("option_id") or ""), str(row.get("kind") or ""))
        index = [stance for stance, _, _ in STANCES].index(_stance_key(row.get("stance")))
        counts.setdefault(key, [0] * len(STANCES))[index] += max(0, _int(row.get("count")))

    def order(key: tuple[str, str]) -> tuple:
        option_id, kind = key
        kind_rank = KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
        return (*context.option_sort_key(option_id), kind_rank, kind)

    return [(*key, counts[key]) for key in sorted(counts, key=order) if sum(counts[key])]


def _stance_section(summary: Mapping, context: _Context) -> str:
    rows = _stance_rows(summary, context)
    if not rows:
        return _section("stance", _heading("stance"), [_none("No comments or alternatives yet.")])
    labels = [
        (f"{context.option_title(option_id)} — {_kind_plural(kind)}", values)
        for option_id, kind, values in rows
    ]
    description = (
        "Stance of comments and alternatives, one bar per option and kind, split into support, "
        "oppose, neutral and no stance. The table that follows gives the counts."
    )
    chart = stacked_bars(
        labels,
        series=[(label, fill) for _, label, fill in STANCES],
        title="Stance per option",
        description=description,
        ident="stance-chart",
    )
    table = _table(
        "Stance per option and kind",
        ["Option", "Kind", *(label for _, label, _ in STANCES), "Total"],
        [
            [_e(context.option_title(option_id)), _e(_kind_plural(kind))]
            + [f"{value:,}" for value in values]
            + [f"{sum(values):,}"]
            for option_id, kind, values in rows
        ],
        numeric=(2, 3, 4, 5, 6),
    )
    return _section(
        "stance",
        _heading("stance"),
        [_figure(chart, description), table],
    )


# --- street sections and consensus ------------------------------------------------------------


def _is_section_plan(plan: object) -> bool:
    return isinstance(plan, Mapping) and isinstance(plan.get("segments"), list)


def _sections_section(summary: Mapping, alternatives: Mapping, context: _Context) -> str:
    by_option = {
        str(entry.get("option_id") or ""): entry for entry in _mappings(alternatives.get("options"))
    }
    options = [
        option
        for option in _mappings(summary.get("options"))
        if option.get("kind") == "section" or _is_section_plan(option.get("plan"))
    ]
    known = {str(option.get("id") or "") for option in options}
    # An option that has alternatives but is missing from the summary still gets its consensus.
    orphans = sorted(
        option_id
        for option_id, entry in by_option.items()
        if option_id not in known and entry.get("kind") == "section"
    )
    options += [{"id": option_id, "kind": "section"} for option_id in orphans]
    if not options:
        return _section(
            "sections",
            _heading("sections"),
            [_none("No option of this consultation is a street section.")],
            major=True,
        )
    content = [
        "<p>Each option's section as proposed, above the consensus of the alternatives residents "
        "drew, at the same scale. Colours group segment types:</p>",
        _family_legend(),
    ]
    for index, option in enumerate(options, start=1):
        option_id = str(option.get("id") or "")
        content.append(_option_sections(index, option, _mapping(by_option.get(option_id)), context))
    return _section("sections", _heading("sections"), content, major=True)


def _family_legend() -> str:
    items = "".join(
        f'<li><span class="swatch fam-{family.key}" aria-hidden="true"></span>'
        f"{_e(family.label)}</li>"
        for family in FAMILIES
    )
    return f'<ul class="legend" aria-label="Segment colours">{items}</ul>'


def _option_sections(index: int, option: Mapping, entry: Mapping, context: _Context) -> str:
    option_id = str(option.get("id") or "")
    title = context.option_title(option_id)
    plan = option.get("plan") if _is_section_plan(option.get("plan")) else None
    consensus = _mapping(entry.get("consensus"))
    consensus_plan = consensus.get("plan") if _is_section_plan(consensus.get("plan")) else None
    count = _int(entry.get("alternatives"))
    ident = f"option-{index}"
    parts = [f'<section class="option" aria-labelledby="{ident}-heading">']
    parts.append(f'<h3 id="{ident}-heading">{_e(title)}</h3>')
    parts.append(f"<p>{_plural(count, 'alternative')} submitted for this option.</p>")
    span = max((section_width(p) for p in (plan, consensus_plan) if p is not None), default=0.0)
    drawings = []
    if plan is not None:
        drawings.append(_drawing(plan, f"{title}: section as proposed", f"{ident}-proposed", span))
    else:
        drawings.append(_none("The option's section is not in the summary."))
    if consensus_plan is not None:
        drawings.append(
            _drawing(
                consensus_plan,
                f"{title}: consensus of {_plural(count, 'alternative')}",
                f"{ident}-consensus",
                span,
            )
        )
    elif count:
        drawings.append(_none("No consensus section could be built from the alternatives."))
    else:
        drawings.append(_none("No alternatives yet, so there is no consensus section."))
    parts.append(f'<div class="drawings">{"".join(drawings)}</div>')
    if plan is not None:
        parts.append(_option_warnings(ident, plan))
    if consensus:
        parts.append(_consensus_notes(ident, consensus))
    parts.append(_element_fates(title, entry, count))
    parts.append(_added_types(title, entry, count))
    parts.append("</section>")
    return "\n".join(parts)


def _drawing(plan: Mapping, title: str, ident: str, span: float) -> str:
    """A figure with the drawing and, for screen readers, its segments as a list."""
    svg = section_drawing(plan, title=title, ident=ident, span=span)
    items = []
    for segment in _mappings(plan.get("segments")):
        width = _float(segment.get("width"))
        raised = (_float(segment.get("elevation")) or 0) > 0
        items.append(
            f"<li>{_e(segment.get('id') or '')}: {_e(type_label(str(segment.get('type') or '')))}"
            f", {_e(metres(width) if width is not None else 'no width')}"
            f"{', raised' if raised else ''}</li>"
        )
    label = f"{title}: segments, left to right"
    listing = f'<ol class="sr-only" aria-label="{_e(label)}">{"".join(items)}</ol>'
    return f'<figure class="drawing">{svg}{listing}<figcaption>{_e(title)}</figcaption></figure>'


def _option_warnings(ident: str, plan: object) -> str:
    """What Streetmix saves and sayso accepts but staff should see (overflow, unusual widths,
    unknown types), counted, for the option as proposed."""
    from chalicelib.domain.errors import InvalidInput
    from chalicelib.domain.section import parse_section, section_warnings

    try:
        warnings = section_warnings(parse_section(plan))
    except InvalidInput:
        return ""
    if not warnings:
        return ""
    items = "".join(
        f"<li><strong>Warning:</strong> <code>{_e(w.field)}</code> {_e(w.message)}</li>"
        for w in warnings
    )
    return (
        f'<h4 id="{ident}-option-warnings">Warnings on the option as proposed '
        f"({len(warnings)})</h4><ul>{items}</ul>"
    )


def _consensus_notes(ident: str, consensus: Mapping) -> str:
    changes = [str(change) for change in _list(consensus.get("changes"))]
    violations = _mappings(consensus.get("violations"))
    parts = [f'<h4 id="{ident}-changes">What the consensus changes</h4>']
    if changes:
        parts.append("<ul>" + "".join(f"<li>{_e(change)}</li>" for change in changes) + "</ul>")
    else:
        parts.append(_none("The consensus keeps the section as proposed."))
    parts.append(f'<h4 id="{ident}-violations">Rules the consensus breaks</h4>')
    if violations:
        parts.append(
            '<ul class="violations">'
            + "".join(
                f"<li><strong>Violation:</strong> <code>{_e(item.get('field') or '')}</code> "
                f"{_e(item.get('message') or '')}</li>"
                for item in violations
            )
            + "</ul>"
        )
    else:
        parts.append(_none("None: the consensus section passes every rule a plan must meet."))
    warnings = _mappings(consensus.get("warnings"))
    if warnings:
        parts.append(f'<h4 id="{ident}-warnings">Warnings ({len(warnings)})</h4>')
        parts.append(
            "<ul>"
            + "".join(
                f"<li><strong>Warning:</strong> <code>{_e(item.get('field') or '')}</code> "
                f"{_e(item.get('message') or '')}</li>"
                for item in warnings
            )
            + "</ul>"
        )
    return "\n".join(parts)


def _element_fates(title: str, entry: Mapping, count: int) -> str:
    elements = _mappings(entry.get("elements"))
    if not elements or not count:
        return ""
    rows = [
        [
            f"<code>{_e(element.get('id') or '')}</code>",
            _e(type_label(str(element.get("type") or ""))),
            _optional_metres(element.get("width")),
            _count(element.get("kept")),
            _count(element.get("removed")),
            _count(element.get("resized")),
            _optional_metres(element.get("median_new_width")),
            _count(element.get("moved")),
            _count(element.get("retyped")),
        ]
        for element in elements
    ]
    return _table(
        f"{title}: what {_plural(count, 'alternative')} did with each segment",
        [
            "Segment",
            "Type",
            "Width",
            "Kept",
            "Removed",
            "Resized",
            "Median new width",
            "Moved",
            "Retyped",
        ],
        rows,
        numeric=(2, 3, 4, 5, 6, 7, 8),
    )


def _added_types(title: str, entry: Mapping, count: int) -> str:
    added = _mappings(entry.get("added"))
    if not count:
        return ""
    if not added:
        return _none("No alternative added a segment type the option does not have.")
    rows = [
        [
            _e(type_label(str(item.get("type") or ""))),
            _count(item.get("count")),
            _percent(item.get("share")),
            _optional_metres(item.get("median_width")),
            _optional_metres(item.get("median_position")),
        ]
        for item in added
    ]
    return _table(
        f"{title}: segment types the alternatives added",
        ["Type", "Alternatives", "Share", "Median width", "Median position from left"],
        rows,
        numeric=(1, 2, 3, 4),
    )


# --- maps: re-routed lines ---------------------------------------------------------------------


def _routes_section(alternatives: Mapping, context: _Context) -> str:
    """Every line of a map option that alternatives re-routed (alternatives.json `rerouted`,
    `median_length_change_m`, `stretches`), options in the summary's order."""
    entries = sorted(
        (entry for entry in _mappings(alternatives.get("options")) if entry.get("kind") == "map"),
        key=lambda entry: context.option_sort_key(entry.get("option_id")),
    )
    rows = []
    for entry in entries:
        title = context.option_title(entry.get("option_id"))
        for element in _mappings(entry.get("elements")):
            rerouted = _int(element.get("rerouted"))
            if rerouted <= 0:
                continue
            name = element.get("name") or element.get("id") or ""
            stretches = "; ".join(
                f"{_e(_stretch_words(item.get('start'), item.get('end')))} "
                f"({_plural(_int(item.get('count')), 'alternative')})"
                for item in _mappings(element.get("stretches"))
            )
            rows.append(
                [
                    f'{_e(name)}<br><span class="meta">{_e(title)}</span>',
                    _count(rerouted),
                    _signed_metres(element.get("median_length_change_m")),
                    stretches or "—",
                ]
            )
    if not rows:
        sentence = (
            "No alternative re-routed a line."
            if entries
            else "No option of this consultation is a map with alternatives."
        )
        return _section("routes", _heading("routes"), [_none(sentence)])
    table = _table(
        "Lines residents re-routed: how many alternatives, the median length change, and the "
        "stretches changed most (named by the option's stops nearest their ends)",
        ["Line", "Alternatives", "Median length change", "Stretches changed"],
        rows,
        numeric=(1, 2),
    )
    return _section("routes", _heading("routes"), [table])


def _stretch_words(start: object, end: object) -> str:
    if not isinstance(start, str) or not isinstance(end, str):
        return "anywhere on the line (the map names no stops)"
    return f"near {start}" if start == end else f"between {start} and {end}"


def _signed_metres(value: object) -> str:
    number = _float(value)
    if number is None:
        return "—"
    whole = round(number)
    return "0 m" if whole == 0 else f"{'+' if whole > 0 else '−'}{abs(whole):,} m"


# --- discussion -------------------------------------------------------------------------------


def _stance_split(stance: Mapping) -> str:
    return ", ".join(f"{_int(stance.get(key)):,} {label.lower()}" for key, label, _ in STANCES)


def _elements_section(summary: Mapping, context: _Context) -> str:
    elements = sorted(
        _mappings(summary.get("elements")),
        key=lambda item: (
            -_int(item.get("comments")),
            context.option_sort_key(item.get("option_id")),
            str(item.get("element_id") or ""),
        ),
    )
    if not elements:
        return _section(
            "elements",
            _heading("elements"),
            [_none("No comment is about a plan element yet.")],
            major=True,
        )
    rows = []
    for item in elements[:MAX_ELEMENTS]:
        top = _mappings(item.get("top_endorsed"))
        excerpt = (
            f"<q>{_e(_excerpt(top[0].get('text'), EXCERPT_CHARS))}</q> "
            f'<span class="meta">({_plural(_int(top[0].get("endorsements")), "endorsement")})'
            "</span>"
            if top
            else "—"
        )
        label = str(item.get("label") or "")
        element = f"<code>{_e(item.get('element_id') or '')}</code>"
        if label:
            element += f'<br><span class="meta">{_e(type_label(label))}</span>'
        rows.append(
            [
                element,
                _e(context.option_title(item.get("option_id"))),
                _count(item.get("comments")),
                _e(_stance_split(_mapping(item.get("stance")))),
                excerpt,
            ]
        )
    content = [
        _table(
            "Plan elements with the most comments",
            ["Element", "Option", "Comments", "Stance split", "Top endorsed comment"],
            rows,
            numeric=(2,),
            css_class="elements",
        )
    ]
    if len(elements) > MAX_ELEMENTS:
        content.append(
            f"<p>Showing {MAX_ELEMENTS} of {len(elements):,} elements; summary.json lists all.</p>"
        )
    return _section("elements", _heading("elements"), content, major=True)


def _top_endorsed_section(summary: Mapping, context: _Context) -> str:
    comments = sorted(
        _mappings(summary.get("top_endorsed")),
        key=lambda item: (-_int(item.get("endorsements")), str(item.get("id") or "")),
    )[:MAX_TOP_ENDORSED]
    if not comments:
        return _section(
            "top-endorsed",
            _heading("top-endorsed"),
            [_none("No comment has been endorsed yet.")],
            major=True,
        )
    items = []
    for item in comments:
        facts = [
            _plural(_int(item.get("endorsements")), "endorsement"),
            _stance_label(item.get("stance")),
            _e(context.option_title(item.get("option_id"))),
        ]
        if item.get("element_id"):
            facts.append(f"on <code>{_e(item['element_id'])}</code>")
        if item.get("kind") and item.get("kind") != "comment":
            facts.append(_e(item["kind"]))
        if _date(item.get("created_at")):
            facts.append(_date(item.get("created_at")))
        items.append(
            f"<li><blockquote>{_e(_excerpt(item.get('text'), QUOTE_CHARS))}</blockquote>"
            f'<p class="meta">{" · ".join(facts)}</p></li>'
        )
    return _section(
        "top-endorsed",
        _heading("top-endorsed"),
        [f'<ol class="quotes">{"".join(items)}</ol>'],
        major=True,
    )


def _share(part: int, whole: int) -> str:
    return f"{part:,} of {whole:,}" + (f" ({part / whole:.0%})" if whole else "")


def _coverage_section(summary: Mapping, context: _Context) -> str:
    """Submissions, elements and campaigns the agency's responses answer, and what is left."""
    coverage = summary.get("coverage")
    if not isinstance(coverage, Mapping):
        content = [_none("Responses are written once the consultation has closed.")]
        return _section("coverage", _heading("coverage"), content, major=True)
    submissions = _mapping(coverage.get("submissions"))
    elements = _mapping(coverage.get("elements"))
    campaigns = _mapping(coverage.get("campaigns"))
    content = [
        f'<p class="lead">{_plural(_int(coverage.get("responses")), "response")} answer '
        f"{_share(_int(submissions.get('answered')), _int(submissions.get('published')))} "
        "published submissions.</p>",
        _table(
            "Answered by a response",
            ["What", "Answered", "Of"],
            [
                [
                    "Submissions",
                    _count(submissions.get("answered")),
                    _count(submissions.get("published")),
                ],
                [
                    "Plan elements discussed",
                    _count(elements.get("answered")),
                    _count(elements.get("discussed")),
                ],
                [
                    "Campaigns",
                    _count(campaigns.get("answered")),
                    _count(campaigns.get("reported")),
                ],
            ],
            numeric=(1, 2),
        ),
    ]
    rows = [
        [
            _e(context.option_title(row.get("option_id"))),
            f"<code>{_e(row.get('element_id'))}</code>",
            _count(row.get("submissions")),
            _count(row.get("endorsements")),
        ]
        for row in _mappings(coverage.get("unanswered_elements"))
    ]
    if rows:
        content.append(
            _table(
                "Elements with unanswered submissions, most first",
                ["Option", "Element", "Unanswered", "Endorsements"],
                rows,
                numeric=(2, 3),
            )
        )
    items = []
    for item in _mappings(coverage.get("most_endorsed_unanswered")):
        facts = [
            _plural(_int(item.get("endorsements")), "endorsement"),
            _e(context.option_title(item.get("option_id"))),
        ]
        if item.get("element_id"):
            facts.append(f"on <code>{_e(item['element_id'])}</code>")
        facts.append(f"id <code>{_e(item.get('id'))}</code>")
        items.append(
            f"<li><blockquote>{_e(_excerpt(item.get('text'), QUOTE_CHARS))}</blockquote>"
            f'<p class="meta">{" · ".join(facts)}</p></li>'
        )
    if items:
        content.append("<h3>Most endorsed, not yet answered</h3>")
        content.append(f'<ol class="quotes">{"".join(items)}</ol>')
    else:
        content.append(_none("Every published submission has an answer."))
    return _section("coverage", _heading("coverage"), content, major=True)


def _campaigns_section(summary: Mapping) -> str:
    campaigns = _mapping(summary.get("campaigns"))
    totals = _mapping(summary.get("totals"))
    comments = _int(campaigns.get("comments", totals.get("comments")))
    unique = _int(campaigns.get("unique_comments", totals.get("unique_comments")))
    content = [f'<p class="lead">{unique:,} of {comments:,} comments are unique.</p>']
    method = campaigns.get("method")
    threshold = _float(campaigns.get("threshold"))
    minimum = _int(campaigns.get("min_size"))
    if method or threshold is not None or minimum:
        how = [f"Method: {_e(method)}." if method else ""]
        if threshold is not None:
            how.append(f"Texts count as near duplicates from a similarity of {threshold:g}.")
        if minimum:
            how.append(f"Groups of {minimum:,} or more comments are reported.")
        content.append(f'<p class="meta">{" ".join(part for part in how if part)}</p>')
    clusters = sorted(
        _mappings(campaigns.get("clusters")),
        key=lambda item: (
            -_int(item.get("size")),
            str(item.get("first_at") or ""),
            str(item.get("representative_id") or ""),
        ),
    )
    if not clusters:
        content.append(_none("No campaigns found: no group of near-identical comments."))
        return _section("campaigns", _heading("campaigns"), content, major=True)
    items = []
    for item in clusters[:MAX_CAMPAIGNS]:
        kind = "identical texts" if item.get("exact") else "near-identical texts"
        first, last = _date_time(item.get("first_at")), _date_time(item.get("last_at"))
        period = f"from {first} to {last}" if first and last else ""
        items.append(
            f'<li><p class="meta"><strong>{_plural(_int(item.get("size")), "comment")}</strong>'
            f", {kind}{', ' + period if period else ''}</p>"
            f"<blockquote>{_e(_excerpt(item.get('representative_text'), QUOTE_CHARS))}"
            "</blockquote></li>"
        )
    content.append(f'<ol class="quotes">{"".join(items)}</ol>')
    if len(clusters) > MAX_CAMPAIGNS:
        content.append(
            f"<p>Showing the {MAX_CAMPAIGNS} largest of {len(clusters):,} campaigns; "
            "summary.json lists all.</p>"
        )
    return _section("campaigns", _heading("campaigns"), content, major=True)


def _pins_section(summary: Mapping, context: _Context) -> str:
    pins = _mapping(summary.get("pins"))
    per_option = sorted(
        _mappings(pins.get("per_option")),
        key=lambda item: context.option_sort_key(item.get("option_id")),
    )
    per_option = [item for item in per_option if _int(item.get("count"))]
    if not per_option:
        return _section("pins", _heading("pins"), [_none("No pins dropped yet.")], major=True)
    content = [
        _table(
            "Pins dropped per option",
            ["Option", "Pins"],
            [
                [_e(context.option_title(item.get("option_id"))), _count(item.get("count"))]
                for item in per_option
            ],
            numeric=(1,),
            css_class="compact",
        )
    ]
    spots = sorted(
        _mappings(pins.get("hot_spots")),
        key=lambda item: (
            -_int(item.get("count")),
            context.option_sort_key(item.get("option_id")),
            _float(item.get("south")) or 0.0,
            _float(item.get("west")) or 0.0,
        ),
    )
    if spots:
        content.append(
            _table(
                "Hot spots: the map cells with the most pins (longitude and latitude, WGS 84)",
                ["Option", "Pins", "West", "South", "East", "North"],
                [
                    [_e(context.option_title(item.get("option_id"))), _count(item.get("count"))]
                    + [_coordinate(item.get(edge)) for edge in ("west", "south", "east", "north")]
                    for item in spots[:MAX_HOT_SPOTS]
                ],
                numeric=(1, 2, 3, 4, 5),
            )
        )
    else:
        content.append(_none("No map cell has enough pins to be a hot spot."))
    return _section("pins", _heading("pins"), content, major=True)


def _coordinate(value: object) -> str:
    number = _float(value)
    return "—" if number is None else f"{number:.5f}"


def _footer(summary: Mapping) -> str:
    source = summary.get("generated_from")
    note = (
        f"Generated from {_e(source)} by sayso's nightly consolidation."
        if isinstance(source, str) and source
        else "Generated by sayso's nightly consolidation."
    )
    return (
        f"<footer><p>{note} Only published submissions are counted; residents' texts are shown "
        "as they wrote them and no personal data is included.</p></footer>"
    )


# --- style ------------------------------------------------------------------------------------


def _stylesheet() -> str:
    families = "".join(f".fam-{family.key}{{background:{family.fill}}}" for family in FAMILIES)
    return _CSS + families


_CSS = """
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0 auto;max-width:52rem;padding:1.5rem;background:#fff;color:#1a1a1a;
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
h1{font-size:1.9rem;line-height:1.2;margin:.2rem 0 .4rem}
h2{font-size:1.4rem;margin:2.2rem 0 .8rem;padding-bottom:.2rem;border-bottom:2px solid #1a1a1a}
h3{font-size:1.15rem;margin:1.6rem 0 .5rem}
h4{font-size:1rem;margin:1.2rem 0 .4rem}
.kicker{margin:0;text-transform:uppercase;letter-spacing:.06em;font-size:.8rem;color:#595959}
.subtitle,.meta,.empty{color:#595959}
.empty{font-style:italic}
nav{border:1px solid #d0d0d0;padding:.4rem 1rem;margin:1rem 0}
nav .nav-title{font-size:1rem;border:0;margin:.4rem 0;padding:0}
nav ol{margin:.2rem 0 .5rem;columns:2}
a{color:#0b5394}
code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.88em;
overflow-wrap:anywhere}
.figures{display:grid;grid-template-columns:repeat(3,1fr);gap:.6rem;margin:0 0 1rem}
.figures div{border:1px solid #d0d0d0;border-radius:4px;padding:.5rem .8rem}
.figures dt{font-size:.85rem;color:#595959}
.figures dd{margin:0;font-size:1.6rem;font-weight:700;font-variant-numeric:tabular-nums}
figure{margin:1rem 0}
figcaption{font-size:.9rem;color:#595959;margin-top:.3rem}
svg.chart{display:block;width:100%;height:auto;overflow:visible}
.drawings{display:grid;grid-template-columns:1fr;gap:.8rem}
.legend{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;
font-size:.9rem}
.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.35em;vertical-align:-.1em;
border:1px solid #333}
table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.9rem}
table.compact{width:auto;min-width:18rem}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border-bottom:1px solid #d0d0d0;padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid #1a1a1a}
tbody th{font-weight:normal}
.num{text-align:right;font-variant-numeric:tabular-nums}
td.num{white-space:nowrap}
table.elements td:last-child{min-width:14rem}
blockquote{margin:.2rem 0 .4rem;padding:.1rem 0 .1rem .9rem;border-left:3px solid #d0d0d0;
white-space:pre-line;overflow-wrap:anywhere}
.quotes li{margin-bottom:1rem}
.quotes .meta{margin:.1rem 0}
.lead{font-size:1.15rem;font-weight:600}
.violations li{color:#8a1c00}
footer{margin-top:3rem;padding-top:.6rem;border-top:1px solid #d0d0d0;font-size:.85rem;
color:#595959}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;
clip:rect(0,0,0,0);white-space:nowrap;border:0}
@media print{
@page{size:A4;margin:16mm 14mm}
body{max-width:none;padding:0;font-size:10.5pt}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
nav{display:none}
section.major{break-before:page}
h2,h3,h4{break-after:avoid}
figure,tr,blockquote,.quotes li,.figures{break-inside:avoid}
a{color:inherit;text-decoration:none}
}
"""
