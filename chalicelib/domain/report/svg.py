"""Inline SVG for the HTML report: a bar chart, stacked bars and a street section drawn to scale.

Each function returns one `<svg>` element that is an accessible image (role="img", a `<title>` and
a `<desc>` named by aria-labelledby) with every piece of text escaped. The caller passes `ident`,
a document-unique prefix for those ids, and must also give the numbers in a table or a list: a
screen reader reads the title and description, not the shapes. No `xmlns` is written: inline SVG
in HTML does not need one, and the report must not contain a single URL of its own. Coordinates
are rounded to 0.01 so the output is byte-stable.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from chalicelib.domain.catalogue import BUILDINGS, CATALOGUE, illustration

CHART_WIDTH = 720  # viewBox units; the svg scales to its container
TEXT_COLOUR = "#1a1a1a"
MUTED_COLOUR = "#595959"
GRID_COLOUR = "#d0d0d0"
BAR_COLOUR = "#0072b2"


@dataclass(frozen=True)
class Family:
    """A group of segment types drawn in one colour."""

    key: str
    label: str
    fill: str

    @property
    def ink(self) -> str:
        return readable_ink(self.fill)


# Okabe–Ito hues where a hue is needed: they stay distinct for the common colour-vision
# deficiencies and in greyscale print; labels carry the type as well, so colour is never alone.
FAMILIES: tuple[Family, ...] = (
    Family("sidewalk", "Sidewalk and footpath", "#d9d9d9"),
    Family("planting", "Trees and planting", "#009e73"),
    Family("bike", "Bike and scooter", "#56b4e9"),
    Family("transit", "Bus, light rail and transit", "#cc79a7"),
    Family("car", "Car lanes and parking", "#666666"),
    Family("other", "Other", "#f0e442"),
)
_FAMILY = {family.key: family for family in FAMILIES}
_PLANTING_TYPES = frozenset({"sidewalk-tree", "bioswale"})
_FAMILY_OF_CATEGORY = {
    "pedestrian": "sidewalk",
    "cycle": "bike",
    "transit": "transit",
    "vehicle": "car",
    "parking": "car",
}


def family_of(segment_type: str) -> Family:
    """The colour family of a Streetmix segment type; unknown types are 'other'."""
    if segment_type in _PLANTING_TYPES:
        return _FAMILY["planting"]
    kind = CATALOGUE.get(segment_type)
    key = _FAMILY_OF_CATEGORY.get(kind.category, "other") if kind is not None else "other"
    return _FAMILY[key]


def type_label(segment_type: str) -> str:
    """'light-rail' -> 'Light rail'; a type not in the catalogue is shown as it is."""
    kind = CATALOGUE.get(segment_type)
    return kind.label if kind is not None else segment_type


def readable_ink(fill: str) -> str:
    """Black or white, whichever contrasts more with a '#rrggbb' fill (WCAG luminance)."""
    channels = [int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return TEXT_COLOUR if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"


def number(value: float) -> str:
    """A coordinate or measure with at most two decimals and no trailing zeros: 2.5, 3, 0.25."""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def metres(value: float) -> str:
    return f"{number(value)} m"


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _open_svg(ident: str, title: str, description: str, height: float, css_class: str) -> str:
    return (
        f'<svg class="{_e(css_class)}" role="img" viewBox="0 0 {CHART_WIDTH} {number(height)}" '
        f'aria-labelledby="{_e(ident)}-title {_e(ident)}-desc" '
        f'font-family="inherit" font-size="12" fill="{TEXT_COLOUR}">'
        f'<title id="{_e(ident)}-title">{_e(title)}</title>'
        f'<desc id="{_e(ident)}-desc">{_e(description)}</desc>'
    )


def _text(x: float, y: float, content: str, *, anchor: str = "start", extra: str = "") -> str:
    attributes = f'x="{number(x)}" y="{number(y)}"'
    if anchor != "start":
        attributes += f' text-anchor="{anchor}"'
    if extra:
        attributes += f" {extra}"
    return f"<text {attributes}>{_e(content)}</text>"


def nice_step(largest: float, ticks: int = 4) -> float:
    """A 1-2-5 step so that `ticks` steps reach at least `largest`; 1 at the least."""
    raw = largest / ticks
    if raw <= 1:
        return 1
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if raw <= m * power)


# --- bar chart --------------------------------------------------------------------------------


def bar_chart(bars: Sequence[tuple[str, int]], *, title: str, description: str, ident: str) -> str:
    """Vertical bars, one per (label, value), e.g. submissions per day; labels thinned to fit."""
    height, left, right, top, bottom = 240, 48, 12, 18, 34
    plot_width, plot_height = CHART_WIDTH - left - right, height - top - bottom
    largest = max((value for _, value in bars), default=0)
    step = nice_step(largest)
    ceiling = step * max(1, math.ceil(largest / step))
    parts = [_open_svg(ident, title, description, height, "chart bar-chart")]
    grid_value = 0.0
    while grid_value <= ceiling:
        y = top + plot_height - grid_value / ceiling * plot_height
        parts.append(
            f'<line x1="{left}" y1="{number(y)}" x2="{CHART_WIDTH - right}" y2="{number(y)}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
        parts.append(_text(left - 6, y + 4, number(grid_value), anchor="end", extra=_muted(11)))
        grid_value += step
    slot = plot_width / max(1, len(bars))
    label_every = max(1, math.ceil(len(bars) / 7))
    show_values = slot >= 18
    for index, (label, value) in enumerate(bars):
        bar_height = value / ceiling * plot_height
        x = left + index * slot + slot * 0.1
        y = top + plot_height - bar_height
        parts.append(
            f'<rect class="bar" x="{number(x)}" y="{number(y)}" '
            f'width="{number(max(1.0, slot * 0.8))}" height="{number(bar_height)}" '
            f'fill="{BAR_COLOUR}"/>'
        )
        centre = left + (index + 0.5) * slot
        if show_values and value:
            parts.append(_text(centre, y - 4, str(value), anchor="middle", extra='font-size="10"'))
        if index % label_every == 0:
            # Keep a 10-character date label inside the picture at either edge.
            label_x = min(max(centre, 34), CHART_WIDTH - 34)
            parts.append(
                _text(label_x, height - bottom + 16, label, anchor="middle", extra=_muted(11))
            )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_height}" x2="{CHART_WIDTH - right}" '
        f'y2="{top + plot_height}" stroke="{MUTED_COLOUR}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


OVERFLOW_COLOUR = "#b3261e"  # the transit red: over 3:1 against white (WCAG 1.4.11)


def _muted(size: int) -> str:
    return f'font-size="{size}" fill="{MUTED_COLOUR}"'


# --- stacked bars -----------------------------------------------------------------------------


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[int]]],
    *,
    series: Sequence[tuple[str, str]],
    title: str,
    description: str,
    ident: str,
) -> str:
    """Horizontal bars split by series, e.g. stance per option: one (label, counts) per row.

    `series` gives each part's (name, '#rrggbb' fill) in the order the counts come; every bar is
    scaled to the largest total so lengths compare, and each row's label sits above its bar.
    """
    legend_height, row_height, bar_height, left, total_room = 30, 46, 20, 8, 56
    height = legend_height + row_height * max(1, len(rows)) + 6
    plot_width = CHART_WIDTH - left - total_room
    largest = max((sum(counts) for _, counts in rows), default=0) or 1
    parts = [_open_svg(ident, title, description, height, "chart stacked-bars")]
    x = float(left)
    for name, fill in series:
        parts.append(
            f'<rect x="{number(x)}" y="6" width="14" height="14" fill="{_e(fill)}" '
            f'stroke="{MUTED_COLOUR}" stroke-width="0.5"/>'
        )
        parts.append(_text(x + 19, 18, name))
        x += 34 + 7.2 * len(name)
    for index, (label, counts) in enumerate(rows):
        label_y = legend_height + index * row_height + 14
        bar_y = label_y + 6
        parts.append(_text(left, label_y, _clip(label, 90), extra='font-weight="600"'))
        x = float(left)
        for (name, fill), count in zip(series, counts, strict=False):
            if count <= 0:
                continue
            width = count / largest * plot_width
            parts.append(
                f'<rect class="part" x="{number(x)}" y="{number(bar_y)}" width="{number(width)}" '
                f'height="{bar_height}" fill="{_e(fill)}" stroke="#ffffff" stroke-width="0.5">'
                f"<title>{_e(f'{name}: {count}')}</title></rect>"
            )
            if width >= 8 * len(str(count)) + 6:
                parts.append(
                    _text(
                        x + width / 2,
                        bar_y + 14,
                        str(count),
                        anchor="middle",
                        extra=f'font-size="11" fill="{readable_ink(fill)}"',
                    )
                )
            x += width
        parts.append(_text(x + 6, bar_y + 14, str(sum(counts)), extra='font-size="11"'))
    parts.append("</svg>")
    return "".join(parts)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- street section ---------------------------------------------------------------------------

_PAD = 12
_SIDE = 54  # room for the buildings at each edge, when the plan has them
_HEADER = 26  # the "27 m wide" line
_KERB_LIFT = 12  # raised segments (footpaths, platforms) stand this much taller
_SEGMENT_HEIGHT = 120
_GROUND = _HEADER + _KERB_LIFT + _SEGMENT_HEIGHT
SECTION_HEIGHT = _GROUND + 44


@dataclass(frozen=True)
class _Piece:
    id: str
    type: str
    width: float
    elevation: float
    variant: str = ""


# The Streetmix illustrations the catalogue names (chalicelib/domain/catalogue.py), as `make
# frontend` extracted them from the pinned package (scripts/illustrations.py): name -> {w, h (cm),
# style, body}. Only the sprites a drawing uses are inlined, once each, as <symbol>s.
_SPRITES_FILE = Path(__file__).with_name("sprites.json")
_CLIP = re.compile(r'clip-path:url\(#[^)]*\);?|\sclip-path="url\(#[^)]*\)"')
_ID = re.compile(r'\bid="([^"]*)"')


@functools.cache
def _sprites() -> dict[str, dict]:
    if not _SPRITES_FILE.is_file():
        return {}
    return json.loads(_SPRITES_FILE.read_text(encoding="utf-8"))


def _symbol(ident: str, sprite: Mapping, view: tuple[float, float] | None = None) -> str:
    """One sprite as a <symbol>: its ids made document-unique, clip paths dropped (the report
    holds no url() reference at all); `view` (x, width) crops it, as a symbol clips to its
    viewBox."""
    body = _CLIP.sub("", sprite["body"])
    body = _ID.sub(lambda m: f'id="{ident}-{m.group(1)}"', body)
    style = _CLIP.sub("", sprite.get("style", ""))
    x, w = view or (0, sprite["w"])
    return (
        f'<symbol id="{_e(ident)}" viewBox="{number(x)} 0 {number(w)} {number(sprite["h"])}"'
        f' style="{_e(style)}">{body}</symbol>'
    )


def _scene(
    pieces: Sequence[_Piece],
    per_metre: float,
    tops: Sequence[float],
    ident: str,
    *,
    pad: float = _PAD,
    buildings: Sequence[str] = (),
) -> tuple[float, str, str]:
    """(how far the street moves down to make room, <defs> of the sprites used, their <use>s):
    each segment's sprites side by side on its top edge, and the buildings of `buildings`
    ("left", "right") beyond the edges, cropped to _SIDE, all to the drawing's scale."""
    sprites = _sprites()
    scale = per_metre / 100  # the sprites are drawn at 1 unit = 1 cm
    placed: list[tuple[str, float, float, float, float]] = []  # name, x, bottom, w, h
    x = pad
    for piece, top in zip(pieces, tops, strict=True):
        width = piece.width * per_metre
        names = [n for n in illustration(piece.type, piece.variant)[1] if n in sprites]
        for index, name in enumerate(names):
            w, h = sprites[name]["w"] * scale, sprites[name]["h"] * scale
            centre = x + width * (index + 1) / (len(names) + 1)
            placed.append((name, centre - w / 2, top, w, h))
        x += width
    edges = [(side, BUILDINGS[side]) for side in buildings if BUILDINGS[side] in sprites]
    if not placed and not edges:
        return 0.0, "", ""
    tallest = [h - (bottom - _HEADER) for _, _, bottom, _, h in placed]
    tallest += [sprites[name]["h"] * scale - (_GROUND - _HEADER) for _, name in edges]
    shift = math.ceil(max(0.0, *tallest))
    used = sorted({name for name, *_ in placed})
    symbol_ids = {name: f"{ident}-sprite-{n}" for n, name in enumerate(used)}
    symbols = [_symbol(symbol_ids[n], sprites[n]) for n in used]
    uses = "".join(
        f'<use class="sprite" data-sprite="{_e(name)}" href="#{symbol_ids[name]}" '
        f'x="{number(left)}" y="{number(bottom - h)}" width="{number(w)}" height="{number(h)}"/>'
        for name, left, bottom, w, h in placed
    )
    street_end = x
    for side, name in edges:
        # The building cropped to the margin by its own symbol's viewBox.
        w, h = sprites[name]["w"], sprites[name]["h"]
        seen = min(w, _SIDE / scale)
        symbol_id = f"{ident}-building-{side}"
        symbols.append(_symbol(symbol_id, sprites[name], (w - seen if side == "left" else 0, seen)))
        at = pad - seen * scale if side == "left" else street_end
        uses += (
            f'<use class="building" data-sprite="{_e(name)}" href="#{symbol_id}" '
            f'x="{number(at)}" y="{number(_GROUND - h * scale)}" width="{number(seen * scale)}" '
            f'height="{number(h * scale)}"/>'
        )
    defs = "<defs>" + "".join(symbols) + "</defs>"
    return shift, defs, f'<g class="illustrations" aria-hidden="true">{uses}</g>'


def section_width(section: Mapping) -> float:
    """The metres a drawing of this section spans: its width, or its segments' if they are wider."""
    pieces = _pieces(section)
    occupied = sum(piece.width for piece in pieces)
    return max(_float(section.get("width")), occupied)


def section_drawing(
    section: Mapping, *, title: str, ident: str = "section", span: float | None = None
) -> str:
    """A `Section.to_dict()` drawn to scale: one rectangle per segment, left to right.

    Rectangles are coloured by `family_of` the segment type and labelled with the type and width.
    `span` (metres, at least the section's width) lets two sections share one scale, so the
    same street drawn twice lines up. Tolerates missing or malformed fields by leaving them out.
    """
    pieces = _pieces(section)
    street = section_width(section)
    span = max(street, span or 0.0)
    description = _section_description(pieces, street)
    parts = [_open_svg(ident, title, description, SECTION_HEIGHT, "chart section-drawing")]
    if span <= 0:
        parts.append(_text(CHART_WIDTH / 2, _GROUND / 2, "No segments to draw.", anchor="middle"))
        parts.append("</svg>")
        return "".join(parts)
    buildings = [
        side
        for side in ("left", "right")
        if _float(section.get(f"{side}BuildingHeight")) > 0 and BUILDINGS[side] in _sprites()
    ]
    pad = _PAD + (_SIDE if buildings else 0)
    per_metre = (CHART_WIDTH - 2 * pad) / span
    shift, defs, illustrations = _scene(
        pieces,
        per_metre,
        [_top(piece) for piece in pieces],
        f"{ident}-art",
        pad=pad,
        buildings=buildings,
    )
    if shift:
        parts[0] = _open_svg(
            ident, title, description, SECTION_HEIGHT + shift, "chart section-drawing"
        )
    parts.append(defs)
    declared = _float(section.get("width"))
    over = round(street - declared, 3)
    # Streetmix saves streets whose segments overflow them: say so and mark the street's edge.
    overflow = f", segments overflow it by {metres(over)}" if over > 0.01 else ""
    parts.append(
        _text(
            _PAD,
            16,
            f"{metres(declared)} wide, {len(pieces)} segment{'' if len(pieces) == 1 else 's'}"
            f"{overflow}",
            extra=_muted(12),
        )
    )
    parts.append(f'<g transform="translate(0 {number(shift)})">' if shift else "<g>")
    offset = 0.0
    for piece in pieces:
        parts.append(_segment_shape(piece, pad + offset * per_metre, piece.width * per_metre))
        offset += piece.width
    remaining = street - offset
    if remaining * per_metre >= 1:
        parts.append(_unallocated(pad + offset * per_metre, remaining, per_metre))
    parts.append(_axis(street, per_metre, pad))
    if overflow:
        edge = number(pad + declared * per_metre)
        parts.append(
            f'<line class="street-edge" x1="{edge}" y1="20" x2="{edge}" y2="{_GROUND + 4}" '
            f'stroke="{OVERFLOW_COLOUR}" stroke-width="2"/>'
        )
    parts.append(illustrations)
    parts.append("</g></svg>")
    return "".join(parts)


def _pieces(section: Mapping) -> list[_Piece]:
    segments = section.get("segments")
    if not isinstance(segments, list):
        return []
    pieces = []
    for item in segments:
        if not isinstance(item, Mapping):
            continue
        width = _float(item.get("width"))
        if width <= 0:
            continue
        pieces.append(
            _Piece(
                id=str(item.get("id") or ""),
                type=str(item.get("type") or ""),
                width=width,
                elevation=_float(item.get("elevation")),
                variant=str(item.get("variantString") or ""),
            )
        )
    return pieces


def _float(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    return float(value) if math.isfinite(value) else 0.0


def _section_description(pieces: Sequence[_Piece], street: float) -> str:
    if not pieces:
        return "A street section with no segments."
    listed = "; ".join(
        f"{type_label(piece.type)} {metres(piece.width)}{' raised' if piece.elevation > 0 else ''}"
        for piece in pieces
    )
    return f"Street section {metres(street)} wide, drawn to scale. Left to right: {listed}."


def _lift(piece: _Piece) -> float:
    return _KERB_LIFT if piece.elevation > 0 else (-_KERB_LIFT / 2 if piece.elevation < 0 else 0)


def _top(piece: _Piece) -> float:
    return _GROUND - _SEGMENT_HEIGHT - _lift(piece)


def _segment_shape(piece: _Piece, x: float, width: float) -> str:
    family = family_of(piece.type)
    lift = _lift(piece)
    top = _top(piece)
    height = _SEGMENT_HEIGHT + lift
    tooltip = f"{piece.id}: {type_label(piece.type)}, {metres(piece.width)}"
    parts = [
        f'<g><title>{_e(tooltip)}</title><rect class="segment" data-family="{family.key}" '
        f'data-width="{number(piece.width)}" x="{number(x)}" y="{number(top)}" '
        f'width="{number(width)}" height="{number(height)}" fill="{family.fill}" '
        f'stroke="#333333" stroke-width="0.75"/>'
    ]
    if width >= 7:
        size = min(12.0, max(7.0, width * 0.55))
        room = height - 12  # the label runs upwards from the ground
        label = f"{type_label(piece.type)} {metres(piece.width)}"
        fitting = room / (len(label) * 0.58)  # the font size at which the label just fits
        if fitting >= 8:
            size = min(size, fitting)
        else:
            label = metres(piece.width)
        centre = x + width / 2 + size * 0.35
        parts.append(
            f'<text transform="translate({number(centre)} {number(_GROUND - 6)}) rotate(-90)" '
            f'font-size="{number(size)}" fill="{family.ink}">{_e(label)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


def _unallocated(x: float, remaining: float, per_metre: float) -> str:
    width = remaining * per_metre
    top = _GROUND - _SEGMENT_HEIGHT
    shape = (
        f'<rect class="unallocated" x="{number(x)}" y="{number(top)}" width="{number(width)}" '
        f'height="{_SEGMENT_HEIGHT}" fill="none" stroke="{MUTED_COLOUR}" stroke-width="1" '
        f'stroke-dasharray="4 3"/>'
    )
    if width < 12:
        return shape
    centre = x + width / 2 + 4
    return shape + (
        f'<text transform="translate({number(centre)} {number(_GROUND - 6)}) rotate(-90)" '
        f'font-size="10" fill="{MUTED_COLOUR}">{_e(f"unallocated {metres(remaining)}")}</text>'
    )


def _axis(street: float, per_metre: float, pad: float = _PAD) -> str:
    """A scale bar under the street with a tick every 1, 2, 5, 10… metres."""
    y = _GROUND + 8
    end = pad + street * per_metre
    parts = [
        f'<line x1="{number(pad)}" y1="{y}" x2="{number(end)}" y2="{y}" stroke="{MUTED_COLOUR}" '
        f'stroke-width="1"/>'
    ]
    step = nice_step(street, ticks=8) if street > 8 else 1
    tick = 0.0
    while tick <= street + 1e-9:
        x = pad + tick * per_metre
        parts.append(
            f'<line x1="{number(x)}" y1="{y}" x2="{number(x)}" y2="{y + 5}" '
            f'stroke="{MUTED_COLOUR}" stroke-width="1"/>'
        )
        parts.append(_text(x, y + 18, number(tick), anchor="middle", extra=_muted(10)))
        tick += step
    parts.append(_text(end, y + 18 + 12, "metres", anchor="end", extra=_muted(10)))
    return "".join(parts)
