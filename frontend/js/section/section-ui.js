// The street section drawn to scale (SVG) and its segments as a listbox (the keyboard and
// screen-reader path, roving focus), with the editor's controls in edit mode. Pure views: the
// option page owns the state and passes callbacks.
import { html, svg } from "../../vendor/lit-html/lit-html.js";
import { currentLang, formatMetres, pseudoString, t } from "../i18n.js";
import { sprite } from "./drawing.js";
import { direction, remaining, variantPart } from "./model.js";

export { metresAt, sectionDrawing } from "./drawing.js";

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

export function segmentList(props) {
  // answered: segment id → "Answered: Adopted" (view mode, once the outcome is published)
  const { plan, catalogue, selectedId, mode, onKey, onChoose, listId, answered = null } = props;
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
        ${answered?.has(segment.id) ? html`<span class="seg-answered"><span aria-hidden="true">✓</span> ${answered.get(segment.id)}</span>` : ""}
      </li>`,
    )}
  </ul>`;
}

export function editorToolbar(props) {
  const { plan, catalogue, index, onResize, onMove, onRemove, onVariant, onVariantPart } = props;
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
    ${(catalogue.illustrations?.variant_choices?.[segment.type] || []).map(
      (group, g) => html`<div class="field-inline">
        <label for=${`variant-part-${g}`}>${t("editor.variant_label")}</label>
        <select id=${`variant-part-${g}`} @change=${(e) => onVariantPart(group, e.target.value)}>
          ${variantPart(segment, group) === null ? html`<option value="" selected disabled>—</option>` : ""}
          ${group.map((value) => html`<option value=${value} ?selected=${variantPart(segment, group) === value}>${t(`variant.${value}`)}</option>`)}
        </select>
      </div>`,
    )}
  </div>`;
}

/** The live remaining (or over) width under the drawing. */
export function remainingLine(plan) {
  const left = remaining(plan);
  return html`<p class=${`remaining-line${left < 0 ? " over" : ""}`} id="remaining-line">
    ${left >= 0 ? t("editor.left", { left: formatMetres(left) }) : t("editor.over", { over: formatMetres(-left) })}
  </p>`;
}

/** The palette as Streetmix's thumbnails: one button per type (decorative image, named button). */
export function thumbnailPalette(props) {
  const { catalogue, onAdd, open = false, onToggle = () => {} } = props;
  const thumbnails = catalogue.illustrations?.thumbnails || {};
  // Closed until asked for, and its buttons drawn only then (`open`): a phone draws the editor
  // without them, and their pictures load only when it is opened.
  return html`<details class="thumb-palette" ?open=${open} @toggle=${(e) => onToggle(e.currentTarget.open)}>
    <summary>${t("editor.palette_heading")}</summary>
    ${open ? html`<ul class="thumbs">
      ${catalogue.types.map((type) => {
        const picture = sprite(catalogue, thumbnails[type.name]);
        const name = segmentLabel(catalogue, type.name);
        return html`<li><button type="button" class="thumb" data-type=${type.name} aria-label=${t("editor.add_named", { name })} @click=${() => onAdd(type.name)}>
          ${picture ? html`<img src=${picture.url} alt="" width="48" height="64" loading="lazy" />` : ""}
          <span aria-hidden="true">${name}</span>
        </button></li>`;
      })}
    </ul>` : ""}
  </details>`;
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
