// The street section drawn to scale (SVG) and its segments as a listbox (the keyboard and
// screen-reader path, roving focus), with the editor's controls in edit mode. Pure views: the
// option page owns the state and passes callbacks.
import { html, svg } from "../../vendor/lit-html/lit-html.js";
import { currentLang, formatMetres, pseudoString, t } from "../i18n.js";
import { direction, remaining } from "./model.js";

const SCALE = 100; // SVG units per metre
let aspect = 0.26; // height / width of the drawing on screen, measured (text is not stretched)
let observer = null;

function watchSize() {
  if (observer) return;
  observer = new ResizeObserver((entries) => {
    const box = entries[0]?.contentRect;
    if (!box || !box.width) return;
    const next = box.height / box.width;
    if (Math.abs(next - aspect) > 0.005) {
      aspect = next;
      window.dispatchEvent(new CustomEvent("sayso:redraw"));
    }
  });
  requestAnimationFrame(() => {
    const element = document.querySelector(".section-svg");
    if (element) observer.observe(element);
    else observer = null;
  });
}

export function segmentLabel(catalogue, type) {
  const key = `segments.${type}`;
  const translated = t(key);
  if (translated !== key) return translated;
  const label = catalogue.byName.get(type)?.label || type;
  return currentLang() === "x-pseudo" ? pseudoString(label) : label;
}

function colourOf(catalogue, type) {
  return catalogue.byName.get(type)?.colour || "#666666";
}

/** metres from the left edge under a pointer event */
export function metresAt(svgElement, event) {
  const box = svgElement.getBoundingClientRect();
  const width = svgElement.viewBox.baseVal.width;
  return ((event.clientX - box.left) / box.width) * (width / SCALE);
}

export function sectionDrawing(props) {
  const { plan, catalogue, selectedId, mode, point, onPointerDown, marks = null, label = null } = props;
  const total = Math.max(plan.width, plan.segments.reduce((s, x) => s + x.width, 0));
  const viewWidth = total * SCALE;
  const H = viewWidth * aspect;
  const top = H * 0.06;
  const body = H * (mode === "edit" ? 0.66 : 0.88);
  const font = Math.min(H * 0.16, 60);
  watchSize();
  let x = 0;
  const left = remaining(plan);
  const parts = plan.segments.map((segment) => {
    const start = x;
    x += segment.width * SCALE;
    const selected = segment.id === selectedId;
    const w = segment.width * SCALE;
    return svg`<g class=${`seg${selected ? " selected" : ""}`} data-id=${segment.id}>
      <rect x=${start} y=${top} width=${w} height=${body} fill=${colourOf(catalogue, segment.type)}
        stroke="#ffffff" stroke-width=${font / 10}></rect>
      ${w > font * 3.2 ? svg`<text x=${start + w / 2} y=${top + body / 2 + font / 3} class="seg-width" font-size=${font} text-anchor="middle">${formatMetres(segment.width)}</text>` : ""}
      ${marks?.has(segment.id) ? svg`<rect x=${start} y="0" width=${w} height=${top * 0.9} fill="#111111" class="changed-mark"></rect>` : ""}
      ${selected ? svg`<rect x=${start + font / 8} y=${top + font / 8} width=${Math.max(0, w - font / 4)} height=${body - font / 4} fill="none" stroke="#111111" stroke-width=${font / 4} class="sel-outline"></rect>` : ""}
      ${selected && mode === "edit"
        ? svg`<g class="handle" data-handle=${segment.id}>
            <rect x=${start + w - H * 0.13} y=${top + body + H * 0.02} width=${H * 0.26} height=${H * 0.24} rx=${H * 0.04} fill="#111111"></rect>
            <path d=${`M ${start + w - H * 0.02} ${top + body + H * 0.14} l ${-H * 0.07} ${-H * 0.06} v ${H * 0.12} z M ${start + w + H * 0.02} ${top + body + H * 0.14} l ${H * 0.07} ${-H * 0.06} v ${H * 0.12} z`} fill="#ffffff"></path>
          </g>`
        : ""}
    </g>`;
  });
  const leftRect =
    left > 0
      ? svg`<rect x=${x} y=${top} width=${left * SCALE} height=${body} class="remaining" fill="#f2f2f2" stroke="#767676" stroke-dasharray=${`${font / 4} ${font / 6}`} stroke-width=${font / 12}></rect>`
      : "";
  // Streetmix saves streets whose parts overflow them; draw the street's edge and the overflow past it.
  const over = Math.round((total - plan.width) * 1000) / 1000;
  const overflowMark =
    over > 0.01
      ? svg`<g class="overflow"><rect x=${plan.width * SCALE} y="0" width=${over * SCALE} height=${top * 0.9} fill="#b3261e"></rect>
          <path d=${`M ${plan.width * SCALE} 0 v ${H}`} stroke="#b3261e" stroke-width=${font / 6}></path></g>`
      : "";
  const pin =
    typeof point === "number"
      ? svg`<path class="point" d=${`M ${point * SCALE} ${top} v ${body}`} stroke="#000000" stroke-width=${font / 6} stroke-dasharray=${`${font / 3} ${font / 6}`}></path>`
      : "";
  const description = (label || t("section.drawing", {
    width: formatMetres(plan.width),
    count: plan.segments.length,
    left: formatMetres(Math.max(0, left)),
  })) + (over > 0.01 ? ` ${t("section.overflow", { over: formatMetres(over) })}` : "");
  return html`<figure class="section-figure">
    <svg
      class=${`section-svg mode-${mode}`}
      viewBox=${`0 0 ${viewWidth} ${H}`}
      preserveAspectRatio="none"
      role="img"
      aria-label=${description}
      @pointerdown=${onPointerDown}
    >
      ${parts} ${leftRect} ${overflowMark} ${pin}
    </svg>
    <figcaption>${description}</figcaption>
  </figure>`;
}

export function segmentList(props) {
  const { plan, catalogue, selectedId, mode, onKey, onChoose, listId } = props;
  const activeId = selectedId ?? plan.segments[0]?.id;
  return html`<ul
    id=${listId}
    class="segment-list"
    role="listbox"
    aria-label=${mode === "edit" ? t("editor.list_label") : t("section.list_label")}
    aria-describedby=${mode === "edit" ? "editor-keys" : "section-keys"}
    @keydown=${onKey}
  >
    ${plan.segments.map(
      (segment, index) => html`<li
        role="option"
        id=${`seg-${segment.id}`}
        data-id=${segment.id}
        aria-selected=${segment.id === selectedId ? "true" : "false"}
        tabindex=${segment.id === activeId ? "0" : "-1"}
        @click=${() => onChoose(segment.id)}
      >
        <svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" rx="2" fill=${colourOf(catalogue, segment.type)}></rect></svg>
        <span class="seg-name">${index + 1}. ${segmentLabel(catalogue, segment.type)}${direction(segment) ? html` <small>(${t(`direction.${direction(segment)}`)})</small>` : ""}</span>
        <span class="seg-size">${formatMetres(segment.width)}</span>
      </li>`,
    )}
  </ul>`;
}

export function editorToolbar(props) {
  const { plan, catalogue, index, onResize, onMove, onRemove, onVariant } = props;
  const segment = plan.segments[index];
  if (!segment) return html`<p class="note">${t("editor.select_first")}</p>`;
  const kind = catalogue.byName.get(segment.type);
  const name = segmentLabel(catalogue, segment.type);
  return html`<div class="toolbar" role="group" aria-label=${t("editor.tools_for", { name })}>
    <p class="toolbar-title"><strong>${name}</strong> · ${formatMetres(segment.width)}
      ${kind ? html`<small>(${t("editor.bounds", { min: formatMetres(kind.min_width), max: formatMetres(kind.max_width) })})</small>` : ""}</p>
    <div class="actions">
      <button type="button" @click=${() => onResize(-0.1)} ?disabled=${kind && segment.width <= kind.min_width}>${t("editor.narrow")}</button>
      <button type="button" @click=${() => onResize(0.1)} ?disabled=${kind && segment.width >= kind.max_width}>${t("editor.widen")}</button>
      <button type="button" @click=${() => onMove(-1)} ?disabled=${index === 0}>${t("editor.move_left")}</button>
      <button type="button" @click=${() => onMove(1)} ?disabled=${index === plan.segments.length - 1}>${t("editor.move_right")}</button>
      <button type="button" class="danger" @click=${onRemove} ?disabled=${plan.segments.length <= 1}>${t("editor.remove")}</button>
    </div>
    ${kind?.directional
      ? html`<div class="field-inline">
          <label for="variant-select">${t("editor.direction")}</label>
          <select id="variant-select" @change=${(e) => onVariant(e.target.value)}>
            ${["inbound", "outbound"].map((d) => html`<option value=${d} ?selected=${direction(segment) === d}>${t(`direction.${d}`)}</option>`)}
          </select>
        </div>`
      : ""}
  </div>`;
}

export function palette(props) {
  const { catalogue, onAdd } = props;
  const categories = [...new Set(catalogue.types.map((type) => type.category))];
  return html`<form class="palette field-inline" @submit=${(e) => { e.preventDefault(); onAdd(e.target.elements.type.value); }}>
    <label for="palette-type">${t("editor.add_label")}</label>
    <select id="palette-type" name="type">
      ${categories.map((category) => html`<optgroup label=${t(`category.${category}`)}>
        ${catalogue.types.filter((type) => type.category === category).map((type) => html`<option value=${type.name}>${segmentLabel(catalogue, type.name)}</option>`)}
      </optgroup>`)}
    </select>
    <button type="submit">${t("editor.add")}</button>
  </form>`;
}
