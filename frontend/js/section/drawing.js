// The street section drawn as residents picture it: each segment from Streetmix's illustrations
// (@streetmix/illustrations, CC BY-SA 4.0) for its type and variant, on its ground, at its
// elevation (kerbs), with buildings at the edges when the plan has them, to scale (1 SVG unit =
// 1 cm, as the illustrations are drawn) and fitted to its box. Which sprites draw what comes from
// the segment catalogue (chalicelib/domain/catalogue.py → generated/catalogue.json
// "illustrations"); a type without a drawing is a labelled generic part. The drawing is
// decorative for assistive tech (aria-hidden): the segment list is the accessible model, and
// the caption says the same in words.
import { html, svg } from "../../vendor/lit-html/lit-html.js";
import { formatMetres, t } from "../i18n.js";

export const CM = 100; // SVG units per metre
const GROUND_DEPTH = 70; // cm of ground drawn under road level
const LABEL_BAND = 90; // cm under the ground for the widths
const KERB_COLOUR = "#a9a49b";
const SKY = "#e8f1f8";
const FRONTEND = new URL("../../", import.meta.url);

/** The value of the first rule whose variant parts all appear in `variant` ("*" matches any). */
export function pick(rules, variant) {
  const parts = new Set((variant || "").split("|"));
  for (const [key, value] of rules || []) {
    if (key === "*" || key.split("|").every((part) => parts.has(part))) return value;
  }
  return null;
}

/** {ground: colour|null, sprites: [{name, url, w, h}]} for a segment; none for unknown types. */
export function illustrationOf(catalogue, segment) {
  const art = catalogue.illustrations;
  const drawing = art?.drawings?.[segment.type];
  if (!drawing) return { ground: null, sprites: [] };
  const ground = art.grounds[pick(drawing.ground, segment.variantString)] || null;
  const names = pick(drawing.sprites, segment.variantString) || [];
  return { ground, sprites: names.map((name) => sprite(catalogue, name)).filter(Boolean) };
}

export function sprite(catalogue, name) {
  const entry = catalogue.illustrations?.sprites?.[name];
  return entry ? { name, url: new URL(entry.url, FRONTEND).href, w: entry.w, h: entry.h } : null;
}

function occupied(plan) {
  return Math.round(plan.segments.reduce((sum, s) => sum + s.width, 0) * 1000) / 1000;
}

/** metres from the street's left edge under a pointer event */
export function metresAt(svgElement, event) {
  const matrix = svgElement.getScreenCTM();
  if (!matrix) return 0;
  const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
  return point.x / CM;
}

/** The mark of an answered segment: a white check in a dark circle (a shape, not a colour). */
function answeredMark(cx, cy, r) {
  return svg`<g class="answered-mark">
    <circle cx=${cx} cy=${cy} r=${r} fill="#14532d" stroke="#ffffff" stroke-width=${r / 6}></circle>
    <path d=${`M ${cx - r * 0.5} ${cy} l ${r * 0.35} ${r * 0.38} l ${r * 0.68} ${-r * 0.76}`} fill="none" stroke="#ffffff" stroke-width=${r / 4} stroke-linecap="round" stroke-linejoin="round"></path>
  </g>`;
}

/**
 * props: plan, catalogue, selectedId, mode ("view"|"edit"), point (metres or null),
 * onPointerDown, marks (a Set of changed ids), label (the caption), span (metres: lets two
 * drawings share one scale), answered (a Map of the ids the agency's responses link to: a check
 * mark in a circle over each; the segment list says it in words).
 */
export function sectionDrawing(props) {
  const { plan, catalogue, selectedId, mode, point, onPointerDown, marks = null, label = null, span = 0, answered = null } = props;
  const used = occupied(plan);
  const street = Math.max(plan.width, used, span) * CM;
  const left = Math.round((plan.width - used) * 1000) / 1000;
  const buildings = catalogue.illustrations?.buildings || {};
  const leftBuilding = plan.leftBuildingHeight > 0 ? sprite(catalogue, buildings.left) : null;
  const rightBuilding = plan.rightBuildingHeight > 0 ? sprite(catalogue, buildings.right) : null;
  const margin = leftBuilding || rightBuilding ? 220 : 40;
  const font = Math.max(28, street / 45);

  let x = 0;
  const laid = plan.segments.map((segment) => {
    const at = { segment, x, w: segment.width * CM, lift: Math.max(-30, Math.min(100, (segment.elevation || 0) * CM)), ...illustrationOf(catalogue, segment) };
    x += at.w;
    return at;
  });
  const tallest = Math.max(
    300,
    ...laid.map((p) => p.lift + Math.max(0, ...p.sprites.map((s) => s.h))),
    ...[leftBuilding, rightBuilding].filter(Boolean).map((b) => b.h),
  );
  const top = -tallest - 20;
  const bottom = GROUND_DEPTH + LABEL_BAND;
  const viewBox = `${-margin} ${top} ${street + 2 * margin} ${bottom - top}`;

  const grounds = laid.map(
    (p) => svg`<rect class="ground" data-id=${p.segment.id} x=${p.x} y=${-p.lift} width=${p.w} height=${GROUND_DEPTH + p.lift}
      fill=${p.ground || "#b9b9b9"}></rect>
      ${p.lift > 0 ? svg`<rect class="kerb" x=${p.x} y=${-p.lift} width=${p.w} height=${Math.min(p.lift, 15)} fill=${KERB_COLOUR}></rect>` : ""}`,
  );
  const parts = laid.map((p) => {
    const { segment } = p;
    const selected = segment.id === selectedId;
    const count = p.sprites.length;
    const pictures = count
      ? p.sprites.map((s, i) => {
          const centre = p.x + (p.w * (i + 1)) / (count + 1);
          return svg`<image class="sprite" data-sprite=${s.name} href=${s.url} x=${centre - s.w / 2} y=${-p.lift - s.h} width=${s.w} height=${s.h}></image>`;
        })
      : p.ground
        ? ""
        : svg`<g class="generic" data-type=${segment.type}>
            <rect x=${p.x + 8} y=${-p.lift - 220} width=${Math.max(0, p.w - 16)} height="220" fill="#ffffff" stroke="#555555" stroke-width="6" stroke-dasharray="18 10"></rect>
            <text x=${p.x + p.w / 2} y=${-p.lift - 110} font-size=${Math.min(font, p.w / 4)} text-anchor="middle" fill="#1a1a1a">${segment.type.slice(0, 24)}</text>
          </g>`;
    return svg`<g class=${`seg${selected ? " selected" : ""}`} data-id=${segment.id}>
      <rect class="hit" x=${p.x} y=${top} width=${p.w} height=${GROUND_DEPTH - top} fill="transparent"></rect>
      ${pictures}
      ${marks?.has(segment.id) ? svg`<rect class="changed-mark" x=${p.x} y=${top} width=${p.w} height="24" fill="#111111"></rect>` : ""}
      ${answered?.has(segment.id) ? answeredMark(p.x + p.w / 2, top + 70, Math.min(50, p.w / 3)) : ""}
      ${selected ? svg`<rect class="sel-outline" x=${p.x + 6} y=${top + 6} width=${Math.max(0, p.w - 12)} height=${GROUND_DEPTH - top - 12} fill="none" stroke="#111111" stroke-width="12"></rect>` : ""}
      ${p.w >= font * 2.6 ? svg`<text class="seg-width" x=${p.x + p.w / 2} y=${GROUND_DEPTH + font * 1.1} font-size=${font} text-anchor="middle">${formatMetres(segment.width)}</text>` : ""}
      ${selected && mode === "edit"
        ? svg`<g class="handle" data-handle=${segment.id}>
            <rect x=${p.x + p.w - 45} y=${-p.lift - 150} width="90" height="120" rx="16" fill="#111111"></rect>
            <path d=${`M ${p.x + p.w - 8} ${-p.lift - 90} l -26 -24 v 48 z M ${p.x + p.w + 8} ${-p.lift - 90} l 26 -24 v 48 z`} fill="#ffffff"></path>
          </g>`
        : ""}
    </g>`;
  });
  const building = (b, side) =>
    b
      ? svg`<image class="building" data-sprite=${b.name} href=${b.url} x=${side === "left" ? -b.w : street} y=${-b.h} width=${b.w} height=${b.h}></image>`
      : "";
  const remainingPart =
    left > 0
      ? svg`<g class="remaining"><rect x=${used * CM} y=${-200} width=${left * CM} height=${200 + GROUND_DEPTH} fill="#ffffff" fill-opacity="0.7"
          stroke="#555555" stroke-dasharray="16 10" stroke-width="6"></rect>
          ${left * CM >= font * 2.6 ? svg`<text x=${(used + left / 2) * CM} y=${-100} font-size=${font} text-anchor="middle" fill="#1a1a1a">${t("section.remaining_short", { left: formatMetres(left) })}</text>` : ""}</g>`
      : "";
  const overflowPart =
    left < 0
      ? svg`<g class="overflow"><rect x=${plan.width * CM} y=${top} width=${-left * CM} height=${GROUND_DEPTH - top} fill="#b3261e" fill-opacity="0.25"
          stroke="#b3261e" stroke-width="8"></rect>
          <text x=${plan.width * CM} y=${top + font * 1.2} font-size=${font} text-anchor="end" fill="#b3261e" font-weight="700">${t("section.over_short", { over: formatMetres(-left) })}</text></g>`
      : "";
  const edge = svg`<path class="street-edge" d=${`M 0 ${top} V ${GROUND_DEPTH} M ${plan.width * CM} ${top} V ${GROUND_DEPTH}`} stroke="#767676" stroke-width="4" stroke-dasharray="12 12"></path>`;
  const pin =
    typeof point === "number"
      ? svg`<path class="point" d=${`M ${point * CM} ${top} V ${GROUND_DEPTH}`} stroke="#000000" stroke-width="10" stroke-dasharray="30 15"></path>`
      : "";
  const description =
    label ||
    t("section.drawing", { width: formatMetres(plan.width), count: plan.segments.length, left: formatMetres(Math.max(0, left)) });
  return html`<figure class="section-figure">
    <div class="section-box">
      <svg
        class=${`section-svg mode-${mode}`}
        viewBox=${viewBox}
        preserveAspectRatio="xMidYMax meet"
        aria-hidden="true"
        focusable="false"
        @pointerdown=${onPointerDown}
      >
        <rect x=${-margin} y=${top} width=${street + 2 * margin} height=${-top} fill=${SKY}></rect>
        ${building(leftBuilding, "left")} ${building(rightBuilding, "right")}
        <g class="grounds">${grounds}</g>
        <rect x=${-margin} y=${GROUND_DEPTH} width=${street + 2 * margin} height=${LABEL_BAND} fill="#ffffff"></rect>
        ${edge}
        <g class="segments">${parts}</g>
        ${remainingPart} ${overflowPart} ${pin}
      </svg>
    </div>
    <figcaption>${description}</figcaption>
  </figure>`;
}
